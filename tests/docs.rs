//! The user guide in `docs/` is checked against the program: every example of
//! `docs/muc-tieu.md` loads (or, when marked wrong, gives the error the text shows), every
//! issue code is explained in `docs/loi.md`, and nothing links outside the repository.

mod common;
use common::*;

use mtcl::definitions::{load_document, Cmp, Target};
use mtcl::exact::Ratio;
use mtcl::i18n::Lang;
use mtcl::schema::{load_catalog, parse_schema_file};

/// A fenced block of a Markdown file: its info string ("toml sai"), its text and the line
/// where it starts.
struct Block {
    info: String,
    body: String,
    line: usize,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in markdown.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    body: String::new(),
                    line: n + 1,
                })
            }
            (Some(_), Some("")) => out.push(open.take().unwrap()),
            (Some(b), _) => {
                b.body.push_str(line);
                b.body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "an unclosed ``` block");
    out
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A fragment made a whole definitions file: a `[document]` and an `[[objective]]` are put
/// before it when it has none.
fn whole_file(body: &str) -> String {
    let mut text = String::new();
    if !body.contains("[document]") {
        text.push_str(
            "[document]\nschool = \"Trường Trung cấp A\"\nunit = \"Khoa Cơ khí\"\nschool_year = \"2021 - 2022\"\n\n",
        );
        if !body.contains("[[objective]]") {
            text.push_str("[[objective]]\nid = \"0\"\ntext = \"Mục tiêu\"\n\n");
        }
    }
    text.push_str(body);
    text
}

/// Whether this branch reads targets as SPEC's table says for the phrasings marked
/// `issue17` (words after the count, a bare figure meaning "at least").
fn targets_as_spec() -> bool {
    Target::parse("tối thiểu 05 doanh nghiệp").is_ok()
        && matches!(Target::parse("90%").map(|t| t.cmp), Ok(Cmp::AtLeast(_)))
        && matches!(Target::parse("đúng 5").map(|t| t.cmp), Ok(Cmp::Exactly(r)) if r == Ratio::int(5))
}

#[test]
fn every_example_of_muc_tieu_md_loads_or_gives_the_error_shown() {
    check_examples("docs/muc-tieu.md", Lang::Vi);
}

#[test]
fn every_example_of_the_english_muc_tieu_md_loads_or_gives_the_error_shown() {
    check_examples("docs/en/muc-tieu.md", Lang::En);
}

/// Loads every TOML block of `rel`; a block marked `sai` must fail with the error (and help
/// lines) of the ```text block after it, in `lang`.
fn check_examples(rel: &str, lang: Lang) {
    let md = read(rel);
    let catalog = load_catalog(None, lang).unwrap();
    let all = blocks(&md);
    let strict17 = targets_as_spec();
    let (mut good, mut wrong) = (0, 0);
    for (i, b) in all.iter().enumerate() {
        let at = format!("{rel}:{}", b.line);
        let words: Vec<&str> = b.info.split_whitespace().collect();
        match words.as_slice() {
            ["toml"] | ["toml", "issue17"] => {
                if words.len() == 2 && !strict17 {
                    continue;
                }
                let text = whole_file(&b.body);
                if let Err(e) = load_document("muc-tieu/khoa.toml", &text, &catalog, lang) {
                    panic!("{at}: the example does not load:\n{}", e[0].render(lang));
                }
                good += 1;
            }
            ["toml", "nguon"] => {
                if let Err(e) = parse_schema_file("nguon-du-lieu.toml", &b.body, lang) {
                    panic!("{at}: the example does not load:\n{}", e[0].render(lang));
                }
                good += 1;
            }
            ["toml", "sai"] => {
                let shown = all
                    .get(i + 1)
                    .filter(|n| n.info == "text")
                    .unwrap_or_else(|| {
                        panic!("{at}: a wrong example needs a ```text block after it")
                    });
                let want = shown.body.lines().next().unwrap();
                let text = whole_file(&b.body);
                let errors = match load_document("muc-tieu/khoa.toml", &text, &catalog, lang) {
                    Ok(_) => panic!("{at}: the wrong example loads without error"),
                    Err(e) => e,
                };
                let first = errors[0].render(lang);
                assert_eq!(first.lines().next().unwrap(), want, "{at}:\n{first}");
                // The help shown ("= gợi ý: …") is the program's too.
                for line in shown.body.lines().skip(1).map(str::trim) {
                    assert!(
                        first.lines().any(|l| l.trim() == line),
                        "{at}: the error has no line {line:?}:\n{first}"
                    );
                }
                wrong += 1;
            }
            ["text"] | ["sh"] | [] => {}
            other => panic!("{at}: unknown block kind {other:?}"),
        }
    }
    assert!(
        good >= 15 && wrong >= 12,
        "{good} good, {wrong} wrong examples"
    );
}

#[test]
fn every_issue_code_of_the_program_is_explained_in_loi_md() {
    for rel in ["docs/loi.md", "docs/en/loi.md"] {
        let md = read(rel);
        let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
        for (code, _) in mtcl::validate::CODES {
            assert!(
                headings.iter().any(|h| h.contains(&format!("`{code}`"))),
                "{rel} has no heading for `{code}`"
            );
        }
    }
}

/// Every code a definitions error can carry is in the table of definition errors at the end
/// of both `loi.md` (the program asserts, in debug builds, that it emits no other).
#[test]
fn every_definition_error_code_is_explained_in_loi_md() {
    for (rel, heading) in [
        ("docs/loi.md", "## Lỗi trong định nghĩa"),
        ("docs/en/loi.md", "## Definition errors"),
    ] {
        let md = read(rel);
        let at = md
            .find(heading)
            .unwrap_or_else(|| panic!("{rel} has no section {heading:?}"));
        let section = &md[at..];
        for code in mtcl::diag::DEFINITION_CODES {
            assert!(
                section.contains(&format!("`{code}`")),
                "{rel}: {heading:?} does not explain `{code}`"
            );
        }
    }
}

/// The anchors GitHub gives the headings of a Markdown text: lower case, spaces as `-`,
/// punctuation other than `-` and `_` dropped (letters with accents kept).
fn heading_slugs(md: &str) -> Vec<String> {
    let mut in_code = false;
    let mut out = Vec::new();
    for line in md.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code || !line.starts_with('#') {
            continue;
        }
        let title = line.trim_start_matches('#').trim();
        out.push(
            title
                .chars()
                .flat_map(char::to_lowercase)
                .filter_map(|c| match c {
                    ' ' => Some('-'),
                    c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                    _ => None,
                })
                .collect(),
        );
    }
    out
}

/// Every relative link of the README and the guide names a file of the repository, and none
/// points outside it; a link to a heading (`muc-tieu.md#10-lỗi-thường-gặp`) names one that
/// exists.
#[test]
fn readme_and_docs_link_only_inside_the_repository() {
    let mut files = vec!["README.md".to_string(), "ARCHITECTURE.md".to_string()];
    for dir in ["docs", "docs/en"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md") {
                files.push(format!(
                    "{dir}/{}",
                    p.file_name().unwrap().to_str().unwrap()
                ));
            }
        }
    }
    for rel in &files {
        let text = read(rel);
        assert!(!text.contains("../shared"), "{rel} points to ../shared");
        let base = repo().join(rel);
        let base = base.parent().unwrap();
        for (i, _) in text.match_indices("](") {
            let link: String = text[i + 2..].chars().take_while(|c| *c != ')').collect();
            let (target, anchor) = match link.split_once('#') {
                Some((t, a)) => (t, Some(a)),
                None => (link.as_str(), None),
            };
            if link.starts_with("http") || (target.is_empty() && anchor.is_none()) {
                continue;
            }
            // `#anchor` alone: a heading of this file.
            let p = if target.is_empty() {
                repo().join(rel)
            } else {
                base.join(target)
            };
            assert!(p.exists(), "{rel}: link to {target}, which does not exist");
            if let Some(anchor) = anchor {
                if p.extension().is_some_and(|x| x == "md") {
                    let slugs = heading_slugs(&std::fs::read_to_string(&p).unwrap());
                    assert!(
                        slugs.iter().any(|s| s == anchor),
                        "{rel}: link to {target}#{anchor}, a heading that does not exist"
                    );
                }
            }
            let canon = p.canonicalize().unwrap();
            assert!(
                canon.starts_with(repo().canonicalize().unwrap()),
                "{rel}: {target} is outside the repository"
            );
        }
    }
    let readme = read("README.md");
    for doc in [
        "docs/huong-dan.md",
        "docs/muc-tieu.md",
        "docs/nguon-du-lieu.md",
        "docs/loi.md",
    ] {
        assert!(
            readme.contains(&format!("]({doc})")),
            "README does not link {doc}"
        );
    }
}

/// The terminal output the guides show for the Khoa Cơ khí sample is what `mtcl` prints:
/// each ```sh block holding one `mtcl … co-khi-2021-2022` command and followed by a ```text
/// block is run on a copy of the sample (under that name, from its parent folder, as the
/// guide says), and the lines shown ("..." skips lines) must appear in that order.
#[test]
fn the_sample_output_shown_in_the_guides_is_what_mtcl_prints() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &sample("co-khi-2021-2022"),
        &dir.path().join("co-khi-2021-2022"),
    );
    let mut shown = 0;
    for rel in ["docs/huong-dan.md", "docs/en/huong-dan.md"] {
        let md = read(rel);
        let all = blocks(&md);
        let mut commands: Vec<(String, &Block)> = Vec::new();
        for (i, b) in all.iter().enumerate() {
            let Some(out) = all.get(i + 1).filter(|n| n.info == "text") else {
                continue;
            };
            if b.info == "sh" && b.body.trim().ends_with(" co-khi-2021-2022") {
                commands.push((b.body.trim().to_string(), out));
            }
        }
        for (cmd, out) in commands {
            let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_mtcl"))
                .args(&args)
                .current_dir(dir.path())
                .env("LANG", "vi_VN.UTF-8")
                .env_remove("LC_ALL")
                .output()
                .unwrap();
            let printed = stdout(&o);
            let mut lines = printed.lines().map(str::trim_end);
            for want in out.body.lines().map(str::trim_end) {
                if want.trim() == "..." || want.is_empty() {
                    continue;
                }
                assert!(
                    lines.any(|l| l == want),
                    "{rel}:{}: `{cmd}` does not print, in this order:\n{want}\n\nit prints:\n{printed}",
                    out.line
                );
            }
            shown += 1;
        }
    }
    assert!(shown >= 4, "{shown} outputs checked");
}

/// The message templates of the data issues, as written in the program's source: the
/// Vietnamese (`vi`) or English text of every `tr!(lang, "…", "…")` under `src/validate`,
/// `src/ingest` and the files that word the reading's problems, each split at its `{…}` placeholders.
fn issue_templates(english: bool) -> Vec<Vec<String>> {
    let mut files = Vec::new();
    for dir in ["src/validate", "src/ingest"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    for f in [
        "src/period.rs",
        "src/explain.rs",
        "src/oserr.rs",
        "src/dataset.rs",
    ] {
        files.push(repo().join(f));
    }
    // A Rust string literal's text, its escapes undone, and where it ends.
    fn literal(s: &str) -> Option<(String, usize)> {
        let mut out = String::new();
        let mut chars = s.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((out, i + 1)),
                '\\' => match chars.next()?.1 {
                    'n' => out.push('\n'),
                    '\n' => {
                        // A line continuation: the next line's leading blanks are dropped.
                        let rest = &s[i + 2..];
                        let skip = rest.len() - rest.trim_start().len();
                        for _ in 0..rest[..skip].chars().count() {
                            chars.next();
                        }
                    }
                    c => out.push(c),
                },
                c => out.push(c),
            }
        }
        None
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, _) in text.match_indices("tr!(") {
            let rest = &text[i + 4..];
            let Some(q) = rest.find('"') else { continue };
            if !rest[..q]
                .trim()
                .trim_end_matches(',')
                .trim()
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
            {
                continue;
            }
            let Some((vi, end)) = literal(&rest[q + 1..]) else {
                continue;
            };
            let rest = &rest[q + 1 + end..];
            let Some(q2) = rest.find('"') else { continue };
            if rest[..q2].trim() != "," {
                continue;
            }
            let Some((en, _)) = literal(&rest[q2 + 1..]) else {
                continue;
            };
            let t = if english { en } else { vi };
            // Literal pieces between placeholders (`{{`/`}}` are braces).
            let mut pieces = vec![String::new()];
            let mut depth = 0;
            let t = t.replace("{{", "\u{1}").replace("}}", "\u{2}");
            for c in t.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        pieces.push(String::new());
                    }
                    '}' => depth -= 1,
                    _ if depth > 0 => {}
                    '\u{1}' => pieces.last_mut().unwrap().push('{'),
                    '\u{2}' => pieces.last_mut().unwrap().push('}'),
                    c => pieces.last_mut().unwrap().push(c),
                }
            }
            out.push(pieces);
        }
    }
    out
}

/// Whether `message` is `pieces` with something (or nothing) in every placeholder.
fn fits(message: &str, pieces: &[String]) -> bool {
    let (first, rest) = pieces.split_first().unwrap();
    let Some(mut tail) = message.strip_prefix(first.as_str()) else {
        return false;
    };
    for (n, p) in rest.iter().enumerate() {
        if n + 1 == rest.len() {
            return tail.ends_with(p.as_str());
        }
        match tail.find(p.as_str()) {
            Some(at) => tail = &tail[at + p.len()..],
            None => return false,
        }
    }
    tail.is_empty()
}

/// Whether `message` is one template, or two one after the other (a message and the hint
/// the program appends: " (điểm 8,2 ứng với 'Giỏi')").
fn fits_any(message: &str, templates: &[Vec<String>]) -> bool {
    if templates.iter().any(|t| fits(message, t)) {
        return true;
    }
    let tails: Vec<&Vec<String>> = templates.iter().filter(|t| t[0].len() >= 2).collect();
    message.char_indices().skip(1).any(|(k, _)| {
        let (head, tail) = message.split_at(k);
        tails
            .iter()
            .any(|t| tail.starts_with(t[0].as_str()) && fits(tail, t))
            && templates.iter().any(|t| fits(head, t))
    })
}

/// Every example message of `loi.md` ("**Ví dụ.** `…`", "**Example.** `…`") is one the
/// program can print: it fits one of the message templates of the source, placeholders
/// filled in any way. A message reworded in the code, not in the guide, fails here.
#[test]
fn the_example_messages_of_loi_md_are_the_programs() {
    for (rel, marker, english) in [
        ("docs/loi.md", "**Ví dụ.**", false),
        ("docs/en/loi.md", "**Example.**", true),
    ] {
        let templates = issue_templates(english);
        assert!(templates.len() > 30, "{} templates", templates.len());
        let md = read(rel);
        let mut checked = 0;
        let mut wrong = Vec::new();
        for (at, _) in md.match_indices(marker) {
            let para = md[at..].split("\n\n").next().unwrap().replace('\n', " ");
            // The quoted messages: every other piece between backticks.
            for example in para.split('`').skip(1).step_by(2) {
                if !fits_any(example, &templates) {
                    wrong.push(example.to_string());
                }
                checked += 1;
            }
        }
        assert!(
            wrong.is_empty(),
            "{rel}: example messages the program does not print:\n  {}",
            wrong.join("\n  ")
        );
        assert!(checked >= 18, "{rel}: {checked} examples");
    }
}
