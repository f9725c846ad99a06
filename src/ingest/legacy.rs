//! Vietnamese text typed in the legacy 8-bit encodings — TCVN3 (ABC, the `.Vn…` fonts) and
//! VNI-Windows (the `VNI-…` fonts) — as Excel hands it over: each byte read as its
//! Windows-1252 character ("Tr\u{AD}êng" for "Trường", "Tröôøng" for the same in VNI).
//!
//! Detection is deliberately conservative: a text is converted only when it holds at least
//! one character that never occurs in Vietnamese written in Unicode (a Latin-1 symbol or a
//! non-Vietnamese Latin-1 letter) and no character beyond Latin-1. A short VNI word made only
//! of Vietnamese-looking Latin-1 letters ("Khaù") is therefore left alone here; enum fields
//! retry with [`decode_any`] when the text as written is not an allowed value.

use unicode_normalization::UnicodeNormalization;

/// Which legacy encoding a text was found to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

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

/// The legacy encoding `s` is in, if it is evidently in one (see the module notes).
pub fn detect(s: &str) -> Option<Legacy> {
    let mut foreign = false;
    for c in s.chars() {
        if (c as u32) > 0xFF {
            return None;
        }
        if (c as u32) >= 0xA0 && !is_vietnamese_latin1(c) && c != '\u{A0}' {
            foreign = true;
        }
    }
    if !foreign && !vni_evidence(s) {
        return None;
    }
    if vni_consistent(s) {
        Some(Legacy::Vni)
    } else if s
        .chars()
        .all(|c| c.is_ascii() || c == '\u{A0}' || tcvn3(c).is_some())
    {
        Some(Legacy::Tcvn3)
    } else {
        None
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

/// Every non-ASCII character is a VNI letter or a VNI mark right after a vowel.
fn vni_consistent(s: &str) -> bool {
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if !c.is_ascii() && c != '\u{A0}' {
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

/// `s` converted to Unicode when it is evidently TCVN3 or VNI; otherwise `None`.
pub fn decode(s: &str) -> Option<String> {
    match detect(s)? {
        Legacy::Tcvn3 => Some(decode_tcvn3(s)),
        Legacy::Vni => Some(decode_vni(s)),
    }
}

/// Both readings of a text that holds only Latin-1: the candidates an enum field tries when
/// the text as written is not one of its values.
pub fn decode_any(s: &str) -> Vec<String> {
    if s.is_ascii() || s.chars().any(|c| (c as u32) > 0xFF) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if vni_consistent(s) {
        out.push(decode_vni(s));
    }
    if s.chars().all(|c| c.is_ascii() || tcvn3(c).is_some()) {
        out.push(decode_tcvn3(s));
    }
    out
}

/// TCVN3 to Unicode. A word typed in capitals (`.VnTimeH` fonts use the lower-case codes)
/// comes out in capitals: "TR\u{AD}êNG" → "TRƯỜNG".
pub fn decode_tcvn3(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for word in s.split_inclusive(char::is_whitespace) {
        let letters: Vec<char> = word.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        let caps = letters.len() >= 2 && letters.iter().all(|c| c.is_ascii_uppercase());
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
}
