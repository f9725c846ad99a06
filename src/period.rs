//! Reporting periods (SPEC "Periods"): *học kỳ I*, *học kỳ II*, *cả năm*. This module owns
//! every spelling of a period — in a `hoc_ky` cell, in a folder or file name, on the command
//! line — and how a period is named in titles and folders.
//!
//! A record's period is provenance, like its file and row: decided while reading, carried
//! by the record, used to choose the records a run sees, named by the reports.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use crate::dataset::{Dataset, Issue};
use crate::definitions::Document;
use crate::i18n::Lang;
use crate::schema::Catalog;
use crate::text::strip_accents;

/// The field id of the optional period column of every built-in source.
pub const FIELD: &str = "hoc_ky";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub enum Period {
    #[serde(rename = "hk1")]
    Hk1,
    #[serde(rename = "hk2")]
    Hk2,
    /// The whole school year: the default run.
    #[default]
    #[serde(rename = "ca-nam")]
    CaNam,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Hk1, Period::Hk2, Period::CaNam];

    /// The id users type and `ket-qua.json` carries: `hk1`, `hk2`, `ca-nam`.
    pub fn id(self) -> &'static str {
        match self {
            Period::Hk1 => "hk1",
            Period::Hk2 => "hk2",
            Period::CaNam => "ca-nam",
        }
    }

    pub fn is_semester(self) -> bool {
        self != Period::CaNam
    }

    /// The folder under `bao-cao/` a semester's reports go to; `None` for the year, whose
    /// reports stay in `bao-cao/`.
    pub fn out_folder(self) -> Option<&'static str> {
        self.is_semester().then(|| self.id())
    }

    /// The period as a cell names it ("Học kỳ I", "Học kỳ II", "Cả năm"): the explanation
    /// form's and the drill-downs' Học kỳ column, which reading takes back.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::Lang;
        match (self, lang) {
            (Period::Hk1, Lang::Vi) => "Học kỳ I",
            (Period::Hk2, Lang::Vi) => "Học kỳ II",
            (Period::CaNam, Lang::Vi) => "Cả năm",
            (Period::Hk1, Lang::En) => "Semester I",
            (Period::Hk2, Lang::En) => "Semester II",
            (Period::CaNam, Lang::En) => "Whole year",
        }
    }

    /// How a title names the period before "năm học …": "học kỳ I ", or nothing for the
    /// year (whose titles are those of a year report).
    pub fn title_vi(self) -> &'static str {
        match self {
            Period::Hk1 => "học kỳ I ",
            Period::Hk2 => "học kỳ II ",
            Period::CaNam => "",
        }
    }

    /// The same in English.
    pub fn title_en(self) -> &'static str {
        match self {
            Period::Hk1 => "semester I ",
            Period::Hk2 => "semester II ",
            Period::CaNam => "",
        }
    }

    /// "học kỳ I năm học" (the year: "năm học") — what a title writes before the school
    /// year, in the run's language.
    pub fn year_words(self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Vi => format!("{}năm học", self.title_vi()),
            crate::i18n::Lang::En => format!("{}school year", self.title_en()),
        }
    }

    /// "học kỳ I", "học kỳ II", "cả năm": the period in a sentence.
    pub fn name_vi(self) -> &'static str {
        match self {
            Period::Hk1 => "học kỳ I",
            Period::Hk2 => "học kỳ II",
            Period::CaNam => "cả năm",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Period::Hk1 => "semester I",
            Period::Hk2 => "semester II",
            Period::CaNam => "whole year",
        }
    }
}

/// Lower case, no accents ("đ" as "d"), only letters and digits: the form every spelling
/// is compared in.
fn compact(s: &str) -> String {
    strip_accents(&s.to_lowercase())
        .chars()
        .map(|c| if c == 'đ' { 'd' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The words of a name, folded as [`compact`] folds a whole text.
fn words(s: &str) -> Vec<String> {
    strip_accents(&s.to_lowercase())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('đ', "d"))
        .collect()
}

/// A period written as a whole word (in a name: never "CN", "I" or "1" alone, which mean
/// other things in a file name, nor "năm học", which every title carries).
fn named(w: &str) -> Option<Period> {
    match w {
        "hk1" | "hki" | "hocky1" | "hockyi" | "ky1" | "kyi" => Some(Period::Hk1),
        "hk2" | "hkii" | "hocky2" | "hockyii" | "ky2" | "kyii" => Some(Period::Hk2),
        "canam" | "canamhoc" => Some(Period::CaNam),
        _ => None,
    }
}

/// The period a `hoc_ky` cell gives: "HK1", "HK I", "HKI", "Học kỳ 1", "Học kỳ I", "I",
/// "1" (and the same for II), "Cả năm", "CN", "Năm học".
pub fn from_cell(text: &str) -> Option<Period> {
    let c = compact(text);
    match c.as_str() {
        "1" | "i" | "01" => Some(Period::Hk1),
        "2" | "ii" | "02" => Some(Period::Hk2),
        "cn" | "namhoc" | "canam" | "canamhoc" => Some(Period::CaNam),
        _ => named(&c),
    }
}

/// The period a folder or file name holds as a word ("HK1", "ket-qua-hoc-tap-hk2.xlsx",
/// "Học kỳ 2", "ca-nam"), compared without case, accents or separators. A name that holds
/// two different periods names none.
pub fn from_name(name: &str) -> Option<Period> {
    let ws = words(name);
    let mut found = None;
    for start in 0..ws.len() {
        let mut joined = String::new();
        for w in ws.iter().skip(start).take(3) {
            joined.push_str(w);
            if let Some(p) = named(&joined) {
                if found.is_some_and(|f| f != p) {
                    return None;
                }
                found = Some(p);
                break;
            }
        }
    }
    found
}

/// The school year a sheet's title or name states: "NĂM HỌC 2020 - 2021" (any case, accents,
/// dash or slash) anywhere in `text`; in a sheet's name (`name`) also two consecutive years
/// alone ("2020-2021", "DS 2020-2021"). Only consecutive years: "Khóa 2018 - 2021" is a
/// cohort, not a school year.
pub fn school_year_in(text: &str, name: bool) -> Option<(i32, i32)> {
    let t = strip_accents(text);
    // The first two numbers of `s`, when they are four-digit consecutive years.
    let years = |s: &str| -> Option<(i32, i32)> {
        let mut nums = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty());
        let a: i32 = nums.next().filter(|w| w.len() == 4)?.parse().ok()?;
        let b: i32 = nums.next().filter(|w| w.len() == 4)?.parse().ok()?;
        (b == a + 1 && (1990..2100).contains(&a)).then_some((a, b))
    };
    if let Some(at) = t.find("nam hoc") {
        let after: String = t[at + "nam hoc".len()..].chars().take(16).collect();
        return years(&after);
    }
    if !name {
        return None;
    }
    // Each number of the name with what follows it, up to a few separator characters.
    let digits: Vec<usize> = t
        .char_indices()
        .filter(|&(i, c)| c.is_ascii_digit() && !t[..i].ends_with(|p: char| p.is_ascii_digit()))
        .map(|(i, _)| i)
        .collect();
    digits.into_iter().find_map(|i| {
        let run: String = t[i..].chars().take(12).collect();
        years(&run)
    })
}

/// The period of a file from its place under `du-lieu/`: its own name (without the
/// extension), else the nearest folder that names one. `folders` are outermost first.
pub fn from_path(folders: &[String], file_name: &str) -> Option<Period> {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    from_name(stem).or_else(|| folders.iter().rev().find_map(|f| from_name(f)))
}

/// A `--ky` value: `hk1`, `hk2`, `ca-nam`, or `1`, `2`, `I`, `II`, `cn` (any case).
pub fn from_arg(s: &str) -> Option<Period> {
    match compact(s).as_str() {
        "hk1" | "1" | "i" | "hki" => Some(Period::Hk1),
        "hk2" | "2" | "ii" | "hkii" => Some(Period::Hk2),
        "canam" | "cn" => Some(Period::CaNam),
        _ => None,
    }
}

/// Keeps the records a run for `period` sees (those of `period` and those without one);
/// returns, per table, the periods of the records set aside (empty where none was).
pub fn keep(data: &mut Dataset, period: Period) -> Vec<BTreeSet<Period>> {
    data.tables
        .iter_mut()
        .map(|t| {
            let mut others = BTreeSet::new();
            t.retain(|r| match r.period {
                Some(p) if p != period => {
                    others.insert(p);
                    false
                }
                _ => true,
            });
            others
        })
        .collect()
}

/// The records a run for `period` sees ([`keep`]), and the `no-period-data` warnings of
/// [`missing`]. Returns, per source of the catalogue, whether its indicators have no data.
pub fn select(
    data: &mut Dataset,
    period: Period,
    docs: &[Document],
    catalog: &Catalog,
    lang: Lang,
) -> Vec<bool> {
    let (without, issues) = missing(data, period, docs, catalog, lang);
    keep(data, period);
    data.issues.extend(issues);
    without
}

/// The sources an indicator uses whose records are all of other periods than `period`:
/// per source of the catalogue whether it is one, and one `no-period-data` warning for
/// each, naming the periods found. The dataset is left as it is (`check` lists every
/// record).
pub fn missing(
    data: &Dataset,
    period: Period,
    docs: &[Document],
    catalog: &Catalog,
    lang: Lang,
) -> (Vec<bool>, Vec<Issue>) {
    let used: HashSet<&str> = docs
        .iter()
        .flat_map(|d| d.indicators())
        .map(|(_, i)| i.source.as_str())
        .collect();
    let name = |p: Period| match lang {
        Lang::Vi => p.name_vi(),
        Lang::En => p.name_en(),
    };
    let mut without = vec![false; catalog.sources.len()];
    let mut issues = Vec::new();
    for (s, source) in catalog.sources.iter().enumerate() {
        if !used.contains(source.id.as_str()) {
            continue;
        }
        let mut others = BTreeSet::new();
        let mut seen = false;
        for r in data.tables[s].records() {
            match r.period {
                Some(p) if p != period => {
                    others.insert(p);
                }
                _ => {
                    seen = true;
                    break;
                }
            }
        }
        if seen || others.is_empty() {
            continue;
        }
        without[s] = true;
        let found: Vec<&str> = others.iter().map(|&p| name(p)).collect();
        issues.push(crate::validate::no_period_data(
            lang,
            source,
            name(period),
            &found.join(", "),
        ));
    }
    (without, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_years_in_titles_and_sheet_names() {
        let y = |t: &str, name: bool| school_year_in(t, name);
        assert_eq!(
            y("KẾT QUẢ HỌC TẬP HỌC KỲ I NĂM HỌC 2021 - 2022", false),
            Some((2021, 2022))
        );
        assert_eq!(y("Danh sách năm học 2020–2021", false), Some((2020, 2021)));
        assert_eq!(y("NĂM HỌC: 2020/2021", false), Some((2020, 2021)));
        assert_eq!(y("TỐT NGHIỆP NĂM 2021 (KHÓA 2018 - 2021)", false), None);
        assert_eq!(y("2020-2021", true), Some((2020, 2021)));
        assert_eq!(y("NH 2020 - 2021", true), Some((2020, 2021)));
        assert_eq!(y("2018-2021", true), None);
        assert_eq!(y("DS 2020-2021", true), Some((2020, 2021)));
        assert_eq!(y("DS 2020", true), None);
        assert_eq!(y("Khóa 2019-2021 (2020-2021)", true), Some((2020, 2021)));
        assert_eq!(y("Năm học", false), None);
    }

    #[test]
    fn every_cell_spelling_names_its_period() {
        for s in [
            "HK1",
            "HK I",
            "HKI",
            "Học kỳ 1",
            "Học kỳ I",
            "I",
            "1",
            "hk 1",
            "HỌC KỲ I",
        ] {
            assert_eq!(from_cell(s), Some(Period::Hk1), "{s}");
        }
        for s in ["HK2", "HK II", "HKII", "Học kỳ 2", "Học kỳ II", "II", "2"] {
            assert_eq!(from_cell(s), Some(Period::Hk2), "{s}");
        }
        for s in ["Cả năm", "CN", "Năm học", "cả năm học", "CA NAM"] {
            assert_eq!(from_cell(s), Some(Period::CaNam), "{s}");
        }
        for s in ["", "HK3", "Hạnh kiểm", "3"] {
            assert_eq!(from_cell(s), None, "{s}");
        }
    }

    #[test]
    fn folder_and_file_names_name_a_period_as_a_word() {
        assert_eq!(from_name("HK1"), Some(Period::Hk1));
        assert_eq!(from_name("ket-qua-hoc-tap-hk2"), Some(Period::Hk2));
        assert_eq!(from_name("Học kỳ 2"), Some(Period::Hk2));
        assert_eq!(from_name("Hoc_Ky_I"), Some(Period::Hk1));
        assert_eq!(from_name("HọcKỳII"), Some(Period::Hk2));
        assert_eq!(from_name("ca-nam"), Some(Period::CaNam));
        assert_eq!(from_name("Kết quả cả năm"), Some(Period::CaNam));
        // A title's "năm học", a unit, "CN", a class "I": no period.
        for s in [
            "Danh sách năm học 2021-2022",
            "khoa-co-khi",
            "CN",
            "lop I",
            "thk1",
        ] {
            assert_eq!(from_name(s), None, "{s}");
        }
        // Two periods in one name: none.
        assert_eq!(from_name("hk1-hk2"), None);
    }

    #[test]
    fn the_file_name_wins_over_folders_and_the_nearest_folder_over_outer_ones() {
        let f = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            from_path(&f(&["khoa-co-khi", "HK1"]), "ds.xlsx"),
            Some(Period::Hk1)
        );
        assert_eq!(
            from_path(&f(&["HK1", "khoa-co-khi"]), "ds.xlsx"),
            Some(Period::Hk1)
        );
        assert_eq!(
            from_path(&f(&["HK1"]), "ket-qua-hk2.xlsx"),
            Some(Period::Hk2)
        );
        assert_eq!(
            from_path(&f(&["ca-nam", "Học kỳ 2"]), "ds.xlsx"),
            Some(Period::Hk2)
        );
        assert_eq!(from_path(&f(&["khoa-co-khi"]), "ds.xlsx"), None);
        // The extension is not a word of the name.
        assert_eq!(from_path(&[], "hk1"), Some(Period::Hk1));
    }

    #[test]
    fn command_line_spellings() {
        for (s, p) in [
            ("hk1", Period::Hk1),
            ("1", Period::Hk1),
            ("I", Period::Hk1),
            ("hk2", Period::Hk2),
            ("2", Period::Hk2),
            ("II", Period::Hk2),
            ("ca-nam", Period::CaNam),
            ("cn", Period::CaNam),
        ] {
            assert_eq!(from_arg(s), Some(p), "{s}");
        }
        assert_eq!(from_arg("hk3"), None);
    }
}
