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
//! - [`pack`]: fixed timestamps in `docProps/core.xml` (docx-rs writes no clock time, but
//!   says so explicitly here); ZIP entries carry the 1980-01-01 default as long as the
//!   `zip` crate's `time` feature stays off (`cargo tree -e features -i zip@8.6.0`; a test
//!   checks the entries' dates), and the same zip host on every platform
//!   ([`crate::platform::same_zip_host`]).

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

/// Renders `docx` to the bytes of a .docx file with every workaround applied.
pub fn pack(docx: Docx) -> Vec<u8> {
    let mut xml = docx
        .created_at(FIXED_TIMESTAMP)
        .updated_at(FIXED_TIMESTAMP)
        .build();
    let document =
        String::from_utf8(std::mem::take(&mut xml.document)).expect("docx-rs renders UTF-8");
    xml.document = repeat_header_rows(&document).into_bytes();
    {
        let mut parts: Vec<&mut Vec<u8>> = vec![&mut xml.document];
        parts.extend(xml.headers.iter_mut());
        parts.extend(xml.footers.iter_mut());
        parts.push(&mut xml.footnotes);
        normalise_para_ids(&mut parts);
    }
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .expect("writing a ZIP archive to memory cannot fail");
    crate::platform::same_zip_host(out.into_inner())
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
