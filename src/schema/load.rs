//! Reading schema files (`templates/*.toml`, `nguon-du-lieu.toml`) into [`Source`]s, with
//! every problem located in the file.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::{Band, BandRange, Catalog, EnumValue, Field, FieldType, Source, BUILTIN};
use crate::diag::{DefError, SourceText};
use crate::i18n::Lang;
use crate::text::fold;
use crate::tr;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    source: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    key: Vec<Spanned<String>>,
    unit_field: Option<Spanned<String>>,
    #[serde(default)]
    field: Vec<RawField>,
    #[serde(default)]
    band: Vec<RawBand>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    id: Spanned<String>,
    #[serde(default)]
    header: Vec<String>,
    #[serde(default)]
    parts: Vec<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default)]
    values: Vec<RawEnumValue>,
    #[serde(default)]
    required: bool,
    min: Option<f64>,
    max: Option<f64>,
    references: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, untagged)]
enum RawEnumValue {
    Plain(String),
    Full {
        value: String,
        #[serde(default)]
        aliases: Vec<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    field: Spanned<String>,
    class: Spanned<String>,
    bands: Vec<Spanned<RawBandRange>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBandRange {
    value: String,
    min: Option<f64>,
    below: Option<f64>,
}

/// The built-in catalogue, with `workspace_file` (if it exists) replacing or adding sources.
pub fn load_catalog(
    workspace_file: Option<(&Path, &str)>,
    lang: Lang,
) -> Result<Catalog, Vec<DefError>> {
    let mut sources: Vec<Source> = Vec::new();
    let mut errors = Vec::new();
    for (path, text) in BUILTIN {
        match parse_schema_file(path, text, lang) {
            Ok(found) => sources.extend(found),
            Err(e) => errors.extend(e),
        }
    }
    if let Some((path, text)) = workspace_file {
        match parse_schema_file(&path.to_string_lossy(), text, lang) {
            Ok(found) => {
                for s in found {
                    match sources.iter_mut().find(|b| b.id == s.id) {
                        Some(slot) => *slot = s,
                        None => sources.push(s),
                    }
                }
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(Catalog { sources })
    } else {
        Err(errors)
    }
}

/// One schema file's sources; every problem in it is reported, not just the first.
pub fn parse_schema_file(path: &str, text: &str, lang: Lang) -> Result<Vec<Source>, Vec<DefError>> {
    let file = Arc::new(SourceText {
        path: path.to_string(),
        text: text.to_string(),
    });
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => return Err(vec![crate::definitions::toml_error(&file, &e, lang)]),
    };
    let mut errors = Vec::new();
    let mut out = Vec::new();
    // Each source id with the line it was first declared at.
    let mut ids: HashMap<String, usize> = HashMap::new();
    for rs in raw.source {
        let line = line_of(text, rs.id.span().start);
        if let Some(first) = ids.get(rs.id.get_ref()) {
            let id = rs.id.get_ref();
            errors.push(DefError::new(
                &file,
                rs.id.span(),
                "duplicate-id",
                tr!(
                    lang,
                    "nguồn '{id}' được khai báo hai lần (lần đầu ở dòng {first})",
                    "source '{id}' is declared twice (first at line {first})"
                ),
            ));
        } else {
            ids.insert(rs.id.get_ref().clone(), line);
        }
        if let Some(s) = source(&file, rs, lang, &mut errors) {
            out.push(s);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

fn source(
    file: &Arc<SourceText>,
    rs: RawSource,
    lang: Lang,
    errors: &mut Vec<DefError>,
) -> Option<Source> {
    let sid = rs.id.get_ref().clone();
    let mut fields: Vec<Field> = Vec::new();
    let mut field_lines: Vec<usize> = Vec::new();
    let mut seen_headers: Vec<(String, String)> = Vec::new();
    // Fields already reported (a bad type…): naming them in `key` is not a second error.
    let mut reported: Vec<String> = Vec::new();
    for rf in rs.field {
        let fid = rf.id.get_ref().clone();
        if let Some(k) = fields.iter().position(|f| f.id == fid) {
            let first = field_lines[k];
            errors.push(DefError::new(
                file,
                rf.id.span(),
                "duplicate-id",
                tr!(
                    lang,
                    "trường '{fid}' được khai báo hai lần trong nguồn '{sid}' (lần đầu ở dòng {first})",
                    "field '{fid}' is declared twice in source '{sid}' (first at line {first})"
                ),
            ));
            continue;
        }
        let field_line = line_of(&file.text, rf.id.span().start);
        let Some(kind) = FieldType::parse(rf.kind.get_ref()) else {
            let got = rf.kind.get_ref();
            errors.push(DefError::new(
                file,
                rf.kind.span(),
                "unknown-type",
                tr!(
                    lang,
                    "kiểu '{got}' không tồn tại (text, integer, number, percent, date, bool, enum)",
                    "unknown type '{got}' (text, integer, number, percent, date, bool, enum)"
                ),
            ));
            reported.push(fid);
            continue;
        };
        if rf.header.is_empty() {
            errors.push(DefError::new(
                file,
                rf.id.span(),
                "missing-header",
                tr!(
                    lang,
                    "trường '{fid}' cần ít nhất một tiêu đề cột (header)",
                    "field '{fid}' needs at least one column header"
                ),
            ));
            reported.push(fid);
            continue;
        }
        for h in rf.header.iter().chain(&rf.parts) {
            let key = fold(h);
            if let Some((_, other)) = seen_headers.iter().find(|(k, o)| *k == key && *o != fid) {
                errors.push(DefError::new(
                    file,
                    rf.id.span(),
                    "duplicate-header",
                    tr!(
                        lang,
                        "tiêu đề '{h}' đã dùng cho trường '{other}'",
                        "header '{h}' is already used by field '{other}'"
                    ),
                ));
            }
            seen_headers.push((key, fid.clone()));
        }
        let values: Vec<EnumValue> = rf
            .values
            .into_iter()
            .map(|v| match v {
                RawEnumValue::Plain(value) => EnumValue {
                    value,
                    aliases: vec![],
                },
                RawEnumValue::Full { value, aliases } => EnumValue { value, aliases },
            })
            .collect();
        if kind == FieldType::Enum && values.is_empty() {
            errors.push(DefError::new(
                file,
                rf.kind.span(),
                "missing-values",
                tr!(
                    lang,
                    "trường liệt kê '{fid}' cần danh sách values",
                    "enum field '{fid}' needs a list of values"
                ),
            ));
        }
        let references = match rf.references {
            None => None,
            Some(r) => match r.get_ref().split_once('.') {
                Some((s, f)) => Some((s.to_string(), f.to_string())),
                None => {
                    errors.push(DefError::new(
                        file,
                        r.span(),
                        "bad-reference",
                        tr!(
                            lang,
                            "references phải có dạng \"nguồn.trường\"",
                            "references must read \"source.field\""
                        ),
                    ));
                    None
                }
            },
        };
        field_lines.push(field_line);
        fields.push(Field {
            id: fid,
            headers: rf.header,
            parts: rf.parts,
            kind,
            values,
            required: rf.required,
            min: rf.min,
            max: rf.max,
            references,
            lookup: Default::default(),
        });
    }
    let errors_before = errors.len();
    let resolve = |name: &Spanned<String>, errors: &mut Vec<DefError>| -> Option<usize> {
        let found = fields.iter().position(|f| &f.id == name.get_ref());
        if found.is_none() && !reported.contains(name.get_ref()) {
            let n = name.get_ref();
            errors.push(
                DefError::new(
                    file,
                    name.span(),
                    "unknown-field",
                    tr!(
                        lang,
                        "trường '{n}' không có trong nguồn '{sid}'",
                        "field '{n}' is not in source '{sid}'"
                    ),
                )
                .with_help(crate::i18n::did_you_mean(
                    lang,
                    n,
                    fields.iter().map(|f| f.id.as_str()),
                )),
            );
        }
        found
    };
    let key: Vec<usize> = rs.key.iter().filter_map(|k| resolve(k, errors)).collect();
    let unit_field = rs.unit_field.as_ref().and_then(|u| resolve(u, errors));
    let mut bands = Vec::new();
    for b in &rs.band {
        let (Some(fi), Some(ci)) = (resolve(&b.field, errors), resolve(&b.class, errors)) else {
            continue;
        };
        let class = &fields[ci];
        let mut ranges = Vec::new();
        for r in &b.bands {
            let v = &r.get_ref().value;
            match class.enum_index(v) {
                Some(value) => ranges.push(BandRange {
                    value,
                    min: r.get_ref().min,
                    below: r.get_ref().below,
                }),
                None => {
                    let cid = &class.id;
                    errors.push(DefError::new(
                        file,
                        r.span(),
                        "invalid-enum-value",
                        tr!(
                            lang,
                            "'{v}' không phải giá trị của trường '{cid}'",
                            "'{v}' is not a value of field '{cid}'"
                        ),
                    ));
                }
            }
        }
        bands.push(Band {
            field: fi,
            class: ci,
            ranges,
        });
    }
    (errors.len() == errors_before).then_some(Source {
        id: sid,
        title: rs.title,
        key,
        unit_field,
        fields,
        bands,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_loads_every_source_of_the_spec() {
        let c =
            load_catalog(None, Lang::Vi).unwrap_or_else(|e| panic!("{}", e[0].render(Lang::En)));
        let ids: Vec<&str> = c.ids().collect();
        assert_eq!(
            ids,
            [
                "hoc_sinh",
                "giao_vien",
                "viec_lam",
                "doanh_nghiep",
                "hoi_thi",
                "tuyen_sinh",
                "thiet_bi",
                "y_kien_nguoi_hoc",
                "chuong_trinh",
                "tien_do",
                "giai_trinh"
            ]
        );
    }

    #[test]
    fn every_built_in_source_has_the_period_field_never_headed_hk() {
        let c = load_catalog(None, Lang::Vi).unwrap();
        for s in &c.sources {
            let f = s.field(crate::period::FIELD).expect(&s.id);
            assert_eq!(f.headers[0], "Học kỳ", "{}", s.id);
            assert!(!f.headers.iter().any(|h| h == "HK"), "{}", s.id);
            assert!(!f.required, "{}", s.id);
        }
    }

    #[test]
    fn hoc_sinh_fields_match_the_spec() {
        let c = load_catalog(None, Lang::Vi).unwrap();
        let hs = c.get("hoc_sinh").unwrap();
        let ids: Vec<&str> = hs.fields.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ma_hs",
                "ho_ten",
                "ngay_sinh",
                "lop",
                "nganh",
                "khoa",
                "khoa_hoc",
                "trang_thai",
                "diem_tb",
                "hoc_luc",
                "ren_luyen",
                "len_lop",
                "tot_nghiep",
                "tot_nghiep_lan_dau",
                "hoc_ky"
            ]
        );
        assert_eq!(hs.key, vec![hs.field_index("ma_hs").unwrap()]);
        assert_eq!(hs.unit_field, hs.field_index("khoa"));
        let ma = hs.field("ma_hs").unwrap();
        assert!(ma.required && ma.headers.iter().any(|h| h == "MSSV"));
        assert_eq!(hs.field("ho_ten").unwrap().parts, ["Họ đệm", "Tên"]);
        let diem = hs.field("diem_tb").unwrap();
        assert_eq!(
            (diem.kind, diem.min, diem.max),
            (FieldType::Number, Some(0.0), Some(10.0))
        );
    }

    #[test]
    fn enum_values_match_aliases_case_and_accents() {
        let c = load_catalog(None, Lang::Vi).unwrap();
        let hs = c.get("hoc_sinh").unwrap();
        let tt = hs.field("trang_thai").unwrap();
        let thoi = tt.enum_index("Thôi học").unwrap();
        assert_eq!(tt.enum_index("Bỏ học"), Some(thoi));
        assert_eq!(tt.enum_index("NGHỈ HỌC"), Some(thoi));
        let hl = hs.field("hoc_luc").unwrap();
        assert_eq!(hl.enum_index("KHÁ"), hl.enum_index("Khá"));
        assert_eq!(hl.enum_index("kha"), hl.enum_index("Khá"));
        assert_eq!(hl.enum_index("Kha\u{301}"), hl.enum_index("Khá"));
        assert_eq!(hl.enum_index("Tàm tạm"), None);
    }

    #[test]
    fn hoc_luc_bands_are_those_of_thong_tu_04_2022() {
        let c = load_catalog(None, Lang::Vi).unwrap();
        let hs = c.get("hoc_sinh").unwrap();
        let band = &hs.bands[0];
        assert_eq!(hs.fields[band.field].id, "diem_tb");
        let class = &hs.fields[band.class];
        let of = |v: &str| {
            band.ranges
                .iter()
                .find(|r| r.value == class.enum_index(v).unwrap())
                .unwrap()
        };
        assert!(of("Giỏi").contains(8.0) && !of("Giỏi").contains(9.0));
        assert!(of("Xuất sắc").contains(9.0) && of("Xuất sắc").contains(10.0));
        assert!(of("Yếu").contains(4.99) && !of("Yếu").contains(5.0));
        assert!(!band
            .ranges
            .iter()
            .any(|r| r.value == class.enum_index("Kém").unwrap()));
    }

    #[test]
    fn workspace_file_replaces_and_adds_sources() {
        let text = r#"
[[source]]
id = "hoc_sinh"
key = ["ma"]
  [[source.field]]
  id = "ma"
  header = ["Mã"]
  type = "text"
[[source]]
id = "thu_vien"
  [[source.field]]
  id = "sach"
  header = ["Sách"]
  type = "integer"
"#;
        let c = load_catalog(Some((Path::new("nguon-du-lieu.toml"), text)), Lang::Vi).unwrap();
        assert_eq!(c.get("hoc_sinh").unwrap().fields.len(), 1);
        assert!(c.get("thu_vien").is_some());
        assert_eq!(c.sources.len(), 12);
    }

    #[test]
    fn a_duplicate_source_or_field_names_the_first_line() {
        let text = "[[source]]\nid = \"x\"\n  [[source.field]]\n  id = \"a\"\n  header = [\"A\"]\n  type = \"text\"\n  [[source.field]]\n  id = \"a\"\n  header = [\"B\"]\n  type = \"text\"\n[[source]]\nid = \"x\"\n";
        let errs = parse_schema_file("nguon-du-lieu.toml", text, Lang::Vi).unwrap_err();
        let msgs: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "trường 'a' được khai báo hai lần trong nguồn 'x' (lần đầu ở dòng 4)",
                "nguồn 'x' được khai báo hai lần (lần đầu ở dòng 2)"
            ]
        );
    }

    #[test]
    fn a_bad_type_is_one_error_not_a_second_about_the_key() {
        let text = "[[source]]\nid = \"x\"\nkey = [\"ma\"]\n  [[source.field]]\n  id = \"ma\"\n  header = [\"Mã\"]\n  type = \"string\"\n";
        let errs = parse_schema_file("nguon-du-lieu.toml", text, Lang::Vi).unwrap_err();
        let codes: Vec<&str> = errs.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["unknown-type"]);
        assert_eq!(errs[0].line_col(), (7, 10));
    }

    #[test]
    fn bad_schema_names_line_and_suggests() {
        let text = "[[source]]\nid = \"x\"\nkey = [\"ma_hx\"]\n  [[source.field]]\n  id = \"ma_hs\"\n  header = [\"Mã\"]\n  type = \"txt\"\n";
        let errs = parse_schema_file("nguon-du-lieu.toml", text, Lang::Vi).unwrap_err();
        let codes: Vec<&str> = errs.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["unknown-type", "unknown-field"]);
        assert_eq!(errs[0].line_col().0, 7);
        assert_eq!(errs[1].line_col(), (3, 8));
    }
}
