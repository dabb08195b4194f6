//! Stop words per language.
