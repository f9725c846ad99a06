//! Workarounds for what docx-rs 0.4.22 cannot do, or does in a way that breaks the layout or
//! the byte-identical output. Each is one named function here, tested on its own, so that
//! it can be dropped when the library learns to do it.
//!
//! - [`repeat_header_rows`]: docx-rs has no `w:tblHeader`; it is patched into the rendered
//!   XML on the rows marked by [`layout::HEADER_ROW_HEIGHT`].
//! - [`number_pages_from_the_second`]: `Docx::add_section` silently drops a first-page
//!   header given together with the default one, so a section gets only the default header
//!   and `w:titlePg` (no first-page header: the first page shows no number).
//! - [`page_number`]: `PageNum` puts the whole field in one run, which LibreOffice will not
//!   style; the field is split into begin / instruction / separate / result / end runs,
//!   each in Times New Roman.
//! - [`normalise_para_ids`]: paragraph ids come from a thread-local counter that is never
//!   reset, so a document built second in a process would differ from a fresh run; ids
//!   are renumbered in document order after rendering.
//! - [`control_widows`]: docx-rs has no setter for the paragraph defaults' widow control;
//!   `w:widowControl` is added, as in Word's Normal template.
//! - [`mark_vietnamese`]: docx-rs has no setter for the run defaults' language; `w:lang
//!   vi-VN` is added so Word's proofing does not underline every word.
//! - [`pack`]: every part through the canonicalising pass ([`super::canon`]: the schema's
//!   element order, which docx-rs does not keep); the theme part the package rules require
//!   ([`add_theme`]); `docProps/core.xml` with the title, subject and creator (docx-rs writes
//!   "unknown") and fixed timestamps ([`core_properties`]); the ZIP written here, its entries
//!   carrying the 1980-01-01 default as long as the `zip` crate's `time` feature stays off
//!   (`cargo tree -e features -i zip`; a test checks the entries' dates). The zip
//!   declares the same host on every platform ([`crate::platform::same_zip_host`]).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing, Paragraph, Run,
    Section,
};

use super::blocks::fonts;
use super::layout::{self, size};

/// The fixed creation and modification time of every document: outputs must not depend on
/// the clock.
pub const FIXED_TIMESTAMP: &str = "2000-01-01T00:00:00Z";

/// The centred page number of the top margin, as a field split over five runs so that
/// every part carries the font and size.
pub fn page_number() -> Paragraph {
    let styled = |r: Run| r.fonts(fonts()).size(size::PAGE_NUMBER);
    Paragraph::new()
        .align(AlignmentType::Center)
        .fonts(fonts())
        .size(size::PAGE_NUMBER)
        .line_spacing(LineSpacing::new().before(0).after(0))
        .add_run(styled(
            Run::new().add_field_char(FieldCharType::Begin, false),
        ))
        .add_run(styled(
            Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())),
        ))
        .add_run(styled(
            Run::new().add_field_char(FieldCharType::Separate, false),
        ))
        .add_run(styled(Run::new().add_text("2")))
        .add_run(styled(Run::new().add_field_char(FieldCharType::End, false)))
}

/// The header part holding the page number.
pub fn page_number_header() -> Header {
    Header::new().add_paragraph(page_number())
}

/// A section whose pages from the second on carry the page number: the default header
/// only, plus `w:titlePg` (a first-page header would be dropped by `add_section`).
pub fn number_pages_from_the_second(section: Section) -> Section {
    section.header(page_number_header()).title_pg()
}

/// The same for the last (or only) section of a document.
pub fn number_from_the_second_page(docx: Docx) -> Docx {
    docx.header(page_number_header()).title_pg()
}

/// Adds `<w:tblHeader/>` to every table row whose properties carry the header-row marker
/// height, so Word and LibreOffice repeat it at the top of every page.
pub fn repeat_header_rows(xml: &str) -> String {
    let marker = format!(
        "<w:trHeight w:val=\"{}\" w:hRule=\"atLeast\" />",
        layout::HEADER_ROW_HEIGHT
    );
    xml.replace(&marker, &format!("<w:tblHeader />{marker}"))
}

/// Renumbers every `w14:paraId` of `parts`, in order, from 1: the same document gives the
/// same ids whatever was built before it in the process.
pub fn normalise_para_ids(parts: &mut [&mut Vec<u8>]) {
    const KEY: &[u8] = b"w14:paraId=\"";
    let mut next: u32 = 1;
    for part in parts.iter_mut() {
        let mut out = Vec::with_capacity(part.len());
        let mut rest: &[u8] = part;
        while let Some(at) = find(rest, KEY) {
            let start = at + KEY.len();
            let Some(len) = rest[start..].iter().position(|&b| b == b'"') else {
                break;
            };
            out.extend_from_slice(&rest[..start]);
            out.extend_from_slice(format!("{next:08X}").as_bytes());
            next += 1;
            rest = &rest[start + len..];
        }
        out.extend_from_slice(rest);
        **part = out;
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// What `docProps/core.xml` says about a document: its title, subject and author (the
/// school). docx-rs writes "unknown" for the creator and has no title or subject.
#[derive(Debug, Clone, Copy)]
pub struct Properties<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
}

/// The language of every run unless one says otherwise, as Word writes it for a
/// Vietnamese document: Vietnamese text, the default East Asian and complex-script
/// languages. docx-rs has no setter for run-default languages.
pub const RUN_DEFAULT_LANG: &str =
    "<w:lang w:val=\"vi-VN\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\" />";

/// Adds [`RUN_DEFAULT_LANG`] to the run defaults of a `styles.xml` part (the canonicaliser
/// then puts it in its place in the sequence).
pub fn mark_vietnamese(styles: &str) -> String {
    const OPEN: &str = "<w:rPrDefault><w:rPr>";
    if styles.contains("<w:lang ") {
        return styles.to_string();
    }
    match styles.find(OPEN) {
        Some(at) => {
            let at = at + OPEN.len();
            format!("{}{RUN_DEFAULT_LANG}{}", &styles[..at], &styles[at..])
        }
        None => styles.replacen(
            "<w:rPrDefault />",
            &format!("<w:rPrDefault><w:rPr>{RUN_DEFAULT_LANG}</w:rPr></w:rPrDefault>"),
            1,
        ),
    }
}

/// Widow and orphan control for every paragraph unless one says otherwise, as Word's own
/// Normal template has it: without it (docx-rs writes none) Word and LibreOffice leave the
/// last line of a paragraph alone at the top of a page — in the plan table, a measure's
/// last line alone in a row continued on the next page.
pub fn control_widows(styles: &str) -> String {
    const OPEN: &str = "<w:pPrDefault><w:pPr>";
    if styles.contains("<w:widowControl") {
        return styles.to_string();
    }
    match styles.find(OPEN) {
        Some(at) => {
            let at = at + OPEN.len();
            format!("{}<w:widowControl />{}", &styles[..at], &styles[at..])
        }
        None => styles.replacen(
            "</w:rPrDefault>",
            "</w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl /></w:pPr></w:pPrDefault>",
            1,
        ),
    }
}

/// `docProps/core.xml` with the document's title, subject and creator and the fixed
/// timestamps.
pub fn core_properties(props: &Properties) -> String {
    let e = escape_xml;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>vi-VN</dc:language>\
         <cp:revision>1</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{FIXED_TIMESTAMP}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{FIXED_TIMESTAMP}</dcterms:modified>\
         </cp:coreProperties>",
        e(props.title),
        e(props.subject),
        e(props.creator),
        e(props.creator),
    )
}

fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The theme part Word expects beside the main document (the schema's package rules
/// require the relationship): Office colours, Times New Roman as both theme fonts.
pub const THEME: &str = include_str!("theme1.xml");
const THEME_REL: &str = "<Relationship Id=\"rIdTheme1\" \
    Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" \
    Target=\"theme/theme1.xml\" />";
const THEME_TYPE: &str = "<Override PartName=\"/word/theme/theme1.xml\" \
    ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\" />";

/// Adds the theme's relationship and content type to the package parts that list them.
pub fn add_theme(document_rels: &str, content_types: &str) -> (String, String) {
    (
        document_rels.replacen(
            "</Relationships>",
            &format!("{THEME_REL}</Relationships>"),
            1,
        ),
        content_types.replacen("</Types>", &format!("{THEME_TYPE}</Types>"), 1),
    )
}

fn utf8(part: Vec<u8>) -> String {
    String::from_utf8(part).expect("docx-rs renders UTF-8")
}

/// Renders `docx` to the bytes of a .docx file with every workaround applied: header rows,
/// paragraph ids, the Vietnamese run defaults, the schema order of every part
/// ([`super::canon`]), the theme, and `props` with fixed timestamps.
pub fn pack(docx: Docx, props: &Properties) -> Vec<u8> {
    let mut xml = docx
        .created_at(FIXED_TIMESTAMP)
        .updated_at(FIXED_TIMESTAMP)
        .build();
    let document = utf8(std::mem::take(&mut xml.document));
    xml.document = repeat_header_rows(&document).into_bytes();
    xml.styles =
        control_widows(&mark_vietnamese(&utf8(std::mem::take(&mut xml.styles)))).into_bytes();
    {
        let mut parts: Vec<&mut Vec<u8>> = vec![&mut xml.document];
        parts.extend(xml.headers.iter_mut());
        parts.extend(xml.footers.iter_mut());
        parts.push(&mut xml.footnotes);
        normalise_para_ids(&mut parts);
    }
    {
        let mut parts: Vec<&mut Vec<u8>> = vec![
            &mut xml.document,
            &mut xml.styles,
            &mut xml.settings,
            &mut xml.numberings,
            &mut xml.footnotes,
            &mut xml.comments,
        ];
        parts.extend(xml.headers.iter_mut());
        parts.extend(xml.footers.iter_mut());
        for part in parts {
            super::canon::canonicalise_bytes(part);
        }
    }
    let (rels, types) = add_theme(
        &utf8(std::mem::take(&mut xml.document_rels)),
        &utf8(std::mem::take(&mut xml.content_type)),
    );
    xml.document_rels = rels.into_bytes();
    xml.content_type = types.into_bytes();
    xml.doc_props.core = core_properties(props).into_bytes();
    zip_parts(xml)
}

/// The package as a ZIP archive: docx-rs's parts in its order, then the theme. Entries are
/// deflated and carry the 1980-01-01 default date (no clock).
fn zip_parts(xml: docx_rs::XMLDocx) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), xml.doc_props.core),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), xml.document),
        ("word/styles.xml".into(), xml.styles),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    let mut header_rels = xml.header_rels.into_iter();
    for (i, h) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(rels) = header_rels.next() {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    let mut footer_rels = xml.footer_rels.into_iter();
    for (i, f) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(rels) = footer_rels.next() {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    parts.push(("word/theme/theme1.xml".into(), THEME.as_bytes().to_vec()));

    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name, options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .expect("writing a ZIP archive to memory cannot fail");
    }
    let bytes = zip
        .finish()
        .expect("writing a ZIP archive to memory cannot fail")
        .into_inner();
    crate::platform::same_zip_host(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_rows_get_tbl_header_and_others_do_not() {
        let xml = format!(
            "<w:tr><w:trPr><w:trHeight w:val=\"{}\" w:hRule=\"atLeast\" /></w:trPr></w:tr>\
             <w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>",
            layout::HEADER_ROW_HEIGHT
        );
        let out = repeat_header_rows(&xml);
        assert_eq!(out.matches("<w:tblHeader />").count(), 1);
        assert!(out.starts_with("<w:tr><w:trPr><w:tblHeader />"));
    }

    #[test]
    fn run_defaults_get_the_vietnamese_language_once() {
        let styles = "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"28\" />\
                      </w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
        let once = mark_vietnamese(styles);
        assert!(
            once.contains(&format!("<w:rPr>{RUN_DEFAULT_LANG}<w:sz")),
            "{once}"
        );
        assert_eq!(mark_vietnamese(&once), once);
    }

    #[test]
    fn core_properties_escape_the_texts_and_fix_the_times() {
        let xml = core_properties(&Properties {
            title: "A & B <C>",
            subject: "S",
            creator: "Trường \"X\"",
        });
        assert!(
            xml.contains("<dc:title>A &amp; B &lt;C&gt;</dc:title>"),
            "{xml}"
        );
        assert!(
            xml.contains("<dc:creator>Trường &quot;X&quot;</dc:creator>"),
            "{xml}"
        );
        assert_eq!(xml.matches(FIXED_TIMESTAMP).count(), 2);
        roxmltree::Document::parse(&xml).unwrap();
    }

    #[test]
    fn the_theme_is_related_and_typed_once() {
        let (rels, types) = add_theme("<Relationships></Relationships>", "<Types></Types>");
        assert!(rels.contains("Target=\"theme/theme1.xml\""));
        assert!(types.contains("PartName=\"/word/theme/theme1.xml\""));
        roxmltree::Document::parse(THEME).unwrap();
    }

    #[test]
    fn para_ids_are_renumbered_across_parts_in_order() {
        let mut a = b"<w:p w14:paraId=\"0000002A\"/><w:p w14:paraId=\"0000002B\"/>".to_vec();
        let mut b = b"<w:p w14:paraId=\"00000099\"/>".to_vec();
        normalise_para_ids(&mut [&mut a, &mut b]);
        assert_eq!(
            String::from_utf8(a).unwrap(),
            "<w:p w14:paraId=\"00000001\"/><w:p w14:paraId=\"00000002\"/>"
        );
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "<w:p w14:paraId=\"00000003\"/>"
        );
    }

    #[test]
    fn page_number_field_is_split_over_five_styled_runs() {
        use docx_rs::BuildXML;
        let xml = String::from_utf8(page_number().build()).unwrap();
        assert_eq!(xml.matches("<w:r>").count(), 5, "{xml}");
        assert_eq!(
            xml.matches("w:ascii=\"Times New Roman\"").count(),
            6,
            "{xml}"
        );
        assert!(xml.contains("PAGE"), "{xml}");
    }
}
