//! The reference booklet, laid out and read back from the layout's text.

use super::*;

fn reference_pages() -> &'static Vec<String> {
    static PAGES: OnceLock<Vec<String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let (_, layout) = laid_out("reference", &reference_text());
        let pages = layout.page_texts();
        if let Ok(path) = std::env::var("YUSUAN_DUMP_PAGES") {
            std::fs::write(path, pages.join("\n\n=== page ===\n\n")).unwrap();
        }
        pages
    })
}

/// Asserts that `needles` occur in `haystack` in this order; returns nothing, panics naming the
/// first one missing or out of order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("“{needle}” missing or out of order (searched from byte {from})"),
        }
    }
}

#[test]
fn every_amount_of_the_reference_appears() {
    let text = reference_pages().concat();
    let amounts =
        std::fs::read_to_string(root().join("tests/it/fixtures/reference-amounts.txt")).unwrap();
    let amounts: Vec<&str> = amounts.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(amounts.len(), 57);
    let missing: Vec<&&str> = amounts.iter().filter(|a| !text.contains(**a)).collect();
    assert!(
        missing.is_empty(),
        "amounts missing from the layout: {missing:?}"
    );
}

#[test]
fn cover_and_contents_come_first() {
    let pages = reference_pages();
    assert_in_order(
        &pages[0],
        &["2023年度", "新乡市社会保险中心单位预算", "二〇二三年二月"],
    );
    assert_in_order(
        &pages[1],
        &[
            "目",
            "第一部分 新乡市社会保险中心概况",
            "一、主要职责",
            "二、机构设置情况",
            "第二部分 新乡市社会保险中心2023年单位预算情况说明",
            "第三部分 名词解释",
            "附件：新乡市社会保险中心2023年单位预算表",
            "一、单位收支预算表",
            "十一、单位预算项目绩效目标表",
        ],
    );
    // Body pages are numbered from 1 after the 目录, and the 目录 gives each entry's page.
    assert!(
        pages[2].contains("— 1 —"),
        "first body page is numbered 1: {}",
        &pages[2]
    );
    let toc = pages[1].replace('.', "");
    let page_of = |needle: &str| {
        pages
            .iter()
            .skip(2)
            .position(|p| p.contains(needle))
            .unwrap()
            + 1
    };
    for (entry, body) in [
        ("第三部分 名词解释", "一、财政拨款收入"),
        ("附件：新乡市社会保险中心2023年单位预算表", "附件："),
        ("七、支出经济分类汇总表", "预算07表"),
        ("十一、单位预算项目绩效目标表", "预算11表"),
    ] {
        let number = page_of(body);
        assert!(
            toc.contains(&format!("{entry}{number}")),
            "目录 gives page {number} for {entry}: {toc}"
        );
    }
}

#[test]
fn parts_and_sections_in_the_reference_order() {
    let text = reference_pages().concat();
    assert_in_order(
        &text,
        &[
            "第一部分",
            "一、新乡市社会保险中心主要职责",
            "负责职业年金经办服务工作",
            "二、机构设置情况",
            "新乡市社会保险中心内设机构17个",
            "城乡居民养老保险服务科",
            "11个派出机构",
            "封丘县社会保险中心",
            "本预算为新乡市社会保险中心单位预算。",
            "第二部分",
            "一、收入支出预算总体情况说明",
            "收入总计11,436.06万元，支出总计11,436.06万元，与2022年预算相比，收入减少26.16万元，下降0.23%。主要原因：专项中企业离休干部和建国前工人住房补贴、健康休养费及物业补贴减少；支出减少26.16万元，下降0.23%。",
            "二、收入预算总体情况说明",
            "其中：一般公共预算收入11,436.06万元；政府性基金收入0.00万元",
            "上年结转结余收入0.00万元。",
            "三、支出预算总体情况说明",
            "基本支出4,675.21万元，占40.88%；项目支出6,760.85万元，占59.12%。",
            "四、财政拨款收入支出总体情况说明",
            "一般公共预算收支预算11,436.06万元，无政府性基金收支预算。与2022年相比，一般公共预算收支预算减少26.16万元，下降0.23%，主要原因：",
            "五、一般公共预算支出情况说明",
            "社会保障和就业（类）支出11,144.72万元，占97.45%；卫生健康（类）支出291.34万元，占2.55%。",
            "六、一般公共预算基本支出情况说明",
            "人员经费4,267.66万元，占91.28%；公用经费407.55万元，占8.72%。",
            "七、“三公”经费支出情况说明",
            "我单位2023年“三公”经费预算为5.20万元。2023年“三公”经费支出预算数与2022年预算保持一致。",
            "（一）因公出国（境）费0.00万元",
            "（二）公务接待费0.00万元",
            "（三）公务用车购置及运行费5.20万元，其中：公务用车购置费0.00万元；公务用车运行维护费5.20万元",
            "公务用车购置费预算数与2022年保持一致。公务用车运行维护费预算数与2022年保持一致。",
            "八、政府性基金预算支出情况说明",
            "我单位2023年无使用政府性基金预算拨款安排的支出，年初预算为0万元。",
            "九、其他重要事项情况说明",
            "（一）行政（事业）单位机构运转经费",
            "机构运转经费支出预算407.55万元",
            "（二）政府采购支出情况",
            "2023年政府采购预算安排72.00万元，其中：政府采购货物预算0.00万元、政府采购工程预算0.00万元、政府采购服务预算72.00万元。",
            "（三）绩效目标设置情况说明",
            "（四）国有资产占用情况",
            "2022年期末，我单位共有车辆4辆，其中：一般公务用车4辆、一般执法执勤用车0辆、特种专业技术用车0辆、其他用车0辆；单价50万元以上通用设备0台（套），单位价值100万元以上专用设备0台（套）。",
            "第三部分",
            "名词解释",
            "一、财政拨款收入：是指市级财政当年拨付的资金",
            "六、用事业基金弥补收支差额：",
            "九、“三公”经费：是指纳入市级财政预算管理",
            "十、行政（事业）单位机构运转经费：",
            "附件：",
        ],
    );
}

/// Each table: its label and title, then what its pages must hold (header labels, whole
/// rows as laid out, notes). Typst lays out a header's centred rowspan cells after their
/// neighbours, so header labels are checked for presence within the table, not for order.
const TABLES: [(&str, &str, &[&str]); 11] = [
    ("预算01表", "2023年单位收支预算表", &[
        "单位名称：新乡市社会保险中心", "单位：万元", "收入", "支出", "项目", "金额",
        "一、一般公共预算11,436.06一、一般公共服务其中：财政拨款11,436.06二、外交",
        "八、社会保障和就业11,144.72", "十、卫生健康291.34", "三十四、抗疫特别国债安排的支出",
        "本年收入合计11,436.06本年支出合计11,436.06上年结转结余年终结转结余收入总计11,436.06支出总计11,436.06",
        "注：本表金额转换为万元时，因四舍五入可能存在尾差。",
    ]),
    ("预算02表", "2023年单位收入预算表", &[
        "部门（单位）代码", "部门（单位）名称", "总计", "本年收入", "上年结转结余", "一般公共预算",
        "政府性基金", "国有资本经营预算", "财政专户管理资金收入", "事业收入", "事业单位经营收入",
        "上级补助收入", "附属单位上缴收入", "其他收入", "财政专户管理资金", "单位资金", "小计", "其中：财政拨款",
        "合计11,436.0611,436.0611,436.0611,436.06303新乡市人力资源和社会保障局11,436.0611,436.0611,436.0611,436.06303016新乡市社会保险中心11,436.0611,436.0611,436.0611,436.06",
    ]),
    ("预算03表", "2023年单位支出预算表", &[
        "科目编码", "单位代码", "单位（科目名称）", "基本支出", "项目支出", "类款项", "人员经费", "公用经费",
        "其他运转类", "特定目标类", "工资福利支出", "对个人和家庭的补助", "商品和服务支出", "资本性支出",
        "合计11,436.064,675.213,937.53330.13407.556,760.85167.876,592.98",
        "303新乡市人力资源和社会保障局11,436.064,675.213,937.53330.13407.556,760.85167.876,592.98",
        "2080109社会保险经办机构4,103.953,757.443,360.15397.29346.51159.04187.47",
        "2080501行政单位离退休338.57338.57328.3110.26",
        "2080506机关事业单位职业年金缴费支出4,660.004,660.004,660.00",
        "2089999其他社会保障和就业支出1,757.883.543.541,754.348.831,745.51",
        "2101103公务员医疗补助142.35142.35142.35",
    ]),
    ("预算04表", "2023年财政拨款收支总体情况表", &[
        "收入", "支出", "项目", "金额", "合计", "一般公共预算", "小计", "其中：财政拨款", "政府性基金", "国有资本经营预算",
        "一、本年收入11,436.06一、本年支出11,436.0611,436.0611,436.06",
        "（一）一般公共预算拨款11,436.06（一）一般公共服务支出其中：财政拨款11,436.06（二）外交支出",
        "（八）社会保障和就业支出11,144.7211,144.7211,144.72",
        "（九）医疗卫生与计划生育支出（十）卫生健康支出291.34291.34291.34",
        "（三十四）抗疫特别国债安排的支出", "二、年终结转结余",
        "收入合计11,436.06支出合计11,436.0611,436.0611,436.06",
    ]),
    ("预算05表", "2023年一般公共预算支出预算表", &[
        "合计11,436.064,675.213,937.53330.13407.556,760.85167.876,592.98",
        "2101101行政单位医疗148.99148.99148.99",
        "注：本表仅含当年财政拨款安排的支出。本表金额转换为万元时，因四舍五入可能存在尾差。",
    ]),
    ("预算06表", "2023年一般公共预算基本支出表", &[
        "部门预算支出经济分类科目", "政府预算支出经济分类科目编码", "本年一般公共预算基本支出", "科目编码", "科目名称",
        "合计4,675.214,267.66407.55", "30103奖金50101工资奖金津补贴1,212.191,212.19",
        "30201办公费50201办公经费71.6871.68", "30302退休费50905离退休费328.31328.31",
        "30111公务员医疗补助缴费50102社会保障缴费142.35142.35",
    ]),
    ("预算07表", "2023年支出经济分类汇总表", &[
        "部门预算经济分类", "政府预算经济分类", "类", "款", "科目名称", "总计", "上年结转结余",
        "合计11,436.0611,436.0611,436.06303新乡市人力资源和社会保障局11,436.0611,436.0611,436.06",
        "30103奖金50101工资奖金津补贴1,212.191,212.191,212.19",
        "30226劳务费50502商品和服务支出222.00222.00222.0030226劳务费50205委托业务费87.0487.0487.04",
        "30399其他对个人和家庭的补助50999其他对个人和家庭补助1,754.341,754.341,754.34",
    ]),
    ("预算08表", "2023年一般公共预算“三公”经费预算表", &[
        "“三公”经费合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费", "公务用车购置费",
        "公务用车运行费", "5.200.005.200.005.200.00", "注：按照党中央、国务院有关规定及部门预算管理有关规定",
    ]),
    ("预算09表", "2023年政府性基金支出预算表", &[
        "合计0.000.000.000.000.000.000.000.000.00", "注：本表仅含当年财政拨款安排的支出。",
        "说明：我单位没有政府性基金收入，也没有使用政府性基金安排支出，故此表无数据。",
    ]),
    ("预算10表", "2023年项目支出预算表", &[
        "类型", "项目名称", "项目单位", "本年拨款", "财政拨款结转结余", "政府性基金预算", "国有资本经营预算",
        "财政专户管理资金", "单位资金", "合计6,760.856,760.85303新乡市人力资源和社会保障局6,760.856,760.85",
        "其他运转类信息系统维护费新乡市社会保险中心72.0072.00",
        "特定目标类企业离休干部和建国前工人住房补贴、健康休养费、物业补贴及取暖费新乡市社会保险中心1,529.821,529.82",
        "特定目标类染织厂提前退休人员待遇调整新乡市社会保险中心15.6915.69",
    ]),
    ("预算11表", "2023年度单位预算项目绩效目标表", &[
        "单位编码（项目编码）", "项目单位（项目名称）", "项目金额（万元）", "绩效目标", "资金总额", "政府预算资金",
        "成本指标", "产出指标", "效益指标", "满意度指标", "三级指标指标值",
        "3036,760.856,760.85303016新乡市社会保险中心6,760.856,760.85",
        "聘用20人工资及保险≤87.04万元资金使用合规率100%保障本单位工作正常开展≥98%聘用人员满意度≥95%",
        "410700220000000010699聘用20人工资及保险87.0487.04",
        "410700220000000034009原755厂等三家子弟学校退休教师补差200.00200.00",
        "待遇标准符合(国办发(2004]9号)",
    ]),
];

#[test]
fn the_eleven_tables_with_their_headers_rows_and_notes() {
    let text = reference_pages().concat();
    let titles: Vec<&str> = TABLES
        .iter()
        .flat_map(|(label, title, _)| [*label, *title])
        .collect();
    assert_in_order(&text, &titles);
    for (index, (label, title, contents)) in TABLES.iter().enumerate() {
        let start = text.find(label).unwrap();
        let end = TABLES
            .get(index + 1)
            .map(|next| text.find(next.0).unwrap())
            .unwrap_or(text.len());
        let table = &text[start..end];
        for needle in *contents {
            assert!(
                table.contains(needle),
                "{label} {title}: “{needle}” missing"
            );
        }
    }
}

#[test]
fn wide_tables_are_landscape_and_the_rest_portrait() {
    let (_, layout) = laid_out("sizes", &reference_text());
    let sizes = layout.page_sizes();
    let pages = layout.page_texts();
    let portrait = |(w, h): (f64, f64)| (w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5;
    let landscape = |(w, h): (f64, f64)| (w - 841.89).abs() < 0.5 && (h - 595.28).abs() < 0.5;
    assert!(portrait(sizes[0]), "the cover is portrait A4");
    for (label, wide) in [
        ("预算01表", false),
        ("预算02表", true),
        ("预算03表", true),
        ("预算06表", false),
        ("预算11表", true),
    ] {
        let page = pages
            .iter()
            .position(|p| p.contains(label))
            .unwrap_or_else(|| panic!("{label} laid out"));
        let ok = if wide {
            landscape(sizes[page])
        } else {
            portrait(sizes[page])
        };
        assert!(ok, "{label} on a page of {:?}", sizes[page]);
    }
    // A table longer than a page repeats its header on the next page.
    let goals = pages.iter().position(|p| p.contains("预算11表")).unwrap();
    assert!(
        pages[goals + 1].contains("单位编码（项目编码）"),
        "header repeated: {}",
        pages[goals + 1]
    );
}

#[test]
fn text_from_the_data_prints_literally_never_as_markup() {
    let hostile = r#"#set text(red) *粗* _斜_ $x^2$ ] [ <lbl> @ref \ // 注释 `code` = 标题"#;
    let text = reference_text().replacen(
        "负责失业动态监测及失业预警相关服务工作",
        &format!("负责失业动态监测及失业预警相关服务工作{hostile}"),
        1,
    );
    let text = text.replacen(
        "name: 信息系统维护费",
        "name: \"信息系统维护费#strong[x]\"",
        1,
    );
    let (_, layout) = laid_out("markup", &text);
    let all = layout.page_texts().concat();
    assert!(all.contains(hostile), "hostile text printed as typed");
    assert!(all.contains("信息系统维护费#strong[x]"));
}

#[test]
fn two_builds_give_identical_pdf_bytes() {
    let first = prepare_text("repro-a", &reference_text()).unwrap_or_else(|_| panic!("prepares"));
    let second = prepare_text("repro-b", &reference_text()).unwrap_or_else(|_| panic!("prepares"));
    let a = engine().layout(&first.document).unwrap().pdf().unwrap();
    let b = engine().layout(&second.document).unwrap().pdf().unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, b, "same input, same bytes");
}

#[test]
fn the_pdf_is_pdf_a_with_metadata_and_bookmarks() {
    let prepared = prepare_text("pdfa", &reference_text()).unwrap_or_else(|_| panic!("prepares"));
    let pdf = engine().layout(&prepared.document).unwrap().pdf().unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/A-2");
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(text.contains("/Outlines"), "bookmarks");
    assert!(text.contains("2023-02-01"), "dated from the data");
    assert!(text.contains("/Lang(zh-CN)"), "language");
    // The author is the unit, exactly (the title also names the unit, so look inside the
    // creator element and the info dictionary's /Author, UTF-16BE).
    assert!(
        text.contains(
            "<dc:creator><rdf:Seq><rdf:li>新乡市社会保险中心</rdf:li></rdf:Seq></dc:creator>"
        ),
        "author in the XMP metadata"
    );
    let author: String = "新乡市社会保险中心"
        .encode_utf16()
        .map(|unit| format!("{unit:04X}"))
        .collect();
    assert!(
        text.contains(&format!("/Author<FEFF{author}>")),
        "author in the info dictionary"
    );
    assert!(text.contains("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">新乡市社会保险中心2023年单位预算</rdf:li>"), "title");
}

#[test]
fn every_contents_entry_has_its_page_from_the_layout() {
    let (prepared, layout) = laid_out("toc-pages", &reference_text());
    let entries = prepared.document.toc_entries();
    let pages = layout.toc_pages();
    assert_eq!(
        entries.len(),
        17,
        "3 parts, 2 sections, the annex and 11 tables: {entries:?}"
    );
    assert_eq!(pages.len(), entries.len(), "one page number per entry");
    assert_eq!(pages[0], 1, "第一部分 starts on page 1");
    assert!(
        pages.windows(2).all(|w| w[0] <= w[1]),
        "pages never go back: {pages:?}"
    );
    let annex = entries
        .iter()
        .position(|e| e.text.starts_with("附件"))
        .unwrap();
    assert_eq!(entries[annex].level, 1);
    assert_eq!(entries[annex + 1].text, "一、单位收支预算表");
    assert_eq!(entries[annex + 1].level, 2);
}

#[test]
fn the_goals_tables_have_no_unit_line_as_the_reference_has_none() {
    // Their cells are 人, %, 亿元 and text, not 万元; the reference prints no 单位 line there.
    for (name, path) in [
        ("reference", REFERENCE),
        ("2024", "data/2024/xinxiang-shebao-2024.yaml"),
    ] {
        let text = std::fs::read_to_string(root().join(path)).unwrap();
        let (prepared, _) = laid_out(&format!("unit-line-{name}"), &text);
        let tables = tables_of(&prepared.document);
        for table in tables {
            let goals = table.frame.title.contains("绩效目标表");
            assert_eq!(
                table.frame.unit.is_empty(),
                goals,
                "{name}: {} has unit line “{}”",
                table.frame.title,
                table.frame.unit
            );
        }
    }
}

/// A YAML line folded inside Chinese text (`goal: >-` over two lines) leaves no space in a
/// table cell: “…经办服务，按时足额…”, not “…经办服务， 按时足额…”.
#[test]
fn a_folded_yaml_line_leaves_no_space_in_a_table_cell() {
    let text = std::fs::read_to_string(root().join("data/2024/xinxiang-shebao-2024.yaml")).unwrap();
    assert!(
        text.contains("经办服务，\n"),
        "the sample's goal is folded over two lines"
    );
    let (prepared, _) = laid_out("folded-goal", &text);
    let cells: Vec<&str> = tables(&prepared)
        .flat_map(|table| table.body.iter().flatten())
        .map(|cell| cell.text.as_str())
        .collect();
    assert!(
        cells
            .iter()
            .any(|cell| cell.contains("经办服务，按时足额发放")),
        "the goal in one piece"
    );
    assert!(!cells.iter().any(|cell| cell.contains("， 按时")));
}

/// The lines the document chooses for labels and figures in real tables (both renderers set
/// them): even lines rather than one character alone, brackets whole, a figure's unit whole.
/// A label that fits its column gets none.
#[test]
fn labels_and_figures_get_the_lines_a_reader_expects() {
    let lines_of = |prepared: &Prepared, text: &str| -> Vec<Vec<String>> {
        tables(prepared)
            .flat_map(|table| table.header.iter().chain(&table.body).flatten())
            .filter(|cell| cell.text == text)
            .map(|cell| cell.lines.clone())
            .collect()
    };
    let owned = |lines: &[&str]| -> Vec<String> { lines.iter().map(|l| l.to_string()).collect() };
    let (reference, _) = laid_out("chosen-lines", &reference_text());
    assert!(lines_of(&reference, "工资福利支出").contains(&owned(&["工资福", "利支出"])));
    assert!(lines_of(&reference, "资本性支出").contains(&owned(&["资本性", "支出"])));
    assert!(lines_of(&reference, "项目单位（项目名称）")
        .contains(&owned(&["项目单位", "（项目名称）"])));
    assert!(lines_of(&reference, "≤187.47万元").contains(&owned(&["≤187.47", "万元"])));
    assert!(lines_of(&reference, "合计").iter().all(Vec::is_empty));
    let shanghai =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let (shanghai, _) = laid_out("chosen-lines-shanghai", &shanghai);
    assert!(lines_of(&shanghai, "因公出国(境)费").contains(&owned(&["因公出国", "(境)费"])));
}

/// The annex tables of a prepared booklet.
fn tables(prepared: &Prepared) -> impl Iterator<Item = &yusuan::compose::document::Table> {
    prepared
        .document
        .blocks
        .iter()
        .filter_map(|block| match block {
            yusuan::compose::document::Block::Table(table) => Some(table),
            _ => None,
        })
}
