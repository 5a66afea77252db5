//! List sheets (支出功能分类, 支出经济分类 …): a row a line, columns found by their headers, codes
//! whose zeros Excel dropped, columns filled down to the sheet's end.
use super::headers::UnknownColumn;
use super::*;

impl Reading {
    /// The header row's headers: each field's column; unknown, repeated and missing columns are
    /// problems.
    pub(super) fn columns(&mut self, sheet: &'static Sheet, grid: &Grid) -> Option<Columns> {
        let labels: Vec<&str> = sheet.fields.iter().map(|f| f.label).collect();
        let unknown = UnknownColumn {
            advice: "第 1 行的列名不能改动",
            hint: None,
        };
        let header = self.header_row(sheet, grid, &labels, unknown)?;
        // A sheet left empty needs no columns.
        if grid.has_rows_below(header.top) {
            let required: Vec<(&str, bool)> = (sheet.fields.iter())
                .map(|f| (f.label, f.required))
                .collect();
            let hint = format!("这个表的列有：{}", labels.join("、"));
            self.columns_present(sheet, &header, &required, &hint);
        }
        let of = (header.columns.iter().enumerate())
            .filter_map(|(index, column)| Some((index, (*column)?)))
            .collect();
        Some(Columns {
            of,
            top: header.top,
        })
    }

    /// The sheet's data rows: values in field order (`Null` where empty) and their cells; rows
    /// without a filled cell of their own in a known column are skipped. Required cells are not
    /// checked here (see [`Reading::require`]).
    pub(super) fn rows(&mut self, sheet: &'static Sheet, grid: &Grid) -> Vec<SheetRow> {
        let Some(columns) = self.columns(sheet, grid) else {
            return Vec::new();
        };
        let known: Vec<u32> = columns.of.iter().map(|(_, c)| *c).collect();
        let first = known.iter().copied().min().unwrap_or(0);
        let mut below = grid.rows_below(columns.top);
        // A column filled down past the data is said once; the rows above it are read.
        if let Some((diagnostic, cell, from)) = filled_to_the_end(sheet, grid, &columns, &below) {
            self.problem(diagnostic, cell);
            below.retain(|row| *row < from);
        }
        if below.len() <= MAX_ROWS {
            self.unheaded(sheet, grid, columns.top, &below);
        }
        let data_rows: Vec<u32> = below
            .into_iter()
            .filter(|row| known.iter().any(|column| grid.own(*row, *column).is_some()))
            .collect();
        if data_rows.len() > MAX_ROWS {
            self.too_many_rows(sheet, &data_rows);
            return Vec::new();
        }
        let mut rows = Vec::new();
        for row in data_rows {
            if self.full(sheet.name) {
                self.stopped.entry(sheet.name.to_string()).or_insert(row);
                break;
            }
            let mut values = vec![Value::Null; sheet.fields.len()];
            let mut cells = Vec::with_capacity(sheet.fields.len());
            for (index, field) in sheet.fields.iter().enumerate() {
                let column = columns.of(index);
                let cell = address(sheet.name, row, column.unwrap_or(first));
                let value = match column {
                    Some(column) => self.value_at(field, grid, (row, column), &cell),
                    None => None,
                };
                if let Some(value) = value {
                    values[index] = value;
                }
                cells.push(cell);
            }
            rows.push(SheetRow {
                values,
                cells,
                first: address(sheet.name, row, first),
            });
        }
        self.lost_zeros(sheet, &rows);
        rows
    }

    /// The required cells of `row` that are empty (and not already reported).
    pub(super) fn require(&mut self, sheet: &'static Sheet, row: &SheetRow) {
        for (index, field) in sheet.fields.iter().enumerate() {
            if field.required
                && row.values[index].is_null()
                && !self.has_problem_at(&row.cells[index])
            {
                self.empty(field, row.cells[index].clone());
            }
        }
    }

    /// The fields of one group (`explanation.previous`, `explanation.purpose` …: one YAML
    /// mapping) are given together or not at all; the empty ones of a group half filled are
    /// named.
    pub(super) fn all_or_none(&mut self, sheet: &'static Sheet, row: &SheetRow) {
        let group = |field: &Field| field.path.split_once('.').map(|(group, _)| group);
        for (index, field) in sheet.fields.iter().enumerate() {
            let Some(name) = group(field) else { continue };
            let members: Vec<usize> = (0..sheet.fields.len())
                .filter(|i| group(&sheet.fields[*i]) == Some(name))
                .collect();
            let filled = members
                .iter()
                .filter(|i| !row.values[**i].is_null())
                .count();
            if filled == 0 || filled == members.len() || !row.values[index].is_null() {
                continue;
            }
            if self.has_problem_at(&row.cells[index]) {
                continue;
            }
            let labels: Vec<&str> = members.iter().map(|i| sheet.fields[*i].label).collect();
            self.problem(
                Diagnostic::error(
                    Rule::Y02,
                    field.path,
                    format!(
                        "“{}”是空的：{} 这 {} 项要么都填，要么都不填",
                        field.label,
                        labels.join("、"),
                        labels.len()
                    ),
                )
                .with_hint("补上这一格，或把这一行的这几项都清空"),
                row.cells[index].clone(),
            );
        }
    }

    /// A sheet with more rows than a unit's data can have: one problem, and the sheet unread.
    pub(super) fn too_many_rows(&mut self, sheet: &'static Sheet, rows: &[u32]) {
        let last = rows.last().copied().unwrap_or(0);
        let diagnostic = Diagnostic::error(
            Rule::Y04,
            "",
            format!(
                "工作表“{}”有 {} 行数据（到第 {} 行），一个单位的数据不会有这么多行",
                sheet.name,
                rows.len(),
                last + 1
            ),
        )
        .with_hint(format!(
            "一张表最多读 {MAX_ROWS} 行；删除多余的行（选中行号，右键“删除”）"
        ));
        self.problem(diagnostic, address(sheet.name, last, 0));
        self.unread.insert(sheet.name.to_string());
    }

    /// Codes typed as numbers in a column of free-length codes, shorter than the column's other
    /// codes: Excel dropped their leading zeros.
    pub(super) fn lost_zeros(&mut self, sheet: &'static Sheet, rows: &[SheetRow]) {
        for code in std::mem::take(&mut self.numeric_codes) {
            let Some(index) = sheet.fields.iter().position(|f| f.path == code.field.path) else {
                continue;
            };
            let longest = rows
                .iter()
                .filter_map(|row| row.values[index].as_str())
                .map(|text| text.chars().count())
                .max()
                .unwrap_or(0);
            if code.digits < longest {
                self.lost_zero(&code, longest);
            }
        }
    }

    pub(super) fn lost_zero(&mut self, code: &NumericCode, expected: usize) {
        self.problem(
            Diagnostic::error(
                Rule::Y02,
                code.field.path,
                format!(
                    "“{}”存成了 {} 位的数字，这一列其他编码是 {expected} 位：开头的 0 多半被 Excel 去掉了",
                    code.field.label, code.digits
                ),
            )
            .with_hint("把这一列设为“文本”格式，再重新输入编码（保留开头的 0）"),
            code.cell.clone(),
        );
    }

    /// The unit's code typed as a number that no longer starts with its department's code (or
    /// the department's that the unit's code no longer starts with): a leading 0 was lost.
    pub(super) fn unit_code_zeros(&mut self) {
        let numeric = std::mem::take(&mut self.numeric_codes);
        let code =
            |path| crate::input::workbook::value::get(&self.root, path).and_then(Value::as_str);
        let (Some(unit), Some(department)) = (code("unit.code"), code("unit.department.code"))
        else {
            return;
        };
        if unit.starts_with(department) {
            return;
        }
        let (unit, department) = (unit.to_string(), department.to_string());
        for code in numeric {
            self.problem(
                Diagnostic::error(
                    Rule::Y02,
                    code.field.path,
                    format!(
                        "“{}”存成了数字：单位代码 {unit} 应以主管部门代码 {department} 开头，开头的 0 多半被 Excel 去掉了",
                        code.field.label
                    ),
                )
                .with_hint("把这一格设为“文本”格式，再重新输入代码（保留开头的 0）"),
                code.cell,
            );
        }
    }

    /// A list sheet's items, each a mapping of its fields, their cells recorded under `root`.
    pub(super) fn items(&mut self, sheet: &'static Sheet, grid: &Grid, root: &str) -> Vec<Value> {
        let rows = self.rows(sheet, grid);
        let mut items = Vec::new();
        for (index, row) in rows.into_iter().enumerate() {
            self.require(sheet, &row);
            self.all_or_none(sheet, &row);
            let path = format!("{root}[{index}]");
            self.cells.insert(path.clone(), row.first);
            let mut item = Value::Mapping(Mapping::new());
            for ((field, value), cell) in sheet.fields.iter().zip(row.values).zip(row.cells) {
                self.cells.insert(format!("{path}.{}", field.path), cell);
                if !value.is_null() {
                    set(&mut item, field.path, value);
                }
            }
            items.push(item);
        }
        items
    }
}

/// A column filled down past the data to the sheet's end, when that is what the last rows show
/// (one column filled, the rest empty, for a long run): the problem, its first cell and row.
fn filled_to_the_end(
    sheet: &Sheet,
    grid: &Grid,
    columns: &Columns,
    rows: &[u32],
) -> Option<(Diagnostic, String, u32)> {
    const RUN: usize = 100;
    if sheet.fields.len() < 2 {
        // One column is all such a sheet has: a long list of it is a long list.
        return None;
    }
    let last = *rows.last()?;
    // The known columns a row fills, counting what merged ranges spread into it.
    let only = |row: u32| -> Option<u32> {
        let mut filled = columns
            .of
            .iter()
            .map(|(_, column)| *column)
            .filter(|column| {
                grid.get(row, *column)
                    .is_some_and(|cell| !is_blank(&cell.data))
            });
        let column = filled.next()?;
        filled.next().is_none().then_some(column)
    };
    let column = only(last)?;
    let run = rows
        .iter()
        .rev()
        .take_while(|row| only(**row) == Some(column))
        .count();
    if run < RUN {
        return None;
    }
    let first = rows[rows.len() - run];
    let label = columns
        .of
        .iter()
        .find(|(_, c)| *c == column)
        .map(|(index, _)| sheet.fields[*index].label.to_string())
        .unwrap_or_else(|| format!("{} 列", column_name(column)));
    let diagnostic = Diagnostic::error(
            Rule::Y04,
            "",
            format!(
                "工作表“{}”的“{label}”一列从第 {} 行到第 {} 行都有值，而这 {run} 行的其他列都是空的：多半是整列粘贴或向下填充到了表尾",
                sheet.name,
                first + 1,
                last + 1
            ),
        )
        .with_hint(format!(
            "选中第 {} 行到第 {} 行（单击行号，再按 Ctrl+Shift+↓），右键“删除”，保存后重试",
            first + 1,
            last + 1
        ));
    Some((diagnostic, address(sheet.name, first, column), first))
}
