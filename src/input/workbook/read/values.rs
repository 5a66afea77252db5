//! A cell's value read as its field says, with its cell recorded.
use super::*;

impl Reading {
    /// A cell's value for the YAML tree, by its field's kind; `None` for an empty cell (a
    /// required one is reported by the caller) or one that is wrong (reported here).
    /// The value at (row, column) for `field`: [`Reading::value`], where an amount or a count
    /// from a merged range is refused (merged over two lines it would count on each).
    pub(super) fn value_at(
        &mut self,
        field: &'static Field,
        grid: &Grid,
        (row, column): (u32, u32),
        at: &str,
    ) -> Option<Value> {
        let cell = grid.get(row, column);
        let merged = cell.is_some() && grid.own(row, column).is_none();
        if merged && matches!(field.kind, Kind::Amount | Kind::Integer) {
            self.problem(
                Diagnostic::error(
                    Rule::Y02,
                    field.path,
                    format!(
                        "“{}”的单元格与上面的行合并了：合并的数会算进每一行",
                        field.label
                    ),
                )
                .with_hint("取消合并，每一行填它自己的数"),
                at.to_string(),
            );
            return None;
        }
        self.value(field, cell, at)
    }

    pub(super) fn value(
        &mut self,
        field: &'static Field,
        cell: Option<&Cell>,
        at: &str,
    ) -> Option<Value> {
        match crate::input::workbook::cell_value::read(field, cell, self.unit) {
            Found::Empty => None,
            Found::Value(value) => {
                if let Value::String(text) = &value {
                    *self
                        .text_bytes
                        .entry(Reading::sheet_of(at).to_string())
                        .or_default() += text.len();
                }
                Some(value)
            }
            Found::NumericCode(code) => {
                self.numeric_codes.push(NumericCode {
                    field,
                    digits: code.len(),
                    cell: at.to_string(),
                });
                Some(Value::String(code))
            }
            Found::Wrong(diagnostic) => {
                self.problem(*diagnostic, at.to_string());
                None
            }
        }
    }
}
