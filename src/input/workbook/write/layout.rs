//! One sheet written: a form (项目 | 值 | 说明) or a list, with its drop-downs, widths and
//! print setup.

use super::*;

/// How one sheet is written.
pub(super) struct Layout<'a> {
    pub(super) sheet: &'a Sheet,
    pub(super) styles: &'a Styles,
    pub(super) function_codes: usize,
}

impl Layout<'_> {
    /// 项目 | 值 | 说明, one field a row.
    pub(super) fn form(&self, ws: &mut Worksheet, data: &Value) -> Result<()> {
        for (column, header) in ["项目", "值", "说明"].iter().enumerate() {
            ws.write_string_with_format(0, column as u16, *header, &self.styles.header)?;
        }
        let mut value_width = 12.0f64;
        for (index, field) in self.sheet.fields.iter().enumerate() {
            let row = index as u32 + 1;
            ws.write_string_with_format(row, 0, field.label, &self.styles.label)?;
            // A blank workbook starts a required choice at its first (金额单位: 万元), so
            // that what a new unit leaves alone is the usual value, not an error.
            let first_choice = match field.kind {
                Kind::Choice(choices) if data.is_null() && field.required => choices
                    .first()
                    .map(|(value, _)| Value::String(value.to_string())),
                _ => None,
            };
            let value = get(data, field.path).or(first_choice.as_ref());
            self.cell(ws, row, 1, field, value)?;
            value_width = value_width.max(width_of(field, value));
            let help = format!(
                "{}{}",
                if field.required { "必填。" } else { "" },
                field.help
            );
            ws.write_string(row, 2, help)?;
            self.validate(ws, row, row, 1, field)?;
        }
        let labels = self.sheet.fields.iter().map(|f| text_width(f.label));
        let label_width = labels.fold(8.0, f64::max) + 2.0;
        let value_width = value_width.min(80.0);
        ws.set_column_width(0, label_width)?;
        ws.set_column_width(1, value_width)?;
        ws.set_column_width(2, 50)?;
        for (index, field) in self.sheet.fields.iter().enumerate() {
            if field.kind == Kind::LongText {
                if let Some(text) = get(data, field.path).and_then(text_of) {
                    set_height(ws, index as u32 + 1, lines_in(&text, value_width))?;
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        print_setup(ws, is_wide(&[label_width, value_width, 50.0]), 0)?;
        Ok(())
    }

    /// One item a row, one field a column.
    pub(super) fn list(&self, ws: &mut Worksheet, items: &[Value]) -> Result<()> {
        let rows: Vec<Vec<Value>> = items
            .iter()
            .map(|item| {
                self.sheet
                    .fields
                    .iter()
                    .map(|field| get(item, field.path).cloned().unwrap_or(Value::Null))
                    .collect()
            })
            .collect();
        self.rows(ws, &rows)
    }

    /// The header row, then `rows` of values in field order.
    pub(super) fn rows(&self, ws: &mut Worksheet, rows: &[Vec<Value>]) -> Result<()> {
        let last = rows.len() as u32 + SPARE_ROWS;
        let mut widths = Vec::with_capacity(self.sheet.fields.len());
        for (column, field) in self.sheet.fields.iter().enumerate() {
            let column = column as u16;
            ws.write_string_with_format(0, column, field.label, &self.styles.header)?;
            let mut width = text_width(field.label).max(8.0);
            for (index, row) in rows.iter().enumerate() {
                let value = row.get(column as usize).filter(|v| !v.is_null());
                self.cell(ws, index as u32 + 1, column, field, value)?;
                width = width.max(width_of(field, value));
            }
            let width = width.min(60.0) + 2.0;
            ws.set_column_width(column, width)?;
            widths.push(width);
            // New rows typed below keep the column's format (codes stay text).
            for row in rows.len() as u32 + 1..=rows.len() as u32 + FORMATTED_ROWS {
                ws.write_blank(row, column, self.styles.of(field.kind))?;
            }
            self.validate(ws, 1, last, column, field)?;
        }
        // Long texts wrap in their column: each row as tall as its longest.
        for (index, row) in rows.iter().enumerate() {
            let lines = self
                .sheet
                .fields
                .iter()
                .zip(row)
                .zip(&widths)
                .filter(|((field, _), _)| field.kind == Kind::LongText)
                .filter_map(|((_, value), width)| Some(lines_in(&text_of(value)?, *width)))
                .max()
                .unwrap_or(1);
            set_height(ws, index as u32 + 1, lines)?;
        }
        ws.set_freeze_panes(1, 0)?;
        print_setup(ws, is_wide(&widths), 0)?;
        Ok(())
    }

    /// One value in its cell, by kind.
    pub(super) fn cell(
        &self,
        ws: &mut Worksheet,
        row: u32,
        column: u16,
        field: &Field,
        value: Option<&Value>,
    ) -> Result<()> {
        let format = self.styles.of(field.kind);
        let Some(value) = value else {
            ws.write_blank(row, column, format)?;
            return Ok(());
        };
        let text = text_of(value).ok_or_else(|| {
            anyhow!(
                "{}：{} 的值无法写入一个单元格",
                self.sheet.name,
                field.label
            )
        })?;
        match field.kind {
            Kind::Amount => {
                // The exact decimal becomes Excel's number: the nearest double, which Excel
                // shows, and yusuan reads back, as the same decimal (amounts have at most 15
                // significant digits).
                let number: f64 = text
                    .parse()
                    .with_context(|| format!("金额“{text}”无法写入工作簿"))?;
                ws.write_number_with_format(row, column, number, format)?;
            }
            Kind::Integer => match value.as_u64() {
                Some(number) => {
                    ws.write_number_with_format(row, column, number as f64, format)?;
                }
                None => {
                    ws.write_string_with_format(row, column, text, format)?;
                }
            },
            Kind::Scalar => match value {
                Value::Number(number) => {
                    let number = number.as_f64().unwrap_or_default();
                    ws.write_number_with_format(row, column, number, &self.styles.number)?;
                }
                _ => {
                    ws.write_string_with_format(row, column, text, format)?;
                }
            },
            Kind::Choice(_) => {
                let label = field.kind.label_of(&text).unwrap_or(text.as_str());
                ws.write_string_with_format(row, column, label, format)?;
            }
            _ => {
                ws.write_string_with_format(row, column, text, format)?;
            }
        }
        Ok(())
    }

    /// The drop-down of a closed vocabulary, on rows `first..=last` of `column`.
    pub(super) fn validate(
        &self,
        ws: &mut Worksheet,
        first: u32,
        last: u32,
        column: u16,
        field: &Field,
    ) -> Result<()> {
        let validation = match field.kind {
            Kind::Choice(choices) => {
                let labels: Vec<&str> = choices.iter().map(|(_, label)| *label).collect();
                DataValidation::new().allow_list_strings(&labels)?
            }
            Kind::Bool => DataValidation::new().allow_list_strings(&["是", "否"])?,
            Kind::FunctionCode if self.function_codes > 0 => DataValidation::new()
                .allow_list_formula(Formula::new(format!(
                    "='{LISTS_SHEET}'!$A$2:$A${}",
                    self.function_codes + 1
                )))
                // A code the year's list lacks is worth a look, not a refusal (rule K01).
                .set_error_style(DataValidationErrorStyle::Warning),
            _ => return Ok(()),
        };
        ws.add_data_validation(first, column, last, column, &validation)?;
        Ok(())
    }
}
