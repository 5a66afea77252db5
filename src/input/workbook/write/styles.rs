//! The cell formats of the data workbook, in the office's table font.

use super::*;
use crate::base::typography::Role;

/// The cell formats.
pub(super) struct Styles {
    pub(super) header: Format,
    pub(super) label: Format,
    pub(super) text: Format,
    pub(super) long_text: Format,
    pub(super) amount: Format,
    pub(super) code: Format,
    pub(super) integer: Format,
    pub(super) number: Format,
    pub(super) guide_title: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name(Role::Table.office_font())
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            header: cell
                .clone()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            label: cell.clone().set_bold().set_background_color("#F2F2F2"),
            text: cell.clone().set_num_format("@"),
            long_text: cell.clone().set_num_format("@").set_text_wrap(),
            amount: cell.clone().set_num_format("#,##0.00"),
            code: cell.clone().set_num_format("@"),
            integer: cell.clone().set_num_format("0"),
            number: cell.clone(),
            guide_title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_name(Role::Table.office_font()),
        }
    }

    pub(super) fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Amount => &self.amount,
            Kind::Code(_) | Kind::FunctionCode => &self.code,
            Kind::Integer => &self.integer,
            Kind::LongText => &self.long_text,
            _ => &self.text,
        }
    }
}
