//! Renderers of the document model. Each output format is one module.

pub mod docx;
pub mod typst;
