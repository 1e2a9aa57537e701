//! Reading numbers written in digits or words, with scales (`6.8 million`, `4k`, `1.2bn`).
