//! Understand an article: entities, quotes and who said them.
