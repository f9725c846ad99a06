//! Hand-built datasets and results for the workbook tests, and reading workbooks back.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};

use crate::compute::{evaluate, Results};
use crate::dataset::{Dataset, FileReport, FileStatus, Issue, Record, Severity, SheetReport};
use crate::definitions::{load_document, Document};
use crate::i18n::Lang;
use crate::model::{Origin, Value};
use crate::schema::{load_catalog, Catalog, FieldType};

pub const CO_KHI: &str = r#"
[document]
school = "Trường Trung cấp Kinh tế - Kỹ thuật Nguyễn Hữu Cảnh"
unit = "Khoa Cơ khí"
unit_aliases = ["CK"]
school_year = "2021 - 2022"

[[objective]]
id = "1"
text = "Nâng cao chất lượng học tập."
  [[objective.indicator]]
  id = "kha"
  label = "Tỷ lệ học sinh khá, giỏi"
  source = "hoc_sinh"
  count = "hoc_luc in ['Giỏi', 'Khá']"
  of = "trang_thai != 'Thôi học'"
  target = ">= 50%"
  [[objective.indicator]]
  id = "tn"
  label = "Số học sinh tốt nghiệp"
  source = "hoc_sinh"
  count = "tot_nghiep"
  target = "tối thiểu 02"

[[objective]]
id = "2"
text = "Mở rộng hợp tác doanh nghiệp."
  [[objective.indicator]]
  id = "dn"
  label = "Doanh nghiệp hợp tác mỗi ngành"
  source = "doanh_nghiep"
  count = "true"
  distinct = "ten_dn"
  per = "nganh"
  groups = ["Hàn", "Ô tô"]
  target = "tối thiểu 01"
"#;

pub const DIEN: &str = r#"
[document]
school = "Trường Trung cấp Kinh tế - Kỹ thuật Nguyễn Hữu Cảnh"
unit = "Khoa Điện"
school_year = "2021 - 2022"

[[objective]]
id = "1"
text = "Nâng cao chất lượng học tập."
  [[objective.indicator]]
  id = "kha"
  label = "Tỷ lệ học sinh khá, giỏi"
  source = "hoc_sinh"
  count = "hoc_luc in ['Giỏi', 'Khá']"
  target = ">= 50%"
"#;

pub const TRUONG: &str = r#"
[document]
school = "Trường Trung cấp Kinh tế - Kỹ thuật Nguyễn Hữu Cảnh"
unit = "Trường Trung cấp Kinh tế - Kỹ thuật Nguyễn Hữu Cảnh"
scope = "school"
school_year = "2021 - 2022"

[[objective]]
id = "1"
text = "Chất lượng toàn trường."
  [[objective.indicator]]
  id = "kha"
  label = "Tỷ lệ học sinh khá, giỏi toàn trường"
  source = "hoc_sinh"
  count = "hoc_luc in ['Giỏi', 'Khá']"
  target = "55% ÷ 60%"
"#;

/// A run of three documents (two units and the school) over hand-made records.
pub struct Fixture {
    pub catalog: Catalog,
    pub docs: Vec<Document>,
    pub data: Dataset,
    pub results: Results,
}

pub fn fixture() -> Fixture {
    let catalog = load_catalog(None, Lang::Vi).unwrap();
    let docs: Vec<Document> = [
        ("muc-tieu/khoa-co-khi.toml", CO_KHI),
        ("muc-tieu/khoa-dien.toml", DIEN),
        ("muc-tieu/truong.toml", TRUONG),
    ]
    .iter()
    .map(|(f, t)| {
        load_document(f, t, &catalog, Lang::Vi)
            .unwrap_or_else(|e| panic!("{}", e[0].render(Lang::En)))
    })
    .collect();
    let mut data = Dataset::new(catalog.sources.len());
    let sheet = |name: &str| SheetReport {
        name: name.to_string(),
        source: None,
        header_row: Some(1),
        fields: Vec::new(),
        unmatched: Vec::new(),
        records: 0,
        hidden: false,
        encoding: None,
    };
    data.files = vec![
        FileReport {
            path: "du-lieu/dn.xlsx".into(),
            status: FileStatus::Read,
            sheets: vec![sheet("DN")],
        },
        FileReport {
            path: "du-lieu/khoa-co-khi/hs.xlsx".into(),
            status: FileStatus::Read,
            sheets: vec![sheet("DS HS"), sheet("Ghi chú")],
        },
        FileReport {
            path: "du-lieu/khoa-dien/hs.xlsx".into(),
            status: FileStatus::Read,
            sheets: vec![sheet("HS")],
        },
    ];
    let mut b = Builder {
        catalog: &catalog,
        data: &mut data,
    };
    // Khoa Cơ khí (document 0), file 1.
    b.add(
        "hoc_sinh",
        (1, 0, 2),
        Some(0),
        false,
        &[
            ("ma_hs", "CK01"),
            ("ho_ten", "Nguyễn Văn An"),
            ("ngay_sinh", "2004-03-15"),
            ("hoc_luc", "Giỏi"),
            ("tot_nghiep", "x"),
        ],
    );
    b.add(
        "hoc_sinh",
        (1, 0, 3),
        Some(0),
        false,
        &[
            ("ma_hs", "CK02"),
            ("ho_ten", "Trần Thị Bình"),
            ("hoc_luc", "Yếu"),
            ("trang_thai", "Đang học"),
            ("tot_nghiep", "-"),
        ],
    );
    b.add(
        "hoc_sinh",
        (1, 0, 4),
        Some(0),
        false,
        &[
            ("ma_hs", "CK03"),
            ("ho_ten", "Lê Văn Cường"),
            ("hoc_luc", "Khá"),
            ("trang_thai", "Thôi học"),
        ],
    );
    b.add(
        "hoc_sinh",
        (1, 0, 5),
        Some(0),
        true,
        &[
            ("ma_hs", "CK04"),
            ("ho_ten", "Phạm Văn Dũng"),
            ("hoc_luc", "Khá"),
            ("tot_nghiep", "x"),
        ],
    );
    b.add(
        "hoc_sinh",
        (1, 0, 6),
        Some(0),
        false,
        &[
            ("ma_hs", "CK05"),
            ("ho_ten", "Hoàng Thị Én"),
            ("hoc_luc", "Khá"),
            ("diem_tb", "7.5"),
        ],
    );
    // Khoa Điện (document 1), file 2.
    b.add(
        "hoc_sinh",
        (2, 0, 2),
        Some(1),
        false,
        &[
            ("ma_hs", "D01"),
            ("ho_ten", "Võ Văn Phúc"),
            ("hoc_luc", "Trung bình"),
        ],
    );
    b.add(
        "hoc_sinh",
        (2, 0, 3),
        Some(1),
        false,
        &[
            ("ma_hs", "D02"),
            ("ho_ten", "Đỗ Thị Giang"),
            ("hoc_luc", "Giỏi"),
        ],
    );
    // A student of no known unit: only the school counts it.
    b.add(
        "hoc_sinh",
        (2, 0, 4),
        None,
        false,
        &[("ma_hs", "X01"), ("ho_ten", "Không Rõ"), ("hoc_luc", "Khá")],
    );
    // Enterprises, file 0.
    b.add(
        "doanh_nghiep",
        (0, 0, 2),
        Some(0),
        false,
        &[("ten_dn", "Công ty A"), ("nganh", "Hàn")],
    );
    b.add(
        "doanh_nghiep",
        (0, 0, 3),
        Some(0),
        false,
        &[("ten_dn", "Công ty B"), ("nganh", "Hàn")],
    );
    b.add(
        "doanh_nghiep",
        (0, 0, 4),
        Some(1),
        false,
        &[("ten_dn", "Công ty C"), ("nganh", "Điện")],
    );

    let issue = |sev, code: &'static str, file: &str, sheet: &str, row: Option<u32>| Issue {
        severity: sev,
        code,
        file: file.to_string(),
        sheet: sheet.to_string(),
        cell: row.map_or(String::new(), |r| format!("H{r}")),
        row,
        field: if row.is_some() {
            "hoc_luc".into()
        } else {
            String::new()
        },
        value: if row.is_some() {
            "Kha".into()
        } else {
            String::new()
        },
        message: format!("{code} here"),
    };
    data.issues = vec![
        issue(
            Severity::Warning,
            "unknown-sheet",
            "du-lieu/khoa-co-khi/hs.xlsx",
            "Ghi chú",
            None,
        ),
        issue(
            Severity::Error,
            "invalid-value",
            "du-lieu/khoa-co-khi/hs.xlsx",
            "DS HS",
            Some(5),
        ),
        issue(
            Severity::Error,
            "duplicate-key",
            "du-lieu/khoa-dien/hs.xlsx",
            "HS",
            Some(3),
        ),
        issue(
            Severity::Warning,
            "unknown-unit",
            "du-lieu/khoa-dien/hs.xlsx",
            "HS",
            Some(4),
        ),
        issue(
            Severity::Error,
            "invalid-value",
            "du-lieu/dn.xlsx",
            "DN",
            Some(2),
        ),
    ];
    let results = evaluate(&docs, &catalog, &data);
    Fixture {
        catalog,
        docs,
        data,
        results,
    }
}

struct Builder<'a> {
    catalog: &'a Catalog,
    data: &'a mut Dataset,
}

impl Builder<'_> {
    fn add(
        &mut self,
        source: &str,
        (file, sheet, row): (u32, u32, u32),
        unit: Option<u16>,
        excluded: bool,
        set: &[(&str, &str)],
    ) {
        let s = self
            .catalog
            .sources
            .iter()
            .position(|x| x.id == source)
            .unwrap();
        let src = &self.catalog.sources[s];
        let mut values = vec![Value::Empty; src.fields.len()];
        for (id, raw) in set {
            let i = src.field_index(id).unwrap();
            let f = &src.fields[i];
            values[i] = match f.kind {
                FieldType::Enum => Value::Enum(f.enum_index(raw).unwrap()),
                FieldType::Bool => Value::Bool(*raw == "x"),
                FieldType::Integer => Value::Int(raw.parse().unwrap()),
                FieldType::Number | FieldType::Percent => Value::Number(raw.parse().unwrap()),
                FieldType::Date => {
                    use chrono::Datelike;
                    let d = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap();
                    Value::Date(d.num_days_from_ce())
                }
                FieldType::Text => Value::Text(self.data.strings.intern(raw)),
            };
        }
        self.data.tables[s].push(
            &values,
            Record {
                origin: Origin { file, sheet, row },
                unit,
                excluded,
                period: None,
            },
        );
    }
}

/// A workbook read back with calamine.
pub struct Book {
    xlsx: Xlsx<Cursor<Vec<u8>>>,
}

impl Book {
    pub fn new(bytes: &[u8]) -> Book {
        Book {
            xlsx: Xlsx::new(Cursor::new(bytes.to_vec())).expect("a readable workbook"),
        }
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.xlsx.sheet_names()
    }

    pub fn sheet(&mut self, name: &str) -> Range<Data> {
        self.xlsx
            .worksheet_range(name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
    }
}

/// A cell as text ("" for empty), the way the tests compare cells.
pub fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(x)) => x.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Bool(b)) => b.to_string(),
        Some(other) => other.to_string(),
    }
}

/// The column under the header `header` in row `header_row` (absolute positions).
pub fn column(range: &Range<Data>, header_row: u32, header: &str) -> Vec<String> {
    let (_, last_col) = range.end().expect("a non-empty sheet");
    let col = (0..=last_col)
        .find(|&c| text(range, header_row, c) == header)
        .unwrap_or_else(|| panic!("no column {header:?}"));
    let (last_row, _) = range.end().unwrap();
    (header_row + 1..=last_row)
        .map(|r| text(range, r, col))
        .collect()
}

/// The entries of a zip archive (an .xlsx) as text, by name.
pub fn zip_text(bytes: &[u8], name: &str) -> Option<String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut f = z.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    Some(s)
}

/// `MTCL_XLSX_DUMP=/tmp/x cargo test --lib dump_sample_workbooks -- --ignored` writes one
/// workbook of each kind from the fixture, to open in Excel or LibreOffice and look at.
#[test]
#[ignore = "writes sample workbooks for a person to look at"]
fn dump_sample_workbooks() {
    let dir = std::path::PathBuf::from(std::env::var("MTCL_XLSX_DUMP").expect("MTCL_XLSX_DUMP"));
    let f = fixture();
    let w =
        |name: &str, bytes: Vec<u8>| crate::report::write_atomic(&dir.join(name), &bytes).unwrap();
    for (d, doc) in f.docs.iter().enumerate() {
        let bytes = super::unit_workbook(
            doc,
            d,
            &f.results.documents[d],
            &f.catalog,
            &f.data,
            Lang::Vi,
        )
        .unwrap();
        w(&format!("{}/{}", doc.slug(), super::UNIT_FILE_NAME), bytes);
    }
    w(
        super::SUMMARY_FILE_NAME,
        super::school_summary(&f.docs, &f.results, &f.catalog, Lang::Vi).unwrap(),
    );
    w(
        super::ISSUES_FILE_NAME,
        super::issues_workbook(&f.data, Lang::Vi, Some("..")).unwrap(),
    );
    let hs = f.catalog.get("hoc_sinh").unwrap();
    w(
        "mau-nhap-lieu/hoc_sinh.xlsx",
        super::template_workbook(hs, Lang::Vi).unwrap(),
    );
}
