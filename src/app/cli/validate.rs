//! `yusuan validate`: every problem of one or more data files, then a summary line.

use super::*;

pub(super) const VALIDATE_HELP: &str = "\
检查一个或多个单位数据文件（.yaml 或 .xlsx 数据工作簿；给出文件夹时检查其中所有数据文件）：控制数与明细、各表之间的同一数字、
科目编码与名称、占位文字等（规则见 yusuan rules 和 README）。列出全部问题（文件、行、列或
工作表和单元格、字段、规则、应为与实为），
最后给出一行汇总。

退出码：0 没有错误（可以有警告）；1 有错误（--strict 时警告也算错误）；2 用法或读写错误。";

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// 数据文件或文件夹（一个或多个）
    #[arg(required = true, value_name = "FILES|DIR")]
    pub files: Vec<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// `yusuan validate`.
pub fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let toolkit = args.shared.toolkit()?;
    let (mut errors, mut warnings, mut unreadable) = (0, 0, 0);
    let files = data_files(&args.files)?;
    for path in &files {
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
            outln!("{}: 通过", source.name());
        }
    }
    outln!(
        "检查了 {} 个文件：{errors} 个错误，{warnings} 个警告{}。",
        files.len(),
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

/// The files named, a folder standing for its data files as `batch` finds them: Windows' console
/// does not expand `data\*.yaml`, so `yusuan validate data` is how an office checks them all.
fn data_files(named: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in named {
        if path.is_dir() {
            for owner in crate::app::batch::owner_files(path) {
                eprintln!(
                    "注意 note: 跳过 {}：Excel 或 WPS 正打开着同名的工作簿（以 ~$ 开头的是它们的临时文件，不是数据）",
                    owner.display()
                );
            }
            files.extend(crate::app::batch::unit_files(path)?);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}
