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
/// Every text sits in one buffer; symbol `k`'s text runs from `ends[k - 1]` to `ends[k]`; the hash table holds
/// symbols only, and each text's hash is kept beside it, so that growing the table and
/// absorbing a file's table never hash a text again. With millions of distinct texts (a
/// national run: every student's code and name), that is about 18 bytes a text beyond its
/// own, where a boxed string in a hash set took about 60.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    bytes: String,
    /// Where each symbol's text ends in `bytes` (it starts where the one before ends).
    ends: Vec<u32>,
    folded: Vec<Sym>,
    /// Each text's [`hash`], by symbol.
    hashes: Vec<u32>,
    /// Fx hashing: this table is on the hottest path of reading, and its keys come from
    /// the school's own files.
    table: HashTable<u32>,
}

fn text_of<'a>(bytes: &'a str, ends: &[u32], id: u32) -> &'a str {
    let at = match id {
        0 => 0,
        _ => ends[id as usize - 1],
    };
    &bytes[at as usize..ends[id as usize] as usize]
}

/// A text's hash as kept ([`Strings::hashes`]): Fx's, folded to 32 bits.
fn hash(s: &str) -> u32 {
    let h = FxBuildHasher.hash_one(s);
    (h ^ (h >> 32)) as u32
}

/// The table's hash of a kept hash: spread over 64 bits (the table takes its buckets from
/// the low bits and its tags from the top seven).
fn spread(h: u32) -> u64 {
    (h as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
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
        self.insert_hashed(s, hash(s))
    }

    /// Lets go of what only finding and adding texts needs — the hash table and the kept
    /// hashes, a third of the table's memory — once reading is done and the run's table is
    /// only read. A later [`Strings::intern`] builds them again; [`Strings::lookup`] looks
    /// through every text.
    pub fn seal(&mut self) {
        self.table = HashTable::new();
        self.hashes = Vec::new();
    }

    fn sealed(&self) -> bool {
        self.hashes.len() != self.ends.len()
    }

    /// The hash table and the kept hashes again, after [`Strings::seal`].
    fn unseal(&mut self) {
        if !self.sealed() {
            return;
        }
        self.hashes = (0..self.len() as u32)
            .map(|k| hash(self.get(Sym(k))))
            .collect();
        let Strings { table, hashes, .. } = self;
        *table = HashTable::with_capacity(hashes.len());
        for (id, &h) in hashes.iter().enumerate() {
            table.insert_unique(spread(h), id as u32, |&id| spread(hashes[id as usize]));
        }
    }

    /// [`Strings::insert`] of `s` whose [`hash`] is `h`.
    fn insert_hashed(&mut self, s: &str, h: u32) -> (Sym, bool) {
        self.unseal();
        let Strings {
            bytes,
            ends,
            table,
            folded,
            hashes,
        } = self;
        let found = table.find(spread(h), |&id| {
            hashes[id as usize] == h && text_of(bytes, ends, id) == s
        });
        if let Some(&id) = found {
            return (Sym(id), false);
        }
        let id = ends.len() as u32;
        bytes.push_str(s);
        // 4 GiB of distinct text is some hundred times a national run's.
        ends.push(u32::try_from(bytes.len()).expect("the string table stays under 4 GiB"));
        folded.push(Sym(id));
        hashes.push(h);
        table.insert_unique(spread(h), id, |&id| spread(hashes[id as usize]));
        (Sym(id), true)
    }

    /// Adds every string of `other` (a file's own table), keeping their fold links without
    /// folding again; returns where each of `other`'s symbols now stands.
    pub fn absorb(&mut self, other: &Strings) -> Vec<Sym> {
        self.unseal();
        self.table
            .reserve(other.len(), |&id| spread(self.hashes[id as usize]));
        let hash_of = |k: u32| match other.sealed() {
            false => other.hashes[k as usize],
            true => hash(other.get(Sym(k))),
        };
        let added: Vec<(Sym, bool)> = (0..other.len() as u32)
            .map(|k| self.insert_hashed(other.get(Sym(k)), hash_of(k)))
            .collect();
        for (k, &(sym, new)) in added.iter().enumerate() {
            if new {
                self.folded[sym.0 as usize] = added[other.folded[k].0 as usize].0;
            }
        }
        added.into_iter().map(|(s, _)| s).collect()
    }

    pub fn get(&self, s: Sym) -> &str {
        text_of(&self.bytes, &self.ends, s.0)
    }

    /// The folded form of `s`, itself interned: two texts compare equal as text when their
    /// folded symbols are equal.
    pub fn folded(&self, s: Sym) -> Sym {
        self.folded[s.0 as usize]
    }

    /// The symbol of a string, if any record holds it.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        if self.sealed() {
            return (0..self.len() as u32).map(Sym).find(|&k| self.get(k) == s);
        }
        let h = hash(s);
        self.table
            .find(spread(h), |&id| {
                self.hashes[id as usize] == h && self.get(Sym(id)) == s
            })
            .map(|&id| Sym(id))
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
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

/// Whatever gives a record's values by field index: a stored record ([`Values`]) or a row
/// being read (`[Value]`). Filters and measures read records through it.
pub trait Fields {
    fn value(&self, f: usize) -> Value;
}

/// A field beyond the record's reads as empty.
impl Fields for [Value] {
    fn value(&self, f: usize) -> Value {
        self.get(f).copied().unwrap_or(Value::Empty)
    }
}

impl Fields for Vec<Value> {
    fn value(&self, f: usize) -> Value {
        self.as_slice().value(f)
    }
}

/// The packed form of a value: a number is its own bits (a NaN made the one canonical
/// NaN); every other value sits in the payload of a negative quiet NaN, which no number
/// then has: a 3-bit tag in bits 48–50 and 48 bits of payload.
const BOXED: u64 = 0xFFF8_0000_0000_0000;
const PAYLOAD: u64 = (1 << 48) - 1;
const TAG_EMPTY: u64 = 0;
const TAG_TEXT: u64 = 1;
const TAG_INT: u64 = 2;
const TAG_DATE: u64 = 3;
const TAG_BOOL: u64 = 4;
const TAG_ENUM: u64 = 5;
/// An integer beyond ±2⁴⁷: its payload is an index into the table's list of such integers.
const TAG_BIG: u64 = 6;
const INT_LIMIT: i64 = 1 << 47;
const NARROW_PAYLOAD: u32 = (1 << 29) - 1;

fn boxed(tag: u64, payload: u64) -> u64 {
    BOXED | (tag << 48) | (payload & PAYLOAD)
}

impl Value {
    /// The value as one word; an integer too large for the payload goes to `big`.
    pub fn pack(self, big: &mut Vec<i64>) -> u64 {
        match self {
            Value::Number(x) if x.is_nan() => f64::NAN.to_bits(),
            Value::Number(x) => x.to_bits(),
            Value::Empty => boxed(TAG_EMPTY, 0),
            Value::Text(s) => boxed(TAG_TEXT, s.0 as u64),
            Value::Int(i) if (-INT_LIMIT..INT_LIMIT).contains(&i) => boxed(TAG_INT, i as u64),
            Value::Int(i) => {
                big.push(i);
                boxed(TAG_BIG, (big.len() - 1) as u64)
            }
            Value::Date(d) => boxed(TAG_DATE, d as u32 as u64),
            Value::Bool(b) => boxed(TAG_BOOL, b as u64),
            Value::Enum(e) => boxed(TAG_ENUM, e as u64),
        }
    }

    /// The value as a 4-byte word, when it fits one: every value but a number, an integer
    /// beyond ±2²⁸, a date beyond ±2²⁸ days and a symbol beyond 2²⁹. A 3-bit tag in the top
    /// bits, 29 bits of payload.
    pub fn pack_narrow(self) -> Option<u32> {
        const LIMIT: i64 = 1 << 28;
        let (tag, payload) = match self {
            Value::Empty => (TAG_EMPTY, 0),
            Value::Text(s) if s.0 < 1 << 29 => (TAG_TEXT, s.0),
            Value::Int(i) if (-LIMIT..LIMIT).contains(&i) => (TAG_INT, i as u32),
            Value::Date(d) if (-LIMIT..LIMIT).contains(&(d as i64)) => (TAG_DATE, d as u32),
            Value::Bool(b) => (TAG_BOOL, b as u32),
            Value::Enum(e) => (TAG_ENUM, e as u32),
            _ => return None,
        };
        Some(((tag as u32) << 29) | (payload & NARROW_PAYLOAD))
    }

    /// The value `pack_narrow` gave `w`.
    pub fn unpack_narrow(w: u32) -> Value {
        let p = w & NARROW_PAYLOAD;
        // Sign-extended from 29 bits.
        let signed = ((p << 3) as i32) >> 3;
        match (w >> 29) as u64 {
            TAG_TEXT => Value::Text(Sym(p)),
            TAG_INT => Value::Int(signed as i64),
            TAG_DATE => Value::Date(signed),
            TAG_BOOL => Value::Bool(p != 0),
            TAG_ENUM => Value::Enum(p as u16),
            _ => Value::Empty,
        }
    }

    /// The value `pack` gave `w`.
    pub fn unpack(w: u64, big: &[i64]) -> Value {
        if w & BOXED != BOXED {
            return Value::Number(f64::from_bits(w));
        }
        let p = w & PAYLOAD;
        match (w >> 48) & 7 {
            TAG_TEXT => Value::Text(Sym(p as u32)),
            // Sign-extended from 48 bits.
            TAG_INT => Value::Int(((p << 16) as i64) >> 16),
            TAG_BIG => Value::Int(big[p as usize]),
            TAG_DATE => Value::Date(p as u32 as i32),
            TAG_BOOL => Value::Bool(p != 0),
            TAG_ENUM => Value::Enum(p as u16),
            _ => Value::Empty,
        }
    }
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
    fn every_value_packs_into_a_word_and_back() {
        let mut big = Vec::new();
        let values = [
            Value::Empty,
            Value::Text(Sym(0)),
            Value::Text(Sym(u32::MAX)),
            Value::Int(0),
            Value::Int(-1),
            Value::Int((1 << 47) - 1),
            Value::Int(-(1 << 47)),
            Value::Int(1 << 47),
            Value::Int(i64::MIN),
            Value::Int(i64::MAX),
            Value::Number(0.0),
            Value::Number(-0.0),
            Value::Number(6.95),
            Value::Number(-1e300),
            Value::Number(f64::INFINITY),
            Value::Number(f64::NEG_INFINITY),
            Value::Number(f64::MIN_POSITIVE / 2.0),
            Value::Date(0),
            Value::Date(-5),
            Value::Date(738_000),
            Value::Date(i32::MIN),
            Value::Bool(true),
            Value::Bool(false),
            Value::Enum(0),
            Value::Enum(u16::MAX),
        ];
        let words: Vec<u64> = values.iter().map(|v| v.pack(&mut big)).collect();
        assert_eq!(
            big,
            vec![1 << 47, i64::MIN, i64::MAX],
            "only the integers beyond ±2^47"
        );
        for (v, w) in values.iter().zip(&words) {
            let back = Value::unpack(*w, &big);
            match (v, back) {
                // -0.0 == 0.0 as floats: compare the bits.
                (Value::Number(a), Value::Number(b)) => assert_eq!(a.to_bits(), b.to_bits()),
                _ => assert_eq!(*v, back),
            }
        }
        // Any NaN, whatever its sign and payload, reads back as a NaN number.
        for nan in [f64::NAN, -f64::NAN, f64::from_bits(0xFFF8_0000_0000_0001)] {
            let w = Value::Number(nan).pack(&mut big);
            assert!(matches!(Value::unpack(w, &big), Value::Number(x) if x.is_nan()));
        }
    }

    #[test]
    fn values_that_fit_pack_into_four_bytes_and_back() {
        let narrow = [
            Value::Empty,
            Value::Text(Sym(0)),
            Value::Text(Sym((1 << 29) - 1)),
            Value::Int(0),
            Value::Int(-1),
            Value::Int((1 << 28) - 1),
            Value::Int(-(1 << 28)),
            Value::Date(738_000),
            Value::Date(-3),
            Value::Bool(true),
            Value::Bool(false),
            Value::Enum(0),
            Value::Enum(u16::MAX),
        ];
        for v in narrow {
            let w = v.pack_narrow().unwrap_or_else(|| panic!("{v:?} fits"));
            assert_eq!(Value::unpack_narrow(w), v);
        }
        for v in [
            Value::Text(Sym(1 << 29)),
            Value::Int(1 << 28),
            Value::Int(-(1 << 28) - 1),
            Value::Date(i32::MIN),
            Value::Number(7.0),
        ] {
            assert_eq!(v.pack_narrow(), None, "{v:?} needs a wide column");
        }
    }

    #[test]
    fn texts_are_found_again_after_the_table_grows_and_is_absorbed() {
        let codes: Vec<String> = (0..50_000).map(|k| format!("HS{k:08}")).collect();
        let mut file = Strings::default();
        let syms: Vec<Sym> = codes.iter().map(|c| file.intern(c)).collect();
        for (c, &s) in codes.iter().zip(&syms) {
            assert_eq!(file.lookup(c), Some(s));
            assert_eq!(file.intern(c), s);
            assert_eq!(file.get(file.folded(s)), c.to_lowercase());
        }
        assert_eq!(file.lookup("HS99999999"), None);
        // A run's table that holds every other code already, in another order.
        let mut run = Strings::default();
        for c in codes.iter().rev().step_by(2) {
            run.intern(c);
        }
        let before = run.len();
        let map = run.absorb(&file);
        for (c, &s) in codes.iter().zip(&syms) {
            assert_eq!(run.get(map[s.0 as usize]), c);
            assert_eq!(run.lookup(c), Some(map[s.0 as usize]));
        }
        // Every code's fold is in one table or the other: 50,000 codes and 50,000 folds.
        assert_eq!((before, run.len()), (50_000, 100_000));

        // Sealed after reading: read as before; a text added later is found again.
        run.seal();
        let k = map[syms[123].0 as usize];
        assert_eq!(run.get(k), "HS00000123");
        assert_eq!(run.get(run.folded(k)), "hs00000123");
        assert_eq!(run.lookup("HS00000123"), Some(k));
        assert_eq!(run.lookup("HS99999999"), None);
        assert_eq!(run.intern("HS00000123"), k);
        let late = run.intern("Cơ khí");
        assert_eq!((run.lookup("Cơ khí"), run.len()), (Some(late), 100_002));
        // A sealed table absorbed into another: its texts are hashed again.
        run.seal();
        let mut other = Strings::default();
        let moved = other.absorb(&run);
        assert_eq!(other.get(moved[late.0 as usize]), "Cơ khí");
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
