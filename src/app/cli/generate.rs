//! The hidden `yusuan generate`: synthetic units for benchmarks.

use super::*;

/// Arguments of the hidden `generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// 单位数
    pub count: usize,
    /// 写入的目录
    pub dir: PathBuf,
}

/// The hidden `yusuan generate N DIR`: N valid units for benchmarks, each the reference unit's
/// data under its own name and code.
pub fn generate(args: &GenerateArgs) -> Result<ExitCode> {
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
    outln!(
        "已生成 {} 个合成单位数据文件于 {}",
        args.count,
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
