//! The alias table: many names, one entity (`the Times`, `NYT` → `The New York Times`).

/// Maps the names an entity goes by to its canonical name.
#[derive(Debug, Clone)]
pub struct AliasTable {}

impl Default for AliasTable {
    fn default() -> Self {
        AliasTable {}
    }
}
