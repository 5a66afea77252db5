//! Zip packages (DOCX, XLSX, the workspace's download) written the same on every system.
//!
//! The zip crate records in each entry's header the system that wrote it (DOS on Windows, Unix
//! elsewhere) and derives the entry's attributes from it, so the same booklet zipped on Windows
//! and on Linux would differ in those bytes, and the manifest's sha256 would mean one thing per
//! system. Every entry yusuan writes takes [`entry_options`]: deflated, Unix, `rw-r--r--`
//! (folders `rwxr-xr-x`), and the zip format's earliest time (the crate's `time` feature, which
//! would stamp the clock, is off).

use anyhow::Result;
use std::io::{Read, Write};
use zip::write::SimpleFileOptions;

/// The header of every entry yusuan writes.
pub fn entry_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644)
        .system(zip::System::Unix)
}

/// `package` (a zip another crate wrote: docx-rs stores its entries, rust_xlsxwriter records the
/// system it runs on) with the same entries in the same order, each written with
/// [`entry_options`].
pub fn repackaged(package: &[u8]) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package))?;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = entry_options();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            // A folder entry (a DOCX has `word/`, `_rels/`) that can be entered when the
            // package is unpacked.
            writer.add_directory(name, options.unix_permissions(0o755))?;
            continue;
        }
        let mut content = Vec::new();
        entry.read_to_end(&mut content)?;
        writer.start_file(name, options)?;
        writer.write_all(&content)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// What each entry of `package` records in the central directory: the system that wrote it
/// (its byte of “version made by”: 0 DOS, 3 Unix) and its external attributes (the Unix mode
/// in the upper half). The zip crate's reader does not give the system; this is for checking
/// that packages are written the same everywhere. Records are found by their signature, so a
/// caller that needs certainty compares their number with the archive's entries.
pub fn entry_headers(package: &[u8]) -> Vec<(u8, u32)> {
    const RECORD: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = package[at..].windows(4).position(|w| w == RECORD) {
        let record = &package[at + offset..];
        if let Some(bytes) = record.get(38..42) {
            found.push((
                record[5],
                u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            ));
        }
        at += offset + 4;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_written_as_windows_writes_it_comes_out_as_on_unix() {
        // What the zip crate writes on Windows: DOS in the header, its attributes, stored.
        let mut dos = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let windows = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .system(zip::System::Dos);
        dos.add_directory("xl/", windows).unwrap();
        dos.start_file("xl/workbook.xml", windows).unwrap();
        dos.write_all("<workbook>预算</workbook>".as_bytes())
            .unwrap();
        let dos = dos.finish().unwrap().into_inner();
        assert!(entry_headers(&dos).iter().all(|(system, _)| *system == 0));

        let unix = repackaged(&dos).unwrap();
        let found = entry_headers(&unix);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], (3, 0o40755 << 16), "the directory");
        assert_eq!(found[1], (3, 0o100644 << 16), "the file");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&unix[..])).unwrap();
        let mut entry = archive.by_name("xl/workbook.xml").unwrap();
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        assert_eq!(text, "<workbook>预算</workbook>");
        drop(entry);
        // Written once more, the same bytes: nothing depends on the clock.
        assert_eq!(repackaged(&dos).unwrap(), unix);
        assert_eq!(repackaged(&unix).unwrap(), unix);
    }
}
