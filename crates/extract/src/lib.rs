//! From the bytes of a news page to a structured [`Article`].

pub mod byline;
pub mod charset;
pub mod dateline;
pub mod dates;
mod finish;
mod text_dump;
