//! `yusuan next-year`: next year's data file from this year's.

use super::*;

pub(super) const NEXT_YEAR_HELP: &str = "\
用本年的数据文件生成下一年的数据文件：本年预算书印出的数字成为上年数（previous_year、“三公”
经费上年、各科目说明的上年预算），单位的文字照抄，年度和发布日期后移一年，并写明下一年适用的
预算书格式；下一年的每个金额写成“待填写”，validate 逐一列出它们所在的行（规则 Y05），填好以前
不会生成预算书，也就不会把没填的金额印成 0。

默认写到数据文件旁边以下一年命名的文件夹，文件名中的年份也换成下一年
（data/xinxiang-shebao-2023.yaml → data/2024/xinxiang-shebao-2024.yaml）：本年的 batch 和工作台
不会读到它，明年把这个文件夹当作新工作区的 data。不覆盖已有的文件。

退出码：0 已生成；1 本年数据有错误；2 用法或读写错误。";

/// Arguments of `next-year`.
#[derive(Debug, clap::Args)]
pub struct NextYearArgs {
    /// 本年的数据文件（YAML 或 Excel 数据工作簿）
    pub file: PathBuf,
    /// 下一年数据文件的路径（.yaml），或放它的文件夹
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// `yusuan next-year`.
pub fn next_year(args: &NextYearArgs) -> Result<ExitCode> {
    let toolkit = args.shared.toolkit()?;
    let source = SourceFile::read(&args.file)?.unit_only("next-year")?;
    let next = match crate::app::next_year::next_year(&toolkit, &source)? {
        Ok(next) => next,
        Err(listing) => {
            eprint!("{listing}");
            eprintln!("{}：本年数据有错误，没有生成下一年的数据。", source.name());
            return Ok(ExitCode::from(1));
        }
    };
    let out = match &args.out {
        Some(dir) if dir.is_dir() => dir.join(
            crate::app::next_year::next_name(&args.file, next.year)
                .file_name()
                .unwrap_or_default(),
        ),
        Some(file) => file.clone(),
        None => crate::app::next_year::next_name(&args.file, next.year),
    };
    if !crate::input::load::is_yaml(&out) {
        anyhow::bail!("下一年的数据写成 YAML：{} 应以 .yaml 结尾", out.display());
    }
    if out.exists() {
        anyhow::bail!("{} 已经存在，没有覆盖它；用 -o 写到别的文件", out.display());
    }
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty());
    let _lock = crate::app::staged::FolderLock::take_if_used(folder.unwrap_or(Path::new(".")))?;
    crate::app::staged::write_one(&out, next.text.as_bytes())?;
    outln!(
        "已生成 {}：{} 年，格式 {}，{} 处待填写（yusuan validate {} 列出它们）",
        out.display(),
        next.year,
        next.profile,
        next.to_fill,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::next_year::next_name;

    #[test]
    fn the_next_file_takes_the_next_year_in_its_name() {
        assert_eq!(
            next_name(Path::new("data/xinxiang-shebao-2023.yaml"), 2024),
            Path::new("data/2024/xinxiang-shebao-2024.yaml")
        );
        assert_eq!(
            next_name(Path::new("单位.xlsx"), 2024),
            Path::new("2024/单位-2024.yaml")
        );
    }
}
