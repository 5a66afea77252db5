//! The SHA-256 of bytes as lower-case hex: how manifests, versions, publications and sessions
//! name contents.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
