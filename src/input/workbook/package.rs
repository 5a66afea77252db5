//! The workbook file as a package, before any cell is read: what kind of file it is (an Office
//! Open XML workbook, an encrypted one, an Excel 97-2003 `.xls`), whether it unpacks to a size a
//! unit's data can have, and the one declaration a reader trusts that a file can lie about
//! (the shared strings' count, which calamine reserves memory for).

use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use std::io::{Cursor, Read, Write};

/// The most a workbook's parts may hold once unpacked: 64 MiB, hundreds of times a unit's data.
/// A small file can unpack to gigabytes; its size is checked before anything is unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// The first bytes of an OLE compound file: an `.xls` workbook, or an encrypted `.xlsx` (Office
/// wraps the encrypted package in one).
const COMPOUND_FILE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The bytes of a workbook that calamine can read safely, or why there is none.
pub fn open(bytes: &[u8]) -> Result<Vec<u8>, Box<Diagnostic>> {
    if bytes.starts_with(COMPOUND_FILE) {
        return Err(Box::new(compound_file(bytes)));
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Err(Box::new(not_a_workbook()));
    };
    // The sizes the central directory states for each part (what the unpacking will write).
    let unpacked = (0..archive.len())
        .map(|i| archive.by_index_raw(i).map_or(u64::MAX, |file| file.size()))
        .fold(0u64, u64::saturating_add);
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(Box::new(
            Diagnostic::error(
                Rule::Y04,
                "",
                format!(
                    "工作簿过大：解压后超过 {} MB，不像是一个单位的数据",
                    MAX_UNPACKED_BYTES / (1024 * 1024)
                ),
            )
            .with_hint("一个单位的数据工作簿通常不到 100 KB；删去多余的工作表和行后重试"),
        ));
    }
    let has = |name: &str| archive.file_names().any(|n| n.eq_ignore_ascii_case(name));
    if has("xl/workbook.bin") && !has("xl/workbook.xml") {
        return Err(Box::new(
            Diagnostic::error(
                Rule::Y02,
                "",
                "这是 Excel 二进制工作簿（.xlsb 格式），yusuan 读取 .xlsx 格式",
            )
            .with_hint("用 Excel 打开后“另存为”，保存类型选“Excel 工作簿（*.xlsx）”"),
        ));
    }
    match inflated_string_count(&mut archive) {
        Some(name) => {
            without_string_count(&mut archive, &name).ok_or_else(|| Box::new(not_a_workbook()))
        }
        None => Ok(bytes.to_vec()),
    }
}

/// An OLE compound file: encrypted (it holds an `EncryptedPackage` stream) or an old `.xls`.
fn compound_file(bytes: &[u8]) -> Diagnostic {
    let encrypted_stream: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let encrypted = bytes
        .windows(encrypted_stream.len())
        .any(|window| window == encrypted_stream);
    if encrypted {
        Diagnostic::error(
            Rule::Y02,
            "",
            "工作簿设置了打开密码（已加密），yusuan 无法读取其中的数据",
        )
        .with_hint(
            "在 Excel 中打开后，点“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码并保存（WPS：“文件 → 文档加密 → 密码加密”，清空打开密码）",
        )
    } else {
        Diagnostic::error(
            Rule::Y02,
            "",
            "这是旧版 Excel 97-2003 工作簿（.xls 格式），yusuan 读取 .xlsx 格式",
        )
        .with_hint("用 Excel 或 WPS 打开后“另存为”，保存类型选“Excel 工作簿（*.xlsx）”")
    }
}

fn not_a_workbook() -> Diagnostic {
    Diagnostic::error(
        Rule::Y02,
        "",
        "文件不是可以读取的 Excel 工作簿（.xlsx）：文件已损坏，或不是工作簿",
    )
    .with_hint("用 Excel 或 WPS 打开后“另存为”Excel 工作簿（*.xlsx）")
}

/// The shared strings part, when it declares more strings than its size could hold: each
/// `<si/>` takes at least five bytes. calamine reserves room for the declared count before it
/// reads a string, so a count of 10¹¹ in a 20 KB file would ask for terabytes.
fn inflated_string_count(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let name = archive
        .file_names()
        .find(|name| name.to_ascii_lowercase().ends_with("sharedstrings.xml"))?
        .to_string();
    let mut part = archive.by_name(&name).ok()?;
    let size = part.size();
    // The declaration sits in the `<sst …>` tag at the start of the part.
    let mut head = Vec::new();
    (&mut part).take(4096).read_to_end(&mut head).ok()?;
    let declared = string_count(&String::from_utf8_lossy(&head))?;
    (declared > size / 5).then_some(name)
}

/// The `uniqueCount` the `<sst>` tag of `head` declares.
fn string_count(head: &str) -> Option<u64> {
    let tag = &head[head.find("<sst")?..];
    let tag = &tag[..tag.find('>')?];
    let value = tag.split("uniqueCount=").nth(1)?;
    let value = value.trim_start_matches(['"', '\'']);
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().or(Some(u64::MAX))
}

/// The package again, its shared strings part without the counts it cannot hold (they are
/// optional; a reader counts the strings itself). Every other part is copied as it is.
fn without_string_count(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Option<Vec<u8>> {
    let mut text = String::new();
    archive.by_name(name).ok()?.read_to_string(&mut text).ok()?;
    let start = text.find("<sst")?;
    let end = start + text[start..].find('>')?;
    let tag: String = text[start..end]
        .split(' ')
        .filter(|attribute| {
            !attribute.starts_with("uniqueCount=") && !attribute.starts_with("count=")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let repaired = format!("{}{tag}{}", &text[..start], &text[end..]);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).ok()?;
        if file.name() == name {
            drop(file);
            writer.start_file(name, options).ok()?;
            writer.write_all(repaired.as_bytes()).ok()?;
        } else {
            writer.raw_copy_file(file).ok()?;
        }
    }
    Some(writer.finish().ok()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_string_count_is_read_from_the_sst_tag() {
        let head = r#"<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="99999999999">"#;
        assert_eq!(string_count(head), Some(99_999_999_999));
        assert_eq!(string_count(r#"<sst uniqueCount='2'>"#), Some(2));
        assert_eq!(string_count(r#"<sst count="2">"#), None);
        // A count past any integer is as much a lie as a large one.
        assert_eq!(
            string_count(r#"<sst uniqueCount="999999999999999999999999">"#),
            Some(u64::MAX)
        );
    }

    #[test]
    fn compound_files_are_told_apart() {
        let mut encrypted = COMPOUND_FILE.to_vec();
        encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(open(&encrypted).unwrap_err().message.contains("密码"));
        let old = COMPOUND_FILE.to_vec();
        assert!(open(&old).unwrap_err().message.contains(".xls"));
        assert!(open(b"not a zip").unwrap_err().message.contains("不是"));
    }
}
