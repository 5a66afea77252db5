//! A unit's name names its output folder and files, so it must be one safe file name on every
//! system an office copies the booklets to (Linux, Windows, macOS). The validator reports a
//! name that is not (rule U03, with its line) and the writer refuses it again, so nothing can
//! land outside the output folder even if validation were skipped.

/// The longest file name, in bytes, that common file systems accept (ext4, NTFS, APFS).
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// Names Windows reserves for devices, with or without an extension.
const WINDOWS_DEVICES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Names yusuan itself writes in the output folder, which a unit folder must not take.
const OWN_NAMES: [&str; 1] = ["manifest.json"];

/// Characters that Windows forbids in file names (the first two also separate paths).
const FORBIDDEN: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// `path` as the files yusuan writes record it (the manifest): separated by `/` on every system,
/// so that the same batch writes the same manifest on Windows, where paths are joined with `\`.
/// Only Windows converts: elsewhere a backslash is an ordinary character of a file name.
pub fn portable_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// The kind of booklet: a unit's 单位预算 or a department's 部门预算, consolidated from its units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BookletKind {
    /// 单位预算.
    #[default]
    Unit,
    /// 部门预算.
    Department,
}

impl BookletKind {
    /// Its name: 单位预算 or 部门预算.
    pub fn label(self) -> &'static str {
        match self {
            BookletKind::Unit => "单位预算",
            BookletKind::Department => "部门预算",
        }
    }

    /// The other kind's name, which this kind's texts do not use.
    pub fn other_label(self) -> &'static str {
        match self {
            BookletKind::Unit => "部门预算",
            BookletKind::Department => "单位预算",
        }
    }
}

/// The file stem of a booklet: `新乡市社会保险中心2023年单位预算`, `…局2024年部门预算`.
pub fn booklet_stem(name: &str, year: u16, kind: BookletKind) -> String {
    format!("{name}{year}年{}", kind.label())
}

/// The suffixes yusuan appends to the stem; the longest decides how long a name may be.
pub const SUFFIXES: [&str; 3] = [".pdf", ".docx", ANNEX_WORKBOOK_SUFFIX];

/// What the annex tables' workbook adds to the stem: `…2023年单位预算` + `表.xlsx`.
const ANNEX_WORKBOOK_SUFFIX: &str = "表.xlsx";

/// The file name of the annex tables' workbook for the booklet stem `stem`.
pub fn annex_workbook_name(stem: &str) -> String {
    format!("{stem}{ANNEX_WORKBOOK_SUFFIX}")
}

/// Why `name` cannot name a unit's folder and files, in words for the user; `None` when it can.
pub fn problem(name: &str, year: u16) -> Option<String> {
    if name.trim().is_empty() {
        return Some("单位名称是空的".to_string());
    }
    if name.trim() != name {
        return Some("单位名称首尾有空格".to_string());
    }
    if let Some(c) = name.chars().find(|c| FORBIDDEN.contains(c)) {
        return Some(format!(
            "单位名称含有“{c}”，不能用作文件夹和文件名（不能含有 / \\ : * ? \" < > |）"
        ));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!(
            "单位名称含有控制字符 U+{:04X}，不能用作文件名",
            c as u32
        ));
    }
    if name.starts_with('.') || name.ends_with('.') {
        return Some("单位名称不能以“.”开头或结尾（会成为隐藏文件或上级目录）".to_string());
    }
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    if WINDOWS_DEVICES.contains(&stem.as_str()) {
        return Some(format!("“{name}”是 Windows 保留的设备名，不能用作文件名"));
    }
    if OWN_NAMES.iter().any(|own| own.eq_ignore_ascii_case(name)) {
        return Some(format!("“{name}”与 yusuan 在输出目录中写的文件同名"));
    }
    let longest = longest_file_name(name, year);
    if longest.len() > MAX_FILE_NAME_BYTES {
        return Some(format!(
            "单位名称过长：文件名“{longest}”有 {} 字节，超过文件系统允许的 {MAX_FILE_NAME_BYTES} 字节（单位名称最多约 {} 个汉字）",
            longest.len(),
            max_name_chars(year)
        ));
    }
    None
}

/// The longest file name yusuan writes for this unit.
fn longest_file_name(name: &str, year: u16) -> String {
    // Both kinds' names are equally long.
    let stem = booklet_stem(name, year, BookletKind::Unit);
    SUFFIXES
        .iter()
        .map(|suffix| format!("{stem}{suffix}"))
        .max_by_key(String::len)
        .unwrap_or(stem)
}

/// How many 3-byte (CJK) characters a name may have for `year`.
fn max_name_chars(year: u16) -> usize {
    (MAX_FILE_NAME_BYTES - longest_file_name("", year).len()) / 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_separate_with_slashes() {
        let joined = std::path::Path::new("data").join("新乡市社会保险中心.yaml");
        assert_eq!(portable_path(&joined), "data/新乡市社会保险中心.yaml");
        // Only Windows separates with a backslash; elsewhere it is part of the name.
        if !cfg!(windows) {
            assert_eq!(
                portable_path(std::path::Path::new(r"a\b.yaml")),
                r"a\b.yaml"
            );
        }
    }

    #[test]
    fn real_names_pass() {
        assert_eq!(problem("新乡市社会保险中心", 2023), None);
        assert_eq!(problem("卫辉市社会保险中心（本级）", 2023), None);
        assert_eq!(problem("A.B 中心", 2023), None);
    }

    #[test]
    fn names_that_are_paths_or_devices_fail() {
        for name in [
            "../escaped",
            "/tmp/x",
            "a/b",
            "a\\b",
            "..",
            ".",
            ".hidden",
            "CON",
            "nul.txt",
            "Com1",
            "manifest.json",
            "MANIFEST.JSON",
            "",
            "   ",
            " 新乡 ",
            "新乡\u{1}",
            "新乡\t中心",
            "问号?",
            "中心.",
        ] {
            assert!(problem(name, 2023).is_some(), "{name:?} must be refused");
        }
    }

    #[test]
    fn the_length_limit_counts_bytes_of_the_longest_file() {
        let fits = "汉".repeat(max_name_chars(2023));
        assert_eq!(problem(&fits, 2023), None);
        let longer = format!("{fits}汉");
        let message = problem(&longer, 2023).unwrap();
        assert!(message.contains("过长"), "{message}");
        assert!(longest_file_name(&fits, 2023).len() <= MAX_FILE_NAME_BYTES);
        assert!(longest_file_name(&longer, 2023).len() > MAX_FILE_NAME_BYTES);
        // 74 characters failed with "File name too long" on the temporary file's longer name;
        // temporaries now have short names of their own, so the booklet's name decides.
        assert_eq!(max_name_chars(2023), 76);
        assert_eq!(problem(&"汉".repeat(74), 2023), None);
    }
}
