//! From the bytes of a news page to a structured [`Article`].
