//! The command line: `yusuan build DATA.yaml [-o DIR] [--format pdf|typst] [--font-path DIR]`.

use crate::diag::{self, Diagnostic};
use crate::load::SourceFile;
use crate::output::write_atomic;
use crate::pipeline::{default_templates_dir, Failure, Prepared, Toolkit};
use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ABOUT: &str = "yusuan（预算）：把预算单位的 YAML 数据排成年度《单位预算》公开文本（PDF）。";

const BUILD_HELP: &str = "\
读取一个单位的数据文件，先检查控制数与明细是否一致（有错误时不写任何文件），
再生成预算书，写入 DIR/<单位名称>/：

  --format all    PDF 和 DOCX（默认）
  --format pdf    <单位名称><年度>年单位预算.pdf（PDF/A-2b，带目录、书签和页码）
  --format docx   <单位名称><年度>年单位预算.docx（Word 文档：标题样式、目录域、横排表格分节）
  --format typst  typst/main.typ 和 typst/data.json：一个完整的 Typst 项目，
                  可以手工调整版式后用 typst 命令行编译成同样的 PDF：
                  typst compile --font-path templates/fonts --pdf-standard a-2b main.typ

字体：默认使用 templates/fonts 中随附的开源字体（Fandol）。单位自己有授权字体
（方正小标宋简体、黑体、楷体_GB2312、仿宋_GB2312、宋体）时，用 --font-path 指向
字体目录，按角色优先使用这些字体。

退出码：0 成功；1 数据有错误；2 用法、读写或排版错误。";

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(name = "yusuan", version, about = ABOUT)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成一个单位的预算书。
    #[command(long_about = BUILD_HELP)]
    Build(BuildArgs),
    /// 检查数据文件：列出所有错误和警告，不生成文件。
    #[command(long_about = VALIDATE_HELP)]
    Validate(ValidateArgs),
}

const VALIDATE_HELP: &str = "\
检查一个或多个单位数据文件：控制数与明细、各表之间的同一数字、科目编码与名称、
占位文字等（规则见 README）。列出全部问题（文件、行、列、字段、规则、应为与实为），
最后给出一行汇总。

退出码：0 没有错误（可以有警告）；1 有错误（--strict 时警告也算错误）；2 用法或读写错误。";

/// Options shared by the commands that read data.
#[derive(Debug, clap::Args)]
pub struct SharedArgs {
    /// 警告也视为错误
    #[arg(long)]
    pub strict: bool,
    /// 模板目录（默认为 templates/）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 政府收支分类科目表目录（默认为 data/classification/）
    #[arg(long, value_name = "DIR")]
    pub classification: Option<PathBuf>,
    /// 单位自有字体所在目录（可多次指定），优先于随附字体
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
}

impl SharedArgs {
    /// The toolkit these options describe.
    pub fn toolkit(&self) -> Result<Toolkit> {
        let templates = self.templates.clone().unwrap_or_else(default_templates_dir);
        let classification = self
            .classification
            .clone()
            .unwrap_or_else(crate::classification::default_dir);
        let mut toolkit = Toolkit::load(&templates, &classification, &self.font_paths)?;
        toolkit.strict = self.strict;
        Ok(toolkit)
    }
}

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// 单位数据文件（YAML），例如 data/xinxiang-shebao-2023.yaml
    pub data: PathBuf,
    /// 输出目录
    #[arg(
        short = 'o',
        long = "out",
        value_name = "DIR",
        default_value = "output"
    )]
    pub out: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::All)]
    pub format: Format,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// 数据文件（一个或多个）
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// PDF 和 DOCX
    All,
    /// PDF/A-2b
    Pdf,
    /// Word 文档（供编辑、审批）
    Docx,
    /// 可编辑的 Typst 项目（main.typ + data.json）
    Typst,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = match cli.command {
        Command::Build(args) => build(&args),
        Command::Validate(args) => validate(&args),
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("错误 error: {error:#}");
        ExitCode::from(2)
    })
}

/// Prints a file's diagnostics: to standard output when they are what was asked for
/// (`validate`), to standard error when they accompany other output (`build`).
fn report(source: &SourceFile, diagnostics: &[Diagnostic], to_stdout: bool) {
    if diagnostics.is_empty() {
        return;
    }
    let text = diag::render(&source.name(), &source.text, diagnostics);
    if to_stdout {
        print!("{text}");
    } else {
        eprint!("{text}");
    }
}

/// `yusuan build`.
fn build(args: &BuildArgs) -> Result<ExitCode> {
    let toolkit = args.shared.toolkit()?;
    let source = SourceFile::read(&args.data)?;
    let prepared = match toolkit.prepare(&source) {
        Ok(prepared) => prepared,
        Err(Failure::Data(diagnostics)) => {
            report(&source, &diagnostics, false);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("{}: {errors} 个错误，未生成任何文件。", source.name());
            return Ok(ExitCode::from(1));
        }
        Err(Failure::Other(error)) => return Err(error),
    };
    report(&source, &prepared.warnings, false);
    for path in write_outputs(&toolkit, &prepared, &args.out, args.format)? {
        println!("已生成 {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `yusuan validate`.
fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let toolkit = args.shared.toolkit()?;
    let (mut errors, mut warnings, mut unreadable) = (0, 0, 0);
    for path in &args.files {
        let source = match SourceFile::read(path) {
            Ok(source) => source,
            Err(error) => {
                eprintln!("错误 error: {error:#}");
                unreadable += 1;
                continue;
            }
        };
        let diagnostics = match toolkit.prepare(&source) {
            Ok(prepared) => prepared.warnings,
            Err(Failure::Data(diagnostics)) => diagnostics,
            Err(Failure::Other(error)) => return Err(error),
        };
        report(&source, &diagnostics, true);
        let file_errors = diagnostics.iter().filter(|d| d.is_error()).count();
        errors += file_errors;
        warnings += diagnostics.len() - file_errors;
        if diagnostics.is_empty() {
            println!("{}: 通过", source.name());
        }
    }
    println!(
        "检查了 {} 个文件：{errors} 个错误，{warnings} 个警告{}。",
        args.files.len(),
        if unreadable > 0 {
            format!("，{unreadable} 个文件无法读取")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::from(if unreadable > 0 {
        2
    } else if errors > 0 {
        1
    } else {
        0
    }))
}

/// The folder of one unit's outputs, and the file stem of its booklet.
pub fn unit_paths(out: &Path, prepared: &Prepared) -> (PathBuf, String) {
    let unit = &prepared.budget.unit;
    (
        out.join(&unit.name),
        format!("{}{}年单位预算", unit.name, unit.year),
    )
}

/// Renders and writes one unit's outputs; returns the paths written.
pub fn write_outputs(
    toolkit: &Toolkit,
    prepared: &Prepared,
    out: &Path,
    format: Format,
) -> Result<Vec<PathBuf>> {
    let (dir, stem) = unit_paths(out, prepared);
    match format {
        Format::Pdf | Format::Docx | Format::All => {
            // The DOCX 目录 shows the PDF's page numbers, so both come from one layout.
            let layout = toolkit.engine.layout(&prepared.document)?;
            let mut files = Vec::new();
            if format != Format::Docx {
                files.push((dir.join(format!("{stem}.pdf")), layout.pdf()?));
            }
            if format != Format::Pdf {
                let docx = crate::render::docx::render(
                    &prepared.document,
                    toolkit.engine.typography(),
                    &layout.toc_pages(),
                )?;
                files.push((dir.join(format!("{stem}.docx")), docx));
            }
            // Render everything first, then write: a failure leaves no partial set of files.
            for (path, bytes) in &files {
                write_atomic(path, bytes)?;
            }
            Ok(files.into_iter().map(|(path, _)| path).collect())
        }
        Format::Typst => {
            let project = dir.join("typst");
            let main = project.join("main.typ");
            let data = project.join("data.json");
            write_atomic(&data, &toolkit.engine.data_json(&prepared.document)?)?;
            write_atomic(&main, toolkit.engine.template().as_bytes())?;
            Ok(vec![main, data])
        }
    }
}
