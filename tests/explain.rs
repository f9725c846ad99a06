//! Explanations (`giai_trinh`): the form `mtcl run` writes, filled in and dropped into
//! `du-lieu/`, comes back in the results report, the unit workbook and `ket-qua.json`.

mod common;
use common::*;

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};

/// Every row of the first sheet of an XLSX, as texts.
fn sheet_rows(path: &Path, sheet: Option<&str>) -> Vec<Vec<String>> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let name = match sheet {
        Some(s) => s.to_string(),
        None => book.sheet_names()[0].clone(),
    };
    let range = book.worksheet_range(&name).unwrap();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut out = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(|c| match c {
            Data::Empty => String::new(),
            other => other.to_string(),
        }));
        out.push(cells);
    }
    out
}

fn cell(rows: &[Vec<String>], r: usize, c: usize) -> &str {
    rows.get(r)
        .and_then(|x| x.get(c))
        .map_or("", |s| s.as_str())
}

/// The rows of the results table of a `ket-qua-mtcl.docx`, as cell texts.
fn results_rows(docx: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(docx).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let d = roxmltree::Document::parse(&xml).unwrap();
    table_rows(&d, "Biện pháp khắc phục")
        .into_iter()
        .map(cell_texts)
        .collect()
}

/// Writes `rows` (header first) as the "Giải trình" sheet of a new workbook.
fn write_form(path: &Path, rows: &[Vec<String>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Giải trình").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    wb.save(path).unwrap();
}

fn json(ws: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(ws.join("bao-cao/ket-qua.json")).unwrap())
        .unwrap()
}

const CAUSE_3B: &str = "Một học sinh không hoàn thành phần thi thực hành.";
const CAUSE_6: &str = "Hai giáo viên mới tuyển chưa có chứng chỉ tiếng Anh.";
const ACTION_6A: &str = "Cử giáo viên dự lớp ôn TOEIC trong học kỳ I.";

#[test]
fn a_filled_form_comes_back_in_the_report_the_summary_and_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_tree(&sample("co-khi-2021-2022"), &ws);
    let first = mtcl(&["-q", "run", ws.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let issues_before = json(&ws)["issues"].as_array().unwrap().len();

    // The form: a row per objective and indicator not achieved (3, 3b, 6, 6a), ids and
    // unit filled, context beside them, cause and action empty.
    let form = ws.join("bao-cao/khoa-co-khi/giai-trinh.xlsx");
    let mut rows = sheet_rows(&form, Some("Giải trình"));
    assert_eq!(
        rows[0],
        [
            "Mã mục tiêu",
            "Mã chỉ số",
            "Khoa",
            "Nội dung",
            "Chỉ tiêu",
            "Kết quả",
            "Đánh giá",
            "Nguyên nhân",
            "Biện pháp khắc phục",
            "Người giải trình",
            "Học kỳ"
        ]
    );
    let ids: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .filter(|r| !cell(std::slice::from_ref(r), 0, 0).is_empty())
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("3", "", "Khoa Cơ khí"),
            ("3", "3b", "Khoa Cơ khí"),
            ("6", "", "Khoa Cơ khí"),
            ("6", "6a", "Khoa Cơ khí")
        ]
    );
    assert_eq!(cell(&rows, 2, 4), "100%");
    assert_eq!(cell(&rows, 2, 5), "96,9% (31/32)");
    assert_eq!(cell(&rows, 2, 6), "Không đạt");
    assert!((1..=4).all(|r| cell(&rows, r, 7).is_empty() && cell(&rows, r, 8).is_empty()));
    assert!((1..=4).all(|r| cell(&rows, r, 10) == "Cả năm"));

    // Filled in as a person would: two causes, one action; dropped into du-lieu/.
    rows[2][7] = CAUSE_3B.to_string();
    rows[3][7] = CAUSE_6.to_string();
    rows[4][8] = ACTION_6A.to_string();
    rows[4][9] = "Trưởng khoa".to_string();
    let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
    write_form(&ws.join("du-lieu/khoa-co-khi/giai-trinh.xlsx"), &rows);

    let second = mtcl(&["-q", "run", ws.to_str().unwrap()]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let j = json(&ws);
    let issues = j["issues"].as_array().unwrap();
    assert_eq!(issues.len(), issues_before, "{issues:#?}");
    assert!(issues
        .iter()
        .all(|i| !i["file"].as_str().unwrap().contains("giai-trinh")));
    let read: Vec<_> = j["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "du-lieu/khoa-co-khi/giai-trinh.xlsx")
        .collect();
    assert_eq!(read[0]["sheets"][0]["source"], "giai_trinh");
    assert_eq!(read[0]["sheets"][0]["records"], 4);

    // ket-qua.json: cause and action on the objective or indicator they explain, only there.
    let objectives = j["documents"][0]["objectives"].as_array().unwrap();
    let obj = |id: &str| objectives.iter().find(|o| o["id"] == id).unwrap();
    let ind = |o: &str, id: &str| {
        obj(o)["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(ind("3", "3b")["cause"], CAUSE_3B);
    assert!(ind("3", "3b").get("action").is_none());
    assert_eq!(obj("6")["cause"], CAUSE_6);
    assert!(obj("6").get("action").is_none());
    assert_eq!(ind("6", "6a")["action"], ACTION_6A);
    assert!(ind("6", "6a").get("cause").is_none());
    assert!(obj("3").get("cause").is_none());

    // The DOCX: Nguyên nhân (column 7) and Biện pháp khắc phục (column 8) of the rows.
    let table = results_rows(&ws.join("bao-cao/khoa-co-khi/ket-qua-mtcl.docx"));
    let row_of = |label: &str| {
        table
            .iter()
            .find(|r| r[2].starts_with(label))
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    let r3b = row_of("Tỷ lệ học sinh dự thi được công nhận");
    assert_eq!((r3b[6].as_str(), r3b[7].as_str()), (CAUSE_3B, ""));
    let r6a = row_of("Giáo viên ngành trọng điểm đạt tiếng Anh");
    assert_eq!((r6a[6].as_str(), r6a[7].as_str()), (CAUSE_6, ACTION_6A));
    let r6b = row_of("Giáo viên ngành trọng điểm đạt Tin học");
    assert_eq!((r6b[6].as_str(), r6b[7].as_str()), ("", ""));

    // The unit workbook's summary: the two columns after the table.
    let summary = sheet_rows(&ws.join("bao-cao/khoa-co-khi/ket-qua-mtcl.xlsx"), None);
    let header = summary
        .iter()
        .position(|r| r.iter().any(|c| c == "Nguyên nhân"))
        .unwrap();
    let col = summary[header]
        .iter()
        .position(|c| c == "Nguyên nhân")
        .unwrap();
    assert_eq!(summary[header][col + 1], "Biện pháp khắc phục");
    let at = |o: &str, i: &str| {
        summary
            .iter()
            .find(|r| {
                cell(std::slice::from_ref(r), 0, 0) == o && cell(std::slice::from_ref(r), 0, 1) == i
            })
            .unwrap_or_else(|| panic!("no summary row {o}/{i}"))
    };
    assert_eq!(at("3", "3b")[col], CAUSE_3B);
    assert_eq!(at("6", "")[col], CAUSE_6);
    assert_eq!(at("6", "6a")[col + 1], ACTION_6A);
    assert_eq!(cell(std::slice::from_ref(at("3", "")), 0, col), "");

    // The next form keeps what was said.
    let again = sheet_rows(&form, Some("Giải trình"));
    assert_eq!(cell(&again, 2, 7), CAUSE_3B);
    assert_eq!(cell(&again, 3, 7), CAUSE_6);
    assert_eq!(cell(&again, 4, 8), ACTION_6A);
    assert_eq!(cell(&again, 4, 9), "Trưởng khoa");
}

/// The cause given for an indicator in `ket-qua.json` at `json_path`, if any.
fn cause_of(json_path: &Path, objective: &str, indicator: &str) -> Option<String> {
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json_path).unwrap()).unwrap();
    let o = j["documents"][0]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == objective)
        .unwrap()
        .clone();
    let i = o["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == indicator)
        .unwrap()
        .clone();
    i.get("cause").and_then(|c| c.as_str()).map(str::to_string)
}

/// The form of a semester run carries its period: filled in and dropped into `du-lieu/`
/// (under a name that says no period), it explains the HK1 report and not the year's.
#[test]
fn a_semester_form_explains_its_semester_only() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_tree(&sample("co-khi-2021-2022"), &ws);
    let first = mtcl(&["-q", "run", ws.to_str().unwrap(), "--ky", "hk1"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let form = ws.join("bao-cao/hk1/khoa-co-khi/giai-trinh.xlsx");
    let mut rows = sheet_rows(&form, Some("Giải trình"));
    assert_eq!(cell(&rows, 0, 10), "Học kỳ");
    let r3b = rows
        .iter()
        .position(|r| cell(std::slice::from_ref(r), 0, 1) == "3b")
        .unwrap();
    assert_eq!(cell(&rows, r3b, 10), "Học kỳ I");
    rows[r3b][7] = CAUSE_3B.to_string();
    let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
    write_form(&ws.join("du-lieu/khoa-co-khi/giai-trinh.xlsx"), &rows);

    let hk1 = mtcl(&["-q", "run", ws.to_str().unwrap(), "--ky", "hk1"]);
    assert_eq!(hk1.status.code(), Some(0), "{}", stderr(&hk1));
    let hk1_json = ws.join("bao-cao/hk1/ket-qua.json");
    assert_eq!(
        cause_of(&hk1_json, "3", "3b").as_deref(),
        Some(CAUSE_3B),
        "the HK1 report is explained"
    );
    let year = mtcl(&["-q", "run", ws.to_str().unwrap()]);
    assert_eq!(year.status.code(), Some(0), "{}", stderr(&year));
    assert_eq!(
        cause_of(&ws.join("bao-cao/ket-qua.json"), "3", "3b"),
        None,
        "the year's is not"
    );
    let year_form = sheet_rows(
        &ws.join("bao-cao/khoa-co-khi/giai-trinh.xlsx"),
        Some("Giải trình"),
    );
    assert!(year_form[1..]
        .iter()
        .filter(|r| !cell(std::slice::from_ref(r), 0, 0).is_empty())
        .all(|r| cell(std::slice::from_ref(r), 0, 7).is_empty()
            && cell(std::slice::from_ref(r), 0, 10) == "Cả năm"));
}

#[test]
fn an_explanation_of_nothing_in_the_units_document_is_an_unknown_reference() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_tree(&sample("co-khi-2021-2022"), &ws);
    let header: Vec<String> = ["Mã mục tiêu", "Mã chỉ số", "Khoa", "Nguyên nhân"]
        .map(String::from)
        .to_vec();
    let row = |o: &str, i: &str| -> Vec<String> {
        vec![o.into(), i.into(), "Khoa Cơ khí".into(), "Lý do".into()]
    };
    write_form(
        &ws.join("du-lieu/giai-trinh.xlsx"),
        &[header, row("3", "3b"), row("99", ""), row("3", "3z")],
    );
    let out = mtcl(&["-q", "run", ws.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j = json(&ws);
    let refs: Vec<(String, String, String)> = j["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "unknown-reference" && i["file"] == "du-lieu/giai-trinh.xlsx")
        .map(|i| {
            (
                i["severity"].as_str().unwrap().to_string(),
                i["cell"].as_str().unwrap().to_string(),
                i["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        refs,
        [
            ("warning".to_string(), "A3".to_string(), "99".to_string()),
            ("warning".to_string(), "B4".to_string(), "3z".to_string())
        ]
    );
    // Nothing lost: the explanation that names something is placed.
    let o3 = &j["documents"][0]["objectives"][2];
    assert_eq!(o3["indicators"][1]["cause"], "Lý do");
}

/// A school-wide document beside a faculty's: the school's form names the school in its unit
/// column. Filled in and dropped into du-lieu/, it explains the school's indicator and is no
/// `unknown-unit` (the school is no faculty, but it is no unknown unit either).
#[test]
fn the_schools_own_form_beside_a_facultys_is_read_without_an_unknown_unit() {
    const SCHOOL: &str = "Trường Trung cấp Kinh tế - Kỹ thuật Nguyễn Hữu Cảnh";
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_tree(&sample("co-khi-2021-2022"), &ws);
    std::fs::write(
        ws.join("muc-tieu/truong.toml"),
        format!(
            r#"[document]
school      = "{SCHOOL}"
unit        = "{SCHOOL}"
scope       = "school"
school_year = "2021 - 2022"
decision    = {{ number = "555/QĐ-TCKTKTNHC-TTĐBCL", date = 2021-12-01 }}
place       = "Thành phố Hồ Chí Minh"
signer      = {{ title = "HIỆU TRƯỞNG", name = "" }}

[[objective]]
id   = "1"
text = "Mở rộng hợp tác: tối thiểu 30 doanh nghiệp."
  [[objective.indicator]]
  id     = "1"
  label  = "Số doanh nghiệp hợp tác"
  source = "doanh_nghiep"
  count  = "true"
  target = "tối thiểu 30"
"#
        ),
    )
    .unwrap();
    let first = mtcl(&["-q", "run", ws.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let form = ws.join("bao-cao/truong-trung-cap-kinh-te-ky-thuat-nguyen-huu-canh/giai-trinh.xlsx");
    let mut rows = sheet_rows(&form, Some("Giải trình"));
    assert_eq!(cell(&rows, 1, 0), "1");
    assert_eq!(cell(&rows, 1, 2), SCHOOL);
    rows[1][7] = "Nhiều doanh nghiệp chưa ký lại thỏa thuận.".to_string();
    let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
    write_form(&ws.join("du-lieu/giai-trinh-truong.xlsx"), &rows);

    let second = mtcl(&["-q", "run", ws.to_str().unwrap()]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let j = json(&ws);
    let units: Vec<&serde_json::Value> = j["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "unknown-unit")
        .collect();
    assert!(units.is_empty(), "{units:#?}");
    let school = j["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["scope"] == "school")
        .unwrap();
    assert_eq!(
        school["objectives"][0]["cause"],
        "Nhiều doanh nghiệp chưa ký lại thỏa thuận."
    );
}
