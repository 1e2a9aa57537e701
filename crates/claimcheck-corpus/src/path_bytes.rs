//! Paths as their bytes: a file's name need not be UTF-8 (leaked archives
//! often name files in Latin-1 or Shift JIS), and serde writes a `Path` only
//! as UTF-8 text, failing on the others. The index's manifest keeps its
//! paths as bytes (`store.rs`); the kept judgements, which are JSON, as
//! text where they can ([`text_or_bytes`]).

use std::path::{Path, PathBuf};

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    path.as_os_str().as_encoded_bytes().serialize(serializer)
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
    from_bytes(Vec::deserialize(deserializer)?).map_err(D::Error::custom)
}

#[cfg(unix)]
fn from_bytes(bytes: Vec<u8>) -> Result<PathBuf, &'static str> {
    use std::os::unix::ffi::OsStringExt as _;
    Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn from_bytes(bytes: Vec<u8>) -> Result<PathBuf, &'static str> {
    String::from_utf8(bytes).map(PathBuf::from).map_err(|_| "a path is not UTF-8")
}

/// A list of paths, each as its bytes.
pub(crate) mod list {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(paths: &[PathBuf], serializer: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<&[u8]> = paths.iter().map(|path| path.as_os_str().as_encoded_bytes()).collect();
        bytes.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<PathBuf>, D::Error> {
        Vec::<Vec<u8>>::deserialize(deserializer)?.into_iter().map(|bytes| from_bytes(bytes).map_err(D::Error::custom)).collect()
    }
}

/// A path as text when it is UTF-8, else as its bytes: for JSON, which
/// people read and tests edit, where nearly every path is text.
pub mod text_or_bytes {
    use super::*;

    pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        match path.to_str() {
            Some(text) => serializer.serialize_str(text),
            None => super::serialize(path, serializer),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Kept {
            Text(String),
            Bytes(Vec<u8>),
        }
        match Kept::deserialize(deserializer)? {
            Kept::Text(text) => Ok(PathBuf::from(text)),
            Kept::Bytes(bytes) => from_bytes(bytes).map_err(D::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Kept(#[serde(with = "text_or_bytes")] PathBuf);

    #[test]
    fn a_path_is_kept_as_text_when_it_is_utf8_and_as_bytes_when_not() {
        let text = Kept(PathBuf::from("sources/café.txt"));
        assert_eq!(serde_json::to_string(&text).expect("writes"), r#""sources/café.txt""#);
        assert_eq!(serde_json::from_str::<Kept>(r#""sources/café.txt""#).expect("reads"), text);
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            let latin1 = Kept(PathBuf::from(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")));
            let json = serde_json::to_string(&latin1).expect("writes");
            assert_eq!(json, "[99,97,102,233,46,116,120,116]");
            assert_eq!(serde_json::from_str::<Kept>(&json).expect("reads"), latin1);
        }
    }
}
