//! What a sheet's headers and labels can get wrong: missing, unknown, repeated, unlabelled.
use super::*;

/// What a sheet's header row says: which column each expected label is in.
pub(super) struct HeaderRow {
    /// The header's row.
    pub(super) top: u32,
    /// The first column of the row, where a missing column is reported.
    left: u32,
    /// Each expected label's column, by the label's index, when the row has it.
    pub(super) columns: Vec<Option<u32>>,
    /// No unknown or repeated header.
    pub(super) clean: bool,
}

/// How a header no field has is reported: what to do, and a hint when the list of known
/// columns is not enough.
pub(super) struct UnknownColumn {
    pub(super) advice: &'static str,
    pub(super) hint: Option<String>,
}

impl Reading {
    /// Reads the header row of `sheet` for the columns named `labels`: an unknown header and a
    /// repeated one are problems at their cells; `None` when the sheet has no header row.
    pub(super) fn header_row(
        &mut self,
        sheet: &Sheet,
        grid: &Grid,
        labels: &[&str],
        unknown: UnknownColumn,
    ) -> Option<HeaderRow> {
        let top = grid.top()?;
        if self.header_missing(sheet, grid, labels) {
            return None;
        }
        let mut header = HeaderRow {
            top,
            left: 0,
            columns: vec![None; labels.len()],
            clean: true,
        };
        let mut left = None;
        for (column, cell) in grid.row(top) {
            left.get_or_insert(column);
            let Some(name) = text(Some(cell)) else {
                continue;
            };
            let here = address(sheet.name, top, column);
            match labels.iter().position(|label| *label == name) {
                Some(index) => match header.columns[index] {
                    Some(first) => {
                        header.clean = false;
                        let first = address(sheet.name, top, first);
                        self.repeated_column(sheet, &name, &first, here);
                    }
                    None => header.columns[index] = Some(column),
                },
                None => {
                    header.clean = false;
                    let mut diagnostic = unknown_name(
                        format!("工作表“{}”中没有“{name}”这一列", sheet.name),
                        &name,
                        labels,
                        unknown.advice,
                        "这个表的列有：",
                    );
                    if let Some(hint) = &unknown.hint {
                        diagnostic = diagnostic.with_hint(hint.clone());
                    }
                    self.problem(diagnostic, here);
                }
            }
        }
        header.left = left.unwrap_or(0);
        Some(header)
    }

    /// Whether every label `required` (by index) has its column; each missing one is a problem
    /// at the header row, with `hint`.
    pub(super) fn columns_present(
        &mut self,
        sheet: &Sheet,
        header: &HeaderRow,
        required: &[(&str, bool)],
        hint: &str,
    ) -> bool {
        let mut complete = true;
        for ((name, needed), column) in required.iter().zip(&header.columns) {
            if *needed && column.is_none() {
                complete = false;
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        "",
                        format!("工作表“{}”缺少“{name}”这一列", sheet.name),
                    )
                    .with_hint(hint),
                    address(sheet.name, header.top, header.left),
                );
            }
        }
        complete
    }

    /// Whether the header row (the first filled row) names none of `headers`: then it is not
    /// the header (deleted, or a title row put above it), which is said once for the sheet
    /// rather than as one unknown column per cell.
    pub(super) fn header_missing(&mut self, sheet: &Sheet, grid: &Grid, headers: &[&str]) -> bool {
        let Some(top) = grid.top() else {
            return false;
        };
        let names = |row: u32| {
            grid.row(row)
                .filter_map(|(_, cell)| text(Some(cell)))
                .filter(|name| headers.contains(&name.as_str()))
                .count()
        };
        if names(top) > 0 {
            return false;
        }
        let below = grid
            .rows_below(top)
            .into_iter()
            .take(10)
            .find(|row| names(*row) > 0);
        let expected = headers.join("、");
        let (message, hint) = match below {
            Some(row) => (
                format!(
                    "工作表“{}”的列名在第 {} 行，上面还有内容：列名应在第 1 行",
                    sheet.name,
                    row + 1
                ),
                format!(
                    "删除第 {} 行到第 {} 行（标题等放在别处），让列名行成为第 1 行",
                    top + 1,
                    row
                ),
            ),
            None => (
                format!(
                    "工作表“{}”的第 {} 行不是列名：列名行被删除了？",
                    sheet.name,
                    top + 1
                ),
                format!("在最上面插入一行，依次填入列名：{expected}"),
            ),
        };
        self.problem(
            Diagnostic::error(Rule::Y02, "", message).with_hint(hint),
            address(sheet.name, top, 0),
        );
        true
    }

    /// Values in columns that have no header: nothing reads them, so a figure typed there (or
    /// pasted one column too far) would be lost without a word.
    pub(super) fn unheaded(&mut self, sheet: &Sheet, grid: &Grid, top: u32, rows: &[u32]) {
        let headed: Vec<u32> = grid
            .row(top)
            .filter(|(_, cell)| text(Some(cell)).is_some())
            .map(|(column, _)| column)
            .collect();
        for row in rows {
            if self.full(sheet.name) {
                return;
            }
            let stray: Vec<u32> = grid
                .row(*row)
                .filter(|(column, cell)| !headed.contains(column) && !is_blank(&cell.data))
                .map(|(column, _)| column)
                .collect();
            for column in stray {
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        "",
                        format!(
                            "工作表“{}”的 {} 列没有列名，这一格的内容不会被读取",
                            sheet.name,
                            column_name(column)
                        ),
                    )
                    .with_hint("把它移到有列名的列中（多半是错了一列），不要的内容请删除"),
                    address(sheet.name, *row, column),
                );
            }
        }
    }

    /// A value on a 项目 | 值 sheet whose row has no label of its own: blank, or `merged` from
    /// the row above.
    pub(super) fn unlabelled(
        &mut self,
        sheet: &Sheet,
        grid: &Grid,
        (row, value_column): (u32, u32),
        merged: bool,
    ) {
        let Some(value) = text(grid.own(row, value_column)) else {
            return;
        };
        let (why, hint) = if merged {
            (
                "是与上一行合并的单元格",
                "取消“项目”列的合并，每一行写上自己的项目名",
            )
        } else {
            (
                "是空的",
                "在“项目”列填回这一项的名字（见 yusuan convert --blank 生成的空白工作簿），或删除这一行",
            )
        };
        self.problem(
            Diagnostic::error(
                Rule::Y02,
                "",
                format!(
                    "工作表“{}”这一行有值“{}”，但它的“{FORM_LABEL}”{why}：不知道它是哪一项",
                    sheet.name,
                    crate::base::text::visible(&value)
                ),
            )
            .with_hint(hint),
            address(sheet.name, row, value_column),
        );
    }

    /// A label given twice: an error at both rows, since either could be the one meant.
    pub(super) fn repeated(&mut self, sheet: &Sheet, field: &Field, first: &str, here: String) {
        let diagnostic = Diagnostic::error(
            Rule::Y02,
            field.path,
            format!(
                "工作表“{}”中“{}”这一项出现了两次（第 {} 行和第 {} 行）：不知道该用哪一个",
                sheet.name,
                field.label,
                row_of(first),
                row_of(&here)
            ),
        )
        .with_hint("只保留一行，把另一行删除");
        self.twice(diagnostic, first, here);
    }

    /// A column header given twice: an error at both.
    pub(super) fn repeated_column(&mut self, sheet: &Sheet, name: &str, first: &str, here: String) {
        let diagnostic = Diagnostic::error(
            Rule::Y02,
            "",
            format!(
                "工作表“{}”中“{name}”这一列出现了两次（{} 和 {}）：不知道该读哪一列",
                sheet.name,
                in_sheet(first),
                in_sheet(&here)
            ),
        )
        .with_hint("只保留一列，把另一列删除");
        self.twice(diagnostic, first, here);
    }

    /// `diagnostic` about something given twice: reported at `here`, pointing at `first`.
    pub(super) fn twice(&mut self, mut diagnostic: Diagnostic, first: &str, here: String) {
        diagnostic.related.push(crate::input::diag::Related {
            path: diagnostic.path.clone(),
            message: "第一次出现".into(),
            position: None,
            cell: Some(first.to_string()),
        });
        self.problem(diagnostic, here);
    }

    pub(super) fn has_problem_at(&self, cell: &str) -> bool {
        self.problems
            .iter()
            .any(|problem| problem.cell.as_deref() == Some(cell))
    }

    /// A required cell left empty.
    pub(super) fn empty(&mut self, field: &Field, cell: String) {
        self.problem(
            Diagnostic::error(Rule::Y02, field.path, format!("“{}”不能为空", field.label))
                .with_hint("填写这一格（列表中不要的一行，请把整行删除）"),
            cell,
        );
    }
}
