//! The data workbook's sheets and columns: one list that the writer, the reader and the 说明
//! sheet all read, so a column is named, typed and explained in one place.
//!
//! Each column names the YAML path of its value (`unit.name`, or within a list's item
//! `wages`), so the workbook maps onto the same model as a YAML file, field by field.

/// What a cell holds, and so how it is written, checked and read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// Long text (职责, 说明): a wide column that wraps.
    LongText,
    /// An amount in the unit's amount unit: a number cell, `#,##0.00`.
    Amount,
    /// A code of digits, kept as text; `Some(n)` when it always has `n` digits.
    Code(Option<usize>),
    /// A 功能分类 code (7 digits), with a drop-down of the year's codes.
    FunctionCode,
    /// A whole number (a count, a year).
    Integer,
    /// 是 or 否.
    Bool,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A number or a text, kept as which it is (`extra:` values).
    Scalar,
    /// One of a closed list: (the value in the data, the label the sheet shows).
    Choice(&'static [(&'static str, &'static str)]),
}

impl Kind {
    /// How the 说明 sheet names it.
    pub fn describe(self) -> String {
        match self {
            Kind::Text => "文字".into(),
            Kind::LongText => "文字（可以很长）".into(),
            Kind::Amount => "金额（数字，按“金额单位”；不写千分位以外的符号）".into(),
            Kind::Code(Some(n)) => format!("{n} 位数字编码（文本格式，保留开头的 0）"),
            Kind::Code(None) => "数字编码（文本格式，保留开头的 0）".into(),
            Kind::FunctionCode => "7 位功能分类编码（下拉列表）".into(),
            Kind::Integer => "不小于 0 的整数".into(),
            Kind::Bool => "是 或 否".into(),
            Kind::Date => "日期，YYYY-MM-DD".into(),
            Kind::Scalar => "数字或文字".into(),
            Kind::Choice(choices) => format!(
                "下拉选择：{}",
                choices
                    .iter()
                    .map(|(_, label)| *label)
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        }
    }

    /// The label a value from the data shows as, for a choice.
    pub fn label_of(self, value: &str) -> Option<&'static str> {
        match self {
            Kind::Choice(choices) => choices.iter().find(|(v, _)| *v == value).map(|(_, l)| *l),
            _ => None,
        }
    }

    /// The value in the data a label stands for, for a choice (the value itself is accepted too).
    pub fn value_of(self, label: &str) -> Option<&'static str> {
        match self {
            Kind::Choice(choices) => choices
                .iter()
                .find(|(value, shown)| *shown == label || *value == label)
                .map(|(value, _)| *value),
            _ => None,
        }
    }
}

/// One column of a list sheet, or one row of a form sheet.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The YAML path of the value: absolute on a form sheet, within the item on a list sheet.
    pub path: &'static str,
    /// The header (list) or label (form) the sheet shows.
    pub label: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether it must be filled.
    pub required: bool,
    /// What to write there, for the 说明 sheet.
    pub help: &'static str,
}

const fn field(
    path: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    help: &'static str,
) -> Field {
    Field {
        path,
        label,
        kind,
        required,
        help,
    }
}

/// How a sheet lays its values out.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// One value a row: 项目 | 值 | 说明.
    Form,
    /// One item of the list at `root` a row, one field a column, headers in row 1.
    List {
        /// The list's YAML path.
        root: &'static str,
    },
    /// A list of texts at `root`, one a row (主要职责 paragraphs; 机构 names by kind).
    Texts {
        /// The list's YAML path.
        root: &'static str,
    },
    /// 机构设置: one office a row, with its kind.
    Offices,
    /// The project goals: one indicator a row, under its project's code.
    Goals,
    /// “三公”经费: one item a row, with this year's and last year's amount and the reason.
    ThreePublic,
    /// `extra:`: 名称 | 项 | 值.
    Extra,
}

/// One sheet of the data workbook.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// The sheet's name.
    pub name: &'static str,
    /// What it is for, for the 说明 sheet.
    pub purpose: &'static str,
    /// How it is laid out.
    pub shape: Shape,
    /// Whether every workbook must have it: the booklets report on what it holds, so a deleted
    /// sheet would print zeros and empty lists. The sheets of one format's data only are
    /// optional.
    pub required: bool,
    /// Its fields (form rows or list columns).
    pub fields: &'static [Field],
}

/// 资金来源.
pub const FUNDS: &[(&str, &str)] = &[
    ("general_public", "一般公共预算"),
    ("government_fund", "政府性基金"),
    ("state_capital", "国有资本经营预算"),
];

const UNITS: &[(&str, &str)] = &[("万元", "万元"), ("元", "元")];
const ECONOMIC_KINDS: &[(&str, &str)] = &[("basic", "基本支出"), ("project", "项目支出")];
const PROJECT_TYPES: &[(&str, &str)] =
    &[("其他运转类", "其他运转类"), ("特定目标类", "特定目标类")];

/// The project goal categories: the data's key and the label.
pub const GOAL_CATEGORIES: &[(&str, &str)] = &[
    ("cost", "成本指标"),
    ("output", "产出指标"),
    ("benefit", "效益指标"),
    ("satisfaction", "满意度指标"),
];

/// The “三公” items (key, label) and the key of the reason for the total.
pub const THREE_PUBLIC_ITEMS: &[(&str, &str)] = &[
    ("abroad", "因公出国（境）费"),
    ("reception", "公务接待费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
];

/// The name of the sheet that lists the drop-down values (hidden).
pub const LISTS_SHEET: &str = "下拉列表";

/// The name of the sheet that explains the others.
pub const GUIDE_SHEET: &str = "说明";

use Kind::*;

/// Every data sheet, in workbook order (after 说明).
pub const SHEETS: &[Sheet] = &[
    Sheet {
        name: "单位信息",
        required: true,
        purpose: "单位名称、代码、主管部门、年度、发布日期和预算书格式",
        shape: Shape::Form,
        fields: &[
            field(
                "unit.name",
                "单位名称",
                Text,
                true,
                "如 新乡市社会保险中心；也是输出文件夹和文件的名字",
            ),
            field(
                "unit.code",
                "单位代码",
                Code(None),
                true,
                "预算系统中的单位代码",
            ),
            field(
                "unit.department.code",
                "主管部门代码",
                Code(None),
                true,
                "单位代码以它开头",
            ),
            field(
                "unit.department.name",
                "主管部门名称",
                Text,
                true,
                "如 新乡市人力资源和社会保障局",
            ),
            field(
                "unit.fiscal_level",
                "本级财政",
                Text,
                true,
                "市级、区级或县级（名词解释中使用）",
            ),
            field("unit.year", "预算年度", Integer, true, "如 2023"),
            field(
                "unit.published",
                "发布日期",
                Date,
                true,
                "封面的年月，也是 PDF 的创建日期",
            ),
            field(
                "profile",
                "预算书格式",
                Text,
                false,
                "不填为 henan-2023；yusuan profiles 列出全部格式",
            ),
            field(
                "amount_unit",
                "金额单位",
                Choice(UNITS),
                true,
                "本工作簿中金额的单位：万元或元（必填：填错或空着，每个金额都会差一万倍）",
            ),
            field(
                "sample",
                "示例数据",
                Bool,
                false,
                "填“是”时封面和页脚标注“示例数据”",
            ),
        ],
    },
    Sheet {
        name: "主要职责",
        required: true,
        purpose: "第一部分 一、主要职责：一段一行；只有一行时按整段原文排",
        shape: Shape::Texts {
            root: "overview.duties",
        },
        fields: &[field(
            "",
            "职责（每段一行）",
            LongText,
            true,
            "一段职责原文",
        )],
    },
    Sheet {
        name: "机构设置",
        required: true,
        purpose: "第一部分 二、机构设置情况：内设机构和派出机构，一行一个",
        shape: Shape::Offices,
        fields: &[
            field(
                "kind",
                "机构类型",
                Choice(OFFICES),
                true,
                "内设机构或派出机构",
            ),
            field("name", "机构名称", Text, true, "如 办公室"),
        ],
    },
    Sheet {
        name: "控制数",
        required: true,
        purpose: "预算系统下达的控制数；yusuan 用明细重新计算，不一致时报告",
        shape: Shape::Form,
        fields: &[
            field(
                "control_totals.income_total",
                "收入总计",
                Amount,
                true,
                "控制数",
            ),
            field(
                "control_totals.expenditure_total",
                "支出总计",
                Amount,
                true,
                "控制数",
            ),
            field("control_totals.basic", "基本支出", Amount, true, "控制数"),
            field(
                "control_totals.personnel",
                "其中：人员经费",
                Amount,
                true,
                "控制数",
            ),
            field(
                "control_totals.public",
                "其中：公用经费",
                Amount,
                true,
                "控制数",
            ),
            field("control_totals.project", "项目支出", Amount, true, "控制数"),
            field(
                "control_totals.three_public",
                "“三公”经费合计",
                Amount,
                true,
                "控制数",
            ),
        ],
    },
    Sheet {
        name: "上年",
        required: true,
        purpose: "上年预算，用于计算增减额和增减率",
        shape: Shape::Form,
        fields: &[
            field("previous_year.total", "收支总计", Amount, true, "上年预算"),
            field(
                "previous_year.general_public",
                "一般公共预算收支",
                Amount,
                true,
                "上年预算",
            ),
            field(
                "previous_year.government_fund",
                "政府性基金收支",
                Amount,
                false,
                "上年预算",
            ),
            field(
                "previous_year.state_capital",
                "国有资本经营预算收支",
                Amount,
                false,
                "上年预算",
            ),
            field(
                "previous_year.change_reason",
                "增减原因",
                LongText,
                false,
                "收支总计有增减时写明原因",
            ),
        ],
    },
    Sheet {
        name: "收入",
        required: true,
        purpose: "本年收入，按来源；上年结转结余",
        shape: Shape::Form,
        fields: &[
            field(
                "income.general_public",
                "一般公共预算",
                Amount,
                false,
                "本年收入",
            ),
            field(
                "income.general_public_appropriation",
                "其中：财政拨款",
                Amount,
                false,
                "本年收入",
            ),
            field(
                "income.government_fund",
                "政府性基金",
                Amount,
                false,
                "本年收入",
            ),
            field(
                "income.state_capital",
                "国有资本经营预算",
                Amount,
                false,
                "本年收入",
            ),
            field(
                "income.special_account",
                "财政专户管理资金收入",
                Amount,
                false,
                "本年收入",
            ),
            field("income.business", "事业收入", Amount, false, "本年收入"),
            field(
                "income.operating",
                "事业单位经营收入",
                Amount,
                false,
                "本年收入",
            ),
            field(
                "income.superior_subsidy",
                "上级补助收入",
                Amount,
                false,
                "本年收入",
            ),
            field(
                "income.subordinate_remittance",
                "附属单位上缴收入",
                Amount,
                false,
                "本年收入",
            ),
            field("income.other", "其他收入", Amount, false, "本年收入"),
            field(
                "income.carryover.general_public",
                "上年结转：一般公共预算",
                Amount,
                false,
                "上年结转结余",
            ),
            field(
                "income.carryover.government_fund",
                "上年结转：政府性基金",
                Amount,
                false,
                "上年结转结余",
            ),
            field(
                "income.carryover.state_capital",
                "上年结转：国有资本经营预算",
                Amount,
                false,
                "上年结转结余",
            ),
            field(
                "income.carryover.special_account",
                "上年结转：财政专户管理资金",
                Amount,
                false,
                "上年结转结余",
            ),
            field(
                "income.carryover.unit_funds",
                "上年结转：单位资金",
                Amount,
                false,
                "上年结转结余",
            ),
        ],
    },
    Sheet {
        name: "支出功能分类",
        required: true,
        purpose:
            "支出功能分类项级科目，一行一个科目，及基本支出的经济性质拆分（项目支出由“项目”表汇总）",
        shape: Shape::List { root: "functions" },
        fields: &[
            field(
                "code",
                "科目编码",
                FunctionCode,
                true,
                "7 位项级科目编码，如 2080109",
            ),
            field(
                "name",
                "科目名称",
                Text,
                true,
                "当年政府收支分类科目中的名称",
            ),
            field(
                "fund",
                "资金来源",
                Choice(FUNDS),
                true,
                "一般公共预算、政府性基金或国有资本经营预算（空白不当作一般公共预算：请选择）",
            ),
            field("wages", "工资福利支出", Amount, false, "人员经费"),
            field(
                "family_subsidies",
                "对个人和家庭的补助",
                Amount,
                false,
                "人员经费",
            ),
            field(
                "goods_services",
                "商品和服务支出",
                Amount,
                false,
                "公用经费",
            ),
            field("capital", "资本性支出", Amount, false, "公用经费"),
            field(
                "project",
                "项目支出（不逐项列出时）",
                Amount,
                false,
                "只在不逐个列出项目时填写（如上海格式）",
            ),
            field(
                "explanation.previous",
                "说明：上年预算",
                Amount,
                false,
                "上海格式的科目说明；四项说明同填或同空",
            ),
            field(
                "explanation.previous_spent",
                "说明：上年执行数",
                Amount,
                false,
                "上海格式的科目说明",
            ),
            field(
                "explanation.purpose",
                "说明：主要用途",
                LongText,
                false,
                "上海格式的科目说明",
            ),
            field(
                "explanation.reason",
                "说明：增减原因",
                LongText,
                false,
                "上海格式的科目说明",
            ),
        ],
    },
    Sheet {
        name: "支出经济分类",
        required: true,
        purpose: "支出经济分类明细，一行一条：部门预算经济分类和政府预算经济分类",
        shape: Shape::List { root: "economic" },
        fields: &[
            field(
                "code",
                "部门经济分类编码",
                Code(Some(5)),
                true,
                "5 位款级编码，如 30101",
            ),
            field("name", "部门经济分类名称", Text, true, "如 基本工资"),
            field(
                "gov_code",
                "政府经济分类编码",
                Code(Some(5)),
                false,
                "5 位编码，如 50101",
            ),
            field(
                "gov_name",
                "政府经济分类名称",
                Text,
                false,
                "如 工资奖金津补贴",
            ),
            field(
                "kind",
                "支出类型",
                Choice(ECONOMIC_KINDS),
                true,
                "基本支出或项目支出",
            ),
            field(
                "fund",
                "资金来源",
                Choice(FUNDS),
                true,
                "一般公共预算、政府性基金或国有资本经营预算（空白不当作一般公共预算：请选择）",
            ),
            field("amount", "金额", Amount, true, "按“金额单位”"),
        ],
    },
    Sheet {
        name: "项目",
        required: true,
        purpose: "项目支出，一行一个项目；顺序即项目支出预算表的行序",
        shape: Shape::List { root: "projects" },
        fields: &[
            field(
                "code",
                "项目编码",
                Code(None),
                true,
                "预算系统中的项目编码（绩效目标表引用它）",
            ),
            field("name", "项目名称", Text, true, "项目名称"),
            field(
                "type",
                "项目类型",
                Choice(PROJECT_TYPES),
                true,
                "其他运转类或特定目标类",
            ),
            field(
                "function",
                "功能分类编码",
                FunctionCode,
                true,
                "项目所属的 7 位功能分类科目",
            ),
            field(
                "fund",
                "资金来源",
                Choice(FUNDS),
                true,
                "一般公共预算、政府性基金或国有资本经营预算（空白不当作一般公共预算：请选择）",
            ),
            field("amount", "金额", Amount, true, "按“金额单位”"),
        ],
    },
    Sheet {
        name: "绩效目标",
        required: true,
        purpose: "项目绩效目标：一行一个指标，写在它的项目编码下；项目的顺序即绩效目标表的行序",
        shape: Shape::Goals,
        fields: &[
            field(
                "project",
                "项目编码",
                Code(None),
                true,
                "“项目”表中的项目编码",
            ),
            field(
                "category",
                "指标类别",
                Choice(GOAL_CATEGORIES),
                false,
                "成本、产出、效益或满意度指标；项目没有指标时只填项目编码",
            ),
            field("name", "三级指标", Text, false, "如 资金使用合规率"),
            field("value", "指标值", Text, false, "如 100%"),
        ],
    },
    Sheet {
        name: "“三公”经费",
        required: true,
        purpose: "一般公共预算“三公”经费，本年与上年预算；有增减时写明原因",
        shape: Shape::ThreePublic,
        fields: &[
            field("item", "项目", Text, true, "固定的四项和合计，不要改动"),
            field("current", "本年预算", Amount, false, "按“金额单位”"),
            field("previous", "上年预算", Amount, false, "按“金额单位”"),
            field(
                "reason",
                "增减原因",
                LongText,
                false,
                "本项有增减时写明原因（合计一行写总的原因）",
            ),
        ],
    },
    Sheet {
        name: "其他事项",
        required: true,
        purpose: "政府采购预算和国有资产占用情况",
        shape: Shape::Form,
        fields: &[
            field(
                "procurement.goods",
                "政府采购：货物",
                Amount,
                true,
                "政府采购预算",
            ),
            field(
                "procurement.works",
                "政府采购：工程",
                Amount,
                true,
                "政府采购预算",
            ),
            field(
                "procurement.services",
                "政府采购：服务",
                Amount,
                true,
                "政府采购预算",
            ),
            field(
                "assets.vehicles.general",
                "一般公务用车（辆）",
                Integer,
                false,
                "上年期末",
            ),
            field(
                "assets.vehicles.law_enforcement",
                "一般执法执勤用车（辆）",
                Integer,
                false,
                "上年期末",
            ),
            field(
                "assets.vehicles.special",
                "特种专业技术用车（辆）",
                Integer,
                false,
                "上年期末",
            ),
            field(
                "assets.vehicles.other",
                "其他用车（辆）",
                Integer,
                false,
                "上年期末",
            ),
            field(
                "assets.general_equipment_over_500k",
                "单价50万元以上通用设备（台、套）",
                Integer,
                false,
                "上年期末",
            ),
            field(
                "assets.special_equipment_over_1m",
                "单位价值100万元以上专用设备（台、套）",
                Integer,
                false,
                "上年期末",
            ),
        ],
    },
    Sheet {
        name: "整体绩效任务",
        required: false,
        purpose: "整体绩效目标表（2024 年起的格式）：年度主要任务，一行一项",
        shape: Shape::List {
            root: "unit_performance.tasks",
        },
        fields: &[
            field("name", "任务名称", Text, true, "如 保障机构正常运转"),
            field("content", "主要内容", LongText, true, "任务的主要内容"),
            field("appropriation", "财政拨款", Amount, true, "按“金额单位”"),
            field("other", "其他资金", Amount, false, "按“金额单位”"),
        ],
    },
    Sheet {
        name: "整体绩效目标",
        required: false,
        purpose: "整体绩效目标表（2024 年起的格式）：年度总体目标",
        shape: Shape::Form,
        fields: &[field(
            "unit_performance.goal",
            "年度总体目标",
            LongText,
            false,
            "填写整体绩效目标表时必填",
        )],
    },
    Sheet {
        name: "整体绩效指标",
        required: false,
        purpose: "整体绩效目标表：年度绩效指标，一行一个",
        shape: Shape::List {
            root: "unit_performance.indicators",
        },
        fields: &[
            field("level1", "一级指标", Text, true, "如 产出指标"),
            field("level2", "二级指标", Text, true, "如 数量指标"),
            field("name", "三级指标", Text, true, "如 参保人数"),
            field("value", "指标值", Text, true, "如 ≥95%"),
        ],
    },
    Sheet {
        name: "扩展数据",
        required: false,
        purpose: "预算书格式需要而上面没有的数据（如上海格式的车辆分类）：名称、项、值",
        shape: Shape::Extra,
        fields: &[
            field("key", "名称", Text, true, "格式模板中 extra. 后面的名字"),
            field(
                "item",
                "项",
                Text,
                false,
                "列表中的一项（如车辆类别）；单个值不填",
            ),
            field(
                "value",
                "值",
                Scalar,
                true,
                "数字或文字；金额写成文字以保持精确",
            ),
        ],
    },
];

/// The 机构设置 sheet's two lists: (YAML path, label).
pub const OFFICES: &[(&str, &str)] = &[
    ("overview.internal_offices", "内设机构"),
    ("overview.dispatched_offices", "派出机构"),
];

/// Where the 整体绩效目标 lives; the sheets that fill it.
pub const UNIT_PERFORMANCE: &str = "unit_performance";

/// The sheet named `name`.
pub fn sheet(name: &str) -> Option<&'static Sheet> {
    SHEETS.iter().find(|sheet| sheet.name == name)
}
