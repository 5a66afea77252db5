//! `yusuan build`: one unit's booklet.

use super::*;
use crate::app::department::DepartmentFailure;

pub(super) const BUILD_HELP: &str = "\
读取一个单位的数据文件（.yaml，或 .xlsx 数据工作簿），先检查控制数与明细是否一致
（有错误时不写任何文件），再生成预算书，写入 DIR/<单位名称>/。

给出部门文件（含 department: 和 units: 的 .yaml）时，读取它所列的各单位数据文件，
逐个检查，汇总成部门预算，写入 DIR/<部门名称>/<部门名称><年度>年部门预算.pdf 等：

  --format all    PDF、DOCX 和附表工作簿（默认）
  --format pdf    <单位名称><年度>年单位预算.pdf（PDF/A-2b，带目录、书签和页码）
  --format docx   <单位名称><年度>年单位预算.docx（Word 文档：标题样式、目录域、横排表格分节）
  --format xlsx   <单位名称><年度>年单位预算表.xlsx（附表：每张表一个工作表，金额为数字）
  --format typst  typst/main.typ 和 typst/data.json：一个完整的 Typst 项目，
                  可以手工调整版式后用 typst 命令行编译成同样的 PDF：
                  typst compile --font-path <字体目录> --pdf-standard a-2b main.typ
                  （字体目录：源代码的 templates/fonts，或单位自己的字体）

字体：默认使用程序内置的开源字体（Fandol，源代码中在 templates/fonts）。单位自己有授权字体
（方正小标宋简体、黑体、楷体_GB2312、仿宋_GB2312、宋体）时，用 --font-path 指向
字体目录，按角色优先使用这些字体。

退出码：0 成功；1 数据有错误；2 用法、读写或排版错误。";

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// 单位数据文件（YAML 或 Excel 数据工作簿），例如 data/xinxiang-shebao-2023.yaml；
    /// 或部门文件，例如 data/shanghai/sifaju/department.yaml
    pub data: PathBuf,
    /// Where and what to write.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// `yusuan build`.
pub fn build(args: &BuildArgs) -> Result<ExitCode> {
    let toolkit = args.shared.toolkit()?;
    let source = SourceFile::read(&args.data)?;
    if source.is_department() {
        return build_department(&toolkit, source, args);
    }
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
        outln!("已生成 {}", written.path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `yusuan build DEPT.yaml`: a department's booklet from its units' files.
fn build_department(toolkit: &Toolkit, source: SourceFile, args: &BuildArgs) -> Result<ExitCode> {
    let name = source.name();
    let department = match toolkit.prepare_department(source) {
        Ok(department) => department,
        Err(DepartmentFailure::Data(reports)) => {
            for report_of in &reports {
                report(&report_of.source, &report_of.diagnostics, false);
            }
            let errors = DepartmentFailure::errors(&reports);
            eprintln!("{name}: {errors} 个错误，未生成任何文件。");
            return Ok(ExitCode::from(1));
        }
        Err(DepartmentFailure::Other(error)) => return Err(error),
    };
    for report_of in &department.reports {
        report(&report_of.source, &report_of.diagnostics, false);
    }
    let engine = toolkit.engine()?;
    let written = write_outputs(
        &engine,
        &department.prepared,
        &args.output.out,
        args.output.format,
    )?;
    for file in written {
        outln!("已生成 {}", file.path.display());
    }
    outln!(
        "部门预算汇总了 {} 个单位：{}",
        department.units.len(),
        department
            .units
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join("、")
    );
    Ok(ExitCode::SUCCESS)
}
