//! Form sheets (控制数, 单位信息 …): one value a row, found by its label in the 项目 column.
use super::headers::UnknownColumn;
use super::*;

impl Reading {
    /// 项目 | 值 | 说明: each row's label names its field; the columns are found by their headers.
    pub(super) fn form(&mut self, sheet: &'static Sheet, grid: &Grid) {
        let labels: Vec<&str> = sheet.fields.iter().map(|f| f.label).collect();
        let mut seen: HashMap<&'static str, String> = HashMap::new();
        let columns = if grid.is_empty() {
            None
        } else {
            self.form_header(sheet, grid)
        };
        if let Some((header, label_column, value_column)) = columns {
            let rows = grid.rows_below(header);
            self.unheaded(sheet, grid, header, &rows);
            for row in rows {
                if self.full(sheet.name) {
                    break;
                }
                let label_cell = address(sheet.name, row, label_column);
                // A value needs a label of its own: a blank one, or one merged down from the
                // row above, leaves it unnamed (a row with only a note is no value).
                let own_label = grid.own(row, label_column).is_some();
                let label = text(grid.get(row, label_column));
                let Some(label) = label.filter(|_| own_label) else {
                    let merged = !own_label && text(grid.get(row, label_column)).is_some();
                    self.unlabelled(sheet, grid, (row, value_column), merged);
                    continue;
                };
                let Some(field) = sheet.fields.iter().find(|f| f.label == label) else {
                    let diagnostic = unknown_name(
                        format!("工作表“{}”中没有“{label}”这一项", sheet.name),
                        &label,
                        &labels,
                        "“项目”列的名字不能改动",
                        "这个表的项目有：",
                    );
                    self.problem(diagnostic, label_cell);
                    continue;
                };
                let cell = address(sheet.name, row, value_column);
                if let Some(first) = seen.get(field.label) {
                    let first = first.clone();
                    self.repeated(sheet, field, &first, label_cell);
                    continue;
                }
                seen.insert(field.label, label_cell);
                self.cells.insert(field.path, cell.clone());
                let found = self.value_at(field, grid, (row, value_column), &cell);
                if let Some(value) = found {
                    if field.path.starts_with(UNIT_PERFORMANCE) {
                        self.unit_performance();
                    }
                    set(&mut self.root, field.path, value);
                } else if field.required && !self.has_problem_at(&cell) {
                    self.empty(field, cell);
                }
            }
        }
        self.unit_code_zeros();
        for field in sheet.fields {
            if field.required && !seen.contains_key(field.label) && columns.is_some() {
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        field.path,
                        format!("工作表“{}”缺少“{}”这一项", sheet.name, field.label),
                    )
                    .with_hint("在“项目”列加上这一项，在“值”列填写它的值"),
                    address(sheet.name, 0, 0),
                );
            }
        }
    }

    /// A form sheet's header: (its row, the 项目 column, the 值 column); any other header and
    /// any repeated one is a problem.
    pub(super) fn form_header(
        &mut self,
        sheet: &'static Sheet,
        grid: &Grid,
    ) -> Option<(u32, u32, u32)> {
        const LABELS: [&str; 3] = [FORM_LABEL, FORM_VALUE, FORM_NOTE];
        let header = self.header_row(
            sheet,
            grid,
            &LABELS,
            UnknownColumn {
                advice: "第 1 行的列名不能改动；插入的列请删除",
                hint: Some(format!(
                    "这个表只有“{FORM_LABEL}”“{FORM_VALUE}”“{FORM_NOTE}”三列，值按“{FORM_VALUE}”列读取；插入的列请删除"
                )),
            },
        )?;
        let complete = self.columns_present(
            sheet,
            &header,
            &[(FORM_LABEL, true), (FORM_VALUE, true), (FORM_NOTE, false)],
            &format!("第 1 行是列名：{}", LABELS.join("、")),
        );
        let (label, value) = (header.columns[0]?, header.columns[1]?);
        (header.clean && complete).then_some((header.top, label, value))
    }
}
