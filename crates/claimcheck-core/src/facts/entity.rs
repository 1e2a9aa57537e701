//! Named entities as capitalised spans, normalised through the alias table.
