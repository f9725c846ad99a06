//! Input templates (`mau-nhap-lieu/`): written by `mtcl init`, refreshed by
//! `mtcl init --templates`, and read back without issue by `mtcl check`.

mod common;
use common::*;

use mtcl::i18n::Lang;
use mtcl::report::xlsx::templates::template_with_rows;
use mtcl::schema::load_catalog;

fn template_names(ws: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.join("mau-nhap-lieu"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn init_writes_one_template_per_source() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("nam-hoc");
    let o = mtcl(&["init", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let catalog = load_catalog(None, Lang::Vi).unwrap();
    let mut expected: Vec<String> = catalog
        .sources
        .iter()
        .map(|s| format!("{}.xlsx", s.id))
        .collect();
    expected.sort();
    assert_eq!(template_names(&ws), expected);
    assert!(stdout(&o).contains("hoc_sinh.xlsx"), "{}", stdout(&o));
}

#[test]
fn init_never_overwrites_a_template_and_adds_missing_ones() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("nam-hoc");
    mtcl(&["init", ws.to_str().unwrap()]);
    let hs = ws.join("mau-nhap-lieu/hoc_sinh.xlsx");
    std::fs::write(&hs, b"filled in by hand").unwrap();
    let gv = ws.join("mau-nhap-lieu/giao_vien.xlsx");
    std::fs::remove_file(&gv).unwrap();
    let o = mtcl(&["init", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&hs).unwrap(), b"filled in by hand");
    assert!(gv.is_file());
}

#[test]
fn init_templates_refreshes_only_the_generated_templates() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("nam-hoc");
    mtcl(&["init", ws.to_str().unwrap()]);
    let hs = ws.join("mau-nhap-lieu/hoc_sinh.xlsx");
    let original = std::fs::read(&hs).unwrap();
    std::fs::write(&hs, b"stale").unwrap();
    let mine = ws.join("mau-nhap-lieu/cua-toi.xlsx");
    std::fs::write(&mine, b"my own workbook").unwrap();
    let model = ws.join("muc-tieu/don-vi-mau.toml");
    std::fs::write(&model, "# edited\n").unwrap();

    let o = mtcl(&["init", "--templates", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&hs).unwrap(),
        original,
        "refreshed, byte for byte"
    );
    assert_eq!(std::fs::read(&mine).unwrap(), b"my own workbook");
    assert_eq!(std::fs::read_to_string(&model).unwrap(), "# edited\n");
}

#[test]
fn templates_follow_the_workspace_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("nam-hoc");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::write(
        ws.join("nguon-du-lieu.toml"),
        "[[source]]\nid = \"ky_thuc_tap\"\ntitle = \"Kỳ thực tập\"\n[[source.field]]\nid = \"ma_hs\"\nheader = [\"Mã HS\"]\ntype = \"text\"\nrequired = true\n",
    )
    .unwrap();
    let o = mtcl(&["init", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(ws.join("mau-nhap-lieu/ky_thuc_tap.xlsx").is_file());
    assert!(ws.join("mau-nhap-lieu/hoc_sinh.xlsx").is_file());
}

#[test]
fn a_filled_template_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("nam-hoc");
    let o = mtcl(&["init", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let catalog = load_catalog(None, Lang::Vi).unwrap();
    let hs = catalog.get("hoc_sinh").unwrap();
    // One value per field, as office staff would type them.
    let row = |id: &str, name: &str, hl: &str| -> Vec<String> {
        hs.fields
            .iter()
            .map(|f| {
                match f.id.as_str() {
                    "ma_hs" => id,
                    "ho_ten" => name,
                    "ngay_sinh" => "15/03/2004",
                    "lop" => "CK21A",
                    "nganh" => "Hàn",
                    "khoa" => "Khoa Mẫu", // the unit of the model definitions
                    "khoa_hoc" => "2021-2024",
                    "trang_thai" => "Đang học",
                    "diem_tb" => "8,2",
                    "hoc_luc" => hl,
                    "ren_luyen" => "Tốt",
                    "len_lop" | "tot_nghiep" | "tot_nghiep_lan_dau" => "Có",
                    _ => "",
                }
                .to_string()
            })
            .collect()
    };
    let rows = [
        row("CK01", "Nguyễn Văn An", "Giỏi"),
        row("CK02", "Trần Thị Bình", "Giỏi"),
    ];
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let bytes = template_with_rows(hs, Lang::Vi, &rows).unwrap();
    std::fs::write(ws.join("du-lieu/hoc-sinh.xlsx"), bytes).unwrap();

    let o = mtcl(&["check", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    let report = ws.join("bao-cao/loi-du-lieu.xlsx");
    assert!(report.is_file(), "check writes bao-cao/loi-du-lieu.xlsx");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&report).unwrap();
    let issues = book.worksheet_range("Lỗi dữ liệu").unwrap();
    assert_eq!(issues.height(), 1, "only the header row: no issue at all");
}

#[test]
fn templates_refreshed_in_a_workspace_with_definitions_offer_its_units() {
    let ws = tempfile::tempdir().unwrap();
    copy_tree(&sample("co-khi-2021-2022"), ws.path());
    let o = mtcl(&["init", "--templates", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let f = std::fs::File::open(ws.path().join("mau-nhap-lieu/hoc_sinh.xlsx")).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    // The Khoa column: Khoa Cơ khí and its aliases, as the definitions name them.
    assert!(
        xml.contains("<formula1>\"Khoa Cơ khí,Cơ khí,CK\"</formula1>"),
        "{xml}"
    );
}
