//! Sentence boundaries in a prose block.
