//! The records every stage after reading works on: compact typed values with their
//! provenance. Ingest produces them; validation, compute and reports only read them.

use std::collections::HashMap;

use crate::text::fold;

/// An interned string: text values repeat (class names, programmes, units), so a record
/// holds a 4-byte id and the text lives once in [`Strings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// The string table of a run. Each string is stored as read (after [`crate::text::clean`])
/// and in its folded form, which is what text filters and keys compare.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    text: Vec<Box<str>>,
    folded: Vec<Sym>,
    index: HashMap<Box<str>, Sym>,
}

impl Strings {
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.index.get(s) {
            return sym;
        }
        let sym = Sym(self.text.len() as u32);
        self.text.push(s.into());
        self.index.insert(s.into(), sym);
        let f = fold(s);
        let folded = if f == s { sym } else { self.intern(&f) };
        // `intern(&f)` may have pushed the folded form first; keep `folded` aligned by index.
        if self.folded.len() <= sym.0 as usize {
            self.folded.resize(sym.0 as usize + 1, Sym(u32::MAX));
        }
        self.folded[sym.0 as usize] = folded;
        sym
    }

    pub fn get(&self, s: Sym) -> &str {
        &self.text[s.0 as usize]
    }

    /// The folded form of `s`, itself interned: two texts compare equal as text when their
    /// folded symbols are equal.
    pub fn folded(&self, s: Sym) -> Sym {
        self.folded[s.0 as usize]
    }

    /// The symbol of an already-folded string, if any record holds it.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.index.get(s).copied()
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
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
}
