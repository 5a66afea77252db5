//! The narrative: the minijinja templates of each profile's parts (`templates/profiles/<name>/
//! narrative/`), filled from the model and rendered once into plain blocks that every renderer
//! shares.
//!
//! Templates mark headings with `h1(...)`/`h2(...)`; those calls emit control characters that a
//! value from the data can never contain (the formatter strips them from values), so text typed
//! by a user can never turn into a heading or split a paragraph.

use crate::classification::Catalogue;
use crate::figures::{class_code, Change, Figures};
use crate::model::Budget;
use crate::money::{format_amount, format_share, Money};
use crate::texts::Texts;
use anyhow::{Context, Result};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use rust_decimal::Decimal;
use serde::Serialize;

/// The narrative's blocks are the document's: headings and paragraphs.
pub use crate::document::Block;

/// The narrative parts of a booklet, in the profile's order.
#[derive(Debug, Clone)]
pub struct Narrative {
    /// Each part's blocks.
    pub parts: Vec<Vec<Block>>,
}

const MARK: char = '\u{1}';
const FIELD: char = '\u{1f}';

/// The minijinja environment with the narrative templates, loaded and parsed once per run.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Parses the narrative templates, given as (name, source, origin): the name they are
    /// rendered by, and where they come from, for messages.
    pub fn parse(parts: &[(String, String, String)]) -> Result<Templates> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_keep_trailing_newline(true);
        env.set_formatter(|out, state, value| {
            if value.is_safe() {
                minijinja::escape_formatter(out, state, value)
            } else {
                out.write_str(&sanitize(&value.to_string()))?;
                Ok(())
            }
        });
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.add_function("h1", |text: String, kwargs: Kwargs| {
            heading(1, text, kwargs)
        });
        env.add_function("h2", |text: String, kwargs: Kwargs| {
            heading(2, text, kwargs)
        });
        env.add_function(
            "share",
            |part: Value, whole: Value| -> Result<String, Error> {
                Ok(format_share(decimal(&part)?, decimal(&whole)?).unwrap_or_else(|| "—".into()))
            },
        );
        env.add_function(
            "change",
            |current: Value, previous: Value| -> Result<Value, Error> {
                let change = Change::between(Money(decimal(&current)?), Money(decimal(&previous)?));
                Ok(Value::from_serialize(ChangeView {
                    level: change.direction() == crate::figures::Direction::Level,
                    direction: change.direction().word(),
                    trend: change.direction().trend(),
                    amount: change.amount(),
                    size: Money(change.delta.abs()),
                    rate: change.rate.clone(),
                }))
            },
        );
        // The exact sum of amounts (amounts reach templates as decimal strings, which `+` would
        // join as text).
        env.add_function(
            "sum_of",
            |values: minijinja::value::Rest<Value>| -> Result<Value, Error> {
                let mut total = Money::ZERO;
                for value in values.iter() {
                    total = total + Money(decimal(value)?);
                }
                Ok(Value::from_serialize(total))
            },
        );
        // An amount rounded to the 万元 with two decimals, as printed: booklets that work out a
        // rate from the printed amounts (Shanghai's) pass them through this first.
        env.add_filter("rounded", |value: Value| -> Result<Value, Error> {
            Ok(Value::from_serialize(Money(crate::money::round_half_up(
                decimal(&value)?,
                2,
            ))))
        });
        env.add_filter("wan", |value: Value| -> Result<String, Error> {
            Ok(format_amount(decimal(&value)?))
        });
        // 万元 as Shanghai's text prints it: a whole amount without decimals (`50`, `99.50`).
        env.add_filter("wan_short", |value: Value| -> Result<String, Error> {
            let format = crate::money::AmountFormat {
                whole_without_decimals: true,
                ..crate::money::AmountFormat::default()
            };
            Ok(format.show(Money(decimal(&value)?)))
        });
        env.add_test("zero", |value: Value| -> Result<bool, Error> {
            Ok(decimal(&value)?.is_zero())
        });
        let mut templates = Templates { env };
        templates.add(parts)?;
        Ok(templates)
    }

    /// Adds templates, given as [`Templates::parse`] takes them (a profile given as a folder).
    pub fn add(&mut self, parts: &[(String, String, String)]) -> Result<()> {
        for (name, source, origin) in parts {
            self.env
                .add_template_owned(name.clone(), source.clone())
                .with_context(|| format!("正文模板 {origin} 有语法错误"))?;
        }
        Ok(())
    }

    /// Renders the parts `names` (template names given to [`Templates::parse`]) for one unit.
    pub fn render(
        &self,
        names: &[String],
        budget: &Budget,
        figures: &Figures,
        texts: &Texts,
        catalogue: Option<&Catalogue>,
    ) -> Result<Narrative> {
        let context =
            Value::from_serialize(TemplateContext::new(budget, figures, texts, catalogue));
        let parts = names
            .iter()
            .map(|name| -> Result<Vec<Block>> {
                let template = self.env.get_template(name)?;
                let text = template
                    .render(&context)
                    .map_err(|error| anyhow::anyhow!("模板 {name} 渲染失败：{error:#}"))?;
                Ok(blocks(&text))
            })
            .collect::<Result<_>>()?;
        Ok(Narrative { parts })
    }
}

/// What `change(current, previous)` gives a template.
#[derive(Serialize)]
struct ChangeView {
    /// No change (templates test `c.level` rather than compare words).
    level: bool,
    direction: &'static str,
    trend: &'static str,
    amount: String,
    /// The absolute change as an exact amount (for `wan_short`).
    size: Money,
    rate: Option<String>,
}

/// The template context: the data as typed, plus the derived figures templates need.
#[derive(Serialize)]
struct TemplateContext<'a> {
    #[serde(flatten)]
    budget: &'a Budget,
    /// 主要职责 as paragraphs, however the data gave them.
    duties: &'a [String],
    figures: &'a Figures,
    general_public: crate::figures::Split,
    government_fund: crate::figures::Split,
    general_public_classes: Vec<ClassAmount>,
    three_public_total: ThreePublicTotals,
    /// The 功能分类 lines as stated, grouped by 类 and 款 in code order, with the year's names.
    function_classes: Vec<FunctionGroup<'a>>,
}

/// A 类 or 款 with its name and what is under it.
#[derive(Serialize)]
struct FunctionGroup<'a> {
    code: String,
    name: String,
    /// The 款 under a 类.
    items: Vec<FunctionGroup<'a>>,
    /// The 项 lines under a 款.
    lines: Vec<&'a crate::model::FunctionLine>,
}

#[derive(Serialize)]
struct ClassAmount {
    code: String,
    name: String,
    /// The name without its trailing 支出, as in “社会保障和就业（类）支出”.
    short_name: String,
    amount: Money,
}

#[derive(Serialize)]
struct ThreePublicTotals {
    current: Money,
    previous: Money,
    vehicles: Money,
}

impl<'a> TemplateContext<'a> {
    fn new(
        budget: &'a Budget,
        figures: &'a Figures,
        texts: &Texts,
        catalogue: Option<&Catalogue>,
    ) -> Self {
        use crate::model::Fund;
        let general_public_classes = figures
            .general_public_by_class
            .iter()
            .map(|(code, split)| {
                // The year's official name; without a catalogue, the summary table's label.
                let name = catalogue
                    .and_then(|c| c.functions.get(class_code(code)).cloned())
                    .or_else(|| {
                        texts
                            .expenditure_classes
                            .iter()
                            .find(|class| class.code == class_code(code))
                            .map(|class| class.summary.clone())
                    })
                    .unwrap_or_default();
                ClassAmount {
                    code: code.clone(),
                    short_name: name.strip_suffix("支出").unwrap_or(&name).to_string(),
                    name,
                    amount: split.total(),
                }
            })
            .collect();
        let name = |code: &str| {
            catalogue
                .and_then(|c| c.functions.get(code).cloned())
                .unwrap_or_default()
        };
        let mut function_classes: Vec<FunctionGroup> = Vec::new();
        let mut lines: Vec<&crate::model::FunctionLine> = budget.functions.iter().collect();
        lines.sort_by(|a, b| a.code.cmp(&b.code));
        for line in lines {
            let class = line.code.get(..3).unwrap_or(&line.code);
            let item = line.code.get(..5).unwrap_or(&line.code);
            if function_classes.last().is_none_or(|c| c.code != class) {
                function_classes.push(FunctionGroup {
                    code: class.to_string(),
                    name: name(class),
                    items: Vec::new(),
                    lines: Vec::new(),
                });
            }
            let group = function_classes.last_mut().expect("just pushed");
            if group.items.last().is_none_or(|i| i.code != item) {
                group.items.push(FunctionGroup {
                    code: item.to_string(),
                    name: name(item),
                    items: Vec::new(),
                    lines: Vec::new(),
                });
            }
            group
                .items
                .last_mut()
                .expect("just pushed")
                .lines
                .push(line);
        }
        let three = &budget.three_public;
        TemplateContext {
            function_classes,
            budget,
            duties: &budget.overview.duties.paragraphs,
            figures,
            general_public: figures.fund(Fund::GeneralPublic),
            government_fund: figures.fund(Fund::GovernmentFund),
            general_public_classes,
            three_public_total: ThreePublicTotals {
                current: three.current.total(),
                previous: three.previous.total(),
                vehicles: three.current.vehicles(),
            },
        }
    }
}

fn heading(level: u8, text: String, kwargs: Kwargs) -> Result<Value, Error> {
    let toc: Option<String> = kwargs.get("toc")?;
    kwargs.assert_all_used()?;
    Ok(Value::from_safe_string(format!(
        "{MARK}{level}{FIELD}{}{FIELD}{}{MARK}",
        sanitize(&text),
        toc.as_deref().map(sanitize).unwrap_or_default()
    )))
}

/// An amount handed to a filter: a serialized [`Money`] (a decimal string) or a plain number.
fn decimal(value: &Value) -> Result<Decimal, Error> {
    let text = value.to_string();
    Decimal::from_str_exact(text.trim())
        .map_err(|_| Error::new(ErrorKind::InvalidOperation, format!("“{text}”不是金额")))
}

/// A value from the data as it may appear in running text: control characters removed, and
/// line breaks joined the way [`join_lines`] joins them.
fn sanitize(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    join_lines(&cleaned)
}

/// Joins wrapped lines into one: no space between Chinese characters (a space there would
/// print), one space between two Latin words.
pub fn join_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let needs_space = matches!(
            (out.chars().last(), line.chars().next()),
            (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
        );
        if needs_space {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Splits rendered template text into blocks at blank lines; marked blocks are headings.
fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let chunk = std::mem::take(current);
        let mut rest = chunk.trim();
        // A heading mark may share its chunk with text when a template leaves out a blank line.
        while let Some(start) = rest.find(MARK) {
            let before = rest[..start].trim();
            if !before.is_empty() {
                blocks.push(Block::Paragraph {
                    text: join_lines(before),
                });
            }
            let after = &rest[start + 1..];
            let end = after.find(MARK).unwrap_or(after.len());
            let mut fields = after[..end].split(FIELD);
            let level = fields.next().and_then(|l| l.parse().ok()).unwrap_or(1);
            let text = fields.next().unwrap_or_default().to_string();
            let toc = fields.next().filter(|t| !t.is_empty()).map(str::to_string);
            blocks.push(Block::Heading { level, text, toc });
            rest = after.get(end + 1..).unwrap_or_default().trim();
        }
        if !rest.is_empty() {
            blocks.push(Block::Paragraph {
                text: join_lines(rest),
            });
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current);
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    flush(&mut current);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_lines_join_without_spaces_latin_words_with_one() {
        assert_eq!(
            join_lines("收入总计\n  11,436.06万元"),
            "收入总计11,436.06万元"
        );
        assert_eq!(join_lines("PDF\nfiles"), "PDF files");
    }

    #[test]
    fn blocks_split_at_blank_lines_and_find_headings() {
        let text =
            format!("{MARK}1{FIELD}一、职责{FIELD}一、主要{MARK}\n\n第一行\n第二行\n\n\n第二段\n");
        assert_eq!(
            blocks(&text),
            vec![
                Block::Heading {
                    level: 1,
                    text: "一、职责".into(),
                    toc: Some("一、主要".into())
                },
                Block::Paragraph {
                    text: "第一行第二行".into()
                },
                Block::Paragraph {
                    text: "第二段".into()
                },
            ]
        );
    }

    #[test]
    fn values_cannot_forge_headings_or_paragraph_breaks() {
        let forged = format!("甲\n\n{MARK}1{FIELD}伪造{MARK}乙");
        assert_eq!(sanitize(&forged), "甲1伪造乙");
    }
}
