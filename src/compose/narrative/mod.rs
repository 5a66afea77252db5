//! The narrative: the minijinja templates of each profile's parts (`templates/profiles/<name>/
//! narrative/`), filled from the model and rendered once into plain blocks that every renderer
//! shares.
//!
//! Text a template writes becomes paragraphs (split at blank lines); `h1(...)`/`h2(...)` append
//! a heading block where they are called ([`blocks`]), so a heading is never a mark in the text.
//! Values from the data are printed with their line breaks joined and control characters
//! removed, so text typed by a user can never split a paragraph. Amounts reach templates as
//! exact values ([`amount`]). Headings belong at a template's top level: a heading called inside
//! a macro or a `{% set %}` block would come before the text captured there.

pub mod amount;
mod blocks;
mod context;

use crate::base::file_name::BookletKind;
use crate::compute::consolidate::MemberView;
use crate::compute::figures::{Change, Figures};
use crate::model::classification::Catalogue;
use crate::model::money::{format_amount, format_percent, format_share, Money};
use crate::model::Budget;
use crate::profile::texts::Texts;
use amount::decimal;
use anyhow::{Context, Result};
pub use blocks::join_lines;
use blocks::sanitize;
use context::TemplateContext;
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

/// The narrative's blocks are the document's: headings and paragraphs.
pub use crate::compose::document::Block;

/// The narrative parts of a booklet, in the profile's order.
#[derive(Debug, Clone)]
pub struct Narrative {
    /// Each part's blocks.
    pub parts: Vec<Vec<Block>>,
}

/// The minijinja environment with the narrative templates, loaded and parsed once per run.
pub struct Templates {
    env: Environment<'static>,
    /// Where each template came from, by the name it is rendered by, for messages.
    origins: std::collections::HashMap<String, String>,
}

/// The top-level names of the template context: the data's own fields and the derived ones
/// [`TemplateContext`] adds.
fn context_names() -> Vec<&'static str> {
    let mut names = struct_fields::<Budget>().to_vec();
    names.extend([
        "duties",
        "figures",
        "general_public",
        "government_fund",
        "general_public_classes",
        "three_public_total",
        "function_classes",
        "units",
        "running_costs",
        "booklet",
    ]);
    names
}

/// The field names a struct deserializes, asked of its `Deserialize` impl: the fields the
/// data file may give are the names a template reads.
fn struct_fields<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{Error as _, Visitor};
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Probe<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Self::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(Self::Error::custom("fields read"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// The line (from 1) where `name` first stands as a name of its own in `source`.
fn line_of(source: &str, name: &str) -> usize {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    source
        .lines()
        .position(|line| {
            line.match_indices(name).any(|(at, _)| {
                !line[..at].ends_with(is_name) && !line[at + name.len()..].starts_with(is_name)
            })
        })
        .map_or(1, |index| index + 1)
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
                amount::template_value(&ChangeView {
                    level: change.direction() == crate::compute::figures::Direction::Level,
                    direction: change.direction().word(),
                    trend: change.direction().trend(),
                    amount: format_amount(change.size().value()),
                    size: change.size(),
                    rate: change.rate.map(format_percent),
                })
                .map_err(|error| Error::new(ErrorKind::InvalidOperation, error.to_string()))
            },
        );
        // The exact sum of amounts (amounts reach templates as decimal strings, which `+` would
        // join as text).
        env.add_function(
            "sum_of",
            |values: minijinja::value::Rest<Value>| -> Result<Value, Error> {
                let mut total = Money::ZERO;
                for value in values.iter() {
                    total += Money(decimal(value)?);
                }
                Ok(amount::value(total))
            },
        );
        // An amount rounded to the 万元 with two decimals, as printed: booklets that work out a
        // rate from the printed amounts (Shanghai's) pass them through this first.
        env.add_filter("rounded", |value: Value| -> Result<Value, Error> {
            Ok(amount::value(Money(crate::model::money::round_half_up(
                decimal(&value)?,
                2,
            ))))
        });
        env.add_filter("wan", |value: Value| -> Result<String, Error> {
            Ok(format_amount(decimal(&value)?))
        });
        // 万元 as Shanghai's text prints it: a whole amount without decimals (`50`, `99.50`).
        env.add_filter("wan_short", |value: Value| -> Result<String, Error> {
            let format = crate::model::money::AmountFormat {
                whole_without_decimals: true,
                ..crate::model::money::AmountFormat::default()
            };
            Ok(format.show(Money(decimal(&value)?)))
        });
        env.add_test("zero", |value: Value| -> Result<bool, Error> {
            Ok(decimal(&value)?.is_zero())
        });
        let mut templates = Templates {
            env,
            origins: std::collections::HashMap::new(),
        };
        templates.add(parts)?;
        Ok(templates)
    }

    /// Adds templates, given as [`Templates::parse`] takes them (a profile given as a folder).
    /// A syntax error, or a name that is neither in the template context nor one of the
    /// functions, is an error here, where the profile loads, naming the file and line: not
    /// when a unit is built.
    pub fn add(&mut self, parts: &[(String, String, String)]) -> Result<()> {
        let mut known: std::collections::BTreeSet<String> = context_names()
            .iter()
            .map(|name| name.to_string())
            .collect();
        known.extend(self.env.globals().map(|(name, _)| name.to_string()));
        for (name, source, origin) in parts {
            self.env
                .add_template_owned(name.clone(), source.clone())
                .with_context(|| format!("正文模板 {origin} 有语法错误"))?;
            let template = self.env.get_template(name)?;
            let mut unknown: Vec<String> = template
                .undeclared_variables(false)
                .into_iter()
                .filter(|variable| !known.contains(variable))
                .collect();
            unknown.sort();
            if let Some(variable) = unknown.first() {
                anyhow::bail!(
                    "正文模板 {origin} 第 {} 行：没有名为“{variable}”的数据或函数",
                    line_of(source, variable)
                );
            }
            self.origins.insert(name.clone(), origin.clone());
        }
        Ok(())
    }

    /// Renders the parts `names` (template names given to [`Templates::parse`]) for one
    /// booklet.
    pub fn render(&self, names: &[String], subject: &Subject) -> Result<Narrative> {
        let context = amount::template_value(&TemplateContext::new(
            subject.budget,
            subject.kind,
            subject.units,
            subject.figures,
            subject.texts,
            subject.catalogue,
        ))
        .context("正文模板的数据无法整理")?;
        let parts = names
            .iter()
            .map(|name| -> Result<Vec<Block>> {
                let template = self.env.get_template(name)?;
                let (rendered, blocks) =
                    blocks::collect(|out| template.render_captured_to(&context, out));
                let origin = self.origins.get(name).unwrap_or(name);
                rendered
                    .map_err(|error| anyhow::anyhow!("正文模板 {origin} 渲染失败：{error:#}"))?;
                Ok(blocks)
            })
            .collect::<Result<_>>()?;
        Ok(Narrative { parts })
    }
}

/// What a booklet's narrative is written of.
pub struct Subject<'a> {
    /// The booklet's data: a unit's, or a department's consolidated.
    pub budget: &'a Budget,
    /// A unit's booklet or a department's.
    pub kind: BookletKind,
    /// The units it covers, as it lists them.
    pub units: &'a [MemberView],
    /// Derived figures of `budget`.
    pub figures: &'a Figures,
    /// Shared texts.
    pub texts: &'a Texts,
    /// The year's classification.
    pub catalogue: Option<&'a Catalogue>,
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

/// Appends a heading to the narrative being rendered; prints nothing where it is called.
fn heading(level: u8, text: String, kwargs: Kwargs) -> Result<String, Error> {
    let toc: Option<String> = kwargs.get("toc")?;
    kwargs.assert_all_used()?;
    blocks::push_heading(Block::Heading {
        level,
        text: sanitize(&text),
        toc: toc.as_deref().map(sanitize).filter(|toc| !toc.is_empty()),
    })
    .map_err(|message| Error::new(ErrorKind::InvalidOperation, message))?;
    Ok(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders one template source with the narrative's functions and filters.
    fn render(source: &str) -> String {
        let templates = Templates::parse(&[("t".into(), source.into(), "测试".into())]).unwrap();
        let template = templates.env.get_template("t").unwrap();
        let (rendered, blocks) =
            blocks::collect(|out| template.render_captured_to(minijinja::context! {}, out));
        rendered.unwrap();
        blocks
            .into_iter()
            .map(|block| match block {
                Block::Paragraph { text } => text,
                Block::Heading { level, text, toc } => format!("h{level}:{text}:{toc:?}"),
                other => format!("{other:?}"),
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn filters_show_amounts_as_the_booklets_print_them() {
        assert_eq!(
            render("{{ 50 | wan_short }} {{ 99.5 | wan_short }} {{ 1234.567 | wan }}"),
            "50 99.50 1,234.57"
        );
        assert_eq!(render("{{ 1234.565 | rounded | wan }}"), "1,234.57");
        assert_eq!(render("{{ sum_of(1.1, 2.2) | wan }}"), "3.30");
        assert_eq!(render("{{ share(1, 3) }} {{ share(1, 0) }}"), "33.33% —");
        assert_eq!(
            render("{% if 0 is zero %}零{% endif %}{% if 1 is zero %}一{% endif %}"),
            "零"
        );
    }

    #[test]
    fn changes_say_their_direction_size_and_rate() {
        assert_eq!(
            render("{% set c = change(110, 100) %}{{ c.direction }}{{ c.amount }} {{ c.rate }} {{ c.level }} {{ c.size | wan_short }}"),
            "增加10.00 10.00% False 10"
        );
        assert_eq!(render("{{ change(5, 5).level }}"), "True");
    }

    #[test]
    fn headings_become_blocks_where_they_are_called() {
        assert_eq!(
            render("前言\n{{ h1(\"一、职责\", toc=\"一、主要职责\") }}\n正文{{ h2(\"（一）机构\") }}尾"),
            "前言|h1:一、职责:Some(\"一、主要职责\")|正文|h2:（一）机构:None|尾"
        );
    }
}
