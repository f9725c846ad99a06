//! Semester and year reports (SPEC "Periods") and the comparison with an earlier report
//! (SPEC "Comparison with an earlier report"), run through the binary on a faculty's
//! workbooks kept the usual ways: one workbook per semester in `HK1/`, `HK2/` folders (a
//! period folder inside the unit's folder, or the unit's folder inside a period folder), and
//! a year workbook with a `Học kỳ` column.

mod common;
use common::*;

#[path = "common/books.rs"]
mod books;
use books::*;

#[path = "../tools/samples_gen.rs"]
mod samples_gen;

use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Reader};
use serde_json::Value as Json;

const DEFINITIONS: &str = r#"
[document]
school = "Trường T"
unit = "Khoa Cơ khí"
unit_aliases = ["CK"]
scope = "unit"
school_year = "2021 - 2022"

[[objective]]
id = "4"
text = "Chất lượng học tập"
  [[objective.indicator]]
  id = "4a"
  label = "Tỷ lệ học sinh khá, giỏi"
  source = "hoc_sinh"
  count = "hoc_luc in ['Giỏi', 'Khá']"
  target = ">= 30%"

[[objective]]
id = "5"
text = "Đội ngũ"
  [[objective.indicator]]
  id = "5"
  label = "Số giáo viên"
  source = "giao_vien"
  count = "ma_gv is not empty"
  target = ">= 1"

[[objective]]
id = "6"
text = "Doanh nghiệp"
  [[objective.indicator]]
  id = "6"
  label = "Số doanh nghiệp hợp tác"
  source = "doanh_nghiep"
  count = "ten_dn is not empty"
  target = ">= 1"
"#;

fn students(rows: &[(&str, &str, &str)]) -> rust_xlsxwriter::Workbook {
    let mut all = vec![
        row!["DANH SÁCH HỌC SINH VÀ KẾT QUẢ HỌC TẬP"],
        row!["STT", "Mã HS", "Họ và tên", "Lớp", "Học lực"],
    ];
    for (i, (code, name, rank)) in rows.iter().enumerate() {
        all.push(row![(i + 1) as i32, *code, *name, "CK21", *rank]);
    }
    book("DS HS", &all)
}

/// HK1 in `khoa-co-khi/HK1/`, HK2 in `HK2/khoa-co-khi/`, the year in a workbook with a
/// `Học kỳ` column (in a `ca-nam/` folder, one row of it marked "HK I" in its cell);
/// teachers in a register without a period; partner enterprises for the year only.
fn workspace() -> tempfile::TempDir {
    let dir = workspace_with("khoa-co-khi.toml", DEFINITIONS);
    let ws = Ws { dir };
    ws.save(
        "khoa-co-khi/HK1/ket-qua-hoc-tap.xlsx",
        students(&[
            ("HS001", "An", "Giỏi"),
            ("HS002", "Bình", "Khá"),
            ("HS003", "Chi", "Trung bình"),
            ("HS004", "Dũng", "Yếu"),
        ]),
    );
    ws.save(
        "HK2/khoa-co-khi/ket-qua-hoc-tap.xlsx",
        students(&[
            ("HS001", "An", "Giỏi"),
            ("HS002", "Bình", "Giỏi"),
            ("HS003", "Chi", "Khá"),
            ("HS004", "Dũng", "Trung bình"),
        ]),
    );
    ws.save(
        "khoa-co-khi/ca-nam/tong-hop.xlsx",
        book(
            "Cả năm",
            &[
                row!["Mã HS", "Họ và tên", "Học kỳ", "Học lực"],
                row!["HS001", "An", "Cả năm", "Giỏi"],
                row!["HS002", "Bình", "Cả năm", "Trung bình"],
                row!["HS003", "Chi", "Cả năm", "Trung bình"],
                row!["HS004", "Dũng", "Cả năm", "Yếu"],
                row!["HS005", "Em", "HK I", "Giỏi"],
            ],
        ),
    );
    ws.save(
        "giao-vien.xlsx",
        book(
            "GV",
            &[
                row!["Mã GV", "Họ và tên", "Khoa", "Loại hình", "Đạt chuẩn"],
                row!["GV01", "Lan", "Cơ khí", "Cơ hữu", "x"],
                row!["GV02", "Minh", "Cơ khí", "Cơ hữu", "x"],
                row!["GV03", "Nam", "Cơ khí", "Thỉnh giảng", ""],
            ],
        ),
    );
    ws.save(
        "khoa-co-khi/ca-nam/doanh-nghiep.xlsx",
        book(
            "DN",
            &[
                row!["Tên doanh nghiệp", "Ngành"],
                row!["Công ty A", "Hàn"],
                row!["Công ty B", "Hàn"],
            ],
        ),
    );
    ws.dir
}

fn json_at(path: &Path) -> Json {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// (value, numerator, denominator, achieved) of indicator `id` of the first document.
fn indicator<'a>(json: &'a Json, id: &str) -> &'a Json {
    json["documents"][0]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap())
        .find(|i| i["id"] == id)
        .unwrap()
}

fn codes(json: &Json) -> Vec<String> {
    json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect()
}

fn run(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["run"];
    args.extend_from_slice(extra);
    args.push(dir.to_str().unwrap());
    mtcl(&args)
}

fn docx_text(path: &Path) -> String {
    zip_part(path, "word/document.xml")
}

fn zip_part(path: &Path, name: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn each_semester_counts_its_own_rows_and_the_year_only_the_year_rows() {
    let dir = workspace();
    for (ky, out, num, den) in [
        ("hk1", "bao-cao/hk1", 3.0, 5.0), // HS001–004 from HK1/, HS005 marked "HK I"
        ("hk2", "bao-cao/hk2", 3.0, 4.0),
        ("ca-nam", "bao-cao", 1.0, 4.0),
    ] {
        let o = run(dir.path(), &["--ky", ky]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{ky}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        let json = json_at(&dir.path().join(out).join("ket-qua.json"));
        assert_eq!(json["period"], ky);
        let a = indicator(&json, "4a");
        assert_eq!(a["numerator"], num, "{ky}");
        assert_eq!(a["denominator"], den, "{ky}");
        // The same students in HK1, HK2 and the year: no duplicate key; every unit found
        // from the nearest folder naming it (also inside HK2/).
        let c = codes(&json);
        assert!(!c.iter().any(|c| c == "duplicate-key"), "{ky}: {c:?}");
        assert!(!c.iter().any(|c| c == "unknown-unit"), "{ky}: {c:?}");
        // Teachers have no period: counted in every period.
        assert_eq!(indicator(&json, "5")["value"], 3.0, "{ky}");
    }
    // The year run wrote the year's reports only in bao-cao/, the semesters theirs apart.
    assert!(dir
        .path()
        .join("bao-cao/khoa-co-khi/ket-qua-mtcl.docx")
        .is_file());
    assert!(dir
        .path()
        .join("bao-cao/hk1/khoa-co-khi/ket-qua-mtcl.docx")
        .is_file());
    assert!(dir.path().join("bao-cao/hk2/tong-hop.xlsx").is_file());
}

#[test]
fn a_period_without_rows_of_a_source_warns_once_and_has_no_data() {
    let dir = workspace();
    let o = run(dir.path(), &["--ky", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = json_at(&dir.path().join("bao-cao/hk1/ket-qua.json"));
    let warned: Vec<&Json> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "no-period-data")
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0]["severity"], "warning");
    let msg = warned[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("doanh_nghiep") && msg.contains("cả năm"),
        "{msg}"
    );
    let dn = indicator(&json, "6");
    assert!(dn["value"].is_null(), "{dn}");
    assert!(dn["achieved"].is_null(), "{dn}");
    let text = docx_text(&dir.path().join("bao-cao/hk1/khoa-co-khi/ket-qua-mtcl.docx"));
    assert!(
        text.contains("Không có dữ liệu"),
        "the verdict of indicator 6"
    );
    // The year has the enterprises: no warning, a count.
    let o = run(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
    let json = json_at(&dir.path().join("bao-cao/ket-qua.json"));
    assert!(!codes(&json).iter().any(|c| c == "no-period-data"));
    assert_eq!(indicator(&json, "6")["value"], 2.0);
}

#[test]
fn every_title_of_a_semester_run_names_the_semester() {
    let dir = workspace();
    let o = run(dir.path(), &["--period", "II"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Kỳ báo cáo: học kỳ II"),
        "{}",
        stdout(&o)
    );
    let out = dir.path().join("bao-cao/hk2");
    let docx = docx_text(&out.join("khoa-co-khi/ket-qua-mtcl.docx"));
    assert!(
        docx.contains("Kết quả thực hiện mục tiêu chất lượng học kỳ II năm học 2021 - 2022"),
        "results report title"
    );
    let unit = out.join("khoa-co-khi/ket-qua-mtcl.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&unit).unwrap();
    let summary = book.worksheet_range("Tổng hợp").unwrap();
    let title = summary.get_value((0, 0)).unwrap().to_string();
    assert!(title.contains("học kỳ II năm học 2021 - 2022"), "{title}");
    assert!(zip_part(&unit, "docProps/core.xml").contains("học kỳ II năm học"));
    let summary_path = out.join("tong-hop.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&summary_path).unwrap();
    let units = book.worksheet_range("Đơn vị").unwrap();
    let title = units.get_value((0, 0)).unwrap().to_string();
    assert!(title.contains("học kỳ II năm học 2021 - 2022"), "{title}");
    assert!(zip_part(&summary_path, "docProps/core.xml").contains("học kỳ II"));
    assert!(docx.contains("Trong học kỳ II năm học 2021 - 2022, Khoa Cơ khí có"));
    assert!(zip_part(&unit, "xl/charts/chart1.xml")
        .contains("<a:t>Kết quả so với chỉ tiêu — học kỳ II</a:t>"));
    assert!(zip_part(&out.join("loi-du-lieu.xlsx"), "docProps/core.xml")
        .contains("<dc:title>Lỗi dữ liệu — học kỳ II</dc:title>"));
    // The year's reports keep their titles.
    let o = run(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
    let docx = docx_text(&dir.path().join("bao-cao/khoa-co-khi/ket-qua-mtcl.docx"));
    assert!(docx.contains("Kết quả thực hiện mục tiêu chất lượng năm học 2021 - 2022"));
    assert!(!docx.contains("học kỳ"));
    let unit = dir.path().join("bao-cao/khoa-co-khi/ket-qua-mtcl.xlsx");
    assert!(zip_part(&unit, "xl/charts/chart1.xml").contains("<a:t>Kết quả so với chỉ tiêu</a:t>"));
    assert!(zip_part(
        &dir.path().join("bao-cao/loi-du-lieu.xlsx"),
        "docProps/core.xml"
    )
    .contains("<dc:title>Lỗi dữ liệu</dc:title>"));
}

#[test]
fn check_reads_every_period_and_names_a_bad_period_cell() {
    let dir = workspace();
    let ws = Ws { dir };
    ws.save(
        "khoa-co-khi/ky-la.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Kỳ", "Học lực"],
                row!["HS009", "Gia", "HK3", "Khá"],
            ],
        ),
    );
    let o = mtcl(&["check", "--ky", "hk1", ws.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(ws.root().join("bao-cao/hk1/loi-du-lieu.xlsx").is_file());
    let text = stdout(&o);
    assert!(text.contains("C2") && text.contains("HK3"), "{text}");
    assert!(!text.contains("duplicate-key"), "{text}");
}

#[test]
fn a_semester_run_gives_the_same_bytes_on_one_thread_and_on_two() {
    let dir = workspace();
    let out = |j: &str| {
        let o = tempfile::tempdir().unwrap();
        let r = mtcl(&[
            "run",
            "-q",
            "-j",
            j,
            "--ky",
            "hk1",
            dir.path().to_str().unwrap(),
            "--out",
            o.path().to_str().unwrap(),
        ]);
        assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
        o
    };
    let (a, b) = (out("1"), out("2"));
    let files = |d: &Path| {
        let mut v = Vec::new();
        for e in walk(d) {
            v.push((
                e.strip_prefix(d).unwrap().to_path_buf(),
                std::fs::read(&e).unwrap(),
            ));
        }
        v.sort();
        v
    };
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert!(
        fa.len() >= 5,
        "{:?}",
        fa.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(fa.iter().any(|(p, _)| p.starts_with("hk1")));
    assert!(fa == fb, "-j 1 and -j 2 differ");
}

fn walk(d: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// An earlier year's result: the unit written another way, 4a at 40%, 5 at 2 teachers, and
/// no indicator 6.
const EARLIER: &str = r#"{
  "version": "0.1.0",
  "period": "ca-nam",
  "documents": [
    { "file": "muc-tieu/ck.toml", "unit": "KHOA CƠ KHÍ", "scope": "unit",
      "objectives": [
        { "id": "4", "achieved": true, "indicators": [
          { "id": "4a", "source": "hoc_sinh", "target": ">= 30%", "value": 40.0,
            "numerator": 4, "denominator": 10, "excluded_rows": 0, "achieved": true } ] },
        { "id": "5", "achieved": true, "indicators": [
          { "id": "5", "source": "giao_vien", "target": ">= 1", "value": 2,
            "numerator": 2, "denominator": null, "excluded_rows": 0, "achieved": true } ] } ] } ],
  "files": [], "issues": [],
  "summary": { "files": 0, "records": 0, "errors": 0, "warnings": 0 }
}
"#;

#[test]
fn comparison_puts_the_earlier_value_and_the_change_beside_each_indicator() {
    let dir = workspace();
    let earlier = tempfile::tempdir().unwrap();
    let file = earlier.path().join("ket-qua.json");
    std::fs::write(&file, EARLIER).unwrap();
    let o = run(dir.path(), &["--so-sanh", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = json_at(&dir.path().join("bao-cao/ket-qua.json"));
    assert_eq!(indicator(&json, "4a")["previous_value"], 40.0);
    assert_eq!(indicator(&json, "5")["previous_value"], 2.0);
    let six = indicator(&json, "6");
    assert!(six.as_object().unwrap().contains_key("previous_value"));
    assert!(six["previous_value"].is_null(), "no counterpart");

    // The unit workbook: Năm trước and Chênh lệch after the summary's columns.
    let unit = dir.path().join("bao-cao/khoa-co-khi/ket-qua-mtcl.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&unit).unwrap();
    let s = book.worksheet_range("Tổng hợp").unwrap();
    let header = 3;
    let col = (0..s.width() as u32)
        .find(|&c| {
            s.get_value((header, c))
                .is_some_and(|v| matches!(v, Data::String(t) if t == "Năm trước"))
        })
        .expect("a Năm trước column");
    assert_eq!(
        s.get_value((header, col + 1)).unwrap().to_string(),
        "Chênh lệch"
    );
    let row_of = |id: &str| {
        (header + 1..s.height() as u32)
            .find(|&r| {
                s.get_value((r, 1))
                    .is_some_and(|v| matches!(v, Data::String(t) if t == id))
            })
            .unwrap()
    };
    let num = |r: u32, c: u32| match s.get_value((r, c)) {
        Some(Data::Float(x)) => *x,
        other => panic!("({r},{c}): {other:?}"),
    };
    // 4a: 25% this year against 40%: −15 percentage points.
    let r = row_of("4a");
    assert!((num(r, col) - 0.40).abs() < 1e-9);
    assert!((num(r, col + 1) - -15.0).abs() < 1e-9);
    // 5: 3 teachers against 2: +1.
    let r = row_of("5");
    assert_eq!(num(r, col), 2.0);
    assert_eq!(num(r, col + 1), 1.0);
    // 6: no counterpart.
    let r = row_of("6");
    assert_eq!(s.get_value((r, col)).unwrap().to_string(), "–");
    assert_eq!(s.get_value((r, col + 1)).unwrap().to_string(), "–");
    // The chart has the earlier year as a series.
    let chart = zip_part(&unit, "xl/charts/chart1.xml");
    assert!(chart.contains("Năm trước"), "the chart's third series");

    // The DOCX: a Năm trước column with 40,0% and "–".
    let docx = docx_text(&dir.path().join("bao-cao/khoa-co-khi/ket-qua-mtcl.docx"));
    assert!(docx.contains("Năm trước"));
    assert!(docx.contains(">40%<"), "the earlier 40% in its own cell");
    assert!(docx.contains("–"));
}

/// Renumbered between the years: last year's "4a" counted partner companies and its "5"
/// was a share of teachers. Their figures must not stand beside this year's 4a (a share
/// of students) and 5 (a count of teachers): 7 shown as "7%" beside 25%.
#[test]
fn an_earlier_indicator_under_the_same_id_that_measures_something_else_is_not_compared() {
    let dir = workspace();
    let earlier = tempfile::tempdir().unwrap();
    let file = earlier.path().join("ket-qua.json");
    let renumbered = EARLIER
        .replace(
            r#""id": "4a", "source": "hoc_sinh", "target": ">= 30%", "value": 40.0,
            "numerator": 4, "denominator": 10,"#,
            r#""id": "4a", "source": "doanh_nghiep", "target": ">= 5", "value": 7,
            "numerator": 7, "denominator": null,"#,
        )
        .replace(
            r#""value": 2,
            "numerator": 2, "denominator": null,"#,
            r#""value": 50.0,
            "numerator": 2, "denominator": 4,"#,
        );
    assert_ne!(renumbered, EARLIER);
    assert!(renumbered.contains("doanh_nghiep") && renumbered.contains("\"denominator\": 4"));
    std::fs::write(&file, renumbered).unwrap();
    let o = run(dir.path(), &["--so-sanh", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = json_at(&dir.path().join("bao-cao/ket-qua.json"));
    assert!(indicator(&json, "4a")["previous_value"].is_null());
    assert!(indicator(&json, "5")["previous_value"].is_null());
    let out = stdout(&o);
    assert!(
        out.contains(
            "(năm trước: – — mã '4a' của báo cáo trước là chỉ số khác (khác nguồn hoặc loại), \
             không so sánh)"
        ),
        "{out}"
    );
    let docx = docx_text(&dir.path().join("bao-cao/khoa-co-khi/ket-qua-mtcl.docx"));
    assert!(!docx.contains(">7%<") && !docx.contains(">50%<"), "{docx}");
}

/// Last year's 84,96% is shown as such, not as "85%" (below a target of 85%, it was not
/// 85%).
#[test]
fn an_earlier_share_keeps_two_decimals() {
    let dir = workspace();
    let earlier = tempfile::tempdir().unwrap();
    let file = earlier.path().join("ket-qua.json");
    std::fs::write(&file, EARLIER.replace("40.0", "84.96")).unwrap();
    let o = run(dir.path(), &["--so-sanh", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("(năm trước: 84,96%)"), "{}", stdout(&o));
    let docx = docx_text(&dir.path().join("bao-cao/khoa-co-khi/ket-qua-mtcl.docx"));
    assert!(
        docx.contains(">84,96%<"),
        "the earlier value in its own cell"
    );
    let styles = zip_part(
        &dir.path().join("bao-cao/khoa-co-khi/ket-qua-mtcl.xlsx"),
        "xl/styles.xml",
    );
    assert!(styles.contains("formatCode=\"0.00%\""), "{styles}");
}

#[test]
fn a_semester_compares_with_the_same_semester_of_an_earlier_workspace() {
    let dir = workspace();
    let earlier = tempfile::tempdir().unwrap();
    let p = earlier.path().join("bao-cao/hk1");
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join("ket-qua.json"), EARLIER.replace("40.0", "55.5")).unwrap();
    let o = run(
        dir.path(),
        &["--ky", "hk1", "--compare", earlier.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = json_at(&dir.path().join("bao-cao/hk1/ket-qua.json"));
    assert_eq!(indicator(&json, "4a")["previous_value"], 55.5);
    let docx = docx_text(&dir.path().join("bao-cao/hk1/khoa-co-khi/ket-qua-mtcl.docx"));
    assert!(docx.contains("Kỳ trước") && docx.contains(">55,5%<"));
}

#[test]
fn a_bad_comparison_path_stops_the_run_with_nothing_written() {
    let dir = workspace();
    let not_json = dir.path().join("du-lieu/ghi-chu.txt");
    std::fs::write(&not_json, "không phải JSON").unwrap();
    let empty = tempfile::tempdir().unwrap();
    for bad in [
        dir.path().join("khong-co.json"),
        not_json,
        empty.path().to_path_buf(),
    ] {
        let o = run(dir.path(), &["--so-sanh", bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stdout(&o));
        assert!(stderr(&o).contains("--so-sanh"), "{}", stderr(&o));
        assert!(
            !dir.path().join("bao-cao").exists(),
            "{bad:?}: nothing written"
        );
    }
}

/// Last year's workspace whose reports of the period were never written: the message names
/// the file a run writes there and the run to do first, in words (no "os error 2").
#[test]
fn comparing_with_a_workspace_never_run_says_which_run_to_do_first() {
    let dir = workspace();
    let earlier = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(earlier.path().join("muc-tieu")).unwrap();
    let e = earlier.path().display();
    let o = run(dir.path(), &["--so-sanh", &e.to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "--so-sanh: '{e}' chưa có báo cáo cả năm của mtcl (không có '{e}/bao-cao/ket-qua.json'); hãy chạy trước: mtcl run {e}"
        )
    );
    // A year report there is not a semester's.
    std::fs::create_dir_all(earlier.path().join("bao-cao")).unwrap();
    std::fs::write(earlier.path().join("bao-cao/ket-qua.json"), EARLIER).unwrap();
    let o = run(dir.path(), &["--ky", "hk1", "--so-sanh", &e.to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "--so-sanh: '{e}' chưa có báo cáo học kỳ I của mtcl (không có '{e}/bao-cao/hk1/ket-qua.json'); hãy chạy trước: mtcl run {e} --ky hk1"
        )
    );
    assert!(!dir.path().join("bao-cao").exists(), "nothing written");
}

/// `mtcl run --ky hk1|hk2 samples/co-khi-2021-2022`: the shares of 4a and 4b from that
/// semester's workbook (plus the sample's student rows without a period), computed here
/// from the generator's records; the year run reads the `ca-nam/` workbook only.
#[test]
fn the_sample_semesters_come_from_their_own_workbooks() {
    let r = samples_gen::co_khi().records;
    // Last year's graduates (kept without a period for the employment survey's references)
    // are outside objective 4's filter (`khoa_hoc != '2018 - 2021'`).
    let this_year = |s: &&samples_gen::HocSinh| s.khoa_hoc != "2018 - 2021";
    for (hk, ky) in [(1, "hk1"), (2, "hk2")] {
        let out = tempfile::tempdir().unwrap();
        let o = mtcl(&[
            "run",
            "-q",
            "--ky",
            ky,
            sample("co-khi-2021-2022").to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let json = json_at(&out.path().join(ky).join("ket-qua.json"));
        assert_eq!(json["period"], ky);
        // A semester's results have no Lên lớp / Tốt nghiệp columns (year-end outcomes),
        // while last year's graduates list, which has no period, has them: 4c and 4d would
        // read a quiet 0 % for the semester's rows — the warning names the semester's sheet.
        let not_found: Vec<(String, String)> = json["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let code = i["code"].as_str().unwrap();
                assert_eq!(code, "field-not-found", "{i}");
                (
                    i["field"].as_str().unwrap().to_string(),
                    i["file"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let sheet_file = format!("du-lieu/khoa-co-khi/HK{hk}/ket-qua-hoc-tap-hk{hk}.xlsx");
        assert_eq!(
            not_found,
            [
                ("len_lop".to_string(), sheet_file.clone()),
                ("tot_nghiep".to_string(), sheet_file)
            ],
            "{ky}"
        );
        let seen = samples_gen::co_khi_semester(&r, hk);
        let active: Vec<_> = seen
            .iter()
            .filter(this_year)
            .filter(|s| s.trang_thai != "Thôi học")
            .collect();
        let rank = |names: &[&str]| {
            active
                .iter()
                .filter(|s| s.hoc_luc.is_some_and(|h| names.contains(&h)))
                .count() as f64
        };
        let a = indicator(&json, "4a");
        assert_eq!(a["numerator"], rank(&["Xuất sắc", "Giỏi", "Khá"]), "{ky}");
        assert_eq!(a["denominator"], active.len() as f64, "{ky}");
        assert_eq!(
            indicator(&json, "4b")["numerator"],
            rank(&["Yếu", "Kém"]),
            "{ky}"
        );
        // 4c and 4d have none of their rows from a sheet with the column: no data, not a
        // 0% "Không đạt" in a report to be signed; the documents say why.
        for id in ["4c", "4d"] {
            let i = indicator(&json, id);
            assert!(
                i["achieved"].is_null() && i["value"].is_null(),
                "{ky} {id}: {i}"
            );
        }
        // The drill-down's Học kỳ column names the period of the rows that took it from
        // their folder (HK1/, HK2/); last year's graduates list has none.
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook(out.path().join(ky).join("khoa-co-khi/ket-qua-mtcl.xlsx"))
                .unwrap();
        let students = book.worksheet_range("Học sinh và kết quả học tập").unwrap();
        let header: Vec<String> = students
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let col = header.iter().position(|h| h == "Học kỳ").unwrap();
        let label = if hk == 1 {
            "Học kỳ I"
        } else {
            "Học kỳ II"
        };
        let labelled = students
            .rows()
            .skip(1)
            .filter(|r| r[col] == Data::String(label.to_string()))
            .count();
        assert_eq!(labelled, seen.len(), "{ky}");
        let graduates = r
            .hoc_sinh
            .iter()
            .filter(|s| s.khoa_hoc == "2018 - 2021")
            .count();
        assert_eq!(students.rows().count() - 1, seen.len() + graduates, "{ky}");
        let docx = docx_text(&out.path().join(ky).join("khoa-co-khi/ket-qua-mtcl.docx"));
        assert!(
            docx.contains("không trang tính nào có cột “Lên lớp”")
                && docx.contains("không trang tính nào có cột “Tốt nghiệp”"),
            "{ky}"
        );
    }
}

#[test]
fn the_sample_compares_with_last_year_in_one_line() {
    let out = tempfile::tempdir().unwrap();
    let earlier = repo().join("samples/co-khi-2020-2021/ket-qua.json");
    let o = mtcl(&[
        "run",
        "-q",
        sample("co-khi-2021-2022").to_str().unwrap(),
        "--so-sanh",
        earlier.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = json_at(&out.path().join("ket-qua.json"));
    let before = json_at(&earlier);
    for id in ["1", "4a", "10"] {
        let was = before["documents"][0]["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|o| o["indicators"].as_array().unwrap())
            .find(|i| i["id"] == id)
            .unwrap()["value"]
            .as_f64();
        assert_eq!(indicator(&json, id)["previous_value"].as_f64(), was, "{id}");
    }
    // 3b is new this year.
    assert!(indicator(&json, "3b")["previous_value"].is_null());
}

#[test]
fn keys_are_unique_within_a_period_and_a_row_without_one_meets_every_period() {
    let ws = Ws::new(true);
    let one = |code: &str| students(&[(code, "An", "Giỏi")]);
    ws.save("HK1/a.xlsx", one("HS001"));
    ws.save("HK1/b.xlsx", one("hs001")); // the same student twice in HK1
    ws.save("HK2/c.xlsx", one("HS001")); // HK2: no duplicate
    ws.save("HK2/d.xlsx", one("HS002"));
    ws.save("ds.xlsx", one("HS002")); // no period: in HK2 too, so it meets d.xlsx
    let r = ws.read();
    let dups: Vec<(&str, &str)> = r
        .data
        .issues
        .iter()
        .filter(|i| i.code == "duplicate-key")
        .map(|i| (i.file.as_str(), i.cell.as_str()))
        .collect();
    assert_eq!(
        dups,
        [("du-lieu/HK1/b.xlsx", "B3"), ("du-lieu/ds.xlsx", "B3")]
    );
    let periods: Vec<Option<&str>> = r
        .records("hoc_sinh")
        .iter()
        .map(|x| x.period.map(|p| p.id()))
        .collect();
    assert_eq!(
        periods,
        [Some("hk1"), Some("hk1"), Some("hk2"), Some("hk2"), None]
    );
}

/// The school sample keeps each faculty's year and semesters in one table with a `Học kỳ`
/// column: a semester run counts that semester's rows of every faculty.
#[test]
fn the_school_sample_tells_semesters_apart_by_its_hoc_ky_column() {
    let r = samples_gen::truong().records;
    let faculties: Vec<String> = {
        let mut f: Vec<String> = r.hoc_sinh.iter().map(|s| s.khoa.clone()).collect();
        f.dedup();
        f.sort();
        f.dedup();
        f
    };
    for (hk, ky) in [(1, "hk1"), (2, "hk2")] {
        let out = tempfile::tempdir().unwrap();
        let o = mtcl(&[
            "run",
            "-q",
            "--ky",
            ky,
            sample("truong-2019").to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let json = json_at(&out.path().join(ky).join("ket-qua.json"));
        assert!(codes(&json).is_empty(), "{:?}", codes(&json));
        let seen: Vec<_> = faculties
            .iter()
            .flat_map(|f| samples_gen::truong_semester(&r, f, hk))
            .collect();
        let active: Vec<_> = seen.iter().filter(|s| s.trang_thai != "Thôi học").collect();
        let good = active
            .iter()
            .filter(|s| {
                s.hoc_luc
                    .is_some_and(|h| ["Xuất sắc", "Giỏi", "Khá"].contains(&h))
            })
            .count();
        let a = indicator(&json, "4a");
        assert_eq!(a["numerator"], good as f64, "{ky}");
        assert_eq!(a["denominator"], active.len() as f64, "{ky}");
    }
}

/// A semester's workbook without a column an indicator reads is `field-not-found` in the
/// semester's run, though the year's workbook has the column: the semester's figure would
/// otherwise be a quiet 0% from a column that is not there. The year's run has the column.
#[test]
fn a_column_only_the_years_workbook_has_is_not_found_in_a_semester_run() {
    let defs = DEFINITIONS.replace(
        "  target = \">= 30%\"\n",
        "  target = \">= 30%\"\n  [[objective.indicator]]\n  id = \"4c\"\n  label = \"Tỷ lệ lên lớp\"\n  source = \"hoc_sinh\"\n  count = \"len_lop\"\n  target = \">= 90%\"\n",
    );
    let ws = Ws {
        dir: workspace_with("khoa-co-khi.toml", &defs),
    };
    ws.save(
        "khoa-co-khi/HK1/ket-qua-hoc-tap.xlsx",
        students(&[("HS001", "An", "Giỏi"), ("HS002", "Bình", "Khá")]),
    );
    ws.save(
        "khoa-co-khi/ca-nam/ket-qua-hoc-tap.xlsx",
        book(
            "DS HS",
            &[
                row!["Mã HS", "Họ và tên", "Học lực", "Lên lớp"],
                row!["HS001", "An", "Giỏi", "x"],
                row!["HS002", "Bình", "Khá", "x"],
            ],
        ),
    );
    let dir = ws.dir.path();
    let o = run(dir, &["--ky", "hk1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let j = json_at(&dir.join("bao-cao/hk1/ket-qua.json"));
    let found: Vec<&Json> = j["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "field-not-found")
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", j["issues"]);
    assert_eq!(
        found[0]["file"],
        "du-lieu/khoa-co-khi/HK1/ket-qua-hoc-tap.xlsx"
    );
    assert_eq!(found[0]["field"], "len_lop");
    let c = indicator(&j, "4c");
    assert!(c["achieved"].is_null() && c["value"].is_null(), "{c}");
    assert_eq!(c["denominator"].as_f64(), Some(2.0));
    let o = run(dir, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let j = json_at(&dir.join("bao-cao/ket-qua.json"));
    assert!(
        !codes(&j).contains(&"field-not-found".to_string()),
        "{:#?}",
        j["issues"]
    );
    assert_eq!(indicator(&j, "4c")["value"].as_f64(), Some(100.0));
}

/// When some of an indicator's rows come from a sheet with the column and others from one
/// without, the rows without count as blank (SPEC: a blank bool is false) and
/// `field-not-found` names the sheet without it: the figure is computed, not withheld.
#[test]
fn rows_from_a_sheet_without_the_column_count_as_blank_beside_rows_that_have_it() {
    let defs = DEFINITIONS.replace(
        "  target = \">= 30%\"\n",
        "  target = \">= 30%\"\n  [[objective.indicator]]\n  id = \"4c\"\n  label = \"Tỷ lệ lên lớp\"\n  source = \"hoc_sinh\"\n  count = \"len_lop\"\n  target = \">= 90%\"\n",
    );
    let ws = Ws {
        dir: workspace_with("khoa-co-khi.toml", &defs),
    };
    ws.save(
        "khoa-co-khi/lop-a.xlsx",
        book(
            "Lớp A",
            &[
                row!["Mã HS", "Họ và tên", "Học lực", "Lên lớp"],
                row!["HS001", "An", "Giỏi", "x"],
                row!["HS002", "Bình", "Khá", "x"],
            ],
        ),
    );
    ws.save(
        "khoa-co-khi/lop-b.xlsx",
        students(&[("HS003", "Cúc", "Giỏi"), ("HS004", "Dũng", "Khá")]),
    );
    let dir = ws.dir.path();
    let o = run(dir, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let j = json_at(&dir.join("bao-cao/ket-qua.json"));
    let c = indicator(&j, "4c");
    assert_eq!(
        (
            c["numerator"].as_f64(),
            c["denominator"].as_f64(),
            c["value"].as_f64()
        ),
        (Some(2.0), Some(4.0), Some(50.0))
    );
    assert_eq!(c["achieved"], false);
    let found: Vec<&Json> = j["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "field-not-found")
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", j["issues"]);
    assert_eq!(found[0]["file"], "du-lieu/khoa-co-khi/lop-b.xlsx");
}

/// A class list whose title (first line) names the semester, in sheet `sheet`.
fn semester_sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    sheet: &str,
    title: &str,
    rows: &[(&str, &str)],
) {
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let mut all = vec![
        row!["TRƯỜNG TRUNG CẤP T"],
        row![title],
        row![],
        row!["STT", "Mã HS", "Họ và tên", "Lớp", "Học lực"],
    ];
    for (i, (code, rank)) in rows.iter().enumerate() {
        all.push(row![(i + 1) as i32, *code, "An", "CK21", *rank]);
    }
    write_rows(ws, 0, &all);
}

#[test]
fn a_semester_named_only_by_its_sheet_or_its_title_is_that_semesters() {
    // Kept at the top of du-lieu/, with no period in the file name: one workbook with a sheet
    // per semester, and one whose title alone says "HỌC KỲ I". Neither is the year's: the
    // year has no data (not 2 of 3 Khá-Giỏi from semester I), and semester II is its sheet's.
    let dir = workspace_with("khoa-co-khi.toml", DEFINITIONS);
    let ws = Ws { dir };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let title = "KẾT QUẢ HỌC TẬP NĂM HỌC 2021 - 2022";
    semester_sheet(&mut wb, "HK1", title, &[("HS001", "Khá"), ("HS002", "Yếu")]);
    semester_sheet(&mut wb, "HK2", title, &[("HS001", "Yếu"), ("HS002", "Yếu")]);
    ws.save("khoa-co-khi/ket-qua-hoc-tap.xlsx", wb);
    let mut wb = rust_xlsxwriter::Workbook::new();
    semester_sheet(
        &mut wb,
        "KQ",
        "KẾT QUẢ HỌC TẬP HỌC KỲ I NĂM HỌC 2021 - 2022",
        &[("HS101", "Giỏi")],
    );
    ws.save("khoa-co-khi/lop-ck21b.xlsx", wb);
    // A teacher register titled for semester I is still a register for every period.
    ws.save(
        "khoa-co-khi/giao-vien.xlsx",
        book(
            "GV",
            &[
                row!["DANH SÁCH GIÁO VIÊN GIẢNG DẠY HỌC KỲ I NĂM HỌC 2021 - 2022"],
                row!["STT", "Mã GV", "Họ và tên"],
                row![1, "GV01", "Ngô Văn Lâm"],
                row![2, "GV02", "Đỗ Thị Mai"],
            ],
        ),
    );

    let o = run(ws.root(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let year = json_at(&ws.root().join("bao-cao/ket-qua.json"));
    assert_eq!(indicator(&year, "4a")["value"], Json::Null);
    assert_eq!(indicator(&year, "5")["numerator"], Json::from(2));
    assert_eq!(codes(&year), ["no-period-data"]);

    for (ky, num, den) in [("hk1", 2, 3), ("hk2", 0, 2)] {
        let o = run(ws.root(), &["--ky", ky]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        let j = json_at(&ws.root().join(format!("bao-cao/{ky}/ket-qua.json")));
        let i = indicator(&j, "4a");
        assert_eq!(
            (&i["numerator"], &i["denominator"]),
            (&Json::from(num), &Json::from(den)),
            "{ky}"
        );
        assert_eq!(codes(&j), Vec::<String>::new(), "{ky}");
    }

    // A period folder still wins over the title (a template's stale title): the sheet's own
    // name is nearer than its file, its file than its folders, and the title comes last.
    let dir = workspace_with("khoa-co-khi.toml", DEFINITIONS);
    let ws = Ws { dir };
    let mut wb = rust_xlsxwriter::Workbook::new();
    semester_sheet(
        &mut wb,
        "KQ",
        "KẾT QUẢ HỌC TẬP HỌC KỲ I NĂM HỌC 2021 - 2022",
        &[("HS001", "Khá")],
    );
    ws.save("khoa-co-khi/HK2/ket-qua.xlsx", wb);
    let o = run(ws.root(), &["--ky", "hk2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let j = json_at(&ws.root().join("bao-cao/hk2/ket-qua.json"));
    assert_eq!(indicator(&j, "4a")["numerator"], Json::from(1));
}
