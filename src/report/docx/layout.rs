//! Every layout constant of the official documents — font, sizes, page, margins, spacing —
//! in one place, as Nghị định 30/2020/NĐ-CP, Phụ lục I fixes them (see LAYOUT.md).
//!
//! Lengths are in twentieths of a point (twips, 1 mm ≈ 56,7), font sizes in half-points, as
//! WordprocessingML writes them.

/// Times New Roman, set on every run for ascii, hAnsi, cs and eastAsia alike.
pub const FONT: &str = "Times New Roman";

/// Font sizes in half-points.
pub mod size {
    /// Body text, grounds, articles, objectives (13–14 pt).
    pub const BODY: usize = 28;
    /// Text inside the plan and results tables.
    pub const TABLE: usize = 26;
    /// Governing body, school and Quốc hiệu lines of the header block (12–13 pt).
    pub const HEADER: usize = 26;
    /// Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12–13 pt): 12 pt, so that it keeps to
    /// one line in the right column of a portrait header block within the text width.
    pub const QUOC_HIEU: usize = 24;
    /// Tiêu ngữ "Độc lập - Tự do - Hạnh phúc" (13–14 pt).
    pub const MOTTO: usize = 28;
    /// "Số: …" (13 pt).
    pub const NUMBER: usize = 26;
    /// The place-and-date line (13–14 pt): 13 pt, so that a long place name and the date
    /// keep to one line.
    pub const DATE: usize = 26;
    /// Document type, titles and subject lines (13–14 pt; the subject 14 pt).
    pub const TITLE: usize = 28;
    /// "Nơi nhận:" (12 pt).
    pub const RECIPIENTS_LABEL: usize = 24;
    /// Each recipient (11 pt).
    pub const RECIPIENT: usize = 22;
    /// Authority and name of the signer (13–14 pt).
    pub const SIGNATURE: usize = 28;
    /// Page numbers in the top margin (13–14 pt).
    pub const PAGE_NUMBER: usize = 28;
    /// The paragraph that only carries a short rule: as thin as a paragraph can be.
    pub const RULE: usize = 4;
}

/// A4, portrait, in twips.
pub const A4_WIDTH: u32 = 11906;
pub const A4_HEIGHT: u32 = 16838;

/// Page margins and the distance of the header (page number) from the top edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margins {
    pub top: i32,
    pub bottom: i32,
    pub left: i32,
    pub right: i32,
    pub header: i32,
}

/// Portrait: top 20–25 mm, bottom 20–25 mm, left 30–35 mm (binding), right 15–20 mm.
pub const PORTRAIT: Margins = Margins {
    top: 1247,    // 22 mm
    bottom: 1191, // 21 mm
    left: 1758,   // 31 mm
    right: 964,   // 17 mm
    header: 567,  // 10 mm
};

/// Landscape: the portrait page turned, its top at the binding — top 30–35 mm, bottom
/// 15–20 mm, left and right 20–25 mm.
pub const LANDSCAPE: Margins = Margins {
    top: 1758,    // 31 mm
    bottom: 964,  // 17 mm
    left: 1191,   // 21 mm
    right: 1191,  // 21 mm
    header: 1021, // 18 mm
};

/// Width of the text area of a page.
pub const fn text_width(landscape: bool) -> i32 {
    if landscape {
        A4_HEIGHT as i32 - LANDSCAPE.left - LANDSCAPE.right
    } else {
        A4_WIDTH as i32 - PORTRAIT.left - PORTRAIT.right
    }
}

/// Height of the text area of a page.
pub const fn text_height(landscape: bool) -> i32 {
    if landscape {
        A4_WIDTH as i32 - LANDSCAPE.top - LANDSCAPE.bottom
    } else {
        A4_HEIGHT as i32 - PORTRAIT.top - PORTRAIT.bottom
    }
}

/// First-line indent of body paragraphs (1–1.27 cm): 1 cm.
pub const FIRST_LINE_INDENT: i32 = 567;
/// Space after a body paragraph (≥ 6 pt): 6 pt.
pub const PARAGRAPH_AFTER: u32 = 120;
/// Line spacing of body text, in 240ths of a line (single to 1.5): 1.15 lines.
pub const BODY_LINE: i32 = 276;
/// Space above and below the text of a table cell: 1 pt.
pub const CELL_PARAGRAPH_SPACE: u32 = 20;
/// Left and right padding of table cells, top and bottom padding.
pub const CELL_MARGIN_SIDE: usize = 85;
pub const CELL_MARGIN_TOP: usize = 28;
/// Thickness of rules and table borders, in eighths of a point (0.75 pt).
pub const LINE_WEIGHT: usize = 6;
/// Lines left blank between the signer's authority and name, for the signature and seal.
pub const SIGNATURE_SPACE_LINES: usize = 4;
/// Minimum height of a table header row (7 mm); also what marks it as a repeated header
/// row for [`super::patch::repeat_header_rows`].
pub const HEADER_ROW_HEIGHT: u32 = 397;

/// Widths of the plan's six columns (Mục tiêu · Nội dung · Nhiệm vụ và biện pháp · Đơn vị
/// chủ trì và phối hợp · Thời hạn · Hồ sơ minh chứng) on a landscape page, as shares of 1000.
pub const PLAN_COLUMNS: [i32; 6] = [50, 190, 320, 155, 85, 200];
/// Widths of the results table's eight columns (STT · Mục tiêu · Chỉ tiêu · Kết quả ·
/// Đánh giá · Minh chứng · Nguyên nhân · Biện pháp khắc phục), as shares of 1000.
pub const RESULTS_COLUMNS: [i32; 8] = [55, 170, 165, 140, 80, 150, 115, 125];
/// The header block's columns (issuing body · Quốc hiệu), as shares of 1000 of the text
/// width: the block stays within the text; in portrait the right column (5,098 twips) holds
/// the 12 pt Quốc hiệu (5,007 twips in Times New Roman) and the left (4,086) a "Số: …" of
/// the sample's length at 13 pt (4,008).
pub const HEADER_COLUMNS: [i32; 2] = [445, 555];
/// Largest character condensing (twips per character, 1 pt) applied to a header-block line
/// that would otherwise wrap (the number-and-symbol, the place-and-date line).
pub const MAX_CONDENSE: i32 = 20;
/// A table row no taller than this is kept whole on one page; taller rows may run across a
/// page break, as in seed 000, so that moving a row whole never leaves more than a quarter
/// of a page empty (1/4 of a landscape page's text height: about seven lines of table text).
pub const KEEP_ROW_WHOLE: i32 = text_height(true) / 4;
/// The same with *Năm trước* (or *Kỳ trước*) after the result, when comparing.
pub const RESULTS_COLUMNS_COMPARED: [i32; 9] = [50, 150, 150, 125, 80, 80, 135, 110, 120];
/// The results table when causes and corrective actions are written in it: the two
/// columns people fill take the room, so that a few sentences of explanation do not make
/// a row half a page tall in a 30 mm column.
pub const RESULTS_COLUMNS_EXPLAINED: [i32; 8] = [50, 140, 140, 120, 70, 125, 180, 175];
/// The same, compared with an earlier report.
pub const RESULTS_COLUMNS_COMPARED_EXPLAINED: [i32; 9] = [50, 125, 125, 105, 70, 70, 115, 170, 170];
/// Space between a line of text and the short rule under it (1 pt).
pub const RULE_GAP: u32 = 20;
/// Left and right padding of the cells of the borderless header and signature blocks.
pub const LAYOUT_CELL_PADDING: usize = 28;
/// The signature block's columns (Nơi nhận · signer), as shares of 1000.
pub const SIGNATURE_COLUMNS: [i32; 2] = [500, 500];

/// Splits `total` twips by shares of 1000, the last column taking the rounding rest.
pub fn columns(total: i32, shares: &[i32]) -> Vec<i32> {
    let mut out: Vec<i32> = shares.iter().map(|s| total * s / 1000).collect();
    let used: i32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total - used;
    }
    out
}

/// An estimate of the printed width of `text` in Times New Roman, in twips: what sizes the
/// short rules under the school name and the subject, and what decides whether a table
/// row fits on one page. Average glyph widths, in thousandths of an em.
pub fn estimated_width(text: &str, half_points: usize, bold: bool) -> i32 {
    let mut milli_em: i64 = 0;
    for c in text.chars() {
        milli_em += if c == ' ' {
            250
        } else if c.is_uppercase() {
            if bold {
                740
            } else {
                700
            }
        } else if c.is_ascii_digit() {
            500
        } else if c.is_alphabetic() {
            if bold {
                500
            } else {
                460
            }
        } else {
            333
        };
    }
    // 1 em = the font size; half-points × 10 = twips.
    (milli_em * half_points as i64 * 10 / 1000) as i32
}

/// Lines that `text` takes in a column `width` twips wide (at least one).
pub fn estimated_lines(text: &str, half_points: usize, bold: bool, width: i32) -> i32 {
    let w = estimated_width(text, half_points, bold);
    ((w + width - 1) / width.max(1)).max(1)
}

/// Height of one line of text, in twips (single spacing: about 1.15 em).
pub fn line_height(half_points: usize) -> i32 {
    half_points as i32 * 23 / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mm(twips: i32) -> f64 {
        twips as f64 * 25.4 / 1440.0
    }

    #[test]
    fn portrait_margins_are_within_the_decree_ranges() {
        assert!((20.0..=25.0).contains(&mm(PORTRAIT.top)));
        assert!((20.0..=25.0).contains(&mm(PORTRAIT.bottom)));
        assert!((30.0..=35.0).contains(&mm(PORTRAIT.left)));
        assert!((15.0..=20.0).contains(&mm(PORTRAIT.right)));
    }

    #[test]
    fn landscape_margins_are_within_the_decree_ranges() {
        assert!((30.0..=35.0).contains(&mm(LANDSCAPE.top)));
        assert!((15.0..=20.0).contains(&mm(LANDSCAPE.bottom)));
        assert!((20.0..=25.0).contains(&mm(LANDSCAPE.left)));
        assert!((20.0..=25.0).contains(&mm(LANDSCAPE.right)));
    }

    #[test]
    fn columns_add_up_to_the_text_width() {
        for shares in [
            &PLAN_COLUMNS[..],
            &RESULTS_COLUMNS[..],
            &RESULTS_COLUMNS_COMPARED[..],
            &RESULTS_COLUMNS_EXPLAINED[..],
            &RESULTS_COLUMNS_COMPARED_EXPLAINED[..],
            &HEADER_COLUMNS[..],
        ] {
            assert_eq!(shares.iter().sum::<i32>(), 1000);
            let w = columns(text_width(true), shares);
            assert_eq!(w.iter().sum::<i32>(), text_width(true));
        }
    }

    #[test]
    fn estimated_width_grows_with_text_and_size() {
        let motto = estimated_width("Độc lập - Tự do - Hạnh phúc", size::MOTTO, true);
        // About 65 mm at 14 pt bold.
        assert!((55.0..75.0).contains(&mm(motto)), "{}", mm(motto));
        assert!(estimated_width("ABC", 26, false) < estimated_width("ABC", 28, false));
        assert_eq!(estimated_lines("", 26, false, 1000), 1);
    }
}
