//! The sheets of the unit itself: 单位信息, 主要职责, 机构设置.

use super::Kind::*;
use super::*;
use crate::model::money::DataUnit;

/// The sheet “单位信息”.
pub const UNIT: Sheet = Sheet {
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
            Choice(DataUnit::CHOICES),
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
        field(
            "unit.kind",
            "单位性质",
            Text,
            false,
            "行政单位、参公单位或事业单位（部门预算按性质列示各单位；事业单位没有机关运行经费）",
        ),
    ],
};

/// The sheet “主要职责”.
pub const DUTIES: Sheet = Sheet {
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
};

/// The sheet “机构设置”.
pub const OFFICES_SHEET: Sheet = Sheet {
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
};
