//! The dateline that opens a news story ("HAMBURG, Germany >>",
//! "LONDON, July 8 (Reuters) -", "SAN DIEGO, Calif. —").
//!
//! A dateline is recognised only with strong evidence: a place in capitals
//! followed by a dash-like separator or an agency in parentheses, or a place
//! in normal case whose second part is a known country or region followed by
//! such a separator. "WASHINGTON is ..." or "However, the court —" are left
//! alone.

use dateline_core::Dateline;
use regex::Regex;
use std::sync::LazyLock;

/// US states and Canadian provinces as AP style writes them, and a few
/// postal codes: these make the second part of a dateline a region.
const REGIONS: &[&str] = &[
    "Ala.",
    "Alaska",
    "Ariz.",
    "Ark.",
    "Calif.",
    "Colo.",
    "Conn.",
    "Del.",
    "D.C.",
    "DC",
    "Fla.",
    "Ga.",
    "Hawaii",
    "Idaho",
    "Ill.",
    "Ind.",
    "Iowa",
    "Kan.",
    "Kans.",
    "Ky.",
    "La.",
    "Maine",
    "Md.",
    "Mass.",
    "Mich.",
    "Minn.",
    "Miss.",
    "Mo.",
    "Mont.",
    "Neb.",
    "Nev.",
    "N.H.",
    "N.J.",
    "N.M.",
    "N.Y.",
    "N.C.",
    "N.D.",
    "Ohio",
    "Okla.",
    "Ore.",
    "Pa.",
    "R.I.",
    "S.C.",
    "S.D.",
    "Tenn.",
    "Texas",
    "Utah",
    "Vt.",
    "Va.",
    "Wash.",
    "W.Va.",
    "W. Va.",
    "Wis.",
    "Wyo.",
    "Alabama",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Illinois",
    "Indiana",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "Ont.",
    "Que.",
    "B.C.",
    "Alta.",
    "Man.",
    "Sask.",
    "N.S.",
    "N.B.",
    "Nfld.",
    "P.E.I.",
    "Ontario",
    "Quebec",
    "British Columbia",
    "Alberta",
    "Manitoba",
    "Saskatchewan",
    "Nova Scotia",
    "New Brunswick",
    "Newfoundland",
    "Bavaria",
    "Catalonia",
    "Kashmir",
    "Punjab",
    "Gaza Strip",
    "West Bank",
    "Crimea",
    "Queensland",
    "New South Wales",
    "Victoria",
    "Tasmania",
];

/// Countries (and the UK's nations) a dateline may name.
const COUNTRIES: &[&str] = &[
    "Afghanistan",
    "Albania",
    "Algeria",
    "Angola",
    "Argentina",
    "Armenia",
    "Australia",
    "Austria",
    "Azerbaijan",
    "Bahrain",
    "Bangladesh",
    "Belarus",
    "Belgium",
    "Bolivia",
    "Bosnia",
    "Bosnia-Herzegovina",
    "Brazil",
    "Bulgaria",
    "Burkina Faso",
    "Cambodia",
    "Cameroon",
    "Canada",
    "Chad",
    "Chile",
    "China",
    "Colombia",
    "Congo",
    "Costa Rica",
    "Croatia",
    "Cuba",
    "Cyprus",
    "Czech Republic",
    "Denmark",
    "Ecuador",
    "Egypt",
    "El Salvador",
    "England",
    "Estonia",
    "Ethiopia",
    "Finland",
    "France",
    "Georgia",
    "Germany",
    "Ghana",
    "Greece",
    "Guatemala",
    "Haiti",
    "Honduras",
    "Hong Kong",
    "Hungary",
    "Iceland",
    "India",
    "Indonesia",
    "Iran",
    "Iraq",
    "Ireland",
    "Israel",
    "Italy",
    "Ivory Coast",
    "Jamaica",
    "Japan",
    "Jordan",
    "Kazakhstan",
    "Kenya",
    "Kosovo",
    "Kuwait",
    "Kyrgyzstan",
    "Latvia",
    "Lebanon",
    "Libya",
    "Lithuania",
    "Luxembourg",
    "Macedonia",
    "Madagascar",
    "Malaysia",
    "Mali",
    "Malta",
    "Mexico",
    "Moldova",
    "Mongolia",
    "Montenegro",
    "Morocco",
    "Mozambique",
    "Myanmar",
    "Nepal",
    "Netherlands",
    "New Zealand",
    "Nicaragua",
    "Niger",
    "Nigeria",
    "North Korea",
    "North Macedonia",
    "Northern Ireland",
    "Norway",
    "Oman",
    "Pakistan",
    "Panama",
    "Paraguay",
    "Peru",
    "Philippines",
    "Poland",
    "Portugal",
    "Puerto Rico",
    "Qatar",
    "Romania",
    "Russia",
    "Rwanda",
    "Saudi Arabia",
    "Scotland",
    "Senegal",
    "Serbia",
    "Singapore",
    "Slovakia",
    "Slovenia",
    "Somalia",
    "South Africa",
    "South Korea",
    "South Sudan",
    "Spain",
    "Sri Lanka",
    "Sudan",
    "Sweden",
    "Switzerland",
    "Syria",
    "Taiwan",
    "Tajikistan",
    "Tanzania",
    "Thailand",
    "Tunisia",
    "Turkey",
    "Turkmenistan",
    "Uganda",
    "Ukraine",
    "United Arab Emirates",
    "United Kingdom",
    "Uruguay",
    "Uzbekistan",
    "Vatican City",
    "Venezuela",
    "Vietnam",
    "Wales",
    "West Bank",
    "Yemen",
    "United States",
    "Zambia",
    "Zimbabwe",
    "Britain",
    "U.K.",
    "UK",
    "U.S.",
    "USA",
    "Belize",
    "Brunei",
    "Bhutan",
    "Botswana",
    "Namibia",
    "Laos",
    "Liberia",
    "Sierra Leone",
    "Gabon",
    "Malawi",
    "Eritrea",
    "Djibouti",
    "Fiji",
    "Papua New Guinea",
    "Dominican Republic",
    "Trinidad",
    "Bahamas",
    "Barbados",
    "Greenland",
    "Liechtenstein",
    "Monaco",
    "Andorra",
    "San Marino",
];

/// First words of all-capital openers that are never places ("DEAR ABBY:").
const NOT_PLACE_FIRST_WORDS: &[&str] = &[
    "DEAR", "HEY", "HI", "HELLO", "SPOILER", "SPOILERS", "WARNING", "UPDATE", "UPDATED",
    "BREAKING", "EDITOR'S", "EDITORS", "LIVE", "WATCH", "READ", "LISTEN", "PHOTOS", "VIDEO", "A",
    "AN", "MORE", "ALSO", "NOTE", "PLUS",
];

/// All-capital openers that are labels, not places.
const LABELS: &[&str] = &[
    "BREAKING",
    "UPDATE",
    "UPDATED",
    "EXCLUSIVE",
    "WATCH",
    "VIDEO",
    "PHOTOS",
    "PHOTO",
    "ANALYSIS",
    "OPINION",
    "LIVE",
    "CORRECTION",
    "NOTE",
    "FILE",
    "EDITOR'S NOTE",
    "EDITORS NOTE",
    "ADVISORY",
    "URGENT",
    "FLASH",
    "COMMENT",
    "REVIEW",
    "INTERVIEW",
    "FACT CHECK",
    "WARNING",
    "ALERT",
    "NEW",
    "SPONSORED",
    "AD",
    "ADVERTISEMENT",
    "LISTEN",
    "READ MORE",
    "MORE",
    "RELATED",
    "FEATURE",
    "EXPLAINER",
    "POLL",
    "Q&A",
    "OK",
    "FAQ",
    "TV",
    "NEWS",
];

const AGENCY_IN_PARENS: &str = r"\(([^()]{1,40})\)";

static CAPS_CITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[A-Z][A-Z.'’\-]*|de|da|del|la|al|el|of|d')(?:\s+(?:[A-Z][A-Z.'’\-]*|de|da|del|la|al|el|of|d')){0,4})")
        .expect("static regex")
});

static MIXED_CITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][a-z.'’\-]+(?:\s+(?:[A-Z][a-zA-Z.'’\-]+|de|da|del|la|al|el|of)){0,3})")
        .expect("static regex")
});

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s*([A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,3})").expect("static regex")
});

static DATE_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^,\s*((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2})\b",
    )
    .expect("static regex")
});

static AGENCY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*{AGENCY_IN_PARENS}")).expect("static regex"));

static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:—|–|―|--?|>>|»|•|\|)\s*").expect("static regex"));

static COLON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*:\s+").expect("static regex"));

/// Splits a dateline off the start of `paragraph`: the dateline and the rest
/// of the paragraph, or `None` when the paragraph does not open with one.
///
/// ```
/// let (d, rest) = dateline_extract::dateline::split("KYIV, Ukraine (AP) — Russia said...").unwrap();
/// assert_eq!(d.city.as_deref(), Some("Kyiv"));
/// assert_eq!(d.country.as_deref(), Some("Ukraine"));
/// assert_eq!(d.agency.as_deref(), Some("Associated Press"));
/// assert_eq!(rest, "Russia said...");
/// ```
pub fn split(paragraph: &str) -> Option<(Dateline, String)> {
    let text = paragraph.trim_start();
    let mut cut = text.len().min(200);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let (caps, city_raw, mut pos) = if let Some(m) = CAPS_CITY.find(head) {
        let c = m.as_str().trim_end();
        let upper = c.chars().filter(|ch| ch.is_uppercase()).count();
        let first_word = c.split_whitespace().next().unwrap_or("");
        if upper >= 2 && NOT_PLACE_FIRST_WORDS.contains(&first_word) {
            return None;
        }
        if upper >= 2 && !LABELS.contains(&c) {
            (true, c, c.len())
        } else {
            mixed_city(head)?
        }
    } else {
        mixed_city(head)?
    };
    // A capitals match that is really the first word of a mixed-case city
    // ("Kabul" is not caps; "NEW Delhi" is nonsense) stops at the case change.
    if caps && head[pos..].starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    let mut place_end = pos;
    let mut parts: Vec<&str> = Vec::new();
    let mut date: Option<String> = None;
    for _ in 0..3 {
        let rest = &head[pos..];
        if let Some(c) = DATE_PART.captures(rest) {
            date = Some(c[1].to_string());
            pos += c.get(0)?.end();
            continue;
        }
        if let Some(c) = PART.captures(rest) {
            let g = c.get(1)?;
            let part = rest.get(g.start()..g.end())?.trim_end();
            // "WASHINGTON, The president" : the second part must be a
            // place, not the start of a sentence.
            if is_region(part) || is_country(part) || !caps || looks_like_place(part) {
                parts.push(part);
                pos += g.start() + part.len();
                place_end = pos;
                continue;
            }
        }
        break;
    }
    let mut agency = None;
    let mut agency_raw = None;
    if let Some(c) = AGENCY.captures(&head[pos..]) {
        agency_raw = Some(c[1].to_string());
        agency = crate::byline::agency_name(&c[1]).map(str::to_string);
        pos += c.get(0)?.end();
    }
    let known_second = parts.iter().any(|p| is_region(p) || is_country(p));
    let sep = SEPARATOR.find(&head[pos..]).map(|m| m.end()).or_else(|| {
        // "LONDON: ..." in capitals; in normal case only with a known
        // country or region ("Washington, DC, United States: ...").
        let colon_ok = caps || parts.iter().any(|p| is_country(p));
        colon_ok
            .then(|| COLON.find(&head[pos..]).map(|m| m.end()))
            .flatten()
    });
    match (caps, sep, agency_raw.is_some()) {
        // Capitals with a separator or an agency.
        (true, Some(_), _) | (true, None, true) => {}
        // Normal case needs a known region/country and a separator.
        (false, Some(_), _) if known_second || agency.is_some() => {}
        _ => return None,
    }
    pos += sep.unwrap_or(0);
    let rest = text.get(pos..)?.trim_start();
    // The story must go on after the dateline, starting like a sentence.
    let first = rest.chars().next()?;
    if !(first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '"' | '“' | '‘' | '\'' | '('))
    {
        return None;
    }
    let as_written = head[..place_end].trim().to_string();
    let mut d = Dateline {
        as_written,
        city: Some(normal_case_place(city_raw)),
        date,
        agency,
        ..Default::default()
    };
    for p in parts {
        if is_country(p) && d.country.is_none() {
            d.country = Some(p.to_string());
        } else if d.region.is_none() {
            d.region = Some(p.to_string());
        } else if d.country.is_none() {
            d.country = Some(p.to_string());
        }
    }
    Some((d, rest.to_string()))
}

fn mixed_city(head: &str) -> Option<(bool, &str, usize)> {
    let m = MIXED_CITY.find(head)?;
    let c = m.as_str().trim_end();
    Some((false, c, c.len()))
}

fn is_region(p: &str) -> bool {
    REGIONS.contains(&p)
}

fn is_country(p: &str) -> bool {
    COUNTRIES.iter().any(|c| c.eq_ignore_ascii_case(p))
}

/// A second dateline part not in the lists: short, capitalised words, no
/// sentence words.
fn looks_like_place(p: &str) -> bool {
    const SENTENCE: &[&str] = &[
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "This",
    ];
    let words: Vec<&str> = p.split_whitespace().collect();
    words.len() <= 3 && !words.first().is_some_and(|w| SENTENCE.contains(w))
}

/// "SAN DIEGO" -> "San Diego", "RIO DE JANEIRO" -> "Rio de Janeiro",
/// "ST. LOUIS" -> "St. Louis"; mixed-case input is kept.
pub fn normal_case_place(place: &str) -> String {
    if place.chars().any(char::is_lowercase)
        && place.chars().filter(|c| c.is_uppercase()).count()
            <= place.split_whitespace().count() * 2
    {
        return place.to_string();
    }
    let words: Vec<String> = place
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lw = w.to_lowercase();
            if i > 0
                && matches!(
                    lw.as_str(),
                    "de" | "da" | "del" | "la" | "of" | "el" | "al" | "do" | "dos"
                )
            {
                lw
            } else {
                crate::byline::normal_case(&lw.to_uppercase())
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> (Dateline, String) {
        split(text).unwrap_or_else(|| panic!("no dateline in {text:?}"))
    }

    #[test]
    fn ap_forms() {
        let (x, rest) = d("HAMBURG, Germany >> Russian President Vladimir Putin hailed");
        assert_eq!(x.as_written, "HAMBURG, Germany");
        assert_eq!(x.city.as_deref(), Some("Hamburg"));
        assert_eq!(x.country.as_deref(), Some("Germany"));
        assert_eq!(rest, "Russian President Vladimir Putin hailed");

        let (x, rest) = d("WASHINGTON (AP) — President Donald Trump said");
        assert_eq!(x.as_written, "WASHINGTON");
        assert_eq!(x.city.as_deref(), Some("Washington"));
        assert_eq!(x.agency.as_deref(), Some("Associated Press"));
        assert_eq!(rest, "President Donald Trump said");

        let (x, _) = d("KYIV, Ukraine (AP) — Russian forces");
        assert_eq!(
            (x.city.as_deref(), x.country.as_deref()),
            (Some("Kyiv"), Some("Ukraine"))
        );

        let (x, rest) = d("SAN DIEGO, Calif. — A fire broke out");
        assert_eq!(x.city.as_deref(), Some("San Diego"));
        assert_eq!(x.region.as_deref(), Some("Calif."));
        assert_eq!(x.country, None);
        assert_eq!(rest, "A fire broke out");

        let (x, _) = d("ST. LOUIS, Mo. (AP) — The Cardinals");
        assert_eq!(x.city.as_deref(), Some("St. Louis"));
        assert_eq!(x.region.as_deref(), Some("Mo."));

        let (x, _) = d("NEW YORK — Stocks rose");
        assert_eq!(x.city.as_deref(), Some("New York"));

        let (x, _) = d("UNITED NATIONS (AP) — The U.N. Security Council");
        assert_eq!(x.city.as_deref(), Some("United Nations"));

        let (x, _) = d("THE HAGUE, Netherlands (AP) — The court");
        assert_eq!(x.city.as_deref(), Some("The Hague"));

        let (x, _) = d("RIO DE JANEIRO (AP) — Brazil's");
        assert_eq!(x.city.as_deref(), Some("Rio de Janeiro"));
    }

    #[test]
    fn wire_forms() {
        let (x, rest) = d("LONDON, July 8 (Reuters) - Britain's economy");
        assert_eq!(x.as_written, "LONDON");
        assert_eq!(x.city.as_deref(), Some("London"));
        assert_eq!(x.date.as_deref(), Some("July 8"));
        assert_eq!(x.agency.as_deref(), Some("Reuters"));
        assert_eq!(rest, "Britain's economy");

        let (x, _) = d("PARIS (AFP) - France's president");
        assert_eq!(x.agency.as_deref(), Some("Agence France-Presse"));

        let (x, rest) = d("BEIJING, Dec 5 (Xinhua) -- China's exports");
        assert_eq!(x.date.as_deref(), Some("Dec 5"));
        assert_eq!(x.agency.as_deref(), Some("Xinhua"));
        assert_eq!(rest, "China's exports");

        let (x, _) = d("BERLIN (dpa) - Die Regierung");
        assert_eq!(x.agency.as_deref(), Some("dpa"));

        let (x, _) = d("TOKYO, Jan. 3 (Reuters) - Japan's");
        assert_eq!(x.date.as_deref(), Some("Jan. 3"));
    }

    #[test]
    fn regional_forms() {
        let (x, rest) = d("Kabul, Afghanistan — A suicide bomber");
        assert_eq!(x.city.as_deref(), Some("Kabul"));
        assert_eq!(x.country.as_deref(), Some("Afghanistan"));
        assert_eq!(rest, "A suicide bomber");

        let (x, _) = d("Austin, Texas — The Legislature");
        assert_eq!(x.region.as_deref(), Some("Texas"));

        let (x, _) = d("MOSUL, Iraq — Iraqi forces");
        assert_eq!(x.country.as_deref(), Some("Iraq"));

        let (x, _) = d("LONDON: The Bank of England");
        assert_eq!(x.city.as_deref(), Some("London"));
    }

    #[test]
    fn leaves_sentences_alone() {
        for s in [
            "WASHINGTON is bracing for a storm.",
            "However, the president said — again — that",
            "Yesterday, the council voted",
            "London, the capital, is",
            "Trump, who spoke - briefly - said",
            "NATO allies met on Monday.",
            "BREAKING — The president",
            "DEAR ABBY: My husband and I",
            "The Russian leader said",
            "Washington, D.C. is a city",
            "I — for one — disagree",
            "",
            "WASHINGTON",
        ] {
            assert!(split(s).is_none(), "fired on {s:?}");
        }
    }
}
