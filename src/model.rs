//! The records every stage after reading works on: compact typed values with their
//! provenance. Ingest produces them; validation, compute and reports only read them.

use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;

use crate::text::fold;

/// An interned string: text values repeat (class names, programmes, units), so a record
/// holds a 4-byte id and the text lives once in [`Strings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// The string table of a run. Each string is stored once, as read (after
/// [`crate::text::clean`]), with the symbol of its folded form, which is what text filters
/// and keys compare.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    /// Fx hashing: this table is on the hottest path of reading, and its keys come from
    /// the school's own files.
    set: IndexSet<Box<str>, FxBuildHasher>,
    folded: Vec<Sym>,
}

impl Strings {
    /// The symbol of `s`, adding it if new (ingest interns [`crate::text::clean`]ed text).
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(i) = self.set.get_index_of(s) {
            return Sym(i as u32);
        }
        let (i, _) = self.set.insert_full(s.into());
        let sym = Sym(i as u32);
        // A clean text without capitals is its own fold (codes, most enum-like values).
        let own_fold = !s
            .chars()
            .any(|c| c.is_uppercase() || (c.is_whitespace() && c != ' '))
            && !s.contains("  ")
            && s.trim() == s;
        let folded = if own_fold { sym } else { self.intern(&fold(s)) };
        if self.folded.len() <= i {
            self.folded.resize(i + 1, Sym(u32::MAX));
        }
        self.folded[i] = folded;
        sym
    }

    /// Adds every string of `other` (a file's own table), keeping their fold links without
    /// folding again; returns where each of `other`'s symbols now stands.
    pub fn absorb(&mut self, other: &Strings) -> Vec<Sym> {
        let start = self.set.len();
        let map: Vec<Sym> = other
            .set
            .iter()
            .map(|s| Sym(self.set.insert_full(s.clone()).0 as u32))
            .collect();
        self.folded.resize(self.set.len(), Sym(u32::MAX));
        for (k, &sym) in map.iter().enumerate() {
            if sym.0 as usize >= start {
                self.folded[sym.0 as usize] = map[other.folded[k].0 as usize];
            }
        }
        map
    }

    pub fn get(&self, s: Sym) -> &str {
        &self.set[s.0 as usize]
    }

    /// The folded form of `s`, itself interned: two texts compare equal as text when their
    /// folded symbols are equal.
    pub fn folded(&self, s: Sym) -> Sym {
        self.folded[s.0 as usize]
    }

    /// The symbol of a string, if any record holds it.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.set.get_index_of(s).map(|i| Sym(i as u32))
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// One typed cell value. Dates are days from 0001-01-01 (chrono's `num_days_from_ce`);
/// enums are the index of the canonical value in the field's schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Empty,
    Text(Sym),
    Int(i64),
    Number(f64),
    Date(i32),
    Bool(bool),
    Enum(u16),
}

/// Where a record came from, as a person finds it in Excel: file, sheet and 1-based row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: u32,
    pub sheet: u32,
    pub row: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_text_shares_its_folded_form() {
        let mut s = Strings::default();
        let a = s.intern("Cơ khí chế tạo");
        let b = s.intern("CƠ KHÍ CHẾ TẠO");
        assert_ne!(a, b);
        assert_eq!(s.folded(a), s.folded(b));
        assert_eq!(s.get(s.folded(a)), "cơ khí chế tạo");
        assert_eq!(s.intern("Cơ khí chế tạo"), a);
    }

    #[test]
    fn absorbing_a_table_keeps_symbols_and_fold_links() {
        let mut file = Strings::default();
        let a = file.intern("Hàn");
        let b = file.intern("CƠ KHÍ");
        let mut run = Strings::default();
        let c = run.intern("cơ khí");
        let map = run.absorb(&file);
        assert_eq!(run.get(map[a.0 as usize]), "Hàn");
        assert_eq!(
            run.folded(map[b.0 as usize]),
            c,
            "CƠ KHÍ folds onto the existing cơ khí"
        );
        assert_eq!(run.get(run.folded(map[a.0 as usize])), "hàn");
        assert_eq!(run.len(), 4);
    }
}
