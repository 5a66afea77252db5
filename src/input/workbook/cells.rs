//! Where each value of a workbook sits: a map from YAML path (`economic[3].amount`) to its cell
//! (`支出经济分类!G5`), the workbook's counterpart of [`crate::input::source_map::SourceMap`].

use std::collections::HashMap;

/// A cell's address as Excel writes it: `A1`, with the sheet: `收入!B3`.
pub fn address(sheet: &str, row: u32, column: u32) -> String {
    format!("{sheet}!{}{}", column_name(column), row + 1)
}

/// The letters of a 0-based column: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(column: u32) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// YAML paths mapped to cells.
#[derive(Debug, Clone, Default)]
pub struct CellMap {
    cells: HashMap<String, String>,
}

impl CellMap {
    /// Records that the value at `path` is in `cell`.
    pub fn insert(&mut self, path: impl Into<String>, cell: String) {
        self.cells.entry(path.into()).or_insert(cell);
    }

    /// The cell of the value at `path`, or of its nearest recorded ancestor (a list item's
    /// row, a sheet).
    pub fn locate(&self, path: &str) -> Option<&str> {
        let mut candidate = path;
        loop {
            if let Some(cell) = self.cells.get(candidate) {
                return Some(cell);
            }
            let cut = candidate.rfind(['.', '['])?;
            candidate = &candidate[..cut];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(5), "F");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(address("支出经济分类", 4, 5), "支出经济分类!F5");
    }

    #[test]
    fn a_path_falls_back_to_its_nearest_recorded_ancestor() {
        let mut map = CellMap::default();
        map.insert("functions[2]", "支出功能分类!A4".into());
        map.insert("functions[2].wages", "支出功能分类!D4".into());
        assert_eq!(map.locate("functions[2].wages"), Some("支出功能分类!D4"));
        assert_eq!(
            map.locate("functions[2].explanation.reason"),
            Some("支出功能分类!A4")
        );
        assert_eq!(map.locate("economic[0]"), None);
    }
}
