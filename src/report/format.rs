//! How a figure and a verdict are written, in every report and on the terminal: one place,
//! so the JSON, the documents, the workbooks and the summary never disagree.

use crate::compute::{Figure, IndicatorResult};
use crate::definitions::Target;
use crate::exact::Ratio;
use crate::i18n::Lang;
use crate::text::vi_number;

/// The verdict as the official documents write it (always Vietnamese).
pub fn verdict_vi(achieved: Option<bool>) -> &'static str {
    match achieved {
        Some(true) => "Đạt",
        Some(false) => "Không đạt",
        None => "Không có dữ liệu",
    }
}

/// The verdict in the user's language, for the terminal.
pub fn verdict(achieved: Option<bool>, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => verdict_vi(achieved),
        Lang::En => match achieved {
            Some(true) => "Achieved",
            Some(false) => "Not achieved",
            None => "No data",
        },
    }
}

/// The verdict with SPEC's *uncertain* mark: "Đạt (?)", "Không đạt (?)" when excluded rows
/// could change it.
pub fn verdict_marked(achieved: Option<bool>, uncertain: bool, lang: Lang) -> String {
    let v = verdict(achieved, lang);
    if uncertain {
        format!("{v} (?)")
    } else {
        v.to_string()
    }
}

/// [`verdict_marked`] in Vietnamese, for the official documents.
pub fn verdict_marked_vi(achieved: Option<bool>, uncertain: bool) -> String {
    verdict_marked(achieved, uncertain, Lang::Vi)
}

/// "3 dòng lỗi có thể đổi kết quả": how many rows to fix before the verdict can be signed.
pub fn uncertain_note(rows: u64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{rows} dòng lỗi có thể đổi kết quả"),
        Lang::En => format!("{rows} error rows could change the result"),
    }
}

/// Why an indicator without data has none when its column is missing: "không trang tính
/// nào có cột “Lên lớp”".
pub fn missing_column_note(header: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("không trang tính nào có cột “{header}”"),
        Lang::En => format!("no sheet has column “{header}”"),
    }
}

/// Why a count is 0 when the run has no record of its source at all: "du-lieu/ không có
/// dòng nào của nguồn tien_do".
pub fn no_records_note(source: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("du-lieu/ không có dòng nào của nguồn {source}"),
        Lang::En => format!("du-lieu/ has no row of source {source}"),
    }
}

/// Why an indicator has no figure, in a few words for the terminal: the groups with no row,
/// every row excluded, no row of the unit at all (a faculty that sent no workbook), or a
/// denominator of 0.
fn no_data_note(ir: &IndicatorResult, source: &str, lang: Lang) -> String {
    let empty: Vec<&str> = ir
        .groups
        .iter()
        .filter(|g| g.achieved.is_none())
        .map(|g| g.group.as_str())
        .collect();
    let excluded = ir.excluded_rows;
    match lang {
        Lang::Vi if excluded > 0 && ir.valid_rows == 0 => {
            format!("{excluded} dòng lỗi bị loại, không còn dòng hợp lệ")
        }
        Lang::En if excluded > 0 && ir.valid_rows == 0 => {
            format!("{excluded} error rows excluded, no valid row left")
        }
        Lang::Vi if !empty.is_empty() => {
            format!("nhóm {} không có dòng nào được tính", empty.join(", "))
        }
        Lang::En if !empty.is_empty() => format!("no row counted in {}", empty.join(", ")),
        // Not "the denominator is 0": the unit has no row to filter (as Đánh giá chung says).
        Lang::Vi if ir.valid_rows == 0 && excluded == 0 => {
            format!("không có dòng nào của đơn vị trong nguồn {source}")
        }
        Lang::En if ir.valid_rows == 0 && excluded == 0 => {
            format!("the unit has no row of source {source}")
        }
        Lang::Vi => "mẫu số bằng 0".to_string(),
        Lang::En => "the denominator is 0".to_string(),
    }
}

/// What a figure needs said beside it, in a few words: the column no sheet has, the source
/// no workbook holds, or why there is no figure; `None` when it speaks for itself.
pub fn figure_note(ir: &IndicatorResult, source: &str, lang: Lang) -> Option<String> {
    if let Some(h) = &ir.missing_column {
        Some(missing_column_note(h, lang))
    } else if ir.no_records {
        Some(no_records_note(source, lang))
    } else if ir.achieved.is_none() {
        Some(no_data_note(ir, source, lang))
    } else {
        None
    }
}

/// An indicator's verdict as the report on the results writes it: "Đạt", or
/// "Đạt (?) — 1 dòng lỗi có thể đổi kết quả" when it is uncertain.
pub fn indicator_verdict_vi(ir: &IndicatorResult) -> String {
    let v = verdict_marked_vi(ir.achieved, ir.uncertain);
    if ir.uncertain {
        format!("{v} — {}", uncertain_note(ir.excluded_rows, Lang::Vi))
    } else {
        v
    }
}

/// The warning shown wherever results are when no workbook of `du-lieu/` was read, so that
/// "Không đạt" never hides "nothing was read"; `None` when some workbook was.
pub fn nothing_read_warning(data: &crate::dataset::Dataset, lang: Lang) -> Option<String> {
    let read = data
        .files
        .iter()
        .any(|f| f.status == crate::dataset::FileStatus::Read);
    (!read).then(|| {
        let found = data.files.len();
        match lang {
            Lang::Vi => format!(
                "CẢNH BÁO: không đọc được sổ dữ liệu nào trong du-lieu/ ({found} tệp tìm thấy) — mọi kết quả dưới đây không dựa trên dữ liệu nào."
            ),
            Lang::En => format!(
                "WARNING: no workbook in du-lieu/ was read ({found} files found) — none of the results below rests on any data."
            ),
        }
    })
}

/// "85,7% (6/7)" for a percentage, "5" for a count, "—" without data.
pub fn figure(f: &Figure, percent: bool, target: &Target) -> String {
    let Some(v) = f.value else {
        return match f.denominator {
            Some(d) => format!("— ({}/{})", amount(f.numerator), amount(d)),
            None => "—".to_string(),
        };
    };
    if !percent {
        return amount(v);
    }
    let shown = percent_text(v, target);
    match f.denominator {
        Some(d) => format!("{shown}% ({}/{})", amount(f.numerator), amount(d)),
        None => format!("{shown}%"),
    }
}

/// A count or sum: integer as an integer, otherwise up to two decimals.
pub fn amount(r: Ratio) -> String {
    vi_number(r.to_f64(), if r.is_integer() { 0 } else { 2 })
}

/// A percentage with one decimal — or more when one would put the shown value on the
/// other side of the target than the exact one (84,96% is not shown as "85%" next to
/// "Không đạt" for "từ 85% trở lên").
pub fn percent_text(v: Ratio, target: &Target) -> String {
    vi_number(v.to_f64(), percent_decimals(v, target))
}

/// How many decimals a percentage is shown with: one, or more when one would put the shown
/// value on the other side of the target than the exact one. The workbooks' number
/// formats use the same count ("0.00%" for 84,96% against "từ 85% trở lên").
pub fn percent_decimals(v: Ratio, target: &Target) -> usize {
    let exact = target.met_by(v);
    for decimals in 1..=4 {
        let s = vi_number(v.to_f64(), decimals);
        let shown = Ratio::parse_decimal(&s.replace('.', ""));
        if shown.map(|r| target.met_by(r)) == Some(exact) {
            return decimals;
        }
    }
    6
}

/// The Excel number format of a percentage shown with `decimals` ("0.0%", "0.00%").
pub fn percent_format(decimals: usize) -> String {
    format!("0.{}%", "0".repeat(decimals.max(1)))
}

/// An earlier value (`--so-sanh`): "31,5%" for a share, "4" for a count, "–" where the
/// earlier report has none.
pub fn earlier(e: crate::report::compare::Earlier, percent: bool) -> String {
    use crate::report::compare::Earlier;
    match e {
        // Two decimals at most: last year's 84,96% against "từ 85% trở lên" was not 85%.
        Earlier::Value(v) if percent => format!("{}%", vi_number(v, 2)),
        Earlier::Value(v) if v.fract() == 0.0 => vi_number(v, 0),
        Earlier::Value(v) => vi_number(v, 2),
        Earlier::None | Earlier::NoData | Earlier::Unlike => "–".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(n: i64, d: i64) -> Figure {
        Figure {
            numerator: Ratio::int(n),
            denominator: Some(Ratio::int(d)),
            value: Ratio::percent_of(Ratio::int(n), Ratio::int(d)),
        }
    }

    #[test]
    fn a_share_is_shown_with_a_decimal_comma_and_its_counts() {
        let t = Target::parse("từ 85% trở lên").unwrap();
        assert_eq!(figure(&fig(6, 7), true, &t), "85,7% (6/7)");
        assert_eq!(figure(&fig(0, 0), true, &t), "— (0/0)");
    }

    #[test]
    fn rounding_never_crosses_the_target() {
        // 84.96% would read "85%" at one decimal, next to "Không đạt".
        let t = Target::parse("từ 85% trở lên").unwrap();
        assert_eq!(figure(&fig(8496, 10000), true, &t), "84,96% (8496/10.000)");
    }

    #[test]
    fn an_uncertain_verdict_is_marked_with_the_rows_to_fix() {
        assert_eq!(verdict_marked_vi(Some(true), true), "Đạt (?)");
        assert_eq!(verdict_marked_vi(Some(false), true), "Không đạt (?)");
        assert_eq!(verdict_marked_vi(Some(false), false), "Không đạt");
        assert_eq!(verdict_marked(Some(true), true, Lang::En), "Achieved (?)");
        assert_eq!(uncertain_note(1, Lang::Vi), "1 dòng lỗi có thể đổi kết quả");
    }

    #[test]
    fn a_count_is_an_integer() {
        let t = Target::parse("tối thiểu 05").unwrap();
        let f = Figure {
            numerator: Ratio::int(5),
            denominator: None,
            value: Some(Ratio::int(5)),
        };
        assert_eq!(figure(&f, false, &t), "5");
    }

    #[test]
    fn an_earlier_value_is_written_like_a_figure_and_a_dash_without_one() {
        use crate::report::compare::Earlier;
        assert_eq!(earlier(Earlier::Value(31.5), true), "31,5%");
        assert_eq!(earlier(Earlier::Value(84.96), true), "84,96%");
        assert_eq!(earlier(Earlier::Value(200.0 / 3.0), true), "66,67%");
        assert_eq!(earlier(Earlier::Value(4.0), false), "4");
        assert_eq!(earlier(Earlier::None, true), "–");
        assert_eq!(earlier(Earlier::NoData, false), "–");
    }
}
