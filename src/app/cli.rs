//! The command line: `yusuan build DATA.yaml [-o DIR] [--format pdf|typst] [--font-path DIR]`.

use crate::app::output::write_outputs;
use crate::app::pipeline::{Failure, Toolkit};
use crate::input::diag::Diagnostic;
use crate::input::load::SourceFile;
use crate::render::Format;
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

const ABOUT: &str = "yusuan（预算）：把预算单位的数据（YAML 文件或 Excel 数据工作簿）排成年度《单位预算》公开文本：PDF、可编辑的 DOCX 和附表 XLSX。";

const BUILD_HELP: &str = "\
读取一个单位的数据文件（.yaml，或 .xlsx 数据工作簿），先检查控制数与明细是否一致
（有错误时不写任何文件），再生成预算书，写入 DIR/<单位名称>/：

  --format all    PDF、DOCX 和附表工作簿（默认）
  --format pdf    <单位名称><年度>年单位预算.pdf（PDF/A-2b，带目录、书签和页码）
  --format docx   <单位名称><年度>年单位预算.docx（Word 文档：标题样式、目录域、横排表格分节）
  --format xlsx   <单位名称><年度>年单位预算表.xlsx（附表：每张表一个工作表，金额为数字）
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
    /// 批量生成目录中所有单位的预算书（PDF、DOCX 和附表 XLSX）。
    #[command(long_about = BATCH_HELP)]
    Batch(BatchArgs),
    /// 列出内置的预算书格式（profile）及各自的表和行来源。
    #[command(long_about = PROFILES_HELP)]
    Profiles(ProfilesArgs),
    /// 数据文件与 Excel 数据工作簿互相转换（按扩展名：.yaml → .xlsx 或 .xlsx → .yaml）。
    #[command(long_about = CONVERT_HELP)]
    Convert(ConvertArgs),
    /// 列出数据检查规则：规则编号（如 C03）和它检查的内容。
    Rules,
    /// 生成 N 个合成的单位数据文件（用于性能测试）。
    #[command(hide = true)]
    Generate(GenerateArgs),
}

const BATCH_HELP: &str = "\
生成 DIR（默认 data/）中每个单位数据文件（*.yaml 和 *.xlsx 数据工作簿）的预算书，写入 OUT/<单位名称>/，
并写出 OUT/manifest.json（每个文件的大小、页数和 sha256）。多个单位并行生成；
某个单位出错不影响其他单位，它的错误在最后完整列出，退出码为 1，且不留下它的任何文件。

退出码：0 全部成功；1 有单位失败；2 用法或读写错误。";

/// Arguments of `batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// 数据目录
    #[arg(default_value = "data")]
    pub dir: PathBuf,
    /// 并行生成的单位数：默认或 0 为处理器核数；超过核数或单位数时按较小者
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    /// Where and what to write.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// Where and what `build` and `batch` write.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
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
}

const CONVERT_HELP: &str = "\
把一个单位的数据文件转换为 Excel 数据工作簿，或反过来：
  yusuan convert data/单位.yaml 单位.xlsx     YAML → 工作簿（每部分数据一个工作表，含“说明”表）
  yusuan convert 单位.xlsx data/单位.yaml     工作簿 → YAML
  yusuan convert --blank 新单位.xlsx          生成空白工作簿，供新单位填写
工作簿也可以直接用于 validate、build 和 batch；出错时信息指出工作表和单元格（如 支出经济分类!G5）。
输入有错误时不写出文件，退出码为 1。

退出码：0 成功；1 数据有错误；2 用法或读写错误。";

/// Arguments of `convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// 输入文件（.yaml 或 .xlsx）；与 --blank 一起使用时为要生成的空白工作簿
    pub input: PathBuf,
    /// 输出文件（.xlsx 或 .yaml）
    #[arg(required_unless_present = "blank")]
    pub output: Option<PathBuf>,
    /// 生成空白数据工作簿（不需要输入文件）
    #[arg(long)]
    pub blank: bool,
    /// 政府收支分类科目表目录（工作簿中功能分类编码的下拉列表；默认使用内置科目表）
    #[arg(long, value_name = "DIR")]
    pub classification: Option<PathBuf>,
}

const PROFILES_HELP: &str = "\
列出预算书格式（profile）：每种格式的名称、适用地区和年度、正文各部分和附件各表。
数据文件用 profile: 名称 选择格式（不写时为 henan-2023），--profile 名称或文件夹 则对
所有单位使用同一格式。要按新格式出书，复制 templates/profiles/ 中的一个格式文件夹，
修改其中的 profile.yaml，再用 --profile 文件夹 使用它。

--sources 另外列出每种行来源（rows: { source: … }）提供的数字名称（show: …）。";

/// Arguments of `profiles`.
#[derive(Debug, clap::Args)]
pub struct ProfilesArgs {
    /// 同时列出各行来源提供的数字
    #[arg(long)]
    pub sources: bool,
    /// 模板目录（默认使用程序内置的模板；目录结构同 templates/）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Arguments of the hidden `generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// 单位数
    pub count: usize,
    /// 写入的目录
    pub dir: PathBuf,
}

const VALIDATE_HELP: &str = "\
检查一个或多个单位数据文件（.yaml 或 .xlsx 数据工作簿）：控制数与明细、各表之间的同一数字、
科目编码与名称、占位文字等（规则见 yusuan rules 和 README）。列出全部问题（文件、行、列或
工作表和单元格、字段、规则、应为与实为），
最后给出一行汇总。

退出码：0 没有错误（可以有警告）；1 有错误（--strict 时警告也算错误）；2 用法或读写错误。";

/// Options shared by the commands that read data.
#[derive(Debug, clap::Args)]
pub struct SharedArgs {
    /// 警告也视为错误
    #[arg(long)]
    pub strict: bool,
    /// 模板目录（默认使用程序内置的模板；目录结构同 templates/）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 政府收支分类科目表目录（默认使用程序内置的科目表，同 data/classification/）
    #[arg(long, value_name = "DIR")]
    pub classification: Option<PathBuf>,
    /// 单位自有字体所在目录（可多次指定），优先于随附字体
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
    /// 预算书格式：内置格式的名称，或含 profile.yaml 的文件夹；对所有单位生效，优先于数据中的 profile:
    #[arg(long, value_name = "NAME|DIR")]
    pub profile: Option<String>,
}

impl SharedArgs {
    /// The toolkit these options describe.
    pub fn toolkit(&self) -> Result<Toolkit> {
        let mut toolkit = Toolkit::load(
            self.templates.as_deref(),
            self.classification.as_deref(),
            &self.font_paths,
        )?;
        toolkit.strict = self.strict;
        if let Some(profile) = &self.profile {
            toolkit.use_profile(profile)?;
        }
        Ok(toolkit)
    }
}

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// 单位数据文件（YAML），例如 data/xinxiang-shebao-2023.yaml
    pub data: PathBuf,
    /// Where and what to write.
    #[command(flatten)]
    pub output: OutputArgs,
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
        Command::Batch(args) => batch(&args),
        Command::Profiles(args) => profiles(&args),
        Command::Convert(args) => convert(&args),
        Command::Rules => {
            print!("{}", rules_listing());
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate(args) => generate(&args),
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
    let text = source.render(diagnostics);
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
    let engine = toolkit.engine()?;
    for written in write_outputs(&engine, &prepared, &args.output.out, args.output.format)? {
        println!("已生成 {}", written.path.display());
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

/// `yusuan batch`.
fn batch(args: &BatchArgs) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let started = std::time::Instant::now();
    let toolkit = args.shared.toolkit()?;
    let files = crate::app::batch::unit_files(&args.dir)?;
    for owner in crate::app::batch::owner_files(&args.dir) {
        eprintln!(
            "注意 note: 跳过 {}：Excel 或 WPS 正打开着同名的工作簿（以 ~$ 开头的是它们的临时文件，不是数据）；读到的是工作簿最后一次保存的内容",
            owner.display()
        );
    }
    if files.is_empty() {
        anyhow::bail!("{} 中没有数据文件（*.yaml 或 *.xlsx）", args.dir.display());
    }
    let (jobs, note) = crate::app::batch::effective_jobs(args.jobs, files.len());
    if let Some(note) = note {
        eprintln!("注意 note: {note}");
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |outcome: &crate::app::batch::UnitOutcome| {
        let name = outcome
            .unit
            .clone()
            .unwrap_or_else(|| outcome.source.display().to_string());
        let status = if outcome.failure.is_none() {
            "成功"
        } else {
            "失败"
        };
        match &bar {
            Some(bar) => {
                bar.set_message(format!("{name} {status}"));
                bar.inc(1);
            }
            None => eprintln!(
                "{name}: {status}（{:.2} 秒）",
                outcome.elapsed.as_secs_f64()
            ),
        }
    };
    let engine = toolkit.engine()?;
    let outcomes = crate::app::batch::run(
        &toolkit,
        &engine,
        &files,
        &args.output.out,
        args.output.format,
        jobs,
        &progress,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    crate::app::staged::write_one(
        &args.output.out.join("manifest.json"),
        &crate::app::batch::manifest(&outcomes, &args.output.out)?,
    )?;
    let failed: Vec<_> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for outcome in &failed {
        eprintln!("—— {} ——", outcome.source.display());
        eprint!("{}", outcome.failure.as_deref().unwrap_or_default());
    }
    print!("{}", crate::app::batch::summary(&outcomes));
    println!(
        "共 {} 个单位：{} 个成功，{} 个失败；用时 {:.2} 秒（{jobs} 个并行）。清单：{}",
        outcomes.len(),
        outcomes.len() - failed.len(),
        failed.len(),
        started.elapsed().as_secs_f64(),
        args.output.out.join("manifest.json").display()
    );
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The hidden `yusuan generate N DIR`: N valid units for benchmarks, each the reference unit's
/// data under its own name and code.
fn generate(args: &GenerateArgs) -> Result<ExitCode> {
    let text = crate::base::resources::REFERENCE_DATA;
    std::fs::create_dir_all(&args.dir)?;
    for n in 1..=args.count {
        let unit = format!("合成测试单位{n:04}");
        let data = text
            .replace("新乡市社会保险中心", &unit)
            .replacen("code: \"303016\"", &format!("code: \"303{n:03}\""), 1)
            .replacen("sample: false", "sample: true", 1);
        crate::app::staged::write_one(
            &args.dir.join(format!("unit-{n:04}.yaml")),
            data.as_bytes(),
        )?;
    }
    println!(
        "已生成 {} 个合成单位数据文件于 {}",
        args.count,
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `yusuan convert`: YAML ↔ workbook, or a blank workbook.
fn convert(args: &ConvertArgs) -> Result<ExitCode> {
    let files = crate::base::resources::classification_files(args.classification.as_deref())?;
    let catalogues = crate::model::classification::Catalogues::parse(&files)?;
    if args.blank {
        crate::app::convert::blank(&args.input, &catalogues)?;
        eprintln!("已生成空白数据工作簿 {}", args.input.display());
        return Ok(ExitCode::SUCCESS);
    }
    let output = args.output.as_deref().unwrap_or(&args.input);
    match crate::app::convert::convert(&args.input, output, &catalogues)? {
        crate::app::convert::Converted::Written => {
            eprintln!("已写出 {}", output.display());
            Ok(ExitCode::SUCCESS)
        }
        crate::app::convert::Converted::Refused(report) => {
            print!("{report}");
            eprintln!(
                "{} 有错误，没有写出 {}",
                args.input.display(),
                output.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// `yusuan rules`: each rule's id and what it checks, one a line.
pub fn rules_listing() -> String {
    crate::input::rule::Rule::ALL
        .iter()
        .map(|rule| format!("{rule}  {}\n", rule.summary()))
        .collect()
}

/// `yusuan profiles`: the profiles, their parts and tables, and with `--sources` the figures
/// each row source provides.
fn profiles(args: &ProfilesArgs) -> Result<ExitCode> {
    let files = match &args.templates {
        Some(dir) => crate::base::resources::TemplateFiles::read(dir)?,
        None => crate::base::resources::TemplateFiles::builtin(),
    };
    let profiles = crate::profile::Profiles::load(files.profiles.as_deref())?;
    print!("{}", crate::app::listing::profiles(&profiles, args.sources));
    Ok(ExitCode::SUCCESS)
}
