//! `mtcl run` on both samples: every indicator's numerator and denominator, checked
//! against figures this test computes on its own from the generator's records (never from
//! mtcl's output), plus the shape of ket-qua.json, thread-count independence and exclusion.

mod common;
use common::*;

#[path = "../tools/samples_gen.rs"]
mod samples_gen;

use samples_gen::Records;
use serde_json::Value as Json;

fn run_sample(name: &str, extra: &[&str]) -> (Json, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "-q"];
    args.extend_from_slice(extra);
    let s = sample(name);
    let s = s.to_str().unwrap();
    let o = out.path().to_str().unwrap();
    args.extend_from_slice(&[s, "--out", o]);
    let r = mtcl(&args);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    let json: Json =
        serde_json::from_slice(&std::fs::read(out.path().join("ket-qua.json")).unwrap()).unwrap();
    (json, out)
}

fn lower(s: &str) -> String {
    s.trim().to_lowercase()
}

fn dropped(tt: &str) -> bool {
    ["thôi học", "bỏ học", "nghỉ học"].contains(&lower(tt).as_str())
}

fn is(a: &str, b: &str) -> bool {
    lower(a) == lower(b)
}

fn any(a: Option<&str>, bs: &[&str]) -> bool {
    a.is_some_and(|a| bs.iter().any(|b| is(a, b)))
}

/// (numerator, denominator or None) per indicator id, computed from the records.
fn expected_co_khi(r: &Records) -> Vec<(&'static str, f64, Option<f64>)> {
    let n = |it: usize| it as f64;
    // This year's students only: the 2018 - 2021 graduates are kept for the employment
    // survey's references.
    let hs: Vec<_> = r
        .hoc_sinh
        .iter()
        .filter(|s| s.khoa_hoc.trim() != "2018 - 2021")
        .collect();
    let active: Vec<_> = hs.iter().filter(|s| !dropped(s.trang_thai)).collect();
    let is_final = |k: &str| k.trim() == "2019 - 2022";
    let up: Vec<_> = active.iter().filter(|s| !is_final(&s.khoa_hoc)).collect();
    let fin: Vec<_> = active.iter().filter(|s| is_final(&s.khoa_hoc)).collect();
    let mut distinct: Vec<String> = r.doanh_nghiep.iter().map(|d| lower(&d.ten_dn)).collect();
    distinct.sort();
    distinct.dedup();
    let contestants: Vec<_> = r
        .hoi_thi
        .iter()
        .filter(|h| is(h.doi_tuong, "Học sinh") && is(h.cap, "Trường"))
        .collect();
    let gv = &r.giao_vien;
    let nghe: Vec<_> = gv.iter().filter(|g| g.gv_nghe).collect();
    let trong_diem: Vec<_> = gv.iter().filter(|g| g.nganh_trong_diem).collect();
    let vl: Vec<_> = r
        .viec_lam
        .iter()
        .filter(|v| v.nam_tot_nghiep == 2021)
        .collect();
    let tc: Vec<_> = r
        .chuong_trinh
        .iter()
        .filter(|c| is(c.trinh_do, "Trung cấp") && c.dang_dao_tao)
        .collect();
    let ckct: Vec<_> = r
        .chuong_trinh
        .iter()
        .filter(|c| is(&c.ten_ctdt, "Cơ khí chế tạo"))
        .collect();
    vec![
        ("1", n(active.len()), Some(n(hs.len()))),
        ("2", n(distinct.len()), None),
        ("3a", n(contestants.len()), None),
        (
            "3b",
            n(contestants
                .iter()
                .filter(|h| {
                    any(
                        Some(h.ket_qua),
                        &["Nhất", "Nhì", "Ba", "Khuyến khích", "Công nhận"],
                    )
                })
                .count()),
            Some(n(contestants.len())),
        ),
        (
            "4a",
            n(active
                .iter()
                .filter(|s| any(s.hoc_luc, &["Xuất sắc", "Giỏi", "Khá"]))
                .count()),
            Some(n(active.len())),
        ),
        (
            "4b",
            n(active
                .iter()
                .filter(|s| any(s.hoc_luc, &["Yếu", "Kém"]))
                .count()),
            Some(n(active.len())),
        ),
        (
            "4c",
            n(up.iter().filter(|s| s.len_lop).count()),
            Some(n(up.len())),
        ),
        (
            "4d",
            n(fin.iter().filter(|s| s.tot_nghiep).count()),
            Some(n(fin.len())),
        ),
        (
            "5a",
            n(gv.iter().filter(|g| g.dat_chuan).count()),
            Some(n(gv.len())),
        ),
        (
            "5b",
            n(nghe.iter().filter(|g| g.chung_chi_nghe).count()),
            Some(n(nghe.len())),
        ),
        (
            "6a",
            n(trong_diem
                .iter()
                .filter(|g| {
                    g.diem_toeic.is_some_and(|d| d >= 300)
                        || ["b1", "b2", "c1", "c2"].contains(&lower(&g.tieng_anh).as_str())
                })
                .count()),
            Some(n(trong_diem.len())),
        ),
        (
            "6b",
            n(trong_diem
                .iter()
                .filter(|g| !g.tin_hoc.trim().is_empty())
                .count()),
            Some(n(trong_diem.len())),
        ),
        (
            "7",
            n(vl.iter().filter(|v| v.co_viec_lam && v.dung_nganh).count()),
            Some(n(vl.len())),
        ),
        (
            "8",
            n(tc.iter().filter(|c| c.tu_danh_gia == Some(2022)).count()),
            Some(n(tc.len())),
        ),
        (
            "9",
            n(ckct.iter().filter(|c| c.kiem_dinh).count()),
            Some(n(ckct.len())),
        ),
        (
            "10",
            n(r.tien_do
                .iter()
                .filter(|t| t.ma_muc_tieu.trim() == "10" && is(t.trang_thai, "Hoàn thành"))
                .count()),
            None,
        ),
    ]
}

fn expected_truong(r: &Records) -> Vec<(&'static str, f64, Option<f64>)> {
    let n = |it: usize| it as f64;
    let hs = &r.hoc_sinh;
    let active: Vec<_> = hs.iter().filter(|s| !dropped(s.trang_thai)).collect();
    let fin: Vec<_> = active
        .iter()
        .filter(|s| s.khoa_hoc.trim() == "2017 - 2020")
        .collect();
    let ht = &r.hoi_thi;
    let count_ht = |f: &dyn Fn(&samples_gen::HoiThi) -> bool| n(ht.iter().filter(|h| f(h)).count());
    let ctdt: Vec<_> = r.chuong_trinh.iter().filter(|c| c.dang_dao_tao).collect();
    let planned: Vec<_> = r.thiet_bi.iter().filter(|t| t.ke_hoach_bao_tri).collect();
    let yk = &r.y_kien_nguoi_hoc;
    let distinct = |f: &dyn Fn(&samples_gen::DoanhNghiep) -> bool| {
        let mut v: Vec<String> = r
            .doanh_nghiep
            .iter()
            .filter(|d| f(d))
            .map(|d| lower(&d.ten_dn))
            .collect();
        v.sort();
        v.dedup();
        n(v.len())
    };
    let vl: Vec<_> = r
        .viec_lam
        .iter()
        .filter(|v| v.nam_tot_nghiep == 2019)
        .collect();
    let cam_ket: Vec<_> = r
        .tien_do
        .iter()
        .filter(|t| t.ma_muc_tieu.trim() == "12")
        .collect();
    vec![
        (
            "1",
            r.tuyen_sinh.iter().map(|t| t.thuc_tuyen).sum::<i64>() as f64,
            Some(r.tuyen_sinh.iter().map(|t| t.chi_tieu).sum::<i64>() as f64),
        ),
        (
            "2",
            n(r.tien_do
                .iter()
                .filter(|t| t.ma_muc_tieu.trim() == "2" && is(t.trang_thai, "Hoàn thành"))
                .count()),
            None,
        ),
        (
            "3a",
            count_ht(&|h| is(h.doi_tuong, "Tập thể") && is(h.cap, "Tỉnh") && is(h.ket_qua, "Nhất")),
            None,
        ),
        (
            "3b",
            count_ht(&|h| is(h.doi_tuong, "Giáo viên") && is(h.cap, "Quốc gia")),
            None,
        ),
        (
            "4a",
            n(active
                .iter()
                .filter(|s| any(s.hoc_luc, &["Xuất sắc", "Giỏi", "Khá"]))
                .count()),
            Some(n(active.len())),
        ),
        (
            "4b",
            n(active
                .iter()
                .filter(|s| any(s.ren_luyen, &["Xuất sắc", "Tốt", "Khá"]))
                .count()),
            Some(n(active.len())),
        ),
        (
            "5",
            n(fin.iter().filter(|s| s.tot_nghiep_lan_dau).count()),
            Some(n(fin.len())),
        ),
        (
            "6a",
            count_ht(&|h| is(h.doi_tuong, "Học sinh") && is(h.cap, "Quốc gia")),
            None,
        ),
        (
            "6b",
            count_ht(&|h| {
                is(h.doi_tuong, "Học sinh") && is(h.cap, "Quốc gia") && is(h.ket_qua, "Nhất")
            }),
            None,
        ),
        (
            "7",
            n(ctdt.iter().filter(|c| c.du_tai_lieu).count()),
            Some(n(ctdt.len())),
        ),
        (
            "8a",
            n(planned.iter().filter(|t| t.da_bao_tri).count()),
            Some(n(planned.len())),
        ),
        (
            "8b",
            n(r.thiet_bi.iter().filter(|t| t.san_sang).count()),
            Some(n(r.thiet_bi.len())),
        ),
        (
            "9a",
            n(yk.iter().filter(|y| y.so_phieu > 0).count()),
            Some(n(yk.len())),
        ),
        (
            "9b",
            yk.iter().map(|y| y.so_hai_long).sum::<i64>() as f64,
            Some(yk.iter().map(|y| y.so_phieu).sum::<i64>() as f64),
        ),
        ("10a", distinct(&|_| true), None),
        ("10b", distinct(&|d| d.lay_y_kien), None),
        (
            "11a",
            n(vl.iter().filter(|v| v.gioi_thieu_viec_lam).count()),
            Some(n(vl.len())),
        ),
        (
            "11b",
            n(vl.iter().filter(|v| v.co_viec_lam && v.dung_nganh).count()),
            Some(n(vl.len())),
        ),
        (
            "12",
            n(cam_ket
                .iter()
                .filter(|t| is(t.trang_thai, "Hoàn thành"))
                .count()),
            Some(n(cam_ket.len())),
        ),
    ]
}

fn indicators(json: &Json) -> Vec<&Json> {
    json["documents"][0]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap())
        .collect()
}

fn assert_figures(json: &Json, expected: Vec<(&'static str, f64, Option<f64>)>) {
    let got = indicators(json);
    assert_eq!(got.len(), expected.len());
    for (ind, (id, num, den)) in got.iter().zip(expected) {
        assert_eq!(ind["id"], id);
        assert_eq!(ind["numerator"].as_f64(), Some(num), "numerator of {id}");
        assert_eq!(ind["denominator"].as_f64(), den, "denominator of {id}");
        assert!(!ind["value"].is_null(), "{id} has a value");
        assert_eq!(ind["excluded_rows"], 0, "{id}");
        if let Some(d) = den {
            let v = ind["value"].as_f64().unwrap();
            assert!((v - num / d * 100.0).abs() < 1e-9, "value of {id}");
        }
    }
}

#[test]
fn co_khi_sample_every_indicator_matches_the_records() {
    let (json, _out) = run_sample("co-khi-2021-2022", &[]);
    assert_eq!(
        json["documents"][0]["objectives"].as_array().unwrap().len(),
        10
    );
    assert_figures(&json, expected_co_khi(&samples_gen::co_khi().records));
}

#[test]
fn truong_sample_every_indicator_matches_the_records() {
    let (json, _out) = run_sample("truong-2019", &[]);
    assert_eq!(
        json["documents"][0]["objectives"].as_array().unwrap().len(),
        12
    );
    assert_figures(&json, expected_truong(&samples_gen::truong().records));
}

#[test]
fn per_group_figures_match_the_records() {
    let (json, _out) = run_sample("co-khi-2021-2022", &[]);
    let r = samples_gen::co_khi().records;
    let ind = indicators(&json)
        .into_iter()
        .find(|i| i["id"] == "2")
        .unwrap()
        .clone();
    let groups = ind["groups"].as_array().unwrap();
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(
        &names[..3],
        ["Cơ khí chế tạo", "Hàn", "Công nghệ ô tô"],
        "listed groups first, in listed order"
    );
    for g in groups {
        let name = g["group"].as_str().unwrap();
        let mut v: Vec<String> = r
            .doanh_nghiep
            .iter()
            .filter(|d| is(&d.nganh, name))
            .map(|d| lower(&d.ten_dn))
            .collect();
        v.sort();
        v.dedup();
        assert_eq!(g["numerator"].as_f64(), Some(v.len() as f64), "{name}");
        assert_eq!(g["achieved"].as_bool(), Some(v.len() >= 5), "{name}");
        assert!(g["denominator"].is_null());
    }
}

#[test]
fn json_has_every_field_of_the_spec() {
    let (json, _out) = run_sample("co-khi-2021-2022", &[]);
    let keys = |v: &Json| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut top = keys(&json);
    top.sort();
    assert_eq!(
        top,
        [
            "documents",
            "files",
            "issues",
            "period",
            "summary",
            "version"
        ]
    );
    assert_eq!(json["period"], "ca-nam");
    let doc = &json["documents"][0];
    assert_eq!(doc["file"], "muc-tieu/khoa-co-khi.toml");
    assert_eq!(doc["unit"], "Khoa Cơ khí");
    assert_eq!(doc["scope"], "unit");
    let o = &doc["objectives"][0];
    assert!(o["achieved"].is_boolean() || o["achieved"].is_null());
    let mut ind_keys = keys(&o["indicators"][0]);
    ind_keys.sort();
    assert_eq!(
        ind_keys,
        [
            "achieved",
            "denominator",
            "excluded_rows",
            "id",
            "numerator",
            "source",
            "target",
            "value"
        ]
    );
    assert_eq!(o["indicators"][0]["target"], "từ 85% trở lên");
    let file = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "du-lieu/khoa-co-khi/ca-nam/ket-qua-hoc-tap-2021-2022.xlsx")
        .expect("the student workbook is listed");
    assert_eq!(file["status"], "read");
    let sheet = &file["sheets"][0];
    let mut sheet_keys = keys(sheet);
    sheet_keys.sort();
    assert_eq!(
        sheet_keys,
        ["header_row", "hidden", "name", "records", "source"]
    );
    assert_eq!(sheet["source"], "hoc_sinh");
    let mut summary = keys(&json["summary"]);
    summary.sort();
    assert_eq!(summary, ["errors", "files", "records", "warnings"]);
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn the_json_does_not_depend_on_the_thread_count() {
    let (_, one) = run_sample("truong-2019", &["-j", "1"]);
    let (_, two) = run_sample("truong-2019", &["-j", "2"]);
    for name in ["ket-qua.json", "tong-hop.xlsx", "loi-du-lieu.xlsx"] {
        assert_eq!(
            std::fs::read(one.path().join(name)).unwrap(),
            std::fs::read(two.path().join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn every_report_is_written_and_identical_across_runs() {
    let (_, a) = run_sample("co-khi-2021-2022", &[]);
    let (_, b) = run_sample("co-khi-2021-2022", &[]);
    for name in [
        "ket-qua.json",
        "tong-hop.xlsx",
        "loi-du-lieu.xlsx",
        "khoa-co-khi/ke-hoach-mtcl.docx",
        "khoa-co-khi/quyet-dinh.docx",
        "khoa-co-khi/ket-qua-mtcl.docx",
        "khoa-co-khi/ket-qua-mtcl.xlsx",
        "khoa-co-khi/giai-trinh.xlsx",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap_or_else(|_| panic!("{name} written"));
        assert_eq!(x, std::fs::read(b.path().join(name)).unwrap(), "{name}");
    }
}

/// The co-khi sample plus one workbook with a bad row; returns the workspace.
fn sample_with_bad_row() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    copy_tree(&sample("co-khi-2021-2022"), ws.path());
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in ["Mã HS", "Họ và tên", "Khoa", "Trạng thái", "Học lực"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in [
        [
            "HSX001",
            "Nguyễn Văn Thêm",
            "Khoa Cơ khí",
            "Đang học",
            "Giỏi",
        ],
        [
            "HSX002",
            "Trần Thị Lỗi",
            "Khoa Cơ khí",
            "Đang học",
            "Tàm tạm",
        ],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save(ws.path().join("du-lieu/bo-sung.xlsx")).unwrap();
    ws
}

#[test]
fn error_rows_are_excluded_counted_and_the_run_exits_1() {
    let ws = sample_with_bad_row();
    let base = indicators(&run_sample("co-khi-2021-2022", &[]).0)
        .into_iter()
        .find(|i| i["id"] == "4a")
        .unwrap()
        .clone();
    let r = mtcl(&["run", "-q", ws.path().to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    let json: Json =
        serde_json::from_slice(&std::fs::read(ws.path().join("bao-cao/ket-qua.json")).unwrap())
            .unwrap();
    let ind = indicators(&json)
        .into_iter()
        .find(|i| i["id"] == "4a")
        .unwrap()
        .clone();
    assert_eq!(ind["excluded_rows"], 1);
    // The good new row counts (Giỏi), the bad one does not.
    assert_eq!(
        ind["numerator"].as_f64().unwrap(),
        base["numerator"].as_f64().unwrap() + 1.0
    );
    assert_eq!(
        ind["denominator"].as_f64().unwrap(),
        base["denominator"].as_f64().unwrap() + 1.0
    );
    let issue = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "invalid-value")
        .expect("the bad value is an issue");
    assert_eq!(issue["file"], "du-lieu/bo-sung.xlsx");
    assert_eq!(issue["cell"], "E3");
    assert_eq!(issue["row"], 3);
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn strict_writes_nothing_on_a_data_error() {
    let ws = sample_with_bad_row();
    let r = mtcl(&["run", "--strict", ws.path().to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(1));
    assert!(!ws.path().join("bao-cao").exists());
}

#[test]
fn run_with_bad_definitions_exits_2_and_writes_nothing() {
    let ws = tempfile::tempdir().unwrap();
    copy_tree(&sample("co-khi-2021-2022"), ws.path());
    let f = ws.path().join("muc-tieu/khoa-co-khi.toml");
    let text = std::fs::read_to_string(&f).unwrap().replacen(
        "count  = \"len_lop\"",
        "count  = \"len_lopp\"",
        1,
    );
    std::fs::write(&f, text).unwrap();
    let r = mtcl(&["run", ws.path().to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
    assert!(!ws.path().join("bao-cao").exists());
}

#[test]
fn a_report_that_cannot_be_written_leaves_every_previous_report_in_place() {
    let ws = tempfile::tempdir().unwrap();
    copy_tree(&sample("co-khi-2021-2022"), ws.path());
    let out = ws.path().join("bao-cao");
    let _ = std::fs::remove_dir_all(&out);
    let dir = ws.path().to_str().unwrap();
    assert_eq!(mtcl(&["run", dir]).status.code(), Some(0));
    let read_all = |skip: &str| -> Vec<(String, Vec<u8>)> {
        let mut v = Vec::new();
        let mut stack = vec![out.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                let rel = p
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel.starts_with(skip) {
                    continue;
                }
                if p.is_dir() {
                    stack.push(p);
                } else {
                    v.push((rel, std::fs::read(&p).unwrap()));
                }
            }
        }
        v.sort();
        v
    };
    // A folder stands where the unit's results document should go.
    let blocked = out.join("khoa-co-khi/ket-qua-mtcl.docx");
    std::fs::remove_file(&blocked).unwrap();
    std::fs::create_dir(&blocked).unwrap();
    let before = read_all("khoa-co-khi/ket-qua-mtcl.docx");
    // New data, so that every report would change.
    std::fs::copy(
        ws.path().join("du-lieu/giao-vien.xlsx"),
        ws.path().join("du-lieu/them.xlsx"),
    )
    .unwrap();
    let r = mtcl(&["run", dir]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    let err = stderr(&r);
    assert!(
        err.starts_with("không ghi được '")
            && err.contains("bao-cao/khoa-co-khi/ket-qua-mtcl.docx': đây là một thư mục")
            && err.contains("các báo cáo lần trước được giữ nguyên"),
        "{err}"
    );
    assert!(
        read_all("khoa-co-khi/ket-qua-mtcl.docx") == before,
        "a report was replaced"
    );
}

/// A school-scope document, three faculties' documents with aliases, one faculty that sent
/// nothing; workbooks in folders named as offices name them ("01. Khoa Điện", "K.CK",
/// "nop-bai/2021/khoa-co-khi") and one at the top holding several faculties' rows with a
/// Khoa column spelled every way, a blank cell and a unit no document has.
fn school_workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    let doc = |file: &str, unit: &str, aliases: &str, scope: &str| {
        let text = format!(
            "[document]\nschool = \"Trường T\"\nunit = \"{unit}\"\nunit_aliases = [{aliases}]\n\
             scope = \"{scope}\"\nschool_year = \"2021 - 2022\"\n\n[[objective]]\nid = \"1\"\n\
             text = \"Khá giỏi\"\n\n  [[objective.indicator]]\n  id = \"1\"\n  label = \"Khá, giỏi\"\n  \
             source = \"hoc_sinh\"\n  count = \"hoc_luc in ['Giỏi', 'Khá']\"\n  \
             of = \"trang_thai != 'Thôi học'\"\n  target = \"từ 50% trở lên\"\n"
        );
        std::fs::create_dir_all(ws.path().join("muc-tieu")).unwrap();
        std::fs::write(ws.path().join("muc-tieu").join(file), text).unwrap();
    };
    doc("truong.toml", "Trường T", "", "school");
    doc(
        "khoa-co-khi.toml",
        "Khoa Cơ khí",
        "\"Cơ khí\", \"CK\"",
        "unit",
    );
    doc("khoa-dien.toml", "Khoa Điện", "\"Điện\"", "unit");
    doc("khoa-kinh-te.toml", "Khoa Kinh tế", "\"KT\"", "unit");
    // (Mã HS, Khoa, Trạng thái, Học lực); a title row above the header, a totals row below.
    let save = |rel: &str, rows: &[[&str; 4]]| {
        let path = ws.path().join("du-lieu").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sheet = wb.add_worksheet();
        sheet.write_string(0, 0, "DANH SÁCH HỌC SINH").unwrap();
        for (c, h) in ["STT", "Mã HS", "Họ và tên", "Khoa", "Trạng thái", "Học lực"]
            .iter()
            .enumerate()
        {
            sheet.write_string(2, c as u16, *h).unwrap();
        }
        for (r, [ma, khoa, tt, hl]) in rows.iter().enumerate() {
            let r = r as u32 + 3;
            sheet.write_number(r, 0, (r - 2) as f64).unwrap();
            for (c, v) in [(1, ma), (2, &"Học sinh"), (3, khoa), (4, tt), (5, hl)] {
                if !v.is_empty() {
                    sheet.write_string(r, c, *v).unwrap();
                }
            }
        }
        sheet
            .write_string(rows.len() as u32 + 3, 0, "Tổng cộng")
            .unwrap();
        wb.save(path).unwrap();
    };
    save(
        "01. Khoa Điện/hoc-sinh.xlsx",
        &[
            ["D1", "", "Đang học", "Giỏi"],
            ["D2", "", "Đang học", "Trung bình"],
            ["D3", "", "Thôi học", "Khá"],
        ],
    );
    save(
        "K.CK/hoc-sinh.xlsx",
        &[["C1", "", "Đang học", "Khá"], ["C2", "", "Đang học", "Yếu"]],
    );
    save(
        "nop-bai/2021/khoa-co-khi/hoc-sinh.xlsx",
        &[["C3", "", "Đang học", "Khá"]],
    );
    save(
        "toan-truong.xlsx",
        &[
            ["T1", "Khoa cơ khí", "Đang học", "Trung bình"], // row 4
            ["T2", "K. Cơ khí", "Đang học", "Trung bình"],
            ["T3", "điện", "Đang học", "Khá"],
            ["T4", "", "Đang học", "Giỏi"], // row 7: blank Khoa cell
            ["T5", "Khoa Cơ bản", "Đang học", "Khá"], // row 8
            ["T6", "Khoa Cơ bản", "Đang học", "Yếu"],
            ["T7", "", "Đang học", "Yếu"], // row 10
        ],
    );
    ws
}

#[test]
fn a_school_workspace_gives_every_faculty_its_own_rows_and_names_the_rows_of_no_faculty() {
    let ws = school_workspace();
    let out = tempfile::tempdir().unwrap();
    let r = mtcl(&[
        "run",
        ws.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    let json: Json =
        serde_json::from_slice(&std::fs::read(out.path().join("ket-qua.json")).unwrap()).unwrap();
    let figures: Vec<(&str, Json, Json)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let i = &d["objectives"][0]["indicators"][0];
            (
                d["unit"].as_str().unwrap(),
                i["numerator"].clone(),
                i["denominator"].clone(),
            )
        })
        .collect();
    // Cơ khí: C1 C2 (K.CK), C3 (nop-bai/2021/khoa-co-khi), T1, T2 ("K. Cơ khí") — Khá: C1 C3.
    // Điện: D1 D2 (01. Khoa Điện; D3 dropped out), T3 — Khá/Giỏi: D1 T3.
    // Kinh tế: no workbook. The school: all 13 rows but D3 — Khá/Giỏi: D1 C1 C3 T3 T4 T5.
    assert_eq!(
        figures,
        [
            ("Khoa Cơ khí", 2.into(), 5.into()),
            ("Khoa Điện", 2.into(), 3.into()),
            ("Khoa Kinh tế", 0.into(), 0.into()),
            ("Trường T", 6.into(), 12.into()),
        ]
    );
    let issues: Vec<(&str, &str, &str)> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap(),
                i["cell"].as_str().unwrap(),
                i["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        issues,
        [
            (
                "unknown-unit",
                "D7",
                "Ô đơn vị (Khoa) để trống và tệp không nằm trong thư mục của một đơn vị (2 dòng, \
                 từ dòng 7 đến dòng 10): không biết các dòng này của đơn vị nào; chúng chỉ được \
                 tính cho toàn trường. Hãy ghi tên khoa vào ô."
            ),
            (
                "unknown-unit",
                "D8",
                "Đơn vị 'Khoa Cơ bản' không khớp đơn vị nào trong định nghĩa mục tiêu (unit, \
                 unit_aliases) (2 dòng, từ dòng 8 đến dòng 9); các dòng này chỉ được tính cho \
                 toàn trường."
            ),
        ]
    );
    // Cơ khí's drill-down lists its five rows once each, from the three places they are in.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.path().join("khoa-co-khi/ket-qua-mtcl.xlsx")).unwrap();
    let sheet = book.worksheet_range("Học sinh và kết quả học tập").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let h = rows
        .iter()
        .position(|r| r.iter().any(|c| c == "Tệp"))
        .unwrap();
    let col = |name: &str| rows[h].iter().position(|c| c == name).unwrap();
    let (ma, file, row) = (col("Mã HS"), col("Tệp"), col("Dòng"));
    let listed: Vec<(&str, &str, &str)> = rows[h + 1..]
        .iter()
        .filter(|r| !r[ma].is_empty())
        .map(|r| (r[ma].as_str(), r[file].as_str(), r[row].as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("C1", "du-lieu/K.CK/hoc-sinh.xlsx", "4"),
            ("C2", "du-lieu/K.CK/hoc-sinh.xlsx", "5"),
            ("C3", "du-lieu/nop-bai/2021/khoa-co-khi/hoc-sinh.xlsx", "4"),
            ("T1", "du-lieu/toan-truong.xlsx", "4"),
            ("T2", "du-lieu/toan-truong.xlsx", "5"),
        ]
    );
    // A faculty that sent nothing: said so, not "the denominator is 0".
    let line = stdout(&r)
        .lines()
        .skip_while(|l| !l.starts_with("Khoa Kinh tế"))
        .nth(1)
        .unwrap()
        .to_string();
    assert!(
        line.ends_with("Không có dữ liệu  (không có dòng nào của đơn vị trong nguồn hoc_sinh)"),
        "{line}"
    );
}

/// The terminal's indicator lines keep their columns when an id is longer than four
/// characters ("3b.1") or a target longer than sixteen ("100% học sinh dự thi"): every
/// figure starts at the same column.
#[test]
fn terminal_columns_fit_long_ids_and_targets() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_tree(&sample("co-khi-2021-2022"), &ws);
    let defs = ws.join("muc-tieu/khoa-co-khi.toml");
    let text = std::fs::read_to_string(&defs)
        .unwrap()
        .replacen("  id     = \"3b\"", "  id     = \"3b.1\"", 1)
        .replacen(
            "  target = \"100%\"",
            "  target = \"100% học sinh dự thi\"",
            1,
        );
    std::fs::write(&defs, text).unwrap();
    let o = mtcl(&["run", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains('%') && l.contains('/'))
        .collect();
    assert!(lines.iter().any(|l| l.contains("3b.1 ")), "{out}");
    assert!(
        lines.iter().any(|l| l.contains("100% học sinh dự thi")),
        "{out}"
    );
    // The figure "NN,N% (a/b)" or "100% (a/b)": where its "(" is, in characters.
    let at = |l: &str| {
        let (paren, _) = l
            .match_indices(" (")
            .find(|(i, _)| l[i + 2..].starts_with(|c: char| c.is_ascii_digit()))
            .unwrap();
        let start = l[..paren].rfind(' ').unwrap() + 1;
        l[..start].chars().count()
    };
    let first = at(lines[0]);
    for l in &lines {
        assert_eq!(at(l), first, "{l}\n{out}");
    }
}
