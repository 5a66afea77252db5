//! The rules data is checked against, each with a short id (`C03`) that diagnostics print and
//! the README's table explains, and a one-line summary for `yusuan rules`.

use std::fmt;

macro_rules! rules {
    ($($id:ident => $summary:literal,)*) => {
        /// A rule the data is checked against.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = $summary]
                $id,
            )*
        }

        impl Rule {
            /// Every rule, in id order.
            pub const ALL: &'static [Rule] = &[$(Rule::$id),*];

            /// The id diagnostics print, such as `C03`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Rule::$id => stringify!($id),)*
                }
            }

            /// What the rule checks, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Rule::$id => $summary,)*
                }
            }
        }
    };
}

rules! {
    B01 => "收入总计等于支出总计",
    B02 => "“其中：财政拨款”不大于一般公共预算",
    B03 => "政府性基金、国有资本经营预算收支各自平衡",
    C01 => "收入总计控制数等于各项收入之和",
    C02 => "支出总计控制数等于功能分类支出之和",
    C03 => "基本支出控制数等于功能分类基本支出之和",
    C04 => "人员经费控制数等于工资福利与对个人和家庭的补助之和",
    C05 => "公用经费控制数等于商品和服务与资本性支出之和",
    C06 => "项目支出控制数等于各项目之和",
    C07 => "“三公”经费合计控制数等于各项之和",
    D01 => "功能分类、项目、经济分类或绩效目标没有重复",
    E01 => "部门预算经济分类名称与当年科目一致",
    E02 => "政府预算经济分类名称与当年科目一致",
    E03 => "经济分类编码为5位，基本支出在301/302/303/310之下",
    E04 => "打印政府预算经济分类的表需要每行的 gov_code 和 gov_name",
    F01 => "每个功能分类类在汇总表中有一行",
    F02 => "功能分类名称与当年科目一致",
    F03 => "功能分类编码为7位",
    F04 => "表中印小计行的类、款在当年分类科目中有名称",
    G01 => "每个字符都有字体能排",
    H01 => "部门文件所列的单位数据文件存在，且没有错误",
    H02 => "一个单位在部门中只列一次，也不列在两个部门中",
    H03 => "部门的各单位与部门是同一预算年度",
    H04 => "部门的各单位使用同一种格式，部门使用部门预算的格式",
    H05 => "同一编码在部门的各单位中名称相同",
    H06 => "单位数据写明的主管部门与所在部门一致",
    H07 => "部门的科目说明与各单位有支出的功能分类科目一一对应，每个科目一条",
    H08 => "部门文件写明的个数、金额（extra）与各单位之和一致",
    H09 => "部门的本部列在各单位之前",
    J01 => "整体绩效目标的年度主要任务之和等于支出总计",
    J02 => "打印整体绩效目标表时需要 unit_performance",
    K01 => "编码在当年分类科目中（或当年没有分类科目）",
    M01 => "数据所写的 profile 存在",
    M02 => "预算书格式适用于数据的预算年度",
    M03 => "格式文件的 YAML、字段和取值正确",
    M04 => "格式的列、行来源、注释和文字彼此一致",
    M05 => "extends 所继承的格式存在、不绕回自己，所改的表存在",
    N01 => "与上年相比有增减时写明原因",
    P01 => "项目的功能分类编码列在 functions 中",
    P02 => "每个绩效目标对应一个项目",
    P03 => "项目缺少绩效目标",
    P04 => "成本指标不超过项目金额",
    P05 => "编报绩效目标的项目资金不超过项目支出",
    T01 => "没有占位文字（XX、××、待填写、TODO 等）",
    T02 => "文字中没有控制字符",
    T03 => "名称、指标等文字不为空",
    T04 => "文字中没有重复打了两遍的标点或词语",
    T05 => "文字中的年份是预算年度或上一年",
    T06 => "单位预算的文字不写“部门预算”",
    U01 => "发布日期是真实的日期",
    U02 => "编码为数字，单位编码在其部门编码之下",
    U03 => "单位名称可以用作文件夹和文件名",
    V01 => "本年预算安排购置车辆时有公务用车购置费",
    W01 => "控制数与明细合计相差在四舍五入尾差之内",
    W02 => "各科目说明的上年预算之和与上年收支总计相符",
    W03 => "本年收支总计与上年相差不到一百倍（金额单位没有写错）",
    X01 => "经济分类301等于功能分类工资福利支出",
    X02 => "经济分类303等于功能分类对个人和家庭的补助",
    X03 => "经济分类302等于功能分类商品和服务支出",
    X04 => "经济分类310等于功能分类资本性支出",
    X05 => "经济分类项目支出等于项目支出",
    X06 => "每项“三公”经费不小于对应的基本支出经济分类",
    Y01 => "数据文件不是空的",
    Y02 => "YAML 语法、字段、类型与金额格式正确",
    Y03 => "文件编码是 UTF-8",
    Y04 => "数据（展开别名后）不超过大小上限",
    Y05 => "没有还未填写（写着“待填写”）的数值",
    Y06 => "格式的正文要读的 extra 数据都已填写，作为金额印出的是金额",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Lets tests and callers compare a rule with its id as written (`rule == "C03"`).
impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_their_variant_names_and_compare_with_text() {
        assert_eq!(Rule::C03.code(), "C03");
        assert_eq!(Rule::C03.to_string(), "C03");
        assert!(Rule::X05 == "X05");
        assert!(Rule::X05 != "X06");
        assert_eq!(Rule::ALL.len(), 68);
        assert!(Rule::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_readme_explains_every_rule() {
        // The first column of the README's rule table names ids one by one (`F02, E01`) or as
        // ranges (`C01–C07`).
        let readme = include_str!("../../README.md");
        let table = &readme[readme.find("## Rules").expect("a Rules section")..];
        let mut explained = Vec::new();
        for row in table.lines().filter(|line| line.starts_with("| ")) {
            let ids = row.split('|').nth(1).unwrap_or_default();
            for id in ids.split(',').map(str::trim) {
                match id.split_once('–') {
                    Some((first, last)) => {
                        let letter = &first[..1];
                        let from: u8 = first[1..].parse().unwrap_or(0);
                        let to: u8 = last[1..].parse().unwrap_or(0);
                        explained.extend((from..=to).map(|n| format!("{letter}{n:02}")));
                    }
                    None => explained.push(id.to_string()),
                }
            }
        }
        for rule in Rule::ALL {
            assert!(
                explained.iter().any(|id| rule == &id.as_str()),
                "README's rule table lacks {rule}"
            );
        }
    }
}
