//! The list sheets of expenditure: 支出功能分类, 支出经济分类, 项目, 绩效目标, “三公”经费.

use super::Kind::*;
use super::*;
use crate::model::{EconomicKind, Fund, ProjectType};

/// The 资金来源 column of the lists of lines.
const FUND: Field = field(
    "fund",
    "资金来源",
    Choice(Fund::CHOICES),
    true,
    "一般公共预算、政府性基金或国有资本经营预算（空白不当作一般公共预算：请选择）",
);

/// The 金额 column of a list whose lines state one amount.
const AMOUNT: Field = field("amount", "金额", Amount, true, "按“金额单位”");

/// The sheet “支出功能分类”.
pub const FUNCTIONS: Sheet = Sheet {
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
        FUND,
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
};

/// The sheet “支出经济分类”.
pub const ECONOMIC: Sheet = Sheet {
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
            Choice(EconomicKind::CHOICES),
            true,
            "基本支出或项目支出",
        ),
        FUND,
        AMOUNT,
    ],
};

/// The sheet “项目”.
pub const PROJECTS: Sheet = Sheet {
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
            Choice(ProjectType::CHOICES),
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
        FUND,
        AMOUNT,
    ],
};

/// The sheet “绩效目标”.
pub const GOALS: Sheet = Sheet {
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
};

/// The sheet ““三公”经费”.
pub const THREE_PUBLIC: Sheet = Sheet {
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
};
