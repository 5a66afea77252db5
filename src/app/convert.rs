//! `yusuan convert`: a unit's data from YAML to the data workbook and back, or an empty workbook
//! for a new unit. The direction follows the file names' extensions.

use crate::input::load::{is_workbook, SourceFile};
use crate::model::classification::Catalogues;
use crate::model::money::tree::{self, AmountText};
use crate::model::Budget;
use anyhow::{bail, Result};
use serde_yaml::Value;
use std::path::Path;

/// What a conversion did.
pub enum Converted {
    /// The file was written.
    Written,
    /// The input has errors; nothing was written. The text lists them, located.
    Refused(String),
}

/// Converts `input` to `output` (`.yaml` → `.xlsx` or `.xlsx` → `.yaml`).
pub fn convert(input: &Path, output: &Path, catalogues: &Catalogues) -> Result<Converted> {
    let (from_workbook, to_workbook) = (is_workbook(input), is_workbook(output));
    if from_workbook == to_workbook {
        bail!(
            "convert 把 .yaml 转为 .xlsx，或把 .xlsx 转为 .yaml：{} → {} 不是这两种之一",
            input.display(),
            output.display()
        );
    }
    // What is written is an .xlsx package: under another workbook's name Excel would refuse it
    // (an .xlsm must hold macros' parts, an .xls is another format).
    if to_workbook
        && !output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        bail!(
            "convert 写出的工作簿是 .xlsx：把 {} 改成以 .xlsx 结尾",
            output.display()
        );
    }
    let source = SourceFile::read(input)?.unit_only("convert")?;
    let budget = match source.parse() {
        Ok(budget) => budget,
        Err(diagnostics) => return Ok(Converted::Refused(source.render(&diagnostics))),
    };
    let bytes = if to_workbook {
        let bytes =
            crate::input::workbook::write(Some(&budget), catalogues.year(budget.unit.year))?;
        same_data_back(&budget, &bytes, output)?;
        bytes
    } else {
        to_yaml(&budget, input)?.into_bytes()
    };
    // Into a workspace's data folder, in turn with the workspace's server.
    let folder = output.parent().filter(|p| !p.as_os_str().is_empty());
    let _lock = crate::app::staged::FolderLock::take_if_used(folder.unwrap_or(Path::new(".")))?;
    crate::app::staged::write_one(output, &bytes)?;
    Ok(Converted::Written)
}

/// Writes an empty data workbook, with the drop-downs of the newest classification there is.
pub fn blank(output: &Path, catalogues: &Catalogues) -> Result<()> {
    if !is_workbook(output) {
        bail!("空白工作簿的文件名应以 .xlsx 结尾：{}", output.display());
    }
    let bytes = crate::input::workbook::write(None, catalogues.newest())?;
    crate::app::staged::write_one(output, &bytes)
}

/// Refuses a workbook that would not read back as the same data (a value the sheets cannot
/// hold), before anything is written.
fn same_data_back(budget: &Budget, bytes: &[u8], output: &Path) -> Result<()> {
    let source = SourceFile::from_bytes(output, bytes.to_vec());
    let back = source
        .parse()
        .map_err(|d| anyhow::anyhow!("生成的工作簿无法读回：{}", source.render(&d)))?;
    let (before, after) = (try_canonical(budget)?, try_canonical(&back)?);
    if before != after {
        let line = before
            .lines()
            .zip(after.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("“{}” 读回为 “{}”", a.trim(), b.trim()))
            .unwrap_or_default();
        bail!("这份数据转成工作簿后不能原样读回，没有写出文件：{line}");
    }
    Ok(())
}

/// The data in one canonical text: equal for two budgets exactly when they hold the same data
/// (amounts compared by value: `5.2` and `5.20` are one amount). For comparisons in tests; what
/// writes files uses [`try_canonical`].
pub fn canonical(budget: &Budget) -> String {
    try_canonical(budget).unwrap_or_else(|error| format!("（数据无法整理：{error}）"))
}

/// [`canonical`], or why the data could not be put in one text.
pub fn try_canonical(budget: &Budget) -> Result<String> {
    yaml_body(budget, AmountText::Normalized)
}

/// The data as YAML text; a tree that cannot be serialized is an error, never an empty text
/// written in the data's place.
fn yaml_body(budget: &Budget, amounts: AmountText) -> Result<String> {
    yaml_body_with(budget, amounts, &mut |_, _| None)
}

/// [`yaml_body`], except where `instead` gives another value for the amount at a path
/// (`yusuan next-year` writes `待填写` for the coming year's).
pub fn yaml_body_with(
    budget: &Budget,
    amounts: AmountText,
    instead: &mut dyn FnMut(&str, crate::model::money::Money) -> Option<Value>,
) -> Result<String> {
    let mut value = serde_yaml::to_value(budget)
        .map_err(|error| anyhow::anyhow!("数据无法转换为 YAML：{error}"))?;
    tree::map_amounts(&mut value, &mut |path, money| {
        if let Some(other) = instead(path, money) {
            return other;
        }
        let text = tree::written(money, budget.amount_unit, amounts);
        Value::String(format!("{PLAIN}{text}"))
    });
    let text = serde_yaml::to_string(&without_nulls(value))
        .map_err(|error| anyhow::anyhow!("数据无法写成 YAML：{error}"))?;
    Ok(text.replace(PLAIN, ""))
}

/// Put before an amount's digits while the YAML is written: a private-use character no data
/// text contains, so that serde_yaml writes the amount unquoted (`basic: 4675.21`); removed
/// from the text after. (serde_yaml has no exact decimal number: an amount's text would be
/// quoted, a float inexact.)
const PLAIN: char = '\u{E000}';

/// The data as YAML: amounts as plain numbers with at least two decimals, codes quoted,
/// nothing left empty.
pub fn to_yaml(budget: &Budget, from: &Path) -> Result<String> {
    let text = yaml_body(budget, AmountText::Shown)?;
    let mut out = format!(
        "# {} {} 年单位预算数据，由 yusuan convert 从 {} 生成。\n\
         # 金额单位：{}。合计、小计、占比和增减由 yusuan 计算，不在这里填写。\n\n",
        budget.unit.name,
        budget.unit.year,
        from.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        budget.amount_unit.name()
    );
    out.push_str(&text);
    Ok(out)
}

/// The value without its empty (`null`) entries: an absent optional field reads the same.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_out_has_plain_amounts_and_quoted_codes() {
        let budget: Budget = serde_yaml::from_str(crate::base::resources::REFERENCE_DATA).unwrap();
        let text = to_yaml(&budget, Path::new("x.xlsx")).unwrap();
        assert!(text.contains("  basic: 4675.21\n"), "{text}");
        assert!(text.contains("code: '303016'"), "{text}");
        assert!(!text.contains("null"), "{text}");
        let back: Budget = serde_yaml::from_str(&text).unwrap();
        assert_eq!(to_yaml(&back, Path::new("x.xlsx")).unwrap(), text);
    }
}
