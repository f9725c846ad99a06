//! `mtcl nguon [SOURCE] [DIR]`: the sources a workbook sheet can be — the built-in ones with
//! the workspace's `nguon-du-lieu.toml` applied — as a person needs them at hand while
//! writing a filter: without SOURCE one line per source; with one, every field (id, headers
//! accepted, type, allowed values with aliases, required, min/max, key, unit field).
//!
//! `--markdown` prints the same data as a Markdown reference (without SOURCE: the index and
//! every source in full); `docs/nguon-du-lieu.md` is that output, and a test keeps it so.
//! A view of `schema/`, nothing more: it decides nothing about how sheets are read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::Global;
use crate::i18n::Lang;
use crate::schema::{Catalog, Field, FieldType, Source};
use crate::{tr, CannotRun, Outcome};

pub fn run(
    source: Option<&str>,
    dir: Option<&Path>,
    markdown: bool,
    g: &Global,
) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    // `mtcl nguon DIR`: a lone argument that is no source but a folder is the workspace.
    let (source, dir) = match (source, dir) {
        (Some(s), None) if !is_builtin(s) && Path::new(s).is_dir() => (None, PathBuf::from(s)),
        (s, d) => (s, d.map_or_else(|| PathBuf::from("."), Path::to_path_buf)),
    };
    if !dir.is_dir() {
        let d = dir.display();
        return Err(CannotRun(tr!(
            lang,
            "không tìm thấy thư mục làm việc '{d}'",
            "workspace folder '{d}' not found"
        )));
    }
    let catalog = super::load_workspace_catalog(&dir, lang)?;
    let overridden = workspace_ids(&dir, lang);
    let view = View {
        catalog: &catalog,
        overridden: &overridden,
        lang,
    };
    let out = match source {
        None if markdown => view.markdown_all(),
        None => view.text_index(),
        Some(id) => {
            let Some(s) = catalog.get(id) else {
                return Err(CannotRun(unknown_source(id, &catalog, lang)));
            };
            if markdown {
                view.markdown_source(s)
            } else {
                view.text_source(s)
            }
        }
    };
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`mtcl nguon | head`) ends quietly.
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush());
    Ok(Outcome::Clean)
}

fn is_builtin(id: &str) -> bool {
    crate::schema::BUILTIN.iter().any(|(p, _)| {
        p.strip_prefix("templates/")
            .and_then(|p| p.strip_suffix(".toml"))
            == Some(id)
    })
}

/// The ids of the sources the workspace's `nguon-du-lieu.toml` declares (already checked by
/// loading the catalogue, so errors cannot occur here).
fn workspace_ids(dir: &Path, lang: Lang) -> Vec<String> {
    let path = dir.join(crate::schema::WORKSPACE_SCHEMA_FILE);
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    crate::schema::parse_schema_file(crate::schema::WORKSPACE_SCHEMA_FILE, &text, lang)
        .map(|ss| ss.into_iter().map(|s| s.id).collect())
        .unwrap_or_default()
}

/// "nguồn 'hoc_snh' không tồn tại — có phải: hoc_sinh?" and the list of every source.
fn unknown_source(id: &str, catalog: &Catalog, lang: Lang) -> String {
    let near = nearest(id, catalog.ids());
    let all = catalog.ids().collect::<Vec<_>>().join(", ");
    let mut m = tr!(
        lang,
        "nguồn dữ liệu '{id}' không tồn tại",
        "unknown source '{id}'"
    );
    if !near.is_empty() {
        let n = near.join(", ");
        m.push_str(&tr!(lang, " — có phải: {n}?", " — did you mean: {n}?"));
    }
    m.push('\n');
    m.push_str(&tr!(
        lang,
        "Các nguồn có: {all} (xem: mtcl nguon)",
        "Sources: {all} (see: mtcl nguon)"
    ));
    m
}

/// Up to three source ids nearest to `word` (edit distance on the accent-stripped forms, or
/// containing it), closest first.
fn nearest<'a>(word: &str, ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let w = crate::text::strip_accents(word);
    let limit = (w.chars().count() / 2).max(2);
    let mut scored: Vec<(usize, &str)> = ids
        .filter_map(|id| {
            let d = levenshtein(&w, id);
            (d <= limit || (w.len() >= 3 && id.contains(w.as_str()))).then_some((d, id))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

struct View<'a> {
    catalog: &'a Catalog,
    /// Sources declared by the workspace's `nguon-du-lieu.toml`.
    overridden: &'a [String],
    lang: Lang,
}

impl View<'_> {
    fn origin(&self, s: &Source) -> Option<String> {
        let lang = self.lang;
        if !self.overridden.contains(&s.id) {
            return None;
        }
        Some(if is_builtin(&s.id) {
            tr!(
                lang,
                "thay bằng nguon-du-lieu.toml",
                "replaced by nguon-du-lieu.toml"
            )
        } else {
            tr!(lang, "từ nguon-du-lieu.toml", "from nguon-du-lieu.toml")
        })
    }

    fn key(&self, s: &Source) -> String {
        if s.key.is_empty() {
            tr!(self.lang, "không có", "none")
        } else {
            s.key
                .iter()
                .map(|&i| s.fields[i].id.as_str())
                .collect::<Vec<_>>()
                .join(" + ")
        }
    }

    /// Without SOURCE: one line per source.
    fn text_index(&self) -> String {
        let lang = self.lang;
        let n = self.catalog.sources.len();
        let mut out = tr!(
            lang,
            "{n} nguồn dữ liệu (bảng mà một trang tính có thể là):\n\n",
            "{n} sources (the tables a sheet can be):\n\n"
        );
        let w = self
            .catalog
            .sources
            .iter()
            .map(|s| s.id.chars().count())
            .max()
            .unwrap_or(0);
        for s in &self.catalog.sources {
            let key = self.key(s);
            let nf = s.fields.len();
            let _ = write!(out, "  {:<w$}  {}", s.id, s.title);
            let _ = write!(
                out,
                "{}",
                tr!(
                    lang,
                    " — mã: {key}; {nf} trường",
                    " — key: {key}; {nf} fields"
                )
            );
            if let Some(o) = self.origin(s) {
                let _ = write!(out, " ({o})");
            }
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&tr!(
            lang,
            "Xem các trường của một nguồn: mtcl nguon hoc_sinh; bản Markdown: mtcl nguon --markdown\n",
            "The fields of one source: mtcl nguon hoc_sinh; as Markdown: mtcl nguon --markdown\n"
        ));
        out
    }

    /// With SOURCE: every field, a block each.
    fn text_source(&self, s: &Source) -> String {
        let lang = self.lang;
        let mut out = format!("{} — {}\n", s.id, s.title);
        if let Some(o) = self.origin(s) {
            let _ = writeln!(out, "  ({o})");
        }
        let key = self.key(s);
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "  Mã (không được trùng trong một kỳ báo cáo): {key}",
                "  Key (unique within a reporting period): {key}"
            )
        );
        if let Some(u) = s.unit_field {
            let u = &s.fields[u].id;
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    lang,
                    "  Trường đơn vị (khoa của mỗi dòng): {u}",
                    "  Unit field (each row's faculty): {u}"
                )
            );
        }
        out.push('\n');
        let w = s
            .fields
            .iter()
            .map(|f| f.id.chars().count())
            .max()
            .unwrap_or(0);
        let pad = " ".repeat(w + 4);
        for (i, f) in s.fields.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {:<w$}  {}",
                f.id,
                self.attributes(s, i, f).join(", ")
            );
            let headers = f
                .headers
                .iter()
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "{pad}{}",
                tr!(lang, "tiêu đề cột: {headers}", "column headers: {headers}")
            );
            if !f.parts.is_empty() {
                let parts = f.parts.join("\" + \"");
                let _ = writeln!(
                    out,
                    "{pad}{}",
                    tr!(
                        lang,
                        "hoặc hai cột ghép lại: \"{parts}\"",
                        "or two columns joined: \"{parts}\""
                    )
                );
            }
            if f.kind == FieldType::Enum {
                let v = self.values(f, false);
                let _ = writeln!(out, "{pad}{}", tr!(lang, "giá trị: {v}", "values: {v}"));
            }
        }
        for line in self.bands(s, false) {
            let _ = writeln!(out, "\n  {line}");
        }
        out.push('\n');
        let ex = example_filter(s);
        out.push_str(&tr!(
            lang,
            "Trong bộ lọc, viết mã trường (cột bên trái): ví dụ count = \"{ex}\"\n",
            "In a filter, write the field id (left column): e.g. count = \"{ex}\"\n",
        ));
        out
    }

    /// Type, required, key, unit field, min/max: the short facts of a field.
    fn attributes(&self, s: &Source, i: usize, f: &Field) -> Vec<String> {
        let lang = self.lang;
        let mut a = vec![type_name(f.kind, lang)];
        if f.required {
            a.push(tr!(lang, "bắt buộc", "required"));
        }
        if s.key.contains(&i) {
            a.push(tr!(lang, "mã", "key"));
        }
        if s.unit_field == Some(i) {
            a.push(tr!(lang, "trường đơn vị", "unit field"));
        }
        if let Some(r) = range(f) {
            a.push(r);
        }
        if let Some((src, fld)) = &f.references {
            a.push(tr!(
                lang,
                "phải có trong {src}.{fld}",
                "must be found in {src}.{fld}"
            ));
        }
        a
    }

    /// "Đang học · Thôi học (cũng nhận: Bỏ học, Nghỉ học)".
    fn values(&self, f: &Field, md: bool) -> String {
        let lang = self.lang;
        f.values
            .iter()
            .map(|v| {
                let value = if md {
                    format!("`{}`", v.value)
                } else {
                    v.value.clone()
                };
                if v.aliases.is_empty() {
                    value
                } else {
                    let a = v.aliases.join(", ");
                    format!("{value} {}", tr!(lang, "(cũng nhận: {a})", "(also: {a})"))
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The score bands (`inconsistent-value`), one line each.
    fn bands(&self, s: &Source, md: bool) -> Vec<String> {
        let lang = self.lang;
        s.bands
            .iter()
            .map(|b| {
                let field = &s.fields[b.field].id;
                let class = &s.fields[b.class];
                let ranges = b
                    .ranges
                    .iter()
                    .map(|r| {
                        let name = &class.values[r.value as usize].value;
                        let num = |x: f64| crate::text::vi_number(x, 1);
                        let span = match (r.min, r.below) {
                            (Some(m), Some(b)) => format!("{} – <{}", num(m), num(b)),
                            (Some(m), None) => format!("≥ {}", num(m)),
                            (None, Some(b)) => format!("< {}", num(b)),
                            (None, None) => tr!(lang, "mọi điểm", "any score"),
                        };
                        format!("{name} {span}")
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let (f, c) = if md {
                    (format!("`{field}`"), format!("`{}`", class.id))
                } else {
                    (field.clone(), class.id.clone())
                };
                tr!(
                    lang,
                    "Đối chiếu {f} với {c} (cảnh báo inconsistent-value khi không khớp): {ranges}",
                    "{f} checked against {c} (an inconsistent-value warning when they disagree): {ranges}"
                )
            })
            .collect()
    }

    fn markdown_all(&self) -> String {
        let lang = self.lang;
        let mut out = tr!(
            lang,
            "# Nguồn dữ liệu\n\n\
             <!-- Tệp này do chương trình sinh ra: `mtcl nguon --markdown > docs/nguon-du-lieu.md`. \
             Đừng sửa tay; một phép thử so sánh nó với chương trình. -->\n\n\
             Mỗi trang tính trong `du-lieu/` được nhận ra là một trong các nguồn dưới đây, nhờ \
             tiêu đề cột. Trong định nghĩa mục tiêu (`muc-tieu/*.toml`), `source` là mã nguồn và \
             các bộ lọc (`count`, `of`, `where`…) dùng **mã trường** (cột đầu của mỗi bảng). \
             Tiêu đề in đậm là tiêu đề chuẩn (dùng trong mẫu nhập liệu); các tiêu đề khác cũng \
             được nhận, không phân biệt hoa thường, khoảng trắng và (khi không nhầm được) dấu. \
             Giá trị liệt kê (`enum`) được nhận cả khi viết hoa, viết thường hay bỏ dấu.\n\n\
             Trường hợp trường của bạn có nguồn riêng (`nguon-du-lieu.toml`), chạy \
             `mtcl nguon --markdown THƯ-MỤC` để có bảng này cho đúng thư mục làm việc.\n\n",
            "# Sources\n\n\
             <!-- Generated by the program: `mtcl nguon --markdown --lang en > docs/en/nguon-du-lieu.md`. \
             Do not edit by hand; a test compares it with the program. -->\n\n\
             Every sheet in `du-lieu/` is recognised as one of the sources below by its column \
             headers. In the objective definitions (`muc-tieu/*.toml`), `source` is the source id \
             and the filters (`count`, `of`, `where`…) use the **field ids** (each table's first \
             column). The bold header is the canonical one (used in the input templates); the \
             others are accepted too, whatever the case, spacing and (when unambiguous) accents. \
             Enum values are accepted in any case and without accents.\n\n\
             If your school has its own sources (`nguon-du-lieu.toml`), run \
             `mtcl nguon --markdown FOLDER` for the table of that workspace.\n\n"
        );
        let (h_id, h_title, h_key, h_n) = match lang {
            Lang::Vi => ("nguồn", "nội dung", "mã (không trùng)", "số trường"),
            Lang::En => ("source", "title", "key", "fields"),
        };
        let _ = writeln!(
            out,
            "| {h_id} | {h_title} | {h_key} | {h_n} |\n|---|---|---|---|"
        );
        for s in &self.catalog.sources {
            let key = self.key(s);
            let _ = writeln!(
                out,
                "| [`{}`](#{}) | {} | {} | {} |",
                s.id,
                s.id,
                cell(&s.title),
                cell(&key),
                s.fields.len()
            );
        }
        for s in &self.catalog.sources {
            out.push('\n');
            out.push_str(&self.markdown_source(s));
        }
        out
    }

    fn markdown_source(&self, s: &Source) -> String {
        let lang = self.lang;
        let mut out = format!("## {}\n\n", s.id);
        let _ = writeln!(out, "**{}**", cell(&s.title));
        if let Some(o) = self.origin(s) {
            let _ = writeln!(out, " ({o})");
        }
        out.push('\n');
        let key = self.key(s);
        let _ = write!(
            out,
            "{}",
            if s.key.is_empty() {
                tr!(
                    lang,
                    "- Mã: không có (hai dòng giống nhau không bị coi là trùng)\n",
                    "- Key: none (two equal rows are not duplicates)\n"
                )
            } else {
                tr!(
                    lang,
                    "- Mã (không được trùng trong một kỳ báo cáo): `{key}`\n",
                    "- Key (unique within a reporting period): `{key}`\n"
                )
            }
        );
        if let Some(u) = s.unit_field {
            let u = &s.fields[u].id;
            let _ = write!(
                out,
                "{}",
                tr!(
                    lang,
                    "- Trường đơn vị (khoa của mỗi dòng): `{u}`\n",
                    "- Unit field (each row's faculty): `{u}`\n"
                )
            );
        }
        out.push('\n');
        let (a, b, c, d, e) = match lang {
            Lang::Vi => (
                "mã trường",
                "tiêu đề cột được nhận",
                "kiểu",
                "giá trị cho phép",
                "ghi chú",
            ),
            Lang::En => (
                "field id",
                "column headers accepted",
                "type",
                "allowed values",
                "notes",
            ),
        };
        let _ = writeln!(
            out,
            "| {a} | {b} | {c} | {d} | {e} |\n|---|---|---|---|---|"
        );
        for (i, f) in s.fields.iter().enumerate() {
            let mut headers: Vec<String> = f
                .headers
                .iter()
                .enumerate()
                .map(|(k, h)| {
                    if k == 0 {
                        format!("**{h}**")
                    } else {
                        h.clone()
                    }
                })
                .collect();
            if !f.parts.is_empty() {
                let parts = f.parts.join(" + ");
                headers.push(tr!(lang, "hoặc hai cột {parts}", "or two columns {parts}"));
            }
            let mut notes = self.attributes(s, i, f);
            notes.remove(0);
            let kind = format!("{} (`{}`)", type_name(f.kind, lang), f.kind.name());
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                f.id,
                cell(&headers.join(", ")),
                kind,
                cell(&self.values(f, true)),
                cell(&notes.join(", "))
            );
        }
        let bands = self.bands(s, true);
        if !bands.is_empty() {
            out.push('\n');
            for b in bands {
                let _ = writeln!(out, "{b}.");
            }
        }
        out
    }
}

/// The Vietnamese (or English) word for a type.
fn type_name(kind: FieldType, lang: Lang) -> String {
    kind.words(lang).to_string()
}

fn range(f: &Field) -> Option<String> {
    let num = |x: f64| crate::text::vi_number(x, if x.fract() == 0.0 { 0 } else { 2 });
    match (f.min, f.max) {
        (Some(a), Some(b)) => Some(format!("{} – {}", num(a), num(b))),
        (Some(a), None) => Some(format!("≥ {}", num(a))),
        (None, Some(b)) => Some(format!("≤ {}", num(b))),
        (None, None) => None,
    }
}

/// A filter over this source's fields that the definitions loader accepts, for the hint.
fn example_filter(s: &Source) -> String {
    if let Some(f) = s.fields.iter().find(|f| f.kind == FieldType::Enum) {
        return format!("{} == '{}'", f.id, f.values[0].value);
    }
    if let Some(f) = s.fields.iter().find(|f| f.kind == FieldType::Bool) {
        return f.id.clone();
    }
    if let Some(f) = s.fields.iter().find(|f| f.kind.is_numeric()) {
        return format!("{} >= 1", f.id);
    }
    format!("{} is not empty", s.fields[0].id)
}

/// A Markdown table cell: no pipe and no line break may break the row.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
