//! The sheets of their own shape: performance goals with their indicators, the “三公” items,
//! the `extra` values.
use super::*;

impl Reading {
    /// The project goals: rows grouped by project code, in the order the codes first appear.
    /// As a 绩效目标表 is laid out, a row that leaves its 项目编码 or 指标类别 blank (or has them
    /// merged from above) continues the row above.
    pub(super) fn goals(&mut self, sheet: &'static Sheet, grid: &Grid) {
        let rows = self.rows(sheet, grid);
        let mut goals: Vec<Mapping> = Vec::new();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut above: Option<(Value, Value)> = None;
        for mut row in rows {
            let has_indicator = !row.values[2].is_null() || !row.values[3].is_null();
            if let Some((code, category)) = &above {
                if row.values[0].is_null() && (has_indicator || !row.values[1].is_null()) {
                    row.values[0] = code.clone();
                    if row.values[1].is_null() && has_indicator {
                        row.values[1] = category.clone();
                    }
                } else if row.values[1].is_null() && has_indicator && row.values[0] == *code {
                    row.values[1] = category.clone();
                }
            }
            above = Some((row.values[0].clone(), row.values[1].clone()));
            let fields = sheet.fields;
            let Some(code) = row.values[0].as_str().map(str::to_string) else {
                if !self.has_problem_at(&row.cells[0]) {
                    self.empty(&fields[0], row.cells[0].clone());
                }
                continue;
            };
            let index = match index_of.get(&code) {
                Some(index) => *index,
                None => {
                    let path = format!("performance[{}]", goals.len());
                    self.cells.insert(path.clone(), row.first.clone());
                    self.cells
                        .insert(format!("{path}.project"), row.cells[0].clone());
                    let mut goal = Mapping::new();
                    goal.insert("project".into(), Value::String(code.clone()));
                    goals.push(goal);
                    index_of.insert(code, goals.len() - 1);
                    goals.len() - 1
                }
            };
            if !has_indicator && row.values[1].is_null() {
                // A project listed without indicators.
                continue;
            }
            let mut complete = true;
            // 指标类别, 三级指标 and 指标值: an indicator needs all three.
            for (index, field) in fields.iter().enumerate().skip(1) {
                if row.values[index].is_null() {
                    complete = false;
                    if !self.has_problem_at(&row.cells[index]) {
                        self.empty(field, row.cells[index].clone());
                    }
                }
            }
            let (Some(category), true) = (row.values[1].as_str(), complete) else {
                continue;
            };
            let list = goals[index]
                .entry(category.into())
                .or_insert_with(|| Value::Sequence(Vec::new()));
            if let Value::Sequence(list) = list {
                let path = format!("performance[{index}].{category}[{}]", list.len());
                self.cells.insert(path.clone(), row.cells[2].clone());
                self.cells
                    .insert(format!("{path}[0]"), row.cells[2].clone());
                self.cells
                    .insert(format!("{path}[1]"), row.cells[3].clone());
                list.push(Value::Sequence(vec![
                    row.values[2].clone(),
                    row.values[3].clone(),
                ]));
            }
        }
        if !goals.is_empty() {
            let goals = goals.into_iter().map(Value::Mapping).collect();
            set(&mut self.root, "performance", Value::Sequence(goals));
        }
    }

    /// “三公”经费: the rows by their item's label.
    pub(super) fn three_public(&mut self, sheet: &'static Sheet, grid: &Grid) {
        set(
            &mut self.root,
            "three_public.current",
            Value::Mapping(Mapping::new()),
        );
        set(
            &mut self.root,
            "three_public.previous",
            Value::Mapping(Mapping::new()),
        );
        self.cells.insert("three_public", address(sheet.name, 0, 0));
        let Some(columns) = self.columns(sheet, grid) else {
            return;
        };
        let Some(label_column) = columns.of(0) else {
            return;
        };
        let mut seen: HashMap<&'static str, String> = HashMap::new();
        let rows = grid.rows_below(columns.top);
        self.unheaded(sheet, grid, columns.top, &rows);
        for row in rows {
            if self.full(sheet.name) {
                break;
            }
            let Some(label) = text(grid.get(row, label_column)) else {
                continue;
            };
            let here = address(sheet.name, row, label_column);
            let key = match crate::model::ThreePublicItem::CHOICES
                .iter()
                .find(|(_, l)| *l == label)
            {
                Some((key, _)) => *key,
                None if label == "合计" => "total",
                None => {
                    self.problem(
                        Diagnostic::error(Rule::Y02, "", format!("“{label}”不是“三公”经费的一项"))
                            .with_hint("“项目”列的四项和“合计”不要改动"),
                        here,
                    );
                    continue;
                }
            };
            if let Some(first) = seen.get(key) {
                let first = first.clone();
                let diagnostic = Diagnostic::error(
                    Rule::Y02,
                    format!("three_public.current.{key}"),
                    format!(
                        "工作表“{}”中“{label}”出现了两次（第 {} 行和第 {} 行）：不知道该用哪一行",
                        sheet.name,
                        row_of(&first),
                        row_of(&here)
                    ),
                )
                .with_hint("只保留一行，把另一行删除");
                self.twice(diagnostic, &first, here);
                continue;
            }
            seen.insert(key, here.clone());
            for (index, part) in [(1, "current"), (2, "previous"), (3, "reasons")] {
                let Some(c) = columns.of(index) else { continue };
                if key == "total" && part != "reasons" {
                    continue;
                }
                let path = format!("three_public.{part}.{key}");
                let cell = address(sheet.name, row, c);
                self.cells.insert(path.clone(), cell.clone());
                let field = &sheet.fields[index];
                if let Some(value) = self.value_at(field, grid, (row, c), &cell) {
                    set(&mut self.root, &path, value);
                }
            }
        }
    }

    /// `extra:`: 名称 with a value, or with 项 and 值 pairs. A pair's row that leaves its 名称
    /// blank (or merged) continues the list of the row above.
    pub(super) fn extra(&mut self, sheet: &'static Sheet, grid: &Grid) {
        let rows = self.rows(sheet, grid);
        let mut extra = Mapping::new();
        let mut list_above: Option<Value> = None;
        for mut row in rows {
            if row.values[0].is_null() && !row.values[1].is_null() {
                if let Some(key) = &list_above {
                    row.values[0] = key.clone();
                }
            }
            list_above = (!row.values[1].is_null()).then(|| row.values[0].clone());
            self.require(sheet, &row);
            let Some(key) = row.values[0].as_str().map(str::to_string) else {
                continue;
            };
            if row.values[2].is_null() {
                continue;
            }
            let path = format!("extra.{key}");
            self.cells.insert(path.clone(), row.cells[0].clone());
            let key = Value::String(key);
            if row.values[1].is_null() {
                self.cells.insert(path, row.cells[2].clone());
                extra.insert(key, row.values[2].clone());
            } else {
                let pair = Value::Sequence(vec![row.values[1].clone(), row.values[2].clone()]);
                let list = extra
                    .entry(key)
                    .or_insert_with(|| Value::Sequence(Vec::new()));
                if let Value::Sequence(list) = list {
                    self.cells
                        .insert(format!("{path}[{}]", list.len()), row.cells[1].clone());
                    list.push(pair);
                }
            }
        }
        if !extra.is_empty() {
            set(&mut self.root, "extra", Value::Mapping(extra));
        }
    }
}
