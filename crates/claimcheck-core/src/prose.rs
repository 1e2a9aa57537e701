//! Cutting a document into prose blocks with a map back to the source.
