//! Paths as their bytes: a file's name need not be UTF-8 (leaked archives
//! often name files in Latin-1 or Shift JIS), and serde writes a `Path` only
//! as UTF-8 text, failing on the others. The index's manifest keeps its
//! paths this way (`store.rs`).

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
