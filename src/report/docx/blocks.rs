//! The layout primitives of the official documents — runs, body paragraphs, title lines,
//! short rules, the header block, the signature block and ruled tables — so that each
//! document only says what goes where.
//!
//! Architecture invariant: every run is made by [`run`] (Times New Roman on all four font
//! slots) and every size or length comes from [`super::layout`].

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, BorderType, BreakType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Table,
    TableAlignmentType, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::layout::{self, size, FONT};
use crate::definitions::Document;

/// Times New Roman for ascii, hAnsi, cs and eastAsia.
pub fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// Size and emphasis of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub size: usize,
    pub bold: bool,
    pub italic: bool,
}

impl Look {
    pub const fn plain(size: usize) -> Look {
        Look {
            size,
            bold: false,
            italic: false,
        }
    }
    pub const fn bold(size: usize) -> Look {
        Look {
            size,
            bold: true,
            italic: false,
        }
    }
    pub const fn italic(size: usize) -> Look {
        Look {
            size,
            bold: false,
            italic: true,
        }
    }
    pub const fn bold_italic(size: usize) -> Look {
        Look {
            size,
            bold: true,
            italic: true,
        }
    }
}

/// A run of text.
pub fn run(text: &str, look: Look) -> Run {
    let mut r = Run::new().add_text(text).fonts(fonts()).size(look.size);
    if look.bold {
        r = r.bold();
    }
    if look.italic {
        r = r.italic();
    }
    r
}

/// An empty paragraph with the given alignment, no spacing, its mark in `look`.
pub fn paragraph(align: AlignmentType, look: Look) -> Paragraph {
    Paragraph::new()
        .align(align)
        .fonts(fonts())
        .size(look.size)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        )
}

/// Space before and after a paragraph, in twips.
pub fn spaced(p: Paragraph, before: u32, after: u32, line: i32) -> Paragraph {
    p.line_spacing(
        LineSpacing::new()
            .before(before)
            .after(after)
            .line(line)
            .line_rule(LineSpacingType::Auto),
    )
}

/// Centred lines of one look, in one paragraph (line breaks between them).
pub fn centred_lines<S: AsRef<str>>(lines: &[S], look: Look) -> Paragraph {
    let mut p = paragraph(AlignmentType::Center, look);
    for (i, line) in lines.iter().enumerate() {
        let mut r = run(line.as_ref(), look);
        if i + 1 < lines.len() {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(r);
    }
    p
}

/// A body paragraph: justified, first-line indent, single-and-a-bit spacing, 6 pt after.
pub fn body(runs: Vec<Run>) -> Paragraph {
    let mut p = spaced(
        paragraph(AlignmentType::Both, Look::plain(size::BODY)),
        0,
        layout::PARAGRAPH_AFTER,
        layout::BODY_LINE,
    )
    .indent(
        None,
        Some(SpecialIndentType::FirstLine(layout::FIRST_LINE_INDENT)),
        None,
        None,
    );
    for r in runs {
        p = p.add_run(r);
    }
    p
}

/// An empty line of body size, for vertical space.
pub fn blank(look: Look) -> Paragraph {
    paragraph(AlignmentType::Left, look)
}

/// A short solid rule `length` twips long, centred in `available` twips, `after` twips of
/// space under it: an empty, very thin paragraph with a bottom border and indents on both
/// sides. (A top border is drawn by LibreOffice right on the descenders of the line above.)
pub fn rule(length: i32, available: i32, after: u32) -> Paragraph {
    let length = length.clamp(200, available);
    let side = (available - length) / 2;
    let mut p = spaced(
        paragraph(AlignmentType::Center, Look::plain(size::RULE)),
        layout::RULE_GAP,
        after,
        240,
    )
    .indent(Some(side), None, Some(side), None);
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(layout::LINE_WEIGHT)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

/// The length of a rule under text that must be 1/3–1/2 of the text's length: 40 % of the
/// longest of its `lines` (as [`wrap`] broke it for a column `available` twips wide).
pub fn partial_rule_length<S: AsRef<str>>(lines: &[S], look: Look, available: i32) -> i32 {
    lines
        .iter()
        .map(|l| layout::estimated_width(l.as_ref(), look.size, look.bold))
        .max()
        .unwrap_or(0)
        .min(available)
        * 2
        / 5
}

/// Whether a line may break between `words[i]` and `words[i + 1]`. Not around a dash that
/// joins two names ("KINH TẾ - KỸ THUẬT", "Ô tô - Động lực": the two syllables on each
/// side stay with it, so that no line starts with "-" and no compound word is cut in two),
/// and not after a word that introduces a number ("ngày 01", "tháng 12", "năm học 2021").
fn may_break(words: &[&str], i: usize) -> bool {
    let dash = |k: usize| words.get(k).is_some_and(|w| matches!(*w, "-" | "–"));
    let lower = words[i].to_lowercase();
    let after_number_word = matches!(lower.as_str(), "năm" | "ngày" | "tháng" | "số" | "số:")
        || (lower == "học" && i > 0 && words[i - 1].to_lowercase() == "năm");
    !(dash(i) || dash(i + 1) || dash(i + 2) || (i > 0 && dash(i - 1)) || after_number_word)
}

/// Whether a phrase begins at `words[i]`: a conjunction or preposition ("và", "của",
/// "thuộc", "về", "tại"), a date or school year ("ngày …", "năm học …"), or the name after
/// the kind of body ("TRƯỜNG CAO ĐẲNG | KỸ THUẬT …", "ỦY BAN NHÂN DÂN | TỈNH …").
fn phrase_begins(words: &[&str], i: usize) -> bool {
    let w = |k: usize| words[k].to_lowercase();
    let starts = matches!(
        w(i).as_str(),
        "và" | "của" | "thuộc" | "về" | "tại" | "ngày"
    ) || (w(i) == "năm"
        && words.get(i + 1).is_some_and(|n| n.to_lowercase() == "học"));
    let after_kind = i >= 2
        && matches!(
            format!("{} {}", w(i - 2), w(i - 1)).as_str(),
            "cao đẳng" | "trung cấp" | "đại học" | "nhân dân"
        );
    starts || after_kind
}

/// `text` broken into as few lines as fit in `width` twips (by the width estimate, 3 %
/// to spare), the lines as even as can be — not the renderer's greedy wrap, which leaves
/// "CẢNH" or "Bộ)" alone on a last line and cuts "KỸ / THUẬT". Breaks only where
/// [`may_break`] allows; one unbreakable piece wider than `width` stays a line of its own.
pub fn wrap(text: &str, look: Look, width: i32) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return vec![String::new()];
    }
    // Unbreakable pieces, and whether a phrase begins at each.
    let mut units: Vec<String> = vec![words[0].to_string()];
    let mut good_before = vec![false];
    for i in 1..words.len() {
        if may_break(&words, i - 1) {
            units.push(words[i].to_string());
            good_before.push(phrase_begins(&words, i));
        } else if let Some(last) = units.last_mut() {
            last.push(' ');
            last.push_str(words[i]);
        }
    }
    let limit = width * 97 / 100;
    let line_width =
        |a: usize, b: usize| layout::estimated_width(&units[a..b].join(" "), look.size, look.bold);
    // Fewest lines: greedy.
    let mut lines_needed = 1;
    let mut start = 0;
    for end in 1..units.len() {
        if line_width(start, end + 1) > limit {
            lines_needed += 1;
            start = end;
        }
    }
    if lines_needed == 1 {
        // As written: the blanks left for the office ("ngày      tháng") stay.
        return vec![text.trim().to_string()];
    }
    // Evenest split into that many lines, by preference where a phrase begins:
    // best[m][j] = the least cost of the first j units on m lines, a line costing the
    // square of the room it leaves, plus a penalty when it starts at a break that is not
    // one a reader expects (before "và", "của", after "TRƯỜNG CAO ĐẲNG" …).
    let n = units.len();
    let k = lines_needed.min(n);
    let penalty = (i64::from(limit) / 4).pow(2);
    let cost = |i: usize, j: usize| -> Option<i64> {
        let w = line_width(i, j);
        if w > limit && j - i > 1 {
            return None;
        }
        let room = i64::from((limit - w).max(0));
        Some(room * room + if i > 0 && !good_before[i] { penalty } else { 0 })
    };
    let mut best = vec![vec![(i64::MAX, 0usize); n + 1]; k + 1];
    best[0][0] = (0, 0);
    for m in 1..=k {
        for j in m..=n {
            for i in (m - 1)..j {
                let (prev, _) = best[m - 1][i];
                if prev == i64::MAX {
                    continue;
                }
                let Some(c) = cost(i, j) else { continue };
                if prev + c < best[m][j].0 {
                    best[m][j] = (prev + c, i);
                }
            }
        }
    }
    if best[k][n].0 == i64::MAX {
        return vec![units.join(" ")];
    }
    let mut cuts = vec![n];
    let mut j = n;
    for m in (1..=k).rev() {
        j = best[m][j].1;
        cuts.push(j);
    }
    cuts.reverse();
    cuts.windows(2)
        .map(|w| units[w[0]..w[1]].join(" "))
        .collect()
}

/// A cell of a borderless layout table (header block, signature block).
fn layout_cell(width: i32, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// A borderless table with fixed column widths and 1 mm of side padding.
fn layout_table(widths: &[i32], cells: Vec<Vec<Vec<Paragraph>>>) -> Table {
    let rows = cells
        .into_iter()
        .map(|row| {
            TableRow::new(
                row.into_iter()
                    .zip(widths)
                    .map(|(ps, w)| layout_cell(*w, ps))
                    .collect(),
            )
        })
        .collect();
    Table::without_borders(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(
            0,
            layout::LAYOUT_CELL_PADDING,
            0,
            layout::LAYOUT_CELL_PADDING,
        ))
}

/// The place-and-date line: "Thành phố Hồ Chí Minh, ngày 01 tháng 12 năm 2021"; without a
/// date, the day and month are left blank for the office and the year is `year` if known.
pub fn place_date(place: &str, date: Option<NaiveDate>, year: Option<i32>) -> String {
    let words = match date {
        Some(d) => crate::text::vi_date_words(d),
        None => match year {
            Some(y) => format!("ngày      tháng      năm {y}"),
            None => "ngày      tháng      năm      ".to_string(),
        },
    };
    if place.trim().is_empty() {
        let mut c = words.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => words,
        }
    } else {
        format!("{}, {words}", place.trim())
    }
}

/// The header block: issuing body on the left, Quốc hiệu and Tiêu ngữ on the right, and —
/// for a decision or a report — the number and the place-and-date line under them.
pub fn header_block(
    doc: &Document,
    number_and_date: Option<(&str, &str)>,
    landscape: bool,
) -> Table {
    let widths = layout::columns(layout::text_width(landscape), &layout::HEADER_COLUMNS);
    let (left_w, right_w) = (widths[0], widths[1]);
    let mut left = Vec::new();
    let inner = left_w - 2 * layout::LAYOUT_CELL_PADDING as i32;
    let gov = doc.governing_body.trim();
    if !gov.is_empty() {
        let look = Look::plain(size::HEADER);
        left.push(centred_lines(&wrap(&gov.to_uppercase(), look, inner), look));
    }
    let school_look = Look::bold(size::HEADER);
    let school = wrap(&doc.school.trim().to_uppercase(), school_look, inner);
    left.push(centred_lines(&school, school_look));
    left.push(rule(
        partial_rule_length(&school, school_look, left_w),
        left_w,
        0,
    ));

    let motto = "Độc lập - Tự do - Hạnh phúc";
    let motto_look = Look::bold(size::MOTTO);
    let right = vec![
        centred_lines(
            &["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            Look::bold(size::QUOC_HIEU),
        ),
        centred_lines(&[motto], motto_look),
        rule(
            layout::estimated_width(motto, motto_look.size, true),
            right_w,
            0,
        ),
    ];
    let mut rows = vec![vec![left, right]];
    if let Some((number, date)) = number_and_date {
        rows.push(vec![
            vec![spaced(
                one_line(number, Look::plain(size::NUMBER), left_w),
                120,
                0,
                240,
            )],
            vec![spaced(
                one_line(date, Look::italic(size::DATE), right_w),
                120,
                0,
                240,
            )],
        ]);
    }
    layout_table(&widths, rows)
}

/// How much to condense the characters of `text` (negative twips per character, at most
/// [`layout::MAX_CONDENSE`]) so that it keeps to one line in a layout cell `width` wide;
/// 0 when it fits. The width estimate is padded by 3 % (italics run wider than it says).
pub fn condensing(text: &str, look: Look, width: i32) -> i32 {
    let inner = width - 2 * layout::LAYOUT_CELL_PADDING as i32;
    let needed = layout::estimated_width(text, look.size, look.bold) * 103 / 100;
    let chars = text.chars().count().max(1) as i32;
    if needed <= inner {
        return 0;
    }
    -((needed - inner + chars - 1) / chars).min(layout::MAX_CONDENSE)
}

/// A centred line of a layout cell `width` wide, condensed just enough to keep to one line.
fn one_line(text: &str, look: Look, width: i32) -> Paragraph {
    let spacing = condensing(text, look, width);
    let mut r = run(text, look);
    if spacing != 0 {
        r = r.character_spacing(spacing);
    }
    paragraph(AlignmentType::Center, look).add_run(r)
}

/// A title: a document type or title lines, bold, centred, with space above.
pub fn title<S: AsRef<str>>(lines: &[S]) -> Paragraph {
    spaced(centred_lines(lines, Look::bold(size::TITLE)), 240, 0, 240)
}

/// "(Kèm theo Quyết định số … ngày … của …)": the line under the title of a document
/// promulgated by a decision, italic and centred.
pub fn attached_to(doc: &Document) -> String {
    let (number, date) = match &doc.decision {
        Some(d) => (
            d.number.trim().to_string(),
            crate::text::vi_date_words(d.date),
        ),
        None => (
            "       ".to_string(),
            "ngày      tháng      năm      ".to_string(),
        ),
    };
    format!(
        "(Kèm theo Quyết định số {number} {date} của {})",
        doc.school.trim()
    )
}

/// The "(Kèm theo …)" line in lines for a text `width` twips wide: one line if it fits,
/// else broken before "của Trường …" as seed 000 has it, each part wrapped on its own.
pub fn attached_lines(doc: &Document, look: Look, width: i32) -> Vec<String> {
    let text = attached_to(doc);
    let one = wrap(&text, look, width);
    if one.len() == 1 {
        return one;
    }
    match text.rfind(" của ") {
        Some(at) => {
            let mut lines = wrap(&text[..at], look, width);
            lines.extend(wrap(&text[at + 1..], look, width));
            lines
        }
        None => one,
    }
}

/// The signature block: "Nơi nhận:" and the recipients on the left, level with the
/// signer's authority, space for the signature and seal, and the name on the right.
pub fn signature_block(
    recipients: &[String],
    authority: &[String],
    name: &str,
    landscape: bool,
) -> Table {
    let widths = layout::columns(layout::text_width(landscape), &layout::SIGNATURE_COLUMNS);
    let mut left = vec![{
        let look = Look::bold_italic(size::RECIPIENTS_LABEL);
        paragraph(AlignmentType::Left, look).add_run(run("Nơi nhận:", look))
    }];
    for r in recipients {
        let look = Look::plain(size::RECIPIENT);
        left.push(paragraph(AlignmentType::Left, look).add_run(run(&format!("- {r}"), look)));
    }
    let look = Look::bold(size::SIGNATURE);
    let mut right: Vec<Paragraph> = authority
        .iter()
        .map(|a| centred_lines(&[&a.to_uppercase()], look))
        .collect();
    for _ in 0..layout::SIGNATURE_SPACE_LINES {
        right.push(blank(Look::plain(size::SIGNATURE)));
    }
    right.push(centred_lines(&[name.trim()], look));
    let mut t = layout_table(&widths, vec![vec![left, right]]);
    // Recipients and signature stay together on one page.
    for row in t.rows.iter_mut() {
        let docx_rs::TableChild::TableRow(r) = row;
        r.property = std::mem::take(&mut r.property).cant_split();
    }
    t
}

/// The thin empty paragraph that closes a document ending with a table (a document must
/// end with a paragraph).
pub fn end_paragraph() -> Paragraph {
    paragraph(AlignmentType::Left, Look::plain(size::RULE))
}

/// Items ending with ";" and the last with `last` ('.' for grounds and recipients).
pub fn punctuated(items: &[String], last: char) -> Vec<String> {
    let n = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = s.trim();
            if i + 1 == n && s.ends_with(last) {
                return s.to_string();
            }
            let core = s.trim_end_matches([';', '.', ',']).trim_end();
            if i + 1 == n {
                format!("{core}{last}")
            } else {
                format!("{core};")
            }
        })
        .collect()
}

/// One line of a ruled-table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Plain(String),
    Bold(String),
    /// A bold label, then the text: "**Chủ trì:** Trưởng khoa".
    Labelled(String, String),
}

impl Line {
    fn text(&self) -> String {
        match self {
            Line::Plain(t) | Line::Bold(t) => t.clone(),
            Line::Labelled(l, t) => format!("{l} {t}"),
        }
    }
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    None,
    Restart,
    Continue,
}

/// The content of a ruled-table cell.
#[derive(Debug, Clone)]
pub struct Cell {
    pub lines: Vec<Line>,
    pub centred: bool,
    pub merge: Merge,
}

impl Cell {
    pub fn new() -> Cell {
        Cell {
            lines: Vec::new(),
            centred: false,
            merge: Merge::None,
        }
    }

    /// A cell holding one line of text.
    pub fn text(t: &str) -> Cell {
        Cell::new().line(Line::Plain(t.to_string()))
    }

    pub fn centred(mut self) -> Cell {
        self.centred = true;
        self
    }

    pub fn merge(mut self, m: Merge) -> Cell {
        self.merge = m;
        self
    }

    pub fn line(mut self, l: Line) -> Cell {
        self.lines.push(l);
        self
    }

    /// One item as it is, several as bullet lines "- …".
    pub fn items(mut self, items: &[String]) -> Cell {
        let bullet = items.len() > 1;
        for i in items {
            let t = i.trim();
            self.lines.push(Line::Plain(if bullet {
                format!("- {t}")
            } else {
                t.to_string()
            }));
        }
        self
    }

    /// "**label** item" for one item; the label alone then bullet lines for several.
    pub fn labelled_items(mut self, label: &str, items: &[String]) -> Cell {
        match items {
            [] => self.lines.push(Line::Bold(label.to_string())),
            [one] => self
                .lines
                .push(Line::Labelled(label.to_string(), one.trim().to_string())),
            many => {
                self.lines.push(Line::Bold(label.to_string()));
                for i in many {
                    self.lines.push(Line::Plain(format!("- {}", i.trim())));
                }
            }
        }
        self
    }

    fn paragraphs(&self) -> Vec<Paragraph> {
        let align = if self.centred {
            AlignmentType::Center
        } else {
            AlignmentType::Left
        };
        let plain = Look::plain(size::TABLE);
        let bold = Look::bold(size::TABLE);
        let cell_par = || {
            spaced(
                paragraph(align, plain),
                layout::CELL_PARAGRAPH_SPACE,
                layout::CELL_PARAGRAPH_SPACE,
                240,
            )
        };
        let mut out: Vec<Paragraph> = self
            .lines
            .iter()
            .map(|l| match l {
                Line::Plain(t) => cell_par().add_run(run(t, plain)),
                Line::Bold(t) => cell_par().add_run(run(t, bold)),
                Line::Labelled(label, t) => cell_par()
                    .add_run(run(label, bold))
                    .add_run(run(&format!(" {t}"), plain)),
            })
            .collect();
        if out.is_empty() {
            out.push(cell_par());
        }
        out
    }

    /// Estimated height of the content in a column `width` twips wide.
    fn estimated_height(&self, width: i32) -> i32 {
        if self.merge == Merge::Continue {
            return 0;
        }
        let inner = width - 2 * layout::CELL_MARGIN_SIDE as i32;
        let per_paragraph = 2 * layout::CELL_PARAGRAPH_SPACE as i32;
        self.lines
            .iter()
            .map(|l| {
                let bold = matches!(l, Line::Bold(_));
                layout::estimated_lines(&l.text(), size::TABLE, bold, inner)
                    * layout::line_height(size::TABLE)
                    + per_paragraph
            })
            .sum::<i32>()
            + 2 * layout::CELL_MARGIN_TOP as i32
    }
}

impl Default for Cell {
    fn default() -> Self {
        Cell::new()
    }
}

/// A ruled table: the header row (bold, centred) repeated on every page, then the rows;
/// a short row is kept whole on one page, a taller one may run across a page break.
pub fn ruled_table(widths: &[i32], header: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    let border = |p| {
        TableBorder::new(p)
            .border_type(BorderType::Single)
            .size(layout::LINE_WEIGHT)
            .color("000000")
    };
    let borders = TableBorders::with_empty()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let header_cells = header
        .iter()
        .zip(widths)
        .map(|(h, w)| {
            let c = Cell::new().centred().line(Line::Bold(h.to_string()));
            table_cell(&c, *w).vertical_align(VAlignType::Center)
        })
        .collect();
    // The minimum height marks the row for `patch::repeat_header_rows`.
    let header_row = TableRow::new(header_cells)
        .row_height(layout::HEADER_ROW_HEIGHT as f32)
        .height_rule(docx_rs::HeightRule::AtLeast)
        .cant_split();
    let heights = row_heights(widths, &rows);
    let mut table_rows = vec![header_row];
    for (row, height) in rows.into_iter().zip(heights) {
        let mut r = TableRow::new(
            row.iter()
                .zip(widths)
                .map(|(c, w)| table_cell(c, *w))
                .collect(),
        );
        if height <= layout::KEEP_ROW_WHOLE {
            r = r.cant_split();
        }
        table_rows.push(r);
    }
    Table::new(table_rows)
        .set_borders(borders)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(
            layout::CELL_MARGIN_TOP,
            layout::CELL_MARGIN_SIDE,
            layout::CELL_MARGIN_TOP,
            layout::CELL_MARGIN_SIDE,
        ))
}

/// The estimated height of each row. A cell merged down over several rows (the objective
/// beside its indicators) spreads over them: it adds to a row only what the rows it spans
/// lack, on the last of them, so that the short row of one indicator is still kept whole
/// rather than broken after its first line because the objective's text is long.
fn row_heights(widths: &[i32], rows: &[Vec<Cell>]) -> Vec<i32> {
    let mut heights: Vec<i32> = rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(widths)
                .filter(|(c, _)| c.merge == Merge::None)
                .map(|(c, w)| c.estimated_height(*w))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for (col, w) in widths.iter().enumerate() {
        let mut r = 0;
        while r < rows.len() {
            let Some(cell) = rows[r].get(col) else {
                r += 1;
                continue;
            };
            if cell.merge != Merge::Restart {
                r += 1;
                continue;
            }
            let mut end = r + 1;
            while rows
                .get(end)
                .and_then(|row| row.get(col))
                .is_some_and(|c| c.merge == Merge::Continue)
            {
                end += 1;
            }
            let spanned: i32 = heights[r..end].iter().sum();
            let lacking = cell.estimated_height(*w) - spanned;
            if lacking > 0 {
                heights[end - 1] += lacking;
            }
            r = end;
        }
    }
    heights
}

fn table_cell(c: &Cell, width: i32) -> TableCell {
    let mut tc = TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    match c.merge {
        Merge::None => {}
        Merge::Restart => tc = tc.vertical_merge(VMergeType::Restart),
        Merge::Continue => tc = tc.vertical_merge(VMergeType::Continue),
    }
    for p in c.paragraphs() {
        tc = tc.add_paragraph(p);
    }
    tc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grounds_end_with_semicolons_and_the_last_with_a_full_stop() {
        let g = vec![
            "Căn cứ A".to_string(),
            "Căn cứ B;".to_string(),
            "Xét đề nghị C;".to_string(),
        ];
        assert_eq!(
            punctuated(&g, '.'),
            vec!["Căn cứ A;", "Căn cứ B;", "Xét đề nghị C."]
        );
    }

    #[test]
    fn place_date_has_leading_zeros_or_blanks_for_the_office() {
        let d = NaiveDate::from_ymd_opt(2021, 2, 3).unwrap();
        assert_eq!(
            place_date("Thành phố Hồ Chí Minh", Some(d), None),
            "Thành phố Hồ Chí Minh, ngày 03 tháng 02 năm 2021"
        );
        assert_eq!(
            place_date("", None, Some(2022)),
            "Ngày      tháng      năm 2022"
        );
    }

    #[test]
    fn header_lines_are_condensed_only_when_they_would_wrap_and_never_past_one_point() {
        let widths = layout::columns(layout::text_width(false), &layout::HEADER_COLUMNS);
        let date = "Thành phố Hồ Chí Minh, ngày 01 tháng 12 năm 2021";
        let look = Look::italic(size::DATE);
        // Too long for the portrait right column: condensed, within the limit.
        let c = condensing(date, look, widths[1]);
        assert!((-layout::MAX_CONDENSE..0).contains(&c), "{c}");
        // Room enough in landscape: as written.
        let wide = layout::columns(layout::text_width(true), &layout::HEADER_COLUMNS);
        assert_eq!(condensing(date, look, wide[1]), 0);
        assert_eq!(condensing("Số: 15/QĐ-CĐKTCN", look, widths[0]), 0);
    }

    #[test]
    fn long_names_break_between_words_evenly_never_at_a_dash_or_inside_a_date() {
        let left = layout::columns(layout::text_width(false), &layout::HEADER_COLUMNS)[0]
            - 2 * layout::LAYOUT_CELL_PADDING as i32;
        let bold = Look::bold(size::HEADER);
        assert_eq!(
            wrap(
                "TRƯỜNG CAO ĐẲNG KỸ THUẬT - CÔNG NGHỆ BẮC TRUNG BỘ",
                bold,
                left
            ),
            ["TRƯỜNG CAO ĐẲNG", "KỸ THUẬT - CÔNG NGHỆ", "BẮC TRUNG BỘ"]
        );
        assert_eq!(
            wrap(
                "TRƯỜNG CAO ĐẲNG KINH TẾ - KỸ THUẬT VÀ CÔNG NGHỆ THÔNG TIN THÀNH PHỐ HỒ CHÍ MINH",
                bold,
                left
            ),
            [
                "TRƯỜNG CAO ĐẲNG",
                "KINH TẾ - KỸ THUẬT",
                "VÀ CÔNG NGHỆ THÔNG TIN",
                "THÀNH PHỐ HỒ CHÍ MINH"
            ]
        );
        // A phrase begins at "VÀ": the break goes there, not inside "CÔNG NGHỆ".
        assert_eq!(
            wrap(
                "KHOA CƠ KHÍ CHẾ TẠO MÁY VÀ CÔNG NGHỆ KỸ THUẬT Ô TÔ - ĐỘNG LỰC",
                Look::bold(size::TITLE),
                layout::text_width(false)
            ),
            [
                "KHOA CƠ KHÍ CHẾ TẠO MÁY",
                "VÀ CÔNG NGHỆ KỸ THUẬT Ô TÔ - ĐỘNG LỰC"
            ]
        );
        // What fits stays one line, as written (the blanks for the office kept).
        assert_eq!(wrap("SỞ LAO ĐỘNG", bold, left), ["SỞ LAO ĐỘNG"]);
        assert_eq!(wrap("ngày      tháng", bold, left), ["ngày      tháng"]);
        // "năm học 2019 - 2020" is never cut.
        let width = layout::text_width(false);
        let subject = "Về việc ban hành Chính sách chất lượng và Mục tiêu chất lượng năm học \
                       2019 - 2020";
        let lines = wrap(subject, Look::bold(size::TITLE), width);
        assert_eq!(
            lines,
            [
                "Về việc ban hành Chính sách chất lượng",
                "và Mục tiêu chất lượng năm học 2019 - 2020"
            ]
        );
    }

    #[test]
    fn several_items_become_bullet_lines_one_stays_plain() {
        let one = Cell::new().items(&["A.".to_string()]);
        assert_eq!(one.lines, vec![Line::Plain("A.".into())]);
        let two = Cell::new().items(&["A.".to_string(), "B.".to_string()]);
        assert_eq!(
            two.lines,
            vec![Line::Plain("- A.".into()), Line::Plain("- B.".into())]
        );
        let lead = Cell::new().labelled_items("Chủ trì:", &["X".to_string(), "Y".to_string()]);
        assert_eq!(
            lead.lines,
            vec![
                Line::Bold("Chủ trì:".into()),
                Line::Plain("- X".into()),
                Line::Plain("- Y".into())
            ]
        );
    }
}
