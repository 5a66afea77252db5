//! `yusuan convert`: a data file to a data workbook and back, or a blank workbook.

use super::*;

pub(super) const CONVERT_HELP: &str = "\
把一个单位的数据文件转换为 Excel 数据工作簿，或反过来：
  yusuan convert data/单位.yaml 单位.xlsx     YAML → 工作簿（每部分数据一个工作表，含“说明”表）
  yusuan convert 单位.xlsx data/单位.yaml     工作簿 → YAML
  yusuan convert --blank 新单位.xlsx          生成空白工作簿，供新单位填写
工作簿也可以直接用于 validate、build 和 batch；出错时信息指出工作表和单元格（如 支出经济分类!G5）。
输入有错误时不写出文件，退出码为 1。输出文件已经存在时不覆盖它（填好的工作簿不会被空白的
替换），除非加 --force。

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
    /// 输出文件已存在时覆盖它
    #[arg(long)]
    pub force: bool,
    /// 政府收支分类科目表目录（工作簿中功能分类编码的下拉列表；默认使用内置科目表）
    #[arg(long, value_name = "DIR")]
    pub classification: Option<PathBuf>,
}

/// `yusuan convert`: YAML ↔ workbook, or a blank workbook.
pub fn convert(args: &ConvertArgs) -> Result<ExitCode> {
    let files = crate::base::resources::classification_files(args.classification.as_deref())?;
    let catalogues = crate::model::classification::Catalogues::parse(&files)?;
    let target = if args.blank {
        Some(args.input.as_path())
    } else {
        args.output.as_deref()
    };
    if let Some(target) = target.filter(|target| target.exists() && !args.force) {
        anyhow::bail!(
            "{} 已经存在，没有覆盖它（里面可能是填好的数据）：换一个文件名，或加 --force 覆盖",
            target.display()
        );
    }
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
            out!("{report}");
            eprintln!(
                "{} 有错误，没有写出 {}",
                args.input.display(),
                output.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}
