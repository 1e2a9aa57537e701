//! The alias table: many names, one entity (`the Times`, `NYT` → `The New York Times`).

use rustc_hash::FxHashMap;

use crate::facts::EntityKind;

/// Maps the names an entity goes by to its canonical name and kind.
///
/// Lookups ignore case, a leading `the`, periods (`F.T.C.` = `FTC`) and a
/// possessive `'s`. The default table holds common outlets, agencies, firms
/// and places; configuration adds more with [`AliasTable::insert`].
#[derive(Debug, Clone)]
pub struct AliasTable {
    names: FxHashMap<String, (String, EntityKind)>,
}

/// Built-in entries: canonical name, kind, and the other names it goes by.
const BUILT_IN: &[(&str, EntityKind, &[&str])] = &[
    ("The New York Times", EntityKind::Organization, &["New York Times", "NYT", "NY Times", "Times", "nytimes.com"]),
    ("NBC News", EntityKind::Organization, &["NBC", "NBCNews"]),
    ("The Washington Post", EntityKind::Organization, &["Washington Post", "WaPo"]),
    ("The Wall Street Journal", EntityKind::Organization, &["Wall Street Journal", "WSJ", "Journal"]),
    ("The Guardian", EntityKind::Organization, &["Guardian"]),
    ("Financial Times", EntityKind::Organization, &["FT"]),
    ("Associated Press", EntityKind::Organization, &["AP"]),
    ("BBC", EntityKind::Organization, &["BBC News", "British Broadcasting Corporation"]),
    ("CNN", EntityKind::Organization, &["Cable News Network"]),
    ("Reuters", EntityKind::Organization, &["Thomson Reuters"]),
    ("Bloomberg", EntityKind::Organization, &["Bloomberg News"]),
    ("Sputnik", EntityKind::Organization, &["Sputnik News"]),
    ("Federal Trade Commission", EntityKind::Organization, &["FTC"]),
    ("Securities and Exchange Commission", EntityKind::Organization, &["SEC"]),
    ("Federal Bureau of Investigation", EntityKind::Organization, &["FBI"]),
    ("Facebook", EntityKind::Organization, &["Facebook Inc", "FB"]),
    ("Meta", EntityKind::Organization, &["Meta Platforms"]),
    ("Amazon", EntityKind::Organization, &["Amazon.com", "Amazon Inc"]),
    ("Microsoft", EntityKind::Organization, &["Microsoft Corp", "Microsoft Corporation"]),
    ("Apple", EntityKind::Organization, &["Apple Inc"]),
    ("Google", EntityKind::Organization, &["Alphabet"]),
    ("Netflix", EntityKind::Organization, &[]),
    ("Spotify", EntityKind::Organization, &[]),
    ("Yahoo", EntityKind::Organization, &["Yahoo!"]),
    ("Huawei", EntityKind::Organization, &[]),
    ("Yandex", EntityKind::Organization, &[]),
    ("Twitter", EntityKind::Organization, &["X Corp"]),
    ("Cambridge Analytica", EntityKind::Organization, &[]),
    ("Royal Bank of Canada", EntityKind::Organization, &["RBC"]),
    ("Bing", EntityKind::Product, &["Microsoft Bing"]),
    ("Messenger", EntityKind::Product, &["Facebook Messenger"]),
    ("WhatsApp", EntityKind::Product, &[]),
    ("Instagram", EntityKind::Product, &[]),
    ("United States", EntityKind::Place, &["US", "USA", "United States of America", "America"]),
    ("United Kingdom", EntityKind::Place, &["UK", "Britain", "Great Britain"]),
    ("European Union", EntityKind::Organization, &["EU"]),
    ("Capitol Hill", EntityKind::Place, &[]),
    ("Washington", EntityKind::Place, &["Washington D.C.", "Washington DC", "DC"]),
    ("London", EntityKind::Place, &[]),
    ("China", EntityKind::Place, &[]),
    ("Russia", EntityKind::Place, &[]),
    ("India", EntityKind::Place, &[]),
    ("Canada", EntityKind::Place, &[]),
];

impl Default for AliasTable {
    fn default() -> Self {
        let mut table = AliasTable::empty();
        for &(canonical, kind, aliases) in BUILT_IN {
            table.insert_with_kind(canonical, canonical, kind);
            for alias in aliases {
                table.insert_with_kind(alias, canonical, kind);
            }
        }
        table
    }
}

impl AliasTable {
    /// A table with no entries at all, not even the built-in ones.
    pub fn empty() -> Self {
        AliasTable { names: FxHashMap::default() }
    }

    /// Makes `alias` another name of `canonical`. The canonical name keeps
    /// the kind it already has, if any.
    pub fn insert(&mut self, alias: &str, canonical: &str) {
        let kind = self.lookup(canonical).map_or(EntityKind::Unknown, |(_, kind)| kind);
        self.insert_with_kind(canonical, canonical, kind);
        self.insert_with_kind(alias, canonical, kind);
    }

    fn insert_with_kind(&mut self, alias: &str, canonical: &str, kind: EntityKind) {
        let key = Self::key(alias);
        if !key.is_empty() {
            self.names.insert(key, (canonical.to_owned(), kind));
        }
    }

    /// The canonical name of `name`, if the table knows it.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.lookup(name).map(|(canonical, _)| canonical)
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<(&str, EntityKind)> {
        if self.names.is_empty() {
            return None;
        }
        // Lookups run for every capitalised run of every sentence: reuse one buffer.
        thread_local! {
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with_borrow_mut(|key| {
            key.clear();
            Self::write_key(name, key);
            self.names.get(key.as_str()).map(|(canonical, kind)| (canonical.as_str(), *kind))
        })
    }

    /// The form names are compared in: lowercase, no leading `the`, no
    /// periods or possessive, single spaces.
    pub fn key(name: &str) -> String {
        let mut key = String::with_capacity(name.len());
        Self::write_key(name, &mut key);
        key
    }

    fn write_key(name: &str, key: &mut String) {
        key.reserve(name.len());
        for word in name.split_whitespace() {
            let word = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
            if key.is_empty() && word.eq_ignore_ascii_case("the") {
                continue;
            }
            if !key.is_empty() {
                key.push(' ');
            }
            if word.is_ascii() && !word.contains('.') {
                // Most names: copied and lowercased in place rather than char by char.
                let start = key.len();
                key.push_str(word);
                key[start..].make_ascii_lowercase();
            } else {
                key.extend(word.chars().filter(|c| *c != '.').flat_map(char::to_lowercase));
            }
        }
    }
}

/// The lookups of one document, remembered: a document names the same few
/// entities again and again, and each lookup in the table builds a key
/// (lowercased, periods and articles dropped) before it can hash it.
pub(crate) struct Lookups<'a> {
    table: &'a AliasTable,
    known: FxHashMap<String, Option<(&'a str, EntityKind)>>,
}

impl<'a> Lookups<'a> {
    pub(crate) fn new(table: &'a AliasTable) -> Self {
        Lookups { table, known: FxHashMap::default() }
    }

    pub(crate) fn lookup(&mut self, name: &str) -> Option<(&'a str, EntityKind)> {
        if let Some(&found) = self.known.get(name) {
            return found;
        }
        let found = self.table.lookup(name);
        self.known.insert(name.to_owned(), found);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_names_one_entity() {
        let table = AliasTable::default();
        for name in ["the Times", "The New York Times", "NYT", "New York Times’s", "the  times"] {
            assert_eq!(table.canonical(name), Some("The New York Times"), "{name}");
        }
        assert_eq!(table.canonical("F.T.C."), Some("Federal Trade Commission"));
        assert_eq!(table.canonical("Financial Times"), Some("Financial Times"));
        assert_eq!(table.canonical("Acme"), None);
    }

    #[test]
    fn configured_aliases_join_the_table() {
        let mut table = AliasTable::default();
        table.insert("the Journal-Courier", "New Haven Journal-Courier");
        table.insert("Zuck", "Mark Zuckerberg");
        assert_eq!(table.canonical("Journal-Courier"), Some("New Haven Journal-Courier"));
        assert_eq!(table.canonical("zuck"), Some("Mark Zuckerberg"));
        assert_eq!(AliasTable::empty().canonical("NYT"), None);
    }

    #[test]
    fn remembered_lookups_answer_as_the_table() {
        let table = AliasTable::default();
        let mut lookups = Lookups::new(&table);
        for name in ["the Times", "Acme", "NYT", "the Times", "Acme", "F.T.C."] {
            assert_eq!(lookups.lookup(name), table.lookup(name), "{name}");
        }
    }
}
