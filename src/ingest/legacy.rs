//! Vietnamese text typed in the legacy 8-bit encodings — TCVN3 (ABC, the `.Vn…` fonts) and
//! VNI-Windows (the `VNI-…` fonts) — as Excel hands it over: each byte read as its
//! Windows-1252 character ("Tr\u{AD}êng" for "Trường", "Tröôøng" for the same in VNI).
//!
//! One text alone often cannot tell: "Cã" is *Có* in TCVN3 but could be a Latin word, "Coù"
//! is *Có* in VNI. So a text is first *classified* ([`classify`]): Unicode Vietnamese (a
//! letter beyond Latin-1: ư, ơ, đ, ạ…), *strong* legacy evidence (a Latin-1 character that
//! Vietnamese in Unicode never uses, or a VNI mark where Unicode never has one), *weak*
//! (Latin-1 letters that Vietnamese also uses, "Cã", "Khaù"), or plain (ASCII). The encoding
//! is then decided for a whole sheet — per column, where a sheet mixes them — from the
//! evidence of all its text ([`Evidence`]) and, when the text gives none, from the fonts the
//! workbook's styles name ([`font_hint`]); [`SheetText`] holds that decision for one sheet
//! and converts every cell by it. A text with a Vietnamese letter beyond Latin-1 is never
//! converted; a strong text is converted whatever its sheet says.

use rustc_hash::FxHashMap;
use std::io::Read;

use unicode_normalization::UnicodeNormalization;

use super::normalize::Cell;
use super::workbook::Row;

/// Which legacy encoding a text was found to be in (the data contract's [`Encoding`]).
///
/// [`Encoding`]: crate::dataset::Encoding
pub use crate::dataset::Encoding as Legacy;

/// TCVN3 (TCVN 5712:1993 VN3): the byte (= its Windows-1252 / Latin-1 character) and the
/// Vietnamese letter it stands for. Upper-case accented letters other than the seven below
/// are typed with the same codes in the `.VnTimeH` fonts; see [`decode_tcvn3`].
const TCVN3: &[(char, char)] = &[
    ('\u{A1}', 'Ă'),
    ('\u{A2}', 'Â'),
    ('\u{A3}', 'Ê'),
    ('\u{A4}', 'Ô'),
    ('\u{A5}', 'Ơ'),
    ('\u{A6}', 'Ư'),
    ('\u{A7}', 'Đ'),
    ('\u{A8}', 'ă'),
    ('\u{A9}', 'â'),
    ('\u{AA}', 'ê'),
    ('\u{AB}', 'ô'),
    ('\u{AC}', 'ơ'),
    ('\u{AD}', 'ư'),
    ('\u{AE}', 'đ'),
    ('\u{B5}', 'à'),
    ('\u{B6}', 'ả'),
    ('\u{B7}', 'ã'),
    ('\u{B8}', 'á'),
    ('\u{B9}', 'ạ'),
    ('\u{BB}', 'ằ'),
    ('\u{BC}', 'ẳ'),
    ('\u{BD}', 'ẵ'),
    ('\u{BE}', 'ắ'),
    ('\u{C6}', 'ặ'),
    ('\u{C7}', 'ầ'),
    ('\u{C8}', 'ẩ'),
    ('\u{C9}', 'ẫ'),
    ('\u{CA}', 'ấ'),
    ('\u{CB}', 'ậ'),
    ('\u{CC}', 'è'),
    ('\u{CE}', 'ẻ'),
    ('\u{CF}', 'ẽ'),
    ('\u{D0}', 'é'),
    ('\u{D1}', 'ẹ'),
    ('\u{D2}', 'ề'),
    ('\u{D3}', 'ể'),
    ('\u{D4}', 'ễ'),
    ('\u{D5}', 'ế'),
    ('\u{D6}', 'ệ'),
    ('\u{D7}', 'ì'),
    ('\u{D8}', 'ỉ'),
    ('\u{DC}', 'ĩ'),
    ('\u{DD}', 'í'),
    ('\u{DE}', 'ị'),
    ('\u{DF}', 'ò'),
    ('\u{E1}', 'ỏ'),
    ('\u{E2}', 'õ'),
    ('\u{E3}', 'ó'),
    ('\u{E4}', 'ọ'),
    ('\u{E5}', 'ồ'),
    ('\u{E6}', 'ổ'),
    ('\u{E7}', 'ỗ'),
    ('\u{E8}', 'ố'),
    ('\u{E9}', 'ộ'),
    ('\u{EA}', 'ờ'),
    ('\u{EB}', 'ở'),
    ('\u{EC}', 'ỡ'),
    ('\u{ED}', 'ớ'),
    ('\u{EE}', 'ợ'),
    ('\u{EF}', 'ù'),
    ('\u{F1}', 'ủ'),
    ('\u{F2}', 'ũ'),
    ('\u{F3}', 'ú'),
    ('\u{F4}', 'ụ'),
    ('\u{F5}', 'ừ'),
    ('\u{F6}', 'ử'),
    ('\u{F7}', 'ữ'),
    ('\u{F8}', 'ứ'),
    ('\u{F9}', 'ự'),
    ('\u{FA}', 'ỳ'),
    ('\u{FB}', 'ỷ'),
    ('\u{FC}', 'ỹ'),
    ('\u{FD}', 'ý'),
    ('\u{FE}', 'ỵ'),
];

/// VNI-Windows letters that stand alone (not a mark after a vowel).
const VNI_LETTERS: &[(char, char)] = &[
    ('ô', 'ơ'),
    ('ö', 'ư'),
    ('ñ', 'đ'),
    ('ì', 'ì'),
    ('í', 'í'),
    ('æ', 'ỉ'),
    ('ó', 'ĩ'),
    ('ò', 'ị'),
    ('Ô', 'Ơ'),
    ('Ö', 'Ư'),
    ('Ñ', 'Đ'),
    ('Ì', 'Ì'),
    ('Í', 'Í'),
    ('Æ', 'Ỉ'),
    ('Ó', 'Ĩ'),
    ('Ò', 'Ị'),
];

/// VNI-Windows marks typed after a vowel, as Unicode combining marks (circumflex U+0302,
/// breve U+0306, then the tone: acute U+0301, grave U+0300, hook U+0309, tilde U+0303,
/// dot below U+0323).
const VNI_MARKS: &[(char, &str)] = &[
    ('â', "\u{302}"),
    ('ê', "\u{306}"),
    ('ù', "\u{301}"),
    ('ø', "\u{300}"),
    ('û', "\u{309}"),
    ('õ', "\u{303}"),
    ('ï', "\u{323}"),
    ('î', "\u{323}"),
    ('á', "\u{302}\u{301}"),
    ('à', "\u{302}\u{300}"),
    ('å', "\u{302}\u{309}"),
    ('ã', "\u{302}\u{303}"),
    ('ä', "\u{302}\u{323}"),
    ('é', "\u{306}\u{301}"),
    ('è', "\u{306}\u{300}"),
    ('ú', "\u{306}\u{309}"),
    ('ü', "\u{306}\u{303}"),
    ('ë', "\u{306}\u{323}"),
    ('Â', "\u{302}"),
    ('Ê', "\u{306}"),
    ('Ù', "\u{301}"),
    ('Ø', "\u{300}"),
    ('Û', "\u{309}"),
    ('Õ', "\u{303}"),
    ('Ï', "\u{323}"),
    ('Î', "\u{323}"),
    ('Á', "\u{302}\u{301}"),
    ('À', "\u{302}\u{300}"),
    ('Å', "\u{302}\u{309}"),
    ('Ã', "\u{302}\u{303}"),
    ('Ä', "\u{302}\u{323}"),
    ('É', "\u{306}\u{301}"),
    ('È', "\u{306}\u{300}"),
    ('Ú', "\u{306}\u{309}"),
    ('Ü', "\u{306}\u{303}"),
    ('Ë', "\u{306}\u{323}"),
];

fn tcvn3(c: char) -> Option<char> {
    TCVN3.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

fn vni_letter(c: char) -> Option<char> {
    VNI_LETTERS.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

fn vni_mark(c: char) -> Option<&'static str> {
    VNI_MARKS.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// Latin-1 letters that Vietnamese written in Unicode uses (à á â ã è é ê ì í ò ó ô õ ù ú ý
/// and their capitals).
fn is_vietnamese_latin1(c: char) -> bool {
    matches!(
        c,
        'à' | 'á'
            | 'â'
            | 'ã'
            | 'è'
            | 'é'
            | 'ê'
            | 'ì'
            | 'í'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'õ'
            | 'ù'
            | 'ú'
            | 'ý'
            | 'À'
            | 'Á'
            | 'Â'
            | 'Ã'
            | 'È'
            | 'É'
            | 'Ê'
            | 'Ì'
            | 'Í'
            | 'Ò'
            | 'Ó'
            | 'Ô'
            | 'Õ'
            | 'Ù'
            | 'Ú'
            | 'Ý'
    )
}

fn is_vowel_base(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ô' | 'ö'
    )
}

/// Windows-1252 punctuation of bytes 0x80–0x9F (dashes, quotes, "…"), as Excel gives a
/// legacy cell's bytes: neutral, neither Vietnamese nor evidence of anything.
fn is_cp1252_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{20AC}'
            | '\u{201A}'
            | '\u{201E}'
            | '\u{2026}'
            | '\u{2020}'
            | '\u{2021}'
            | '\u{2030}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2022}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2122}'
    )
}

/// Characters every reading leaves as they are: ASCII, the no-break space, cp1252 punctuation.
fn is_neutral(c: char) -> bool {
    c.is_ascii() || c == '\u{A0}' || is_cp1252_punctuation(c)
}

/// A Vietnamese letter (or combining mark) that only Unicode text holds: ă â đ ơ ư with
/// their tones, ạ ả ấ … ỹ.
fn is_vietnamese_beyond_latin1(c: char) -> bool {
    matches!(c as u32, 0x0100..=0x01B0 | 0x0300..=0x0323 | 0x1EA0..=0x1EF9)
}

/// What one text says about its encoding on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Nothing to convert and no evidence: ASCII, or characters no legacy text holds.
    Plain,
    /// Vietnamese written in Unicode: never converted.
    Unicode,
    /// Evidently legacy: converted whatever the sheet says.
    Strong(Legacy),
    /// Only Latin-1 letters that Vietnamese also uses ("Cã", "Khaù", "Có"): converted when its
    /// sheet or column is legacy.
    Weak,
}

/// The reading of `s` on its own (see the module notes).
pub fn classify(s: &str) -> Reading {
    if s.is_ascii() {
        return Reading::Plain;
    }
    let mut foreign = false;
    let mut latin1 = false;
    for c in s.chars() {
        if is_vietnamese_beyond_latin1(c) {
            return Reading::Unicode;
        }
        if is_neutral(c) {
            continue;
        }
        if (c as u32) > 0xFF {
            return Reading::Plain;
        }
        latin1 = true;
        if !is_vietnamese_latin1(c) {
            foreign = true;
        }
    }
    if !latin1 {
        return Reading::Plain;
    }
    if !foreign && !vni_evidence(s) {
        return Reading::Weak;
    }
    if vni_consistent(s) {
        Reading::Strong(Legacy::Vni)
    } else if tcvn3_consistent(s) {
        Reading::Strong(Legacy::Tcvn3)
    } else {
        Reading::Plain
    }
}

/// The legacy encoding `s` is in, if it is evidently in one (see the module notes).
pub fn detect(s: &str) -> Option<Legacy> {
    match classify(s) {
        Reading::Strong(e) => Some(e),
        _ => None,
    }
}

/// A VNI mark after a vowel where Unicode Vietnamese never has that pair: a circumflex
/// after a/e/o ("aâ"), a breve after a ("Vaên"), a circumflex-and-tone after e ("Nguyeãn").
fn vni_evidence(s: &str) -> bool {
    let mut prev = ' ';
    for c in s.chars() {
        let p = prev.to_ascii_lowercase();
        let m = c.to_lowercase().next().unwrap_or(c);
        let odd = (m == 'â' && matches!(p, 'a' | 'e' | 'o'))
            || (m == 'ê' && p == 'a')
            || (matches!(m, 'á' | 'à' | 'å' | 'ã' | 'ä' | 'â') && p == 'e');
        if odd {
            return true;
        }
        prev = c;
    }
    false
}

/// Every non-neutral character is a VNI letter or a VNI mark right after a vowel.
fn vni_consistent(s: &str) -> bool {
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if !is_neutral(c) {
            let ok = vni_letter(c).is_some()
                || (vni_mark(c).is_some() && prev.is_some_and(is_vowel_base));
            // A capital VNI code right after a small letter ("ViÖt") is TCVN3, not VNI.
            let case_ok = !(c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase()));
            if !ok || !case_ok {
                return false;
            }
        }
        prev = Some(c);
    }
    true
}

/// Every non-neutral character is a TCVN3 code.
fn tcvn3_consistent(s: &str) -> bool {
    s.chars().all(|c| is_neutral(c) || tcvn3(c).is_some())
}

/// Whether `s` can be read in `e` at all.
pub fn consistent(s: &str, e: Legacy) -> bool {
    match e {
        Legacy::Tcvn3 => tcvn3_consistent(s),
        Legacy::Vni => vni_consistent(s),
    }
}

/// `s` read in `e`.
pub fn decode_as(s: &str, e: Legacy) -> String {
    match e {
        Legacy::Tcvn3 => decode_tcvn3(s),
        Legacy::Vni => decode_vni(s),
    }
}

/// `s` converted to Unicode when it is evidently TCVN3 or VNI on its own; otherwise `None`.
pub fn decode(s: &str) -> Option<String> {
    detect(s).map(|e| decode_as(s, e))
}

/// Both readings of a text that holds only Latin-1: the candidates an enum field tries when
/// the text as written is not one of its values (a sheet whose encoding was not decided).
pub fn decode_any(s: &str) -> Vec<String> {
    if s.is_ascii() || s.chars().any(|c| (c as u32) > 0xFF) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if vni_consistent(s) {
        out.push(decode_vni(s));
    }
    if tcvn3_consistent(s) {
        out.push(decode_tcvn3(s));
    }
    out
}

/// `s` as its sheet or column reads it: in `choice` when it is weak or strong and can be read
/// so, else in its own strong encoding; `None` when it stays as written.
pub fn convert(s: &str, choice: Option<Legacy>) -> Option<(String, Legacy)> {
    let reading = classify(s);
    match (reading, choice) {
        (Reading::Weak | Reading::Strong(_), Some(e)) if consistent(s, e) => {
            Some((decode_as(s, e), e))
        }
        (Reading::Strong(e), _) => Some((decode_as(s, e), e)),
        _ => None,
    }
}

/// A TCVN3 code or ASCII letter that is a capital (the seven capital codes ¡ ¢ £ ¤ ¥ ¦ §).
fn tcvn3_capital(c: char) -> bool {
    c.is_ascii_uppercase() || ('\u{A1}'..='\u{A7}').contains(&c)
}

/// Typed in capitals (`.VnTimeH`): at least two capitals and no small ASCII letter. The
/// small TCVN3 codes are not counted either way: the `.VnTimeH` fonts draw them as capitals.
fn tcvn3_in_capitals(s: &str) -> bool {
    s.chars().filter(|c| tcvn3_capital(*c)).count() >= 2
        && !s.chars().any(|c| c.is_ascii_lowercase())
}

/// TCVN3 to Unicode. Capitals follow the `.VnTimeH` convention: TCVN3 has capital codes for
/// seven letters only, so a word or a cell typed in capitals uses the small codes for the
/// others, and comes out in capitals: "TR\u{AD}êNG" → "TRƯỜNG", "§¹T" → "ĐẠT".
pub fn decode_tcvn3(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // A cell with one word evidently in capitals and no small ASCII letter is in capitals
    // whole ("¤ T¤" → "Ô TÔ"); two Title-case words ("Lª Hå") are not.
    let whole =
        !s.chars().any(|c| c.is_ascii_lowercase()) && s.split_whitespace().any(tcvn3_in_capitals);
    for word in s.split_inclusive(char::is_whitespace) {
        let caps = whole || tcvn3_in_capitals(word);
        for c in word.chars() {
            let u = tcvn3(c).unwrap_or(c);
            if caps {
                out.extend(u.to_uppercase());
            } else {
                out.push(u);
            }
        }
    }
    out.nfc().collect()
}

/// VNI-Windows to Unicode: letters mapped, marks after a vowel turned into combining marks,
/// then composed (NFC).
pub fn decode_vni(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(m) = vni_mark(c).filter(|_| prev.is_some_and(is_vowel_base)) {
            out.push_str(m);
        } else if let Some(l) = vni_letter(c) {
            out.push(l);
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out.nfc().collect()
}

/// How many texts of a sheet, a column or a row read as what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    pub unicode: u32,
    pub tcvn3: u32,
    pub vni: u32,
}

impl Evidence {
    pub fn add(&mut self, r: Reading) {
        match r {
            Reading::Unicode => self.unicode += 1,
            Reading::Strong(Legacy::Tcvn3) => self.tcvn3 += 1,
            Reading::Strong(Legacy::Vni) => self.vni += 1,
            Reading::Weak | Reading::Plain => {}
        }
    }

    fn of_row(row: &Row) -> Evidence {
        let mut e = Evidence::default();
        for (_, c) in &row.cells {
            if let Cell::Text(s) = c {
                e.add(classify(s));
            }
        }
        e
    }

    fn plus(self, o: Evidence) -> Evidence {
        Evidence {
            unicode: self.unicode + o.unicode,
            tcvn3: self.tcvn3 + o.tcvn3,
            vni: self.vni + o.vni,
        }
    }

    /// The encoding these texts are in: `None` for Unicode; `fallback` when they say
    /// nothing, or when TCVN3 and VNI are even. Text in Unicode with no legacy evidence is
    /// Unicode whatever the fonts say; a legacy majority is legacy.
    pub fn choose(self, fallback: Option<Legacy>) -> Option<Legacy> {
        let legacy = self.tcvn3 + self.vni;
        if legacy == 0 {
            return if self.unicode > 0 { None } else { fallback };
        }
        if self.unicode >= legacy {
            return None;
        }
        match self.tcvn3.cmp(&self.vni) {
            std::cmp::Ordering::Greater => Some(Legacy::Tcvn3),
            std::cmp::Ordering::Less => Some(Legacy::Vni),
            std::cmp::Ordering::Equal => fallback,
        }
    }
}

/// The legacy encoding the fonts of a workbook's styles point to: `.Vn…` fonts (`.VnTime`,
/// `.VnTimeH`, `.VnArial`…) are TCVN3, `VNI-…` fonts (`VNI-Times`, `VNI-Helve`…) are VNI;
/// `None` when it names neither or both.
pub fn fonts_encoding<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<Legacy> {
    let (mut tcvn3, mut vni) = (false, false);
    for n in names {
        let n = n.trim().to_ascii_lowercase();
        tcvn3 |= n.starts_with(".vn");
        vni |= n.starts_with("vni-") || n.starts_with("vni ");
    }
    match (tcvn3, vni) {
        (true, false) => Some(Legacy::Tcvn3),
        (false, true) => Some(Legacy::Vni),
        _ => None,
    }
}

/// The font names in a styles part (`<name val="…"/>` of each `<font>`).
fn style_font_names(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("name val=") {
        rest = &rest[i + "name val=".len()..];
        let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let body = &rest[1..];
        if let Some(end) = body.find(q) {
            out.push(&body[..end]);
            rest = &body[end..];
        }
    }
    out
}

/// Largest styles part read for its fonts (the workbook's zip directory was checked before).
const MAX_STYLES_BYTES: u64 = 16 << 20;

/// The encoding the fonts of an xlsx/xlsm archive's `xl/styles.xml` point to
/// ([`fonts_encoding`]). Anything unexpected (no styles part, not UTF-8, too large) is no
/// hint: the text decides.
pub fn font_hint<R: Read + std::io::Seek>(z: &mut zip::ZipArchive<R>) -> Option<Legacy> {
    let name = z
        .file_names()
        .flatten()
        .find(|n| n.eq_ignore_ascii_case("xl/styles.xml"))?
        .to_string();
    let mut xml = String::new();
    z.by_name(&name)
        .ok()?
        .take(MAX_STYLES_BYTES)
        .read_to_string(&mut xml)
        .ok()?;
    fonts_encoding(style_font_names(&xml))
}

/// Rows of a sheet after its header read before its columns are decided: enough evidence
/// for a column whose first values say nothing, few enough to keep streaming.
pub const LOOKAHEAD_ROWS: usize = 200;

/// The encoding decisions of one sheet and the conversions made by them.
#[derive(Debug, Default)]
pub struct SheetText {
    font: Option<Legacy>,
    /// Conversions per title/header row of the last [`SheetText::header_view`].
    header_converted: Vec<[u32; 2]>,
    /// The body's decision per column with evidence, and for every other column.
    columns: FxHashMap<u32, Option<Legacy>>,
    body: Option<Legacy>,
    converted: [u32; 2],
}

fn slot(e: Legacy) -> usize {
    match e {
        Legacy::Tcvn3 => 0,
        Legacy::Vni => 1,
    }
}

/// Converts the text cells of `row` read with `choice_of(column)`; conversions counted.
fn convert_row(row: &mut Row, counts: &mut [u32; 2], choice_of: impl Fn(u32) -> Option<Legacy>) {
    for (col, cell) in row.cells.iter_mut() {
        if let Cell::Text(s) = cell {
            if let Some((t, e)) = convert(s, choice_of(*col)) {
                *s = t.into();
                counts[slot(e)] += 1;
            }
        }
    }
}

impl SheetText {
    /// `font`: what the workbook's fonts point to ([`font_hint`]), for text that says nothing.
    pub fn new(font: Option<Legacy>) -> SheetText {
        SheetText {
            font,
            ..SheetText::default()
        }
    }

    /// The rows buffered to find the header, converted for matching: each row by its own
    /// evidence, a row with none by that of all the buffered rows (and the fonts), so a
    /// Unicode header over a TCVN3 body is read as Unicode and a TCVN3 header as TCVN3.
    pub fn header_view(&mut self, rows: &[Row]) -> Vec<Row> {
        let all = rows
            .iter()
            .map(Evidence::of_row)
            .fold(Evidence::default(), Evidence::plus);
        let guess = all.choose(self.font);
        self.header_converted.clear();
        rows.iter()
            .map(|r| {
                let choice = Evidence::of_row(r).choose(guess);
                let mut r = r.clone();
                let mut counts = [0; 2];
                convert_row(&mut r, &mut counts, |_| choice);
                self.header_converted.push(counts);
                r
            })
            .collect()
    }

    /// The header was found at `last` (index in the rows given to `header_view`): the
    /// conversions of the rows down to it are the sheet's.
    pub fn keep_header(&mut self, last: usize) {
        for c in self.header_converted.iter().take(last + 1) {
            self.converted[0] += c[0];
            self.converted[1] += c[1];
        }
        self.header_converted.clear();
    }

    /// Decides the body's encoding from the first rows below the header (at most
    /// [`LOOKAHEAD_ROWS`]): per column with evidence; for the others, what most columns
    /// with evidence are (or, when the text says nothing, what the fonts say).
    pub fn decide_body(&mut self, rows: &[Row]) {
        let mut per_col: FxHashMap<u32, Evidence> = FxHashMap::default();
        for r in rows {
            for (col, c) in &r.cells {
                if let Cell::Text(s) = c {
                    per_col.entry(*col).or_default().add(classify(s));
                }
            }
        }
        let all = per_col
            .values()
            .fold(Evidence::default(), |a, e| a.plus(*e));
        let by_cells = all.choose(self.font);
        // Columns vote, each by its own evidence: a column retyped in Unicode in a TCVN3
        // sheet does not outvote the TCVN3 columns by its many cells, nor one pasted TCVN3
        // column turn a Unicode sheet. An even vote goes by the cells.
        let mut votes = Evidence::default();
        for e in per_col.values().filter(|e| **e != Evidence::default()) {
            votes.add(match e.choose(by_cells) {
                None => Reading::Unicode,
                Some(l) => Reading::Strong(l),
            });
        }
        self.body = if votes.unicode == votes.tcvn3 + votes.vni {
            by_cells
        } else {
            votes.choose(self.font)
        };
        self.columns = per_col
            .into_iter()
            .filter(|(_, e)| *e != Evidence::default())
            .map(|(c, e)| (c, e.choose(self.body)))
            .collect();
    }

    /// Converts a body row by the decision of each column.
    pub fn convert_body(&mut self, row: &mut Row) {
        let (columns, body) = (&self.columns, self.body);
        convert_row(row, &mut self.converted, |c| {
            columns.get(&c).copied().unwrap_or(body)
        });
    }

    /// The encoding the sheet's text was converted from, if any was: the one that converted
    /// more cells.
    pub fn encoding(&self) -> Option<Legacy> {
        match self.converted {
            [0, 0] => None,
            [t, v] if v > t => Some(Legacy::Vni),
            _ => Some(Legacy::Tcvn3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_known_strings() {
        // As Excel shows cells typed in .VnTime: each byte as its Windows-1252 character.
        let cases = [
            ("Tr\u{AD}êng", "Trường"),
            ("ViÖt Nam", "Việt Nam"),
            ("Hµ Néi", "Hà Nội"),
            ("Hå ChÝ Minh", "Hồ Chí Minh"),
            (
                "Céng hßa x· héi chñ nghÜa ViÖt Nam",
                "Cộng hòa xã hội chủ nghĩa Việt Nam",
            ),
            ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
            ("C¬ khÝ chÕ t¹o", "Cơ khí chế tạo"),
            ("NguyÔn V¨n An", "Nguyễn Văn An"),
            ("TR\u{AD}êNG", "TRƯỜNG"),
        ];
        for (legacy, unicode) in cases {
            assert_eq!(detect(legacy), Some(Legacy::Tcvn3), "{legacy}");
            assert_eq!(decode(legacy).as_deref(), Some(unicode), "{legacy}");
        }
    }

    #[test]
    fn vni_known_strings() {
        let cases = [
            ("Tröôøng", "Trường"),
            ("Vieät Nam", "Việt Nam"),
            ("Haø Noäi", "Hà Nội"),
            ("Ñaïi hoïc", "Đại học"),
            ("Toát nghieäp", "Tốt nghiệp"),
            ("Nguyeãn Vaên An", "Nguyễn Văn An"),
            ("Cô khí cheá taïo", "Cơ khí chế tạo"),
            ("TRÖÔØNG", "TRƯỜNG"),
            ("Gioûi", "Giỏi"),
            ("Ñaït", "Đạt"),
        ];
        for (legacy, unicode) in cases {
            assert_eq!(detect(legacy), Some(Legacy::Vni), "{legacy}");
            assert_eq!(decode(legacy).as_deref(), Some(unicode), "{legacy}");
        }
    }

    #[test]
    fn unicode_vietnamese_is_left_alone() {
        for s in [
            "Trường",
            "Khá",
            "Hóa học",
            "Kém",
            "Trung bình",
            "Có",
            "Hoà",
            "Nguyễn Văn An",
            "ABC 123",
        ] {
            assert_eq!(decode(s), None, "{s}");
        }
    }

    #[test]
    fn short_vni_word_is_tried_by_enums() {
        assert_eq!(decode("Khaù"), None);
        assert!(decode_any("Khaù").contains(&"Khá".to_string()));
        // TCVN3 "Giỏi" holds only Vietnamese-looking Latin-1 letters.
        assert_eq!(decode("Giái"), None);
        assert!(decode_any("Giái").contains(&"Giỏi".to_string()));
    }

    #[test]
    fn texts_classify_by_what_they_alone_say() {
        use Reading::*;
        assert_eq!(classify("HS01"), Plain);
        assert_eq!(classify("x"), Plain);
        assert_eq!(classify("Trường"), Unicode);
        assert_eq!(classify("Nguye\u{302}\u{303}n"), Unicode);
        assert_eq!(classify("Hµ Néi"), Strong(Legacy::Tcvn3));
        assert_eq!(classify("Vieät Nam"), Strong(Legacy::Vni));
        // Latin-1 letters Vietnamese also uses: the sheet decides.
        for weak in ["Cã", "Coù", "Khaù", "Giái", "Có", "Khá", "Café", "Céng"] {
            assert_eq!(classify(weak), Weak, "{weak}");
        }
        // cp1252 punctuation (bytes 0x80–0x9F) is neutral; other symbols are not legacy.
        assert_eq!(classify("Hµ Néi \u{2013} 2021"), Strong(Legacy::Tcvn3));
        assert_eq!(classify("Cã ✓"), Plain);
    }

    #[test]
    fn evidence_chooses_unicode_over_fonts_and_the_majority_over_a_few() {
        let e = |unicode, tcvn3, vni| Evidence {
            unicode,
            tcvn3,
            vni,
        };
        let (t, v) = (Some(Legacy::Tcvn3), Some(Legacy::Vni));
        assert_eq!(e(0, 0, 0).choose(t), t);
        assert_eq!(e(0, 0, 0).choose(None), None);
        assert_eq!(e(3, 0, 0).choose(t), None);
        assert_eq!(e(0, 4, 1).choose(v), t);
        assert_eq!(e(0, 1, 4).choose(t), v);
        assert_eq!(e(0, 2, 2).choose(v), v);
        assert_eq!(e(5, 2, 0).choose(t), None);
        assert_eq!(e(1, 5, 0).choose(None), t);
    }

    #[test]
    fn fonts_name_their_encoding() {
        let xml = r#"<styleSheet><fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><name val=".VnTimeH"/><family val="2"/></font><font><name val='.VnTime'/></font></fonts><cellStyles><cellStyle name="Normal" xfId="0"/></cellStyles></styleSheet>"#;
        let names = style_font_names(xml);
        assert_eq!(names, ["Calibri", ".VnTimeH", ".VnTime"]);
        assert_eq!(fonts_encoding(names), Some(Legacy::Tcvn3));
        assert_eq!(
            fonts_encoding(["Calibri", "VNI-Times", "VNI-Helve"]),
            Some(Legacy::Vni)
        );
        assert_eq!(fonts_encoding([".VnArial", "VNI-Times"]), None);
        assert_eq!(fonts_encoding(["Times New Roman", "Arial"]), None);
    }

    #[test]
    fn tcvn3_capitals_follow_the_vntimeh_convention() {
        for (legacy, unicode) in [
            ("§¹T", "ĐẠT"),
            ("C\u{A5} KH\u{DD}", "CƠ KHÍ"),
            ("\u{A4} T\u{A4}", "Ô TÔ"),
            ("DANH S\u{B8}CH H\u{E4}C SINH", "DANH SÁCH HỌC SINH"),
            // Title case stays title case.
            ("L\u{AA} H\u{E5}", "Lê Hồ"),
            ("§\u{B9}t", "Đạt"),
            ("Cã", "Có"),
        ] {
            assert_eq!(decode_tcvn3(legacy), unicode, "{legacy}");
        }
    }

    fn texts(r: &Row) -> Vec<String> {
        r.cells.iter().map(|(_, c)| c.display()).collect()
    }

    #[test]
    fn a_sheet_converts_header_and_body_each_by_its_own_evidence() {
        let mut st = SheetText::new(None);
        // A Unicode header over a TCVN3 body (title row TCVN3 too).
        let rows = [
            Row::of_texts(0, &["Danh s¸ch häc sinh"]),
            Row::of_texts(2, &["Họ và tên", "Lớp", "Lên lớp"]),
            Row::of_texts(3, &["NguyÔn V¨n An", "Líp A", "Cã"]),
        ];
        let view = st.header_view(&rows);
        assert_eq!(texts(&view[0]), ["Danh sách học sinh"]);
        assert_eq!(texts(&view[1]), ["Họ và tên", "Lớp", "Lên lớp"]);
        st.keep_header(1);
        st.decide_body(&rows[2..]);
        let mut body = rows[2].clone();
        st.convert_body(&mut body);
        assert_eq!(texts(&body), ["Nguyễn Văn An", "Lớp A", "Có"]);
        // A column never seen in the look-ahead follows the body.
        let mut later = Row::of_texts(40, &["", "", "", "Tèt"]);
        st.convert_body(&mut later);
        assert_eq!(texts(&later), ["Tốt"]);
        assert_eq!(st.encoding(), Some(Legacy::Tcvn3));
    }

    #[test]
    fn a_shared_text_is_converted_in_its_legacy_column_only() {
        // One shared string ("Cã": Có in TCVN3, or Latin-1 as written) in a TCVN3 column
        // and in a Unicode one: the cells hold the same text until one is converted.
        let mut st = SheetText::new(None);
        st.decide_body(&[
            Row::of_texts(3, &["NguyÔn V¨n An", "Khá"]),
            Row::of_texts(4, &["TrÇn ThÞ B×nh", "Giỏi"]),
        ]);
        let shared: std::sync::Arc<str> = "Cã".into();
        let mut row = Row {
            row: 5,
            cells: vec![
                (0, Cell::Text(shared.clone())),
                (1, Cell::Text(shared.clone())),
            ],
            ..Row::default()
        };
        st.convert_body(&mut row);
        assert_eq!(texts(&row), ["Có", "Cã"]);
        assert_eq!(&*shared, "Cã");
    }

    #[test]
    fn a_unicode_sheet_is_never_converted_whatever_its_fonts() {
        let mut st = SheetText::new(Some(Legacy::Tcvn3));
        let rows = [
            Row::of_texts(0, &["Họ và tên", "Lớp", "Ghi chú"]),
            Row::of_texts(1, &["Nguyễn Văn An", "Café", "x"]),
            Row::of_texts(2, &["Trần Thị Bình", "Khá", "English"]),
        ];
        let view = st.header_view(&rows);
        assert_eq!(texts(&view[0]), ["Họ và tên", "Lớp", "Ghi chú"]);
        st.keep_header(0);
        st.decide_body(&rows[1..]);
        for r in &rows[1..] {
            let mut b = r.clone();
            st.convert_body(&mut b);
            assert_eq!(texts(&b), texts(r));
        }
        assert_eq!(st.encoding(), None);
    }
}
