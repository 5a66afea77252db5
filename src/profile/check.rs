//! What serde cannot check in a profile, each mistake at the YAML path of the value at fault:
//! every bottom-level column has a width and shows a figure its table's rows provide, groups
//! have columns under them and neither width nor figure, texts name only the values they are
//! filled with. (A note naming no note is serde's to find, when the profile is typed.)

use super::fill::fill;
use super::rows::{income_line_figures, RowSource};
use super::spec::{leaves, ColumnSpec, Profile};
use super::texts::Note;
use crate::model::money::{AmountFormat, DataUnit};

/// A mistake: the YAML path of the value at fault (`tables[6].columns[2].show`), and what is
/// wrong. The path is found by the source map, right through anchors and aliases.
pub type Mistake = (String, String);

/// Every mistake serde cannot see in `spec`.
pub fn check(spec: &Profile) -> Vec<Mistake> {
    let mut mistakes = Vec::new();
    for (index, part) in spec.parts.iter().enumerate() {
        if part.narrative.contains(['/', '\\']) {
            mistakes.push((
                format!("parts[{index}].narrative"),
                "parts 的 narrative 只写 narrative/ 中的文件名".into(),
            ));
        }
    }
    texts(spec, &mut mistakes);
    amounts(spec, &mut mistakes);
    mistakes.dedup();
    for (index, table) in spec.tables.iter().enumerate() {
        let at = format!("tables[{index}]");
        let place = format!("tables 第 {} 张表“{}”", index + 1, table.name);
        if let Some(part) = &table.part {
            let parts: Vec<&str> = spec
                .parts
                .iter()
                .map(|p| p.toc.as_deref().unwrap_or(&p.title))
                .collect();
            if !parts.contains(&part.as_str()) {
                mistakes.push((
                    format!("{at}.part"),
                    format!(
                        "{place}的 part 应是某一部分的目录项（toc），这里是“{part}”；有：{}",
                        parts.join("、")
                    ),
                ));
            }
        }
        if table.columns.is_empty() {
            mistakes.push((format!("{at}.columns"), format!("{place}没有列（columns）")));
            continue;
        }
        columns(
            &table.rows,
            &table.columns,
            &place,
            &format!("{at}.columns"),
            &mut mistakes,
        );
        if let RowSource::SummaryByClass { income } = &table.rows {
            let figures = income_line_figures();
            for (n, line) in income.iter().enumerate() {
                if let Some(figure) = line.figure.as_deref() {
                    if !figures.contains(&figure) {
                        mistakes.push((
                            format!("{at}.rows.income[{n}].figure"),
                            format!(
                                "{place}：收入行“{}”的 figure: {figure} 不是收入数字；可用的有：{}",
                                line.label,
                                figures.join("、")
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(needed) = table.rows.form_columns() {
            let found = leaves(&table.columns).len();
            if found != needed {
                mistakes.push((
                    format!("{at}.columns"),
                    format!(
                        "{place}：行来源 {} 是固定格式的表，需要 {needed} 列，这里有 {found} 列",
                        table.rows.name()
                    ),
                ));
            }
        }
    }
    mistakes
}

/// The most decimals a profile may print an amount with: to the 分 of a 万元 amount.
const MOST_DECIMALS: u32 = 6;

/// How each table prints its amounts agrees with its unit line (`单位：元` over amounts in 元),
/// and asks for at most [`MOST_DECIMALS`] decimals. A unit changed in one place and not the
/// other would print every figure 10,000 times off its line.
fn amounts(spec: &Profile, mistakes: &mut Vec<Mistake>) {
    let annex = &spec.annex;
    let mut check = |format: AmountFormat, line: &str, at: &str, line_at: &str| {
        if format.decimals > MOST_DECIMALS {
            mistakes.push((
                format!("{at}.decimals"),
                format!(
                    "decimals: {} 过大：金额最多保留 {MOST_DECIMALS} 位小数",
                    format.decimals
                ),
            ));
        }
        let says = if line.contains("万元") {
            Some(DataUnit::Wan)
        } else if line.contains('元') {
            Some(DataUnit::Yuan)
        } else {
            None
        };
        if let Some(says) = says.filter(|says| *says != format.unit) {
            let (path, what) = match line_at.starts_with("tables") {
                true => (line_at.to_string(), "单位行"),
                false => (format!("{at}.unit"), "金额单位"),
            };
            mistakes.push((
                path,
                format!(
                    "{what}不一致：单位行是“{line}”（{}），金额却按{}印出；两处一起改",
                    says.name(),
                    format.unit.name()
                ),
            ));
        }
    };
    check(
        annex.amounts,
        &annex.unit_line,
        "annex.amounts",
        "annex.unit_line",
    );
    for (index, table) in spec.tables.iter().enumerate() {
        if table.amounts.is_none() && table.unit_line.is_none() {
            continue;
        }
        let at = match table.amounts {
            Some(_) => format!("tables[{index}].amounts"),
            None => "annex.amounts".to_string(),
        };
        let line_at = match table.unit_line {
            Some(_) => format!("tables[{index}].unit_line"),
            None => "annex.unit_line".to_string(),
        };
        let format = table.amounts.unwrap_or(annex.amounts);
        let line = table.unit_line.as_deref().unwrap_or(&annex.unit_line);
        check(format, line, &at, &line_at);
    }
}

/// Every text template fills with the names it may use, so a misspelt name is found here, at
/// its line, not when a unit is built.
fn texts(spec: &Profile, mistakes: &mut Vec<Mistake>) {
    let mut texts: Vec<(String, &str)> = vec![
        ("cover.year_line".into(), &spec.cover.year_line),
        ("cover.title".into(), &spec.cover.title),
        ("cover.date_line".into(), &spec.cover.date_line),
        ("annex.title".into(), &spec.annex.title),
        ("annex.table_label".into(), &spec.annex.table_label),
        ("annex.table_toc".into(), &spec.annex.table_toc),
        ("annex.unit_name".into(), &spec.annex.unit_name),
        ("annex.unit_line".into(), &spec.annex.unit_line),
    ];
    for (index, part) in spec.parts.iter().enumerate() {
        texts.push((format!("parts[{index}].title"), &part.title));
        if let Some(toc) = &part.toc {
            texts.push((format!("parts[{index}].toc"), toc));
        }
    }
    for (index, table) in spec.tables.iter().enumerate() {
        texts.push((format!("tables[{index}].title"), &table.title));
        let notes = [
            ("notes", &table.notes),
            ("notes_when_empty", &table.notes_when_empty),
        ];
        for (field, list) in notes {
            for (n, note) in list.iter().enumerate() {
                if let Note::Text(text) = note {
                    texts.push((format!("tables[{index}].{field}[{n}]"), text));
                }
            }
        }
        if let Some(line) = &table.unit_line {
            texts.push((format!("tables[{index}].unit_line"), line));
        }
    }
    let sample = [
        ("unit", "单位"),
        ("year", "2024"),
        ("date", "二〇二四年二月"),
        ("number", "1"),
        ("number2", "01"),
        ("counting", "一"),
        ("name", "表"),
        ("title", "2024年表"),
    ];
    for (path, text) in texts {
        if let Err(error) = fill(text, &sample) {
            // The field as the message names it: `parts.title`, not `parts[2].title`.
            let field: String = path
                .split('.')
                .map(|part| part.split('[').next().unwrap_or(part))
                .collect::<Vec<_>>()
                .join(".");
            mistakes.push((
                path,
                format!(
                    "{field}：{error}；可以使用的名称有 unit、year、date（封面）、number、number2、counting、name、title（表）"
                ),
            ));
        }
    }
}

/// The mistakes of a column tree: widths on the bottom-level columns, figures their rows give.
fn columns(
    rows: &RowSource,
    columns: &[ColumnSpec],
    place: &str,
    path: &str,
    mistakes: &mut Vec<Mistake>,
) {
    for (index, column) in columns.iter().enumerate() {
        let path = format!("{path}[{index}]");
        let here = format!("{place}的列“{}”", column.header);
        if column.columns.is_empty() {
            if column.width.is_none_or(|w| w == 0) {
                mistakes.push((
                    path.clone(),
                    format!("{here}缺少 width（相对列宽，正整数）"),
                ));
            }
            if let Some(figure) = &column.show {
                if !rows
                    .figures()
                    .iter()
                    .any(|(provided, _)| provided.key() == figure)
                {
                    let known: Vec<&str> = rows.figures().iter().map(|(f, _)| f.key()).collect();
                    mistakes.push((
                        format!("{path}.show"),
                        format!(
                            "{here}：show: {figure} 不是行来源 {} 提供的数字；可用的有：{}",
                            rows.name(),
                            known.join("、")
                        ),
                    ));
                }
            }
        } else {
            if column.show.is_some() || column.width.is_some() {
                mistakes.push((
                    path.clone(),
                    format!("{here}下面还有列，show 和 width 应写在最下一级的列上"),
                ));
            }
            let below = format!("{path}.columns");
            self::columns(rows, &column.columns, place, &below, mistakes);
        }
    }
}
