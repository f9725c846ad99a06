//! Merged ranges and totals formulas, applied to rows as they stream past.
//!
//! A merged range gives its value to the cells it covers: offices merge a class or a
//! faculty down the rows of its students, and only the top cell holds the text. The value
//! is copied down the range's first column into every row that reaches the sheet reader;
//! ranges over several columns are passed on as spans (a "Họ và tên" merged over the two
//! columns of the name, a title across the page), never copied sideways, so that a title
//! stays one cell. Only the ranges covering the current row are held.

use super::normalize::Cell;
use super::workbook::Row;

/// A merged range: first and last row, first and last column (0-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub r0: u32,
    pub c0: u32,
    pub r1: u32,
    pub c1: u32,
}

/// The merged ranges of one sheet, applied row by row in row order.
#[derive(Debug, Default)]
pub struct Merges {
    regions: Vec<Region>,
    next: usize,
    /// Ranges covering the rows being read, with the value of their top cell.
    active: Vec<(Region, Option<Cell>)>,
}

impl Merges {
    pub fn new(mut regions: Vec<Region>) -> Merges {
        regions.retain(|r| r.r1 > r.r0 || r.c1 > r.c0);
        regions.sort_by_key(|r| (r.r0, r.c0));
        Merges {
            regions,
            next: 0,
            active: Vec::new(),
        }
    }

    /// Fills `row` from the ranges that cover it.
    pub fn apply(&mut self, row: &mut Row) {
        let r = row.row;
        self.active.retain(|(g, _)| g.r1 >= r);
        while let Some(g) = self.regions.get(self.next).filter(|g| g.r0 <= r) {
            if g.r1 >= r {
                // A range whose top row held nothing reaches this row without a value.
                let top = (g.r0 == r).then(|| row.get(g.c0).cloned()).flatten();
                self.active.push((*g, top));
            }
            self.next += 1;
        }
        for (g, top) in &self.active {
            if g.c1 > g.c0 {
                row.spans.push((g.c0, g.c1));
            }
            if g.r0 == r {
                continue;
            }
            let Some(v) = top else { continue };
            if let Err(i) = row.cells.binary_search_by_key(&g.c0, |(c, _)| *c) {
                row.cells.insert(i, (g.c0, v.clone()));
                row.filled.push(g.c0);
            }
        }
    }

    /// Whether no range can cover a row from now on.
    pub fn is_done(&self) -> bool {
        self.active.is_empty() && self.next >= self.regions.len()
    }
}

/// Functions whose formula, standing alone in a cell, totals the rows above it.
const AGGREGATES: &[&str] = &[
    "SUM",
    "SUMIF",
    "SUMIFS",
    "COUNT",
    "COUNTA",
    "COUNTIF",
    "COUNTIFS",
    "COUNTBLANK",
    "AVERAGE",
    "AVERAGEA",
    "AVERAGEIF",
    "AVERAGEIFS",
    "SUBTOTAL",
    "AGGREGATE",
    "MAX",
    "MIN",
];

/// Whether `formula` (as any format writes it: `SUM(D5:D9)`, `=COUNTA(B:B)`,
/// `of:=SUM([.D5:.D9])`) in a cell of row `row` (0-based) aggregates a range that ends
/// above that row or spans whole columns. A numbering formula that merely uses COUNTA
/// inside an IF (`IF(C5<>"",COUNTA($C$5:C5),"")`) is not one: the aggregate must be the
/// formula's outer function.
pub fn is_aggregate(formula: &str, row: u32) -> bool {
    let f = formula.trim();
    let f = f.strip_prefix("of:").unwrap_or(f);
    let f = f.trim_start_matches(['=', '+', ' ']);
    let name: String = f
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    let upper = name.to_ascii_uppercase();
    let upper = upper.trim_start_matches("_XLFN.");
    if !AGGREGATES.contains(&upper) || !f[name.len()..].starts_with('(') {
        return false;
    }
    let args = &f[name.len()..];
    let Some(colon) = args.find(':') else {
        return false;
    };
    // The end of the first range: "$D$9", ".D9", "D" (a whole column).
    let end: String = args[colon + 1..]
        .chars()
        .skip_while(|c| matches!(c, '$' | '.' | '['))
        .skip_while(|c| c.is_ascii_alphabetic() || *c == '$')
        .take_while(|c| c.is_ascii_digit())
        .collect();
    match end.parse::<u32>() {
        Ok(last) => last < row + 1,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_row(row: u32, cells: &[(u32, &str)]) -> Row {
        Row {
            row,
            cells: cells
                .iter()
                .map(|(c, t)| (*c, Cell::Text((*t).into())))
                .collect(),
            ..Row::default()
        }
    }

    #[test]
    fn a_range_merged_down_gives_its_value_to_every_row_it_covers() {
        let mut m = Merges::new(vec![
            Region {
                r0: 4,
                c0: 3,
                r1: 7,
                c1: 3,
            },
            Region {
                r0: 0,
                c0: 0,
                r1: 0,
                c1: 6,
            },
        ]);
        let mut title = text_row(0, &[(0, "DANH SÁCH")]);
        m.apply(&mut title);
        assert_eq!(title.cells.len(), 1, "a title is not copied sideways");
        assert_eq!(title.spans, [(0, 6)]);
        let mut first = text_row(4, &[(1, "HS1"), (3, "Cơ khí")]);
        m.apply(&mut first);
        assert!(first.filled.is_empty());
        for r in 5..=7 {
            let mut next = text_row(r, &[(1, "HS")]);
            m.apply(&mut next);
            assert_eq!(next.get(3), Some(&Cell::Text("Cơ khí".into())), "row {r}");
            assert_eq!(next.filled, [3]);
        }
        let mut after = text_row(8, &[(1, "HS9")]);
        m.apply(&mut after);
        assert_eq!(after.get(3), None);
        assert!(m.is_done());
    }

    #[test]
    fn totals_formulas_are_told_from_numbering_and_row_formulas() {
        assert!(is_aggregate("COUNTA(B5:B9)", 9));
        assert!(is_aggregate("=SUM($D$5:$D$40)", 40));
        assert!(is_aggregate("of:=SUBTOTAL(3;[.C5:.C9])", 10));
        assert!(is_aggregate("COUNTIF(G:G,\"Khá\")", 3));
        assert!(!is_aggregate("IF(C5<>\"\",COUNTA($C$5:C5),\"\")", 4));
        assert!(!is_aggregate("SUM(D5:H5)", 4), "a sum along its own row");
        assert!(!is_aggregate("A5+1", 5));
        assert!(!is_aggregate("SUMPRODUCT(D5:D9)", 10));
    }
}
