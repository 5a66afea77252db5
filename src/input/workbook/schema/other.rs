//! The other sheets: 其他事项, the 整体绩效 sheets (2024 on), 扩展数据.

use super::Kind::*;
use super::*;

/// The sheet “其他事项”.
pub const OTHER: Sheet = Sheet {
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
};

/// The sheet “整体绩效任务”.
pub const UNIT_TASKS: Sheet = Sheet {
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
};

/// The sheet “整体绩效目标”.
pub const UNIT_GOALS: Sheet = Sheet {
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
};

/// The sheet “整体绩效指标”.
pub const UNIT_INDICATORS: Sheet = Sheet {
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
};

/// The sheet “扩展数据”.
pub const EXTRA: Sheet = Sheet {
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
};
