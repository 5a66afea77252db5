//! The rows of the sheets of their own shape: goals one indicator a row, the “三公” items, the
//! `extra:` values.

use super::*;

/// The project goals, one indicator a row: code, category, name, value. A goal without
/// indicators keeps a row of its own with only the code.
pub(super) fn goal_rows(data: &Value) -> Result<Vec<Vec<Value>>> {
    let mut rows = Vec::new();
    for goal in get(data, "performance")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let code = get(goal, "project").cloned().unwrap_or(Value::Null);
        let before = rows.len();
        for (key, label) in GOAL_CATEGORIES {
            for indicator in get(goal, key)
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
            {
                let pair = indicator.as_sequence().filter(|pair| pair.len() == 2);
                let Some(pair) = pair else {
                    bail!("绩效目标 {key} 的指标应为 [三级指标, 指标值]");
                };
                rows.push(vec![
                    code.clone(),
                    Value::String((*label).into()),
                    pair[0].clone(),
                    pair[1].clone(),
                ]);
            }
        }
        if rows.len() == before {
            rows.push(vec![code, Value::Null, Value::Null, Value::Null]);
        }
    }
    Ok(rows)
}

/// “三公”经费: each item with this year's and last year's amount and its reason, then the
/// 合计 row's reason.
pub(super) fn three_public_rows(data: &Value) -> Result<Vec<Vec<Value>>> {
    let three = get(data, "three_public");
    let at = |path: &str| {
        three
            .and_then(|t| get(t, path))
            .cloned()
            .unwrap_or(Value::Null)
    };
    if let Some(reasons) = three
        .and_then(|t| get(t, "reasons"))
        .and_then(Value::as_mapping)
    {
        for key in reasons.keys() {
            let key = key.as_str().unwrap_or_default();
            if key != "total"
                && !crate::model::ThreePublicItem::CHOICES
                    .iter()
                    .any(|(k, _)| *k == key)
            {
                bail!("three_public.reasons 中的“{key}”不是“三公”经费的一项，工作簿无法表示");
            }
        }
    }
    let mut rows: Vec<Vec<Value>> = crate::model::ThreePublicItem::CHOICES
        .iter()
        .map(|(key, label)| {
            vec![
                Value::String((*label).into()),
                at(&format!("current.{key}")),
                at(&format!("previous.{key}")),
                at(&format!("reasons.{key}")),
            ]
        })
        .collect();
    rows.push(vec![
        Value::String("合计".into()),
        Value::Null,
        Value::Null,
        at("reasons.total"),
    ]);
    Ok(rows)
}

/// `extra:`: a single value on one row (名称, 值); a list of [项, 值] pairs one pair a row.
pub(super) fn extra_rows(data: &Value) -> Result<Vec<Vec<Value>>> {
    let mut rows = Vec::new();
    for (key, value) in get(data, "extra")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
    {
        let name = key.clone();
        match value {
            Value::Sequence(items) => {
                for item in items {
                    match item.as_sequence().map(Vec::as_slice) {
                        Some([label, value])
                            if text_of(label).is_some() && text_of(value).is_some() =>
                        {
                            rows.push(vec![name.clone(), label.clone(), value.clone()]);
                        }
                        _ => bail!(
                            "extra.{} 的每一项应为 [项, 值]，工作簿无法表示其他形式",
                            key.as_str().unwrap_or_default()
                        ),
                    }
                }
            }
            scalar if text_of(scalar).is_some() => {
                rows.push(vec![name, Value::Null, scalar.clone()]);
            }
            _ => bail!(
                "extra.{} 应为一个值或 [项, 值] 的列表，工作簿无法表示其他形式",
                key.as_str().unwrap_or_default()
            ),
        }
    }
    Ok(rows)
}
