//! JSON values as the JSON-LD reader needs them: strings without escapes
//! borrowed from the page instead of copied, objects as lists sorted by
//! key. They read the same as `serde_json::Value` (the same numbers, the
//! same order of object members, the last of repeated keys), at a fraction
//! of its allocations.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ld<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(Cow<'a, str>),
    Array(Vec<Ld<'a>>),
    Object(LdMap<'a>),
}

/// A JSON object: members sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct LdMap<'a>(Vec<(Cow<'a, str>, Ld<'a>)>);

impl<'a> LdMap<'a> {
    pub(super) fn get(&self, key: &str) -> Option<&Ld<'a>> {
        let i = self.0.binary_search_by(|(k, _)| (**k).cmp(key)).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    /// The members' values in key order.
    pub(super) fn values(&self) -> impl DoubleEndedIterator<Item = &Ld<'a>> {
        self.0.iter().map(|(_, v)| v)
    }

    fn into_owned(self) -> LdMap<'static> {
        LdMap(
            self.0
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                .collect(),
        )
    }
}

impl<'a> Ld<'a> {
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Ld::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The member `key` of an object (`None` for other values).
    pub(super) fn get(&self, key: &str) -> Option<&Ld<'a>> {
        match self {
            Ld::Object(m) => m.get(key),
            _ => None,
        }
    }

    /// The same value, owning its strings.
    pub(super) fn into_owned(self) -> Ld<'static> {
        match self {
            Ld::Null => Ld::Null,
            Ld::Bool(b) => Ld::Bool(b),
            Ld::Number(n) => Ld::Number(n),
            Ld::Str(s) => Ld::Str(Cow::Owned(s.into_owned())),
            Ld::Array(a) => Ld::Array(a.into_iter().map(Ld::into_owned).collect()),
            Ld::Object(m) => Ld::Object(m.into_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for Ld<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LdVisitor)
    }
}

struct LdVisitor;

impl<'de> Visitor<'de> for LdVisitor {
    type Value = Ld<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Ld<'de>, E> {
        Ok(Ld::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Ld<'de>, E> {
        Ok(Ld::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Ld<'de>, E> {
        Ok(Ld::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Ld<'de>, E> {
        // As `serde_json::Value` has it: no number for NaN or infinity.
        Ok(serde_json::Number::from_f64(v).map_or(Ld::Null, Ld::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Ld<'de>, E> {
        Ok(Ld::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Ld<'de>, E> {
        Ok(Ld::Str(Cow::Borrowed(v)))
    }

    fn visit_string<E>(self, v: String) -> Result<Ld<'de>, E> {
        Ok(Ld::Str(Cow::Owned(v)))
    }

    fn visit_none<E>(self) -> Result<Ld<'de>, E> {
        Ok(Ld::Null)
    }

    fn visit_unit<E>(self) -> Result<Ld<'de>, E> {
        Ok(Ld::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Ld<'de>, D::Error> {
        Ld::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ld<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Ld::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ld<'de>, A::Error> {
        let mut members: Vec<(Cow<'de, str>, Ld<'de>)> = Vec::new();
        while let Some(Key(k)) = map.next_key()? {
            let v = map.next_value()?;
            members.push((k, v));
        }
        // Sorted as a `BTreeMap` keeps them; stable, so that of repeated
        // keys the last value, which the map would keep, comes last.
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(Cow<'de, str>, Ld<'de>)> = Vec::with_capacity(members.len());
        for (k, v) in members {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Ok(Ld::Object(LdMap(out)))
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::Ld;
    use serde_json::Value;

    /// The value as `serde_json::Value` has it.
    fn to_value(v: &Ld<'_>) -> Value {
        match v {
            Ld::Null => Value::Null,
            Ld::Bool(b) => Value::Bool(*b),
            Ld::Number(n) => Value::Number(n.clone()),
            Ld::Str(s) => Value::String(s.to_string()),
            Ld::Array(a) => Value::Array(a.iter().map(to_value).collect()),
            Ld::Object(m) => Value::Object(
                m.0.iter()
                    .map(|(k, v)| (k.to_string(), to_value(v)))
                    .collect(),
            ),
        }
    }

    #[test]
    fn reads_as_serde_json_value() {
        for t in [
            r#"{"b":1,"a":[true,false,null,-3,1.5e3,18446744073709551615,1e400,-0.0],"c":{}}"#,
            r#"{"k":"x","k":"y","j":{"k":1,"k":{"z":"\u00e9\"q"}},"":"e"}"#,
            r##"[{"@type":"NewsArticle","headline":"A \"quoted\" &amp; line","author":[{"@id":"#a"}]},"\ud83d\ude00"]"##,
            r#"{"z":1,"y":2,"x":3,"w":[1,{"b":2,"a":1}],"\u0061":4,"a":5}"#,
            r#""plain""#,
            "12345678901234567890123",
            "{\"a\":1} trailing",
            "{\"a\":",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        ] {
            let ours = serde_json::from_str::<Ld<'_>>(t).ok();
            let theirs = serde_json::from_str::<Value>(t).ok();
            assert_eq!(ours.as_ref().map(to_value), theirs, "{t}");
            let owned = ours.map(Ld::into_owned);
            assert_eq!(owned.as_ref().map(to_value), theirs, "{t}");
        }
    }
}
