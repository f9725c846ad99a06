//! Building workbooks in tests (rust_xlsxwriter, or zip entries by hand) and reading them
//! back through the library, with records shown as text for exact assertions.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use mtcl::dataset::{Dataset, Issue, Record, Table};
use mtcl::definitions::{load_definitions, Document};
use mtcl::i18n::Lang;
use mtcl::schema::{load_catalog, Catalog};
use mtcl::workspace::Workspace;
use rust_xlsxwriter::{Workbook, Worksheet};

/// A cell value written by [`write_rows`].
#[derive(Debug, Clone)]
pub enum X {
    S(String),
    N(f64),
    E,
}

impl From<&str> for X {
    fn from(s: &str) -> X {
        if s.is_empty() {
            X::E
        } else {
            X::S(s.to_string())
        }
    }
}

impl From<f64> for X {
    fn from(x: f64) -> X {
        X::N(x)
    }
}

impl From<i32> for X {
    fn from(x: i32) -> X {
        X::N(x as f64)
    }
}

#[macro_export]
macro_rules! row {
    ($($x:expr),* $(,)?) => { vec![$(X::from($x)),*] };
}

/// Writes `rows` from `first` (0-based) down, column A onwards; empty cells are skipped.
pub fn write_rows(ws: &mut Worksheet, first: u32, rows: &[Vec<X>]) {
    for (i, r) in rows.iter().enumerate() {
        for (c, x) in r.iter().enumerate() {
            let (row, col) = (first + i as u32, c as u16);
            match x {
                X::S(s) => {
                    ws.write(row, col, s.as_str()).unwrap();
                }
                X::N(n) => {
                    ws.write(row, col, *n).unwrap();
                }
                X::E => {}
            }
        }
    }
}

/// A workbook of one sheet named `name` holding `rows` from A1.
pub fn book(name: &str, rows: &[Vec<X>]) -> Workbook {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    write_rows(ws, 0, rows);
    wb
}

/// The usual student table header.
pub fn hs_header() -> Vec<X> {
    vec![
        "STT".into(),
        "Mã HS".into(),
        "Họ và tên".into(),
        "Khoa".into(),
        "Khóa".into(),
        "Điểm TB".into(),
        "Học lực".into(),
    ]
}

/// A temporary workspace with one definitions file: a unit document for "Khoa Cơ khí"
/// (aliases "CK") when `unit`, else a school document.
pub struct Ws {
    pub dir: tempfile::TempDir,
}

impl Ws {
    pub fn new(unit: bool) -> Ws {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("muc-tieu")).unwrap();
        std::fs::create_dir_all(dir.path().join("du-lieu")).unwrap();
        let doc = if unit {
            "[document]\nschool = \"Trường T\"\nunit = \"Khoa Cơ khí\"\nunit_aliases = [\"CK\"]\nscope = \"unit\"\nschool_year = \"2021 - 2022\"\n"
        } else {
            "[document]\nschool = \"Trường T\"\nunit = \"Trường T\"\nscope = \"school\"\nschool_year = \"2021 - 2022\"\n"
        };
        std::fs::write(dir.path().join("muc-tieu/doc.toml"), doc).unwrap();
        Ws { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `du-lieu/<rel>`, its folder created.
    pub fn data(&self, rel: &str) -> PathBuf {
        let p = self.dir.path().join("du-lieu").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        p
    }

    pub fn save(&self, rel: &str, mut wb: Workbook) {
        wb.save(self.data(rel)).unwrap();
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        std::fs::write(self.data(rel), bytes).unwrap();
    }

    pub fn load(&self) -> (Catalog, Vec<Document>, Workspace) {
        let catalog = load_catalog(None, Lang::Vi).unwrap();
        let ws = Workspace::new(self.root(), None, None, None);
        let docs =
            load_definitions(&ws.objectives, &ws.root, &catalog, Lang::Vi).unwrap_or_else(|e| {
                panic!(
                    "{:?}",
                    e.iter().map(|x| x.render(Lang::Vi)).collect::<Vec<_>>()
                )
            });
        (catalog, docs, ws)
    }

    pub fn read_in(&self, lang: Lang) -> Read {
        let (catalog, docs, ws) = self.load();
        let data = mtcl::ingest::read_workspace(&ws, &catalog, &docs, lang);
        Read { catalog, data }
    }

    pub fn read(&self) -> Read {
        self.read_in(Lang::Vi)
    }
}

/// A dataset with its catalogue, and ways to look at it as text.
pub struct Read {
    pub catalog: Catalog,
    pub data: Dataset,
}

impl Read {
    pub fn records(&self, source: &str) -> &[Record] {
        self.table(source).records()
    }

    pub fn table(&self, source: &str) -> &Table {
        let s = self
            .catalog
            .sources
            .iter()
            .position(|x| x.id == source)
            .unwrap();
        &self.data.tables[s]
    }

    /// The values of `fields` of every record of `source`, as text.
    pub fn rows(&self, source: &str, fields: &[&str]) -> Vec<Vec<String>> {
        let src = self.catalog.get(source).unwrap();
        self.table(source)
            .iter()
            .map(|r| {
                fields
                    .iter()
                    .map(|f| {
                        let i = src.field_index(f).unwrap();
                        mtcl::ingest::show(&r.values.get(i), src, i, &self.data.strings)
                    })
                    .collect()
            })
            .collect()
    }

    /// (code, sheet, cell) of every issue.
    pub fn issues(&self) -> Vec<(&str, &str, &str)> {
        self.data
            .issues
            .iter()
            .map(|i| (i.code, i.sheet.as_str(), i.cell.as_str()))
            .collect()
    }

    pub fn issue(&self, code: &str) -> &Issue {
        self.data
            .issues
            .iter()
            .find(|i| i.code == code)
            .unwrap_or_else(|| panic!("no {code} in {:#?}", self.data.issues))
    }
}

pub fn strs(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// A zip file from (name, content) entries, deflated.
pub fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The smallest xlsx calamine opens, with `sheet` as the XML of its only sheet.
pub fn minimal_xlsx(sheet: &[u8]) -> Vec<u8> {
    let content_types = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let wb_rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    zip_bytes(&[
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

/// A copy of zip `bytes` with `edit` applied to each entry's content.
pub fn rewrite_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let mut content = Vec::new();
        e.read_to_end(&mut content).unwrap();
        let name = e.name().unwrap().to_string();
        let content = edit(&name, content);
        entries.push((name, content));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    zip_bytes(&refs)
}

pub fn workbook_bytes(mut wb: Workbook) -> Vec<u8> {
    wb.save_to_buffer().unwrap()
}
