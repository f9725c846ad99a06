//! The records every stage after reading works on: compact typed values with their
//! provenance. Ingest produces them; validation, compute and reports only read them.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::text::fold;

/// An interned string: text values repeat (class names, programmes, units), so a record
/// holds a 4-byte id and the text lives once in [`Strings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// The string table of a run. Each string is stored once, as read (after
/// [`crate::text::clean`]), with the symbol of its folded form, which is what text filters
/// and keys compare.
///
/// Every text sits in one buffer; a symbol is an index into `spans`; the hash table holds
/// symbols only. With millions of distinct texts (a national run: every student's code and
/// name), that is about 18 bytes a text beyond its own, where a boxed string in a hash set
/// took about 60.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    bytes: String,
    /// (offset, length) of each symbol's text in `bytes`.
    spans: Vec<(u32, u32)>,
    folded: Vec<Sym>,
    /// Fx hashing: this table is on the hottest path of reading, and its keys come from
    /// the school's own files.
    table: HashTable<u32>,
}

fn text_of<'a>(bytes: &'a str, spans: &[(u32, u32)], id: u32) -> &'a str {
    let (at, len) = spans[id as usize];
    &bytes[at as usize..(at + len) as usize]
}

fn hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

impl Strings {
    /// The symbol of `s`, adding it if new (ingest interns [`crate::text::clean`]ed text).
    pub fn intern(&mut self, s: &str) -> Sym {
        let (sym, new) = self.insert(s);
        if new {
            // A clean text without capitals is its own fold (codes, most enum-like values).
            let own_fold = !s.chars().any(char::is_uppercase) && crate::text::is_tidy(s);
            let folded = if own_fold { sym } else { self.intern(&fold(s)) };
            self.folded[sym.0 as usize] = folded;
        }
        sym
    }

    /// `s`'s symbol, and whether it was added (its fold link then still to be set).
    fn insert(&mut self, s: &str) -> (Sym, bool) {
        let h = hash(s);
        let Strings {
            bytes,
            spans,
            table,
            folded,
        } = self;
        if let Some(&id) = table.find(h, |&id| text_of(bytes, spans, id) == s) {
            return (Sym(id), false);
        }
        let id = spans.len() as u32;
        // 4 GiB of distinct text is some hundred times a national run's.
        let at = u32::try_from(bytes.len()).expect("the string table stays under 4 GiB");
        spans.push((at, s.len() as u32));
        bytes.push_str(s);
        folded.push(Sym(id));
        table.insert_unique(h, id, |&id| hash(text_of(bytes, spans, id)));
        (Sym(id), true)
    }

    /// Adds every string of `other` (a file's own table), keeping their fold links without
    /// folding again; returns where each of `other`'s symbols now stands.
    pub fn absorb(&mut self, other: &Strings) -> Vec<Sym> {
        let added: Vec<(Sym, bool)> = (0..other.len() as u32)
            .map(|k| self.insert(other.get(Sym(k))))
            .collect();
        for (k, &(sym, new)) in added.iter().enumerate() {
            if new {
                self.folded[sym.0 as usize] = added[other.folded[k].0 as usize].0;
            }
        }
        added.into_iter().map(|(s, _)| s).collect()
    }

    pub fn get(&self, s: Sym) -> &str {
        text_of(&self.bytes, &self.spans, s.0)
    }

    /// The folded form of `s`, itself interned: two texts compare equal as text when their
    /// folded symbols are equal.
    pub fn folded(&self, s: Sym) -> Sym {
        self.folded[s.0 as usize]
    }

    /// The symbol of a string, if any record holds it.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.table
            .find(hash(s), |&id| self.get(Sym(id)) == s)
            .map(|&id| Sym(id))
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
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
