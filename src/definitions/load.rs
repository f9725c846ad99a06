//! Reading `muc-tieu/*.toml` into [`Document`]s. Every error of every file is collected, each
//! located by file, line and column, before the run gives up.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::filter::{Filter, FilterError};
use super::target::{Target, TargetError};
use super::{Decision, Document, Indicator, Measure, Objective, Scope, Signer};
use crate::diag::{DefError, SourceText};
use crate::i18n::{did_you_mean, Lang};
use crate::schema::{Catalog, FieldType, Source};
use crate::text::unit_match_key;
use crate::tr;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    document: RawDocument,
    #[serde(default)]
    objective: Vec<RawObjective>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    school: String,
    #[serde(default)]
    governing_body: String,
    unit: Spanned<String>,
    #[serde(default)]
    unit_aliases: Vec<Spanned<String>>,
    scope: Option<Spanned<String>>,
    school_year: String,
    decision: Option<RawDecision>,
    #[serde(default)]
    place: String,
    signer: Option<RawSigner>,
    #[serde(default)]
    recipients: Vec<String>,
    #[serde(default)]
    policy: Vec<String>,
    #[serde(default)]
    grounds: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    number: String,
    date: Spanned<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSigner {
    title: String,
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    id: Spanned<String>,
    text: String,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default)]
    lead: OneOrMany,
    #[serde(default)]
    partners: Vec<String>,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default)]
    indicator: Vec<RawIndicator>,
}

/// `lead = "Trưởng khoa"` or, when several lead, `lead = ["Trưởng khoa", "…"]`.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: Spanned<String>,
    #[serde(default)]
    label: String,
    source: Spanned<String>,
    count: Option<Spanned<String>>,
    of: Option<Spanned<String>>,
    distinct: Option<Spanned<String>>,
    sum: Option<Spanned<String>>,
    of_sum: Option<Spanned<String>>,
    #[serde(rename = "where")]
    filter: Option<Spanned<String>>,
    per: Option<Spanned<String>>,
    #[serde(default)]
    groups: Vec<Spanned<String>>,
    target: Spanned<String>,
}

/// Every `*.toml` in `dir` (sorted by name), checked, and checked against each other (one
/// document per unit). `root` is what paths are shown relative to.
pub fn load_definitions(
    dir: &Path,
    root: &Path,
    catalog: &Catalog,
    lang: Lang,
) -> Result<Vec<Document>, Vec<DefError>> {
    let mut paths: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
                    && p.is_file()
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    paths.sort();
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let mut slugs: HashMap<String, String> = HashMap::new();
    let mut units: HashMap<String, (Arc<SourceText>, std::ops::Range<usize>, String)> =
        HashMap::new();
    for p in paths {
        let shown = crate::workspace::display_path(&p, root);
        let text = match std::fs::read(&p).map(|b| decode_text(&b)) {
            Ok(Some(t)) => t,
            Ok(None) => {
                let file = Arc::new(SourceText {
                    path: shown.clone(),
                    text: String::new(),
                });
                errors.push(DefError::new(
                    &file,
                    0..0,
                    "unreadable-file",
                    tr!(
                        lang,
                        "tệp không được lưu với bảng mã UTF-8; hãy mở bằng Notepad, chọn Save as, Encoding: UTF-8",
                        "the file is not saved as UTF-8; open it in Notepad, Save as, Encoding: UTF-8"
                    ),
                ));
                continue;
            }
            Err(e) => {
                let e = crate::oserr::describe(&e, lang);
                let file = Arc::new(SourceText {
                    path: shown.clone(),
                    text: String::new(),
                });
                errors.push(DefError::new(
                    &file,
                    0..0,
                    "unreadable-file",
                    tr!(lang, "không đọc được tệp: {e}", "cannot read the file: {e}"),
                ));
                continue;
            }
        };
        let file = Arc::new(SourceText { path: shown, text });
        match parse(&file, catalog, lang) {
            Ok((doc, unit_spans)) => {
                let unit_spans_first = unit_spans[0].1.clone();
                for (name, span) in unit_spans {
                    // As rows are matched: "Điện - Điện tử" and "Điện-Điện tử" are one unit.
                    let key = unit_match_key(&name);
                    if let Some((other, _, other_unit)) =
                        units.get(&key).filter(|(f, ..)| !Arc::ptr_eq(f, &file))
                    {
                        let o = &other.path;
                        errors.push(DefError::new(
                            &file,
                            span,
                            "duplicate-unit",
                            tr!(
                                lang,
                                "đơn vị '{name}' đã được định nghĩa trong {o} ('{other_unit}')",
                                "unit '{name}' is already defined in {o} ('{other_unit}')"
                            ),
                        ));
                    } else if doc.scope == Scope::Unit && !units.contains_key(&key) {
                        units.insert(key, (file.clone(), span, name.clone()));
                    }
                }
                // Reports go to bao-cao/<slug>/: two documents must not share a folder.
                let slug = doc.slug();
                if let Some(other) = slugs.get(&slug) {
                    let unit = &doc.unit;
                    errors.push(DefError::new(
                        &file,
                        unit_spans_first.clone(),
                        "duplicate-unit",
                        tr!(
                            lang,
                            "báo cáo của '{unit}' sẽ ghi vào cùng thư mục bao-cao/{slug}/ với {other}; hãy đặt tên đơn vị khác đi",
                            "the reports of '{unit}' would go to the same folder bao-cao/{slug}/ as {other}; give the unit a different name"
                        ),
                    ));
                } else {
                    slugs.insert(slug, file.path.clone());
                }
                docs.push(doc);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(docs)
    } else {
        Err(errors)
    }
}

/// One definitions file, on its own (no cross-file checks).
pub fn load_document(
    path_shown: &str,
    text: &str,
    catalog: &Catalog,
    lang: Lang,
) -> Result<Document, Vec<DefError>> {
    let file = Arc::new(SourceText {
        path: path_shown.to_string(),
        text: text.to_string(),
    });
    parse(&file, catalog, lang).map(|(d, _)| d)
}

/// A TOML or shape error from the toml crate, in the user's language where we can tell
/// what it is.
pub fn toml_error(file: &Arc<SourceText>, e: &toml::de::Error, lang: Lang) -> DefError {
    let span = e.span().unwrap_or(0..0);
    let msg = e.message().trim().to_string();
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_string).unwrap_or_default();
    if msg.starts_with("unknown field") {
        let k = quoted(&msg);
        let expected: Vec<String> = msg
            .split("expected")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        let help = did_you_mean(lang, &k, expected.iter().map(String::as_str)).or_else(|| {
            // No near key: the keys allowed here, which is what the person needs to choose from.
            let all = expected.join(", ");
            (!all.is_empty()).then(|| {
                tr!(
                    lang,
                    "các khóa dùng được ở đây: {all}",
                    "the keys allowed here: {all}"
                )
            })
        });
        DefError::new(
            file,
            span,
            "unknown-key",
            tr!(
                lang,
                "khóa '{k}' không được hỗ trợ ở đây",
                "key '{k}' is not allowed here"
            ),
        )
        .with_help(help)
    } else if msg.starts_with("missing field") {
        let k = quoted(&msg);
        DefError::new(
            file,
            span,
            "missing-key",
            tr!(
                lang,
                "thiếu khóa bắt buộc '{k}'",
                "missing required key '{k}'"
            ),
        )
    } else {
        let (message, help) = toml_syntax(&file.text, span.clone(), &msg, lang);
        DefError::new(file, span, "toml-syntax", message).with_help(help)
    }
}

/// The toml crate's syntax and type errors said in plain words, with the fix where the
/// mistake is a common one: curly quotes from Word, a date written dd/mm/yyyy, a number or a
/// bare word where a quoted string is needed, a string where a list is needed.
fn toml_syntax(
    text: &str,
    span: std::ops::Range<usize>,
    msg: &str,
    lang: Lang,
) -> (String, Option<String>) {
    let at = text.get(span.start..).unwrap_or("");
    let found: String = at.chars().take_while(|c| *c != '\n').collect();
    let line_start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    // The key just before the value: `date` in `decision = { number = "…", date = 01/12/2021 }`.
    let before = &text[line_start..span.start.clamp(line_start, text.len())];
    let key = before
        .rsplit_once('=')
        .map_or(before, |(k, _)| k)
        .trim_end()
        .rsplit([',', '{', ' ', '\t'])
        .next()
        .unwrap_or("")
        .trim();
    let quoted = |m: &str| -> String {
        // "invalid type: string \"Lưu VT\", expected a sequence" → Lưu VT
        m.split('"').nth(1).unwrap_or("").to_string()
    };
    let see = Some(tr!(
        lang,
        "cách viết tệp định nghĩa: docs/muc-tieu.md",
        "how to write a definitions file: docs/en/muc-tieu.md"
    ));
    if found.starts_with(['“', '”', '‘', '’']) {
        return (
            tr!(
                lang,
                "dấu nháy cong “ ” hay ‘ ’ không dùng được trong TOML; hãy gõ lại bằng dấu nháy thẳng \"",
                "curly quotes “ ” or ‘ ’ cannot be used in TOML; type straight quotes \" instead"
            ),
            Some(tr!(
                lang,
                "Word và điện thoại tự đổi dấu nháy; soạn tệp bằng Notepad",
                "Word and phones change quotes by themselves; edit the file with Notepad"
            )),
        );
    }
    let date: Vec<&str> = found
        .split(|c: char| !c.is_ascii_digit() && c != '/' && c != '-' && c != '.')
        .next()
        .unwrap_or("")
        .split(['/', '-', '.'])
        .collect();
    if date.len() == 3
        && date[0].len() <= 2
        && date[1].len() <= 2
        && date[2].len() == 4
        && date.iter().all(|p| !p.is_empty())
    {
        let iso = format!("{}-{:0>2}-{:0>2}", date[2], date[1], date[0]);
        return (
            tr!(
                lang,
                "ngày phải viết năm-tháng-ngày, không có dấu nháy: {key} = {iso}",
                "dates are written year-month-day, without quotes: {key} = {iso}"
            ),
            None,
        );
    }
    if msg.starts_with("string values must be quoted") {
        let v = found.trim().trim_end_matches([',', '}', ']']).trim();
        return (
            tr!(
                lang,
                "giá trị văn bản phải nằm trong dấu nháy thẳng: {key} = \"{v}\"",
                "text values must be in straight quotes: {key} = \"{v}\""
            ),
            see,
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        if expected.starts_with("a sequence") && got.starts_with("map") {
            // `[[objective.indicator]]` before any `[[objective]]`.
            return (
                tr!(
                    lang,
                    "một [[objective.indicator]] phải đứng sau [[objective]] của nó",
                    "an [[objective.indicator]] must come after its [[objective]]"
                ),
                see,
            );
        }
        if expected.starts_with("a sequence") {
            let v = quoted(got);
            return (
                tr!(
                    lang,
                    "cần một danh sách trong ngoặc vuông, ví dụ [\"{v}\"]",
                    "a list in square brackets is needed, e.g. [\"{v}\"]"
                ),
                see,
            );
        }
        if expected.starts_with("a string") {
            let v = got
                .split('`')
                .nth(1)
                .map(str::to_string)
                .unwrap_or_else(|| quoted(got));
            return (
                tr!(
                    lang,
                    "giá trị phải là một chuỗi trong dấu nháy, ví dụ \"{v}\"",
                    "the value must be a string in quotes, e.g. \"{v}\""
                ),
                see,
            );
        }
        if expected.starts_with("struct") {
            return (
                tr!(
                    lang,
                    "'{key}' cần một bảng trong ngoặc nhọn, ví dụ {{ title = \"HIỆU TRƯỞNG\", name = \"\" }}",
                    "'{key}' needs a table in braces, e.g. {{ title = \"HIỆU TRƯỞNG\", name = \"\" }}"
                ),
                see,
            );
        }
    }
    if msg.contains("untagged enum OneOrMany") {
        return (
            tr!(
                lang,
                "'{key}' phải là một chuỗi trong dấu nháy hoặc một danh sách chuỗi",
                "'{key}' must be a quoted string or a list of strings"
            ),
            see,
        );
    }
    if msg.starts_with("unexpected key or value") {
        return (
            tr!(
                lang,
                "thừa nội dung sau giá trị: mỗi dòng chỉ một khóa = giá trị (văn bản trong dấu nháy)",
                "unexpected text after the value: one key = value per line (text in quotes)"
            ),
            see,
        );
    }
    if msg.starts_with("duplicate key") {
        let k = msg
            .split('`')
            .nth(1)
            .unwrap_or_else(|| found.split('=').next().unwrap_or("").trim());
        return (
            tr!(
                lang,
                "khóa '{k}' được viết hai lần",
                "key '{k}' is written twice"
            ),
            see,
        );
    }
    let plain = [
        (
            "invalid basic string",
            tr!(
                lang,
                "chuỗi chưa được đóng: thiếu dấu nháy \" ở cuối giá trị (hoặc có dấu \" thừa ở giữa)",
                "the string is not closed: a \" is missing at the end of the value (or there is a stray \" inside)"
            ),
        ),
        (
            "key with no value",
            tr!(
                lang,
                "thiếu dấu = giữa khóa và giá trị: {key} = \"...\"",
                "a = is missing between the key and the value"
            ),
        ),
        (
            "unclosed array",
            tr!(
                lang,
                "danh sách chưa được đóng: thiếu dấu ]",
                "the list is not closed: a ] is missing"
            ),
        ),
        (
            "missing comma between array elements",
            tr!(
                lang,
                "thiếu dấu phẩy giữa hai phần tử của danh sách",
                "a comma is missing between two items of the list"
            ),
        ),
        (
            "missing comma between key-value pairs",
            tr!(
                lang,
                "thiếu dấu phẩy giữa hai cặp khóa = giá trị trong {{ }}",
                "a comma is missing between two key = value pairs in {{ }}"
            ),
        ),
        (
            "invalid date",
            tr!(
                lang,
                "ngày không có thật; viết năm-tháng-ngày, ví dụ 2021-12-01",
                "not a real date; write year-month-day, e.g. 2021-12-01"
            ),
        ),
    ];
    if let Some((_, m)) = plain.into_iter().find(|(p, _)| msg.starts_with(p)) {
        return (m, see);
    }
    (
        tr!(lang, "TOML không hợp lệ: {msg}", "invalid TOML: {msg}"),
        see,
    )
}

/// A definitions or schema file's text: UTF-8 (with or without a byte-order mark) or, as
/// Notepad's "Unicode" saves it, UTF-16 with its mark. `None`: some other encoding.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| match (c, le) {
                ([a, b], true) => u16::from_le_bytes([*a, *b]),
                ([a, b], false) => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16(&units).ok()
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8(rest.to_vec()).ok(),
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => String::from_utf8(bytes.to_vec()).ok(),
    }
}

type UnitSpans = Vec<(String, std::ops::Range<usize>)>;

fn parse(
    file: &Arc<SourceText>,
    catalog: &Catalog,
    lang: Lang,
) -> Result<(Document, UnitSpans), Vec<DefError>> {
    let raw: RawFile = toml::from_str(&file.text).map_err(|e| vec![toml_error(file, &e, lang)])?;
    let mut errors = Vec::new();
    let d = raw.document;
    let scope = match &d.scope {
        None => Scope::Unit,
        Some(s) => match s.get_ref().as_str() {
            "unit" => Scope::Unit,
            "school" => Scope::School,
            other => {
                errors.push(DefError::new(
                    file,
                    s.span(),
                    "bad-scope",
                    tr!(
                        lang,
                        "scope phải là \"unit\" hoặc \"school\", không phải \"{other}\"",
                        "scope must be \"unit\" or \"school\", not \"{other}\""
                    ),
                ));
                Scope::Unit
            }
        },
    };
    let decision = d.decision.and_then(|dec| {
        let dt = dec.date.get_ref();
        match (dt.date, dt.time) {
            (Some(date), None) => match chrono::NaiveDate::from_ymd_opt(
                date.year as i32,
                date.month as u32,
                date.day as u32,
            ) {
                Some(date) => Some(Decision {
                    number: dec.number,
                    date,
                }),
                None => None,
            },
            _ => {
                errors.push(DefError::new(
                    file,
                    dec.date.span(),
                    "bad-date",
                    tr!(
                        lang,
                        "ngày quyết định phải là một ngày, ví dụ 2021-12-01",
                        "the decision date must be a plain date such as 2021-12-01"
                    ),
                ));
                None
            }
        }
    });
    let mut unit_spans = vec![(d.unit.get_ref().clone(), d.unit.span())];
    unit_spans.extend(
        d.unit_aliases
            .iter()
            .map(|a| (a.get_ref().clone(), a.span())),
    );

    let mut objectives = Vec::new();
    // Each id with where it was first written, for the message about a second one.
    let mut objective_ids: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    let mut indicator_ids: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    for ro in raw.objective {
        let oid = ro.id.get_ref().trim().to_string();
        if oid.is_empty() || objective_ids.contains_key(&oid) {
            errors.push(duplicate(file, &ro.id, objective_ids.get(&oid), lang));
        } else {
            objective_ids.insert(oid.clone(), ro.id.span());
        }
        let mut indicators = Vec::new();
        for ri in ro.indicator {
            let iid = ri.id.get_ref().trim().to_string();
            if iid.is_empty() || indicator_ids.contains_key(&iid) {
                errors.push(duplicate(file, &ri.id, indicator_ids.get(&iid), lang));
            } else {
                indicator_ids.insert(iid.clone(), ri.id.span());
            }
            if let Some(ind) = indicator(file, ri, catalog, lang, &mut errors) {
                indicators.push(ind);
            }
        }
        objectives.push(Objective {
            id: oid,
            text: ro.text,
            measures: ro.measures,
            lead: ro.lead.into_vec(),
            partners: ro.partners,
            deadline: ro.deadline,
            evidence: ro.evidence,
            indicators,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let doc = Document {
        file: file.path.clone(),
        school: d.school,
        governing_body: d.governing_body,
        unit: d.unit.into_inner(),
        unit_aliases: d
            .unit_aliases
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        scope,
        school_year: d.school_year,
        decision,
        place: d.place,
        signer: d.signer.map(|s| Signer {
            title: s.title,
            name: s.name,
        }),
        recipients: d.recipients,
        policy: d.policy,
        grounds: d.grounds,
        objectives,
    };
    Ok((doc, unit_spans))
}

fn duplicate(
    file: &Arc<SourceText>,
    id: &Spanned<String>,
    first: Option<&std::ops::Range<usize>>,
    lang: Lang,
) -> DefError {
    let v = id.get_ref();
    if v.trim().is_empty() {
        DefError::new(
            file,
            id.span(),
            "duplicate-id",
            tr!(
                lang,
                "mã (id) không được để trống",
                "the id must not be empty"
            ),
        )
    } else {
        DefError::new(
            file,
            id.span(),
            "duplicate-id",
            match first {
                Some(f) => {
                    let line = file.text[..f.start.min(file.text.len())]
                        .matches('\n')
                        .count()
                        + 1;
                    tr!(
                        lang,
                        "mã '{v}' bị trùng trong tệp này: đã dùng ở dòng {line}",
                        "id '{v}' is used twice in this file: first at line {line}"
                    )
                }
                None => tr!(
                    lang,
                    "mã '{v}' bị trùng trong tệp này",
                    "id '{v}' is used twice in this file"
                ),
            },
        )
    }
}

fn indicator(
    file: &Arc<SourceText>,
    ri: RawIndicator,
    catalog: &Catalog,
    lang: Lang,
    errors: &mut Vec<DefError>,
) -> Option<Indicator> {
    let sid = ri.source.get_ref();
    let Some(source) = catalog.get(sid) else {
        errors.push(
            DefError::new(
                file,
                ri.source.span(),
                "unknown-source",
                tr!(
                    lang,
                    "nguồn dữ liệu '{sid}' không tồn tại",
                    "unknown source '{sid}'"
                ),
            )
            .with_help(did_you_mean(lang, sid, catalog.ids())),
        );
        return None;
    };
    let before = errors.len();
    let iid = ri.id.get_ref();
    let target = match Target::parse(ri.target.get_ref()) {
        Ok(t) => Some(t),
        Err(e) => {
            let written = ri.target.get_ref();
            let general = || {
                tr!(
                    lang,
                    "viết ví dụ '>= 85%', 'từ 85% trở lên', 'dưới 10%', '55% ÷ 60%', 'tối thiểu 05'",
                    "write e.g. '>= 85%', 'từ 85% trở lên', 'dưới 10%', '55% ÷ 60%', 'tối thiểu 05'"
                )
            };
            let (why, help) = match e {
                TargetError::Empty => (
                    tr!(
                        lang,
                        "chỉ tiêu (target) đang để trống",
                        "the target is empty"
                    ),
                    general(),
                ),
                TargetError::ReversedRange => (
                    tr!(
                        lang,
                        "khoảng chỉ tiêu '{written}' có cận dưới lớn hơn cận trên",
                        "the target range '{written}' has its lower bound above its upper bound"
                    ),
                    general(),
                ),
                TargetError::NotANumber(_) | TargetError::MixedUnits => (
                    tr!(
                        lang,
                        "không hiểu chỉ tiêu '{written}'",
                        "cannot read the target '{written}'"
                    ),
                    general(),
                ),
                TargetError::Relative => (
                    tr!(
                        lang,
                        "chỉ tiêu '{written}' so với kết quả trước đó: mtcl không tính được mức tăng, giảm, vì kết quả năm trước không có trong định nghĩa",
                        "the target '{written}' is relative to an earlier result: mtcl cannot compute a rise or fall, as last year's result is not part of the definitions"
                    ),
                    tr!(
                        lang,
                        "ghi con số phải đạt năm nay: năm trước 80% và phải tăng 5% thì viết 'từ 85% trở lên'; chạy 'mtcl run --so-sanh THƯ-MỤC-NĂM-TRƯỚC' để in kết quả năm trước bên cạnh",
                        "write this year's figure to reach: 80% last year and a rise of 5 points is 'từ 85% trở lên'; run 'mtcl run --so-sanh LAST-YEAR-FOLDER' to show last year's result beside it"
                    ),
                ),
                TargetError::YesNo => (
                    tr!(
                        lang,
                        "chỉ tiêu '{written}' không phải một con số",
                        "the target '{written}' is not a figure"
                    ),
                    tr!(
                        lang,
                        "việc phải làm được (danh hiệu, quyết định công nhận): ghi vào sổ theo dõi tiến độ (nguồn tien_do), đếm việc đã hoàn thành và viết target = \"tối thiểu 01\" (xem docs/muc-tieu.md, mục 5)",
                        "something to be done (an award, a recognition): record it in the progress register (source tien_do), count what is done and write target = \"tối thiểu 01\" (see docs/muc-tieu.md, section 5)"
                    ),
                ),
                TargetError::BareZero => (
                    tr!(
                        lang,
                        "chỉ tiêu '{written}' (con số không kèm phép so sánh) nghĩa là \"từ 0 trở lên\": luôn đạt",
                        "the target '{written}' (a figure without a comparison) means \"0 or more\": always met"
                    ),
                    tr!(
                        lang,
                        "không được có trường hợp nào: viết '= 0%' hoặc 'không quá 0%' ('= 0' cho số đếm)",
                        "for none at all write '= 0%' or 'không quá 0%' ('= 0' for a count)"
                    ),
                ),
                TargetError::FractionalCount(_) => (
                    tr!(
                        lang,
                        "chỉ tiêu '{written}' có phần lẻ, nhưng số đếm là số nguyên",
                        "the target '{written}' has a fraction, but a count is a whole number"
                    ),
                    tr!(
                        lang,
                        "hàng nghìn viết bằng dấu chấm: '1.200' là một nghìn hai trăm; một tỷ lệ cần dấu %: '2,5%'",
                        "thousands are grouped with dots: '1.200' is one thousand two hundred; a share needs a % sign: '2,5%'"
                    ),
                ),
            };
            errors.push(
                DefError::new(file, ri.target.span(), "bad-target", why).with_help(Some(help)),
            );
            None
        }
    };
    let compile = |s: &Option<Spanned<String>>, errors: &mut Vec<DefError>| -> Option<Filter> {
        let s = s.as_ref()?;
        match Filter::compile(s.get_ref(), source, lang) {
            Ok(f) => Some(f),
            Err(e) => {
                errors.push(filter_error(file, s, e));
                None
            }
        }
    };
    let field =
        |s: &Option<Spanned<String>>, errors: &mut Vec<DefError>, numeric: bool| -> Option<usize> {
            let s = s.as_ref()?;
            let name = s.get_ref();
            match source.field_index(name) {
                Some(i) if numeric && !source.fields[i].kind.is_numeric() => {
                    let t = source.fields[i].kind.words(lang);
                    errors.push(DefError::new(
                        file,
                        s.span(),
                        "type-mismatch",
                        tr!(
                            lang,
                            "không thể cộng trường '{name}' ({t}); cần một trường số",
                            "cannot sum field '{name}' ({t}); a numeric field is needed"
                        ),
                    ));
                    None
                }
                Some(i) => Some(i),
                None => {
                    errors.push(unknown_field(file, s, source, lang));
                    None
                }
            }
        };
    let conflict = |key: &str, with: &str, at: &Spanned<String>, errors: &mut Vec<DefError>| {
        errors.push(DefError::new(
            file,
            at.span(),
            "bad-measure",
            tr!(
                lang,
                "khóa '{key}' không dùng chung với '{with}' trong chỉ số '{iid}'",
                "key '{key}' cannot be combined with '{with}' in indicator '{iid}'"
            ),
        ));
    };
    let measure = if ri.sum.is_some() || ri.of_sum.is_some() {
        for (k, v) in [
            ("count", &ri.count),
            ("of", &ri.of),
            ("distinct", &ri.distinct),
        ] {
            if let Some(at) = v {
                conflict(k, "sum", at, errors);
            }
        }
        let sum = field(&ri.sum, errors, true);
        let of_sum = field(&ri.of_sum, errors, true);
        let missing = if ri.sum.is_none() {
            Some("sum")
        } else if ri.of_sum.is_none() {
            Some("of_sum")
        } else {
            None
        };
        if let Some(k) = missing {
            errors.push(DefError::new(
                file,
                ri.id.span(),
                "bad-measure",
                tr!(
                    lang,
                    "chỉ số '{iid}' cần cả sum và of_sum; thiếu '{k}'",
                    "indicator '{iid}' needs both sum and of_sum; '{k}' is missing"
                ),
            ));
        }
        let filter = if ri.filter.is_some() {
            compile(&ri.filter, errors)
        } else {
            Some(Filter::Const(true))
        };
        match (sum, of_sum, filter) {
            (Some(sum), Some(of_sum), Some(filter)) => Some(Measure::Sum {
                sum,
                of_sum,
                filter,
            }),
            _ => None,
        }
    } else if let Some(count_at) = &ri.count {
        if let Some(at) = &ri.filter {
            conflict("where", "count", at, errors);
        }
        if let (Some(at), Some(_)) = (&ri.distinct, &ri.of) {
            conflict("distinct", "of", at, errors);
        }
        let count = compile(&ri.count, errors);
        let distinct = field(&ri.distinct, errors, false);
        let of = compile(&ri.of, errors);
        let _ = count_at;
        match (count, &ri.of, of) {
            (Some(count), Some(_), Some(of)) => Some(Measure::Share { count, of }),
            // `count` alone is a number of rows; with a percentage target it is the share of
            // all rows (SPEC: "of … omit = all rows").
            (Some(count), None, _)
                if ri.distinct.is_none() && target.as_ref().is_some_and(|t| t.percent) =>
            {
                Some(Measure::Share {
                    count,
                    of: Filter::Const(true),
                })
            }
            (Some(count), None, _) if ri.distinct.is_none() || distinct.is_some() => {
                Some(Measure::Count { count, distinct })
            }
            _ => None,
        }
    } else {
        errors.push(DefError::new(
            file,
            ri.id.span(),
            "bad-measure",
            tr!(
                lang,
                "chỉ số '{iid}' cần 'count' (đếm, tỷ lệ với 'of') hoặc 'sum' + 'of_sum'",
                "indicator '{iid}' needs 'count' (with 'of' for a share) or 'sum' + 'of_sum'"
            ),
        ));
        None
    };
    if let (Some(m), Some(t)) = (&measure, &target) {
        if m.is_percent() != t.percent {
            let written = &t.text;
            let (msg, help) = if m.is_percent() {
                (
                    tr!(
                        lang,
                        "chỉ số '{iid}' là một tỷ lệ: chỉ tiêu '{written}' phải có dấu %",
                        "indicator '{iid}' is a percentage: the target '{written}' needs a % sign"
                    ),
                    tr!(
                        lang,
                        "chỉ tiêu của tỷ lệ viết với %: 'từ 30% trở lên'; muốn đếm số dòng thì bỏ 'of' (hoặc 'sum' và 'of_sum')",
                        "a share's target takes a %: 'từ 30% trở lên'; to count rows, drop 'of' (or 'sum' and 'of_sum')"
                    ),
                )
            } else {
                (
                    tr!(
                        lang,
                        "chỉ số '{iid}' là một số đếm: chỉ tiêu '{written}' không được có dấu %",
                        "indicator '{iid}' is a count: the target '{written}' must not be a percentage"
                    ),
                    tr!(
                        lang,
                        "số giá trị khác nhau (distinct) so với một con số: 'tối thiểu 05'; muốn tỷ lệ thì bỏ 'distinct' và thêm 'of'",
                        "a count of distinct values takes a figure: 'tối thiểu 05'; for a share drop 'distinct' and add 'of'"
                    ),
                )
            };
            errors.push(
                DefError::new(file, ri.target.span(), "bad-target", msg).with_help(Some(help)),
            );
        }
    }
    let per = field(&ri.per, errors, false);
    if let (None, Some(t)) = (&ri.per, &target) {
        // "05 doanh nghiệp/ngành" without `per`: the total of the unit would be compared
        // with what each programme must reach, 15 companies in all meeting "05 per
        // programme" when one programme has none.
        let named = super::target::group_words(&t.text)
            .into_iter()
            .find_map(|w| {
                source.fields.iter().find(|f| {
                    f.headers.iter().any(|h| crate::text::fold(h) == w)
                        || f.id == crate::text::strip_accents(&w).replace(' ', "_")
                })
            });
        if let Some(f) = named {
            let (written, fid) = (&t.text, &f.id);
            errors.push(
                DefError::new(
                    file,
                    ri.target.span(),
                    "bad-target",
                    tr!(
                        lang,
                        "chỉ tiêu '{written}' là của từng nhóm ({fid}), nhưng chỉ số '{iid}' không có 'per': tổng của đơn vị sẽ bị so với chỉ tiêu của mỗi nhóm",
                        "the target '{written}' is for each group ({fid}), but indicator '{iid}' has no 'per': the unit's total would be compared with each group's target"
                    ),
                )
                .with_help(Some(tr!(
                    lang,
                    "thêm per = \"{fid}\" (và groups = [...] liệt kê đủ các nhóm); nếu chỉ tiêu là của cả đơn vị, bỏ phần '/...' hay 'mỗi ...' khỏi target",
                    "add per = \"{fid}\" (and groups = [...] listing every group); if the target is the unit's as a whole, drop the '/...' or 'mỗi ...' from the target"
                ))),
            );
        }
    }
    if ri.per.is_none() {
        if let Some(g) = ri.groups.first() {
            errors.push(DefError::new(
                file,
                g.span(),
                "bad-measure",
                tr!(
                    lang,
                    "'groups' chỉ dùng cùng với 'per'",
                    "'groups' needs 'per'"
                ),
            ));
        }
    }
    let mut groups = Vec::new();
    if let Some(p) = per {
        let f = &source.fields[p];
        for g in &ri.groups {
            let written = g.get_ref();
            match f.kind {
                FieldType::Enum => match f.enum_index(written) {
                    Some(i) => groups.push(f.values[i as usize].value.clone()),
                    None => {
                        let fid = &f.id;
                        errors.push(
                            DefError::new(
                                file,
                                g.span(),
                                "invalid-enum-value",
                                tr!(
                                    lang,
                                    "'{written}' không phải giá trị của trường '{fid}'",
                                    "'{written}' is not a value of field '{fid}'"
                                ),
                            )
                            .with_help(did_you_mean(
                                lang,
                                written,
                                f.value_names(),
                            )),
                        );
                    }
                },
                FieldType::Text => groups.push(crate::text::clean(written)),
                _ => {
                    let t = f.kind.words(lang);
                    errors.push(DefError::new(file, g.span(), "type-mismatch", tr!(lang, "nhóm được liệt kê chỉ dùng với trường văn bản hoặc liệt kê, không với trường {t}", "listed groups need a text or enum field, not a {t} field")));
                }
            }
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(Indicator {
        id: iid.trim().to_string(),
        label: ri.label,
        source: source.id.clone(),
        measure: measure?,
        per,
        groups,
        target: target?,
    })
}

fn unknown_field(
    file: &Arc<SourceText>,
    s: &Spanned<String>,
    source: &Source,
    lang: Lang,
) -> DefError {
    let name = s.get_ref();
    let sid = &source.id;
    DefError::new(
        file,
        s.span(),
        "unknown-field",
        tr!(
            lang,
            "trường '{name}' không có trong nguồn '{sid}'",
            "field '{name}' is not in source '{sid}'"
        ),
    )
    .with_help(Some(super::filter::unknown_field_help(lang, name, source)))
}

/// Moves a span inside a filter expression to the file: past the opening quote(s) when the
/// string in the file is the expression verbatim; at the whole string otherwise (escapes).
fn filter_error(file: &Arc<SourceText>, s: &Spanned<String>, e: FilterError) -> DefError {
    let span = s.span();
    let raw = &file.text[span.clone()];
    let open = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    let body_start = span.start + open;
    let expr = s.get_ref();
    let inside = file.text.get(body_start..body_start + expr.len()) == Some(expr.as_str());
    let at = if inside {
        body_start + e.span.start..body_start + e.span.end.max(e.span.start + 1)
    } else {
        span
    };
    DefError::new(file, at, e.code, e.message).with_help(e.help)
}
