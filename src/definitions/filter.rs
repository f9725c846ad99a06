//! The filter language of indicators: `hoc_luc in ['Giỏi', 'Khá'] and trang_thai != 'Thôi học'`.
//!
//! Parsed and type-checked against the source schema before any workbook is read; evaluated
//! on compact records. An empty cell satisfies only `is empty`, `!=` and `not in`.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::exact::Ratio;
use crate::i18n::Lang;
use crate::model::{Fields, Strings, Value};
use crate::schema::{FieldType, Source};
use crate::text::fold;
use crate::tr;

/// A compiled filter over one source's fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Const(bool),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Test { field: usize, test: Test },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    IsEmpty,
    Cmp(Op, Lit),
    In(Vec<Lit>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A literal already converted to the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// Folded ([`crate::text::fold`]), compared with the folded form of the cell.
    Text(String),
    Num(Ratio),
    Date(i32),
    Bool(bool),
    Enum(u16),
}

/// A problem in a filter, located within the expression text.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterError {
    pub code: &'static str,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Filter {
    /// Parses and type-checks `text` against `source`.
    pub fn compile(text: &str, source: &Source, lang: Lang) -> Result<Filter, FilterError> {
        let tokens = lex(text, lang)?;
        let mut p = Parser {
            text,
            tokens,
            pos: 0,
            source,
            lang,
        };
        let f = p.or()?;
        if let Some(t) = p.peek() {
            let span = t.span.clone();
            let mut e = p.err(
                span,
                "filter-syntax",
                tr!(
                    lang,
                    "thừa phần này sau biểu thức",
                    "unexpected text after the expression"
                ),
            );
            e.help = p.leftover_help();
            return Err(e);
        }
        Ok(f)
    }

    /// The fields (indices in the source) the filter reads, appended to `out`.
    pub fn fields(&self, out: &mut Vec<usize>) {
        match self {
            Filter::Const(_) => {}
            Filter::And(a, b) | Filter::Or(a, b) => {
                a.fields(out);
                b.fields(out);
            }
            Filter::Not(a) => a.fields(out),
            Filter::Test { field, .. } => out.push(*field),
        }
    }

    /// Whether a record (its values in schema field order) passes.
    pub fn eval<V: Fields + ?Sized>(&self, values: &V, strings: &Strings) -> bool {
        match self {
            Filter::Const(b) => *b,
            Filter::And(a, b) => a.eval(values, strings) && b.eval(values, strings),
            Filter::Or(a, b) => a.eval(values, strings) || b.eval(values, strings),
            Filter::Not(a) => !a.eval(values, strings),
            Filter::Test { field, test } => {
                let v = values.value(*field);
                match test {
                    Test::IsEmpty => v == Value::Empty,
                    Test::Cmp(op, lit) => match v {
                        Value::Empty => *op == Op::Ne,
                        _ => compare(v, lit, strings).is_some_and(|o| op.holds(o)),
                    },
                    Test::In(lits) => {
                        v != Value::Empty
                            && lits
                                .iter()
                                .any(|l| compare(v, l, strings) == Some(std::cmp::Ordering::Equal))
                    }
                }
            }
        }
    }
}

impl Op {
    fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Op::Eq => o == Equal,
            Op::Ne => o != Equal,
            Op::Lt => o == Less,
            Op::Le => o != Greater,
            Op::Gt => o == Greater,
            Op::Ge => o != Less,
        }
    }
}

fn compare(v: Value, lit: &Lit, strings: &Strings) -> Option<std::cmp::Ordering> {
    Some(match (v, lit) {
        (Value::Text(s), Lit::Text(t)) => strings.get(strings.folded(s)).cmp(t.as_str()),
        (Value::Int(i), Lit::Num(n)) => Ratio::int(i).cmp(n),
        (Value::Number(x), Lit::Num(n)) => Ratio::from_f64(x).cmp(n),
        (Value::Date(d), Lit::Date(e)) => d.cmp(e),
        (Value::Bool(b), Lit::Bool(c)) => b.cmp(c),
        (Value::Enum(a), Lit::Enum(b)) => a.cmp(b),
        _ => return None,
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Op(Op),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    span: Range<usize>,
}

fn lex(text: &str, lang: Lang) -> Result<Vec<Token>, FilterError> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let single = |tok| (tok, i + 1);
        let (tok, next) = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => single(Tok::LParen),
            ')' => single(Tok::RParen),
            '[' => single(Tok::LBracket),
            ']' => single(Tok::RBracket),
            ',' => single(Tok::Comma),
            // `<>` is how Excel writes "not equal".
            '<' if chars.get(i + 1).map(|c| c.1) == Some('>') => {
                return Err(FilterError {
                    code: "filter-syntax",
                    span: start..end_of(i + 2),
                    message: tr!(
                        lang,
                        "phép so sánh không hợp lệ '<>'",
                        "invalid operator '<>'"
                    ),
                    help: Some(tr!(
                        lang,
                        "\"khác\" viết là != (ví dụ: trang_thai != 'Thôi học')",
                        "\"not equal\" is written != (e.g. trang_thai != 'Thôi học')"
                    )),
                });
            }
            '=' | '!' | '<' | '>' => {
                let two = chars.get(i + 1).map(|c| c.1) == Some('=');
                let op = match (c, two) {
                    ('=', true) => Op::Eq,
                    ('!', true) => Op::Ne,
                    ('<', true) => Op::Le,
                    ('>', true) => Op::Ge,
                    ('<', false) => Op::Lt,
                    ('>', false) => Op::Gt,
                    _ => {
                        return Err(FilterError {
                            code: "filter-syntax",
                            span: start..end_of(i + 1),
                            message: tr!(
                                lang,
                                "phép so sánh không hợp lệ: dùng == != < <= > >=",
                                "invalid operator: use == != < <= > >="
                            ),
                            help: None,
                        })
                    }
                };
                (Tok::Op(op), i + if two { 2 } else { 1 })
            }
            // Typographic quotes (Word, phones) read as the straight ones: ‘Khá’, “Khá”.
            '\'' | '"' | '‘' | '’' | '“' | '”' => {
                let single = matches!(c, '\'' | '‘' | '’');
                let closes = |q: char| {
                    if single {
                        matches!(q, '\'' | '‘' | '’')
                    } else {
                        matches!(q, '"' | '“' | '”')
                    }
                };
                let mut j = i + 1;
                while j < chars.len() && !closes(chars[j].1) {
                    j += 1;
                }
                if j == chars.len() {
                    return Err(FilterError {
                        code: "filter-syntax",
                        span: start..text.len(),
                        message: tr!(lang, "chuỗi chưa được đóng dấu nháy", "unterminated string"),
                        help: None,
                    });
                }
                (Tok::Str(text[end_of(i + 1)..chars[j].0].to_string()), j + 1)
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '.') {
                    j += 1;
                }
                (Tok::Num(text[start..end_of(j)].to_string()), j)
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].1.is_alphanumeric() || chars[j].1 == '_') {
                    j += 1;
                }
                (Tok::Ident(text[start..end_of(j)].to_string()), j)
            }
            _ => {
                let help = match (c, out.last()) {
                    ('%', Some(Token { tok: Tok::Num(n), .. })) => Some(tr!(
                        lang,
                        "trong biểu thức lọc, phần trăm viết không kèm dấu %: viết {n} thay cho {n}% (dấu % chỉ dùng trong target)",
                        "in a filter a percentage is written without %: write {n}, not {n}% (% belongs in the target)"
                    )),
                    // `ngay_ky >= 01/09/2021`: the date as written, in quotes.
                    ('/', Some(Token { tok: Tok::Num(_), span })) => {
                        let date: String = text[span.start..]
                            .chars()
                            .take_while(|c| c.is_ascii_digit() || *c == '/')
                            .collect();
                        Some(tr!(
                            lang,
                            "ngày viết trong dấu nháy đơn: '{date}'",
                            "a date is written in single quotes: '{date}'"
                        ))
                    }
                    ('&' | '|', _) => Some(connectives(lang)),
                    _ => None,
                };
                return Err(FilterError {
                    code: "filter-syntax",
                    span: start..end_of(i + 1),
                    message: tr!(
                        lang,
                        "ký tự không hợp lệ '{c}' trong biểu thức lọc",
                        "unexpected character '{c}' in filter"
                    ),
                    help,
                });
            }
        };
        out.push(Token {
            tok,
            span: start..end_of(next),
        });
        i = next;
    }
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    source: &'a Source,
    lang: Lang,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Ident(w), .. }) if w == kw)
    }

    fn end_span(&self) -> Range<usize> {
        self.text.len()..self.text.len()
    }

    /// What the text left after a whole condition most likely means: a decimal comma
    /// (`diem_tb >= 6,5`) or a connective written otherwise (`AND`, `và`, `hoặc`).
    fn leftover_help(&self) -> Option<String> {
        let lang = self.lang;
        let before = self.pos.checked_sub(1).and_then(|i| self.tokens.get(i));
        let after = self.tokens.get(self.pos + 1);
        match (
            before.map(|t| &t.tok),
            self.peek().map(|t| &t.tok),
            after.map(|t| &t.tok),
        ) {
            (Some(Tok::Num(a)), Some(Tok::Comma), Some(Tok::Num(b))) => Some(tr!(
                lang,
                "số thập phân viết với dấu chấm: {a}.{b} (không viết {a},{b})",
                "decimals are written with a point: {a}.{b} (not {a},{b})"
            )),
            (_, Some(Tok::Ident(w)), _)
                if matches!(
                    crate::text::strip_accents(&w.to_lowercase()).as_str(),
                    "and" | "or" | "not" | "va" | "hoac" | "hay" | "khong"
                ) =>
            {
                Some(connectives(lang))
            }
            _ => None,
        }
    }

    fn err(&self, span: Range<usize>, code: &'static str, message: String) -> FilterError {
        FilterError {
            code,
            span,
            message,
            help: None,
        }
    }

    fn expected(&self, what: String) -> FilterError {
        let lang = self.lang;
        match self.peek() {
            Some(t) => {
                let found = &self.text[t.span.clone()];
                self.err(
                    t.span.clone(),
                    "filter-syntax",
                    tr!(
                        lang,
                        "cần {what}, gặp '{found}'",
                        "expected {what}, found '{found}'"
                    ),
                )
            }
            None => self.err(
                self.end_span(),
                "filter-syntax",
                tr!(
                    lang,
                    "cần {what}, nhưng biểu thức đã hết",
                    "expected {what} at the end of the filter"
                ),
            ),
        }
    }

    fn or(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.not()?;
        while self.keyword("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Filter, FilterError> {
        if self.keyword("not") {
            self.pos += 1;
            return Ok(Filter::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Filter, FilterError> {
        let lang = self.lang;
        let what = tr!(lang, "một điều kiện", "a condition");
        match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::LParen) => {
                self.pos += 1;
                let inner = self.or()?;
                match self.peek() {
                    Some(Token {
                        tok: Tok::RParen, ..
                    }) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(self.expected("')'".into())),
                }
            }
            Some(Tok::Ident(w)) if w == "true" || w == "false" => {
                self.pos += 1;
                Ok(Filter::Const(w == "true"))
            }
            Some(Tok::Ident(_)) => self.comparison(),
            _ => Err(self.expected(what)),
        }
    }

    fn comparison(&mut self) -> Result<Filter, FilterError> {
        let lang = self.lang;
        let name_tok = self.next().expect("peeked an identifier");
        let name = &self.text[name_tok.span.clone()];
        let Some(field) = self.source.field_index(name) else {
            let sid = &self.source.id;
            let mut e = self.err(
                name_tok.span.clone(),
                "unknown-field",
                tr!(
                    lang,
                    "trường '{name}' không có trong nguồn '{sid}'",
                    "field '{name}' is not in source '{sid}'"
                ),
            );
            e.help = Some(unknown_field_help(lang, name, self.source));
            return Err(e);
        };
        let kind = self.source.fields[field].kind;
        let test = match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Op(op)) => {
                let op_span = self.next().expect("peeked").span;
                if !matches!(op, Op::Eq | Op::Ne)
                    && matches!(kind, FieldType::Text | FieldType::Enum | FieldType::Bool)
                {
                    let o = &self.text[op_span.clone()];
                    return Err(self.not_ordered(op_span.clone(), o, field));
                }
                Test::Cmp(op, self.literal(field)?)
            }
            Some(Tok::Ident(w)) if w == "in" => {
                self.pos += 1;
                Test::In(self.list(field)?)
            }
            Some(Tok::Ident(w)) if w == "not" => {
                self.pos += 1;
                if !self.keyword("in") {
                    return Err(self.expected("'in'".into()));
                }
                self.pos += 1;
                return Ok(Filter::Not(Box::new(Filter::Test {
                    field,
                    test: Test::In(self.list(field)?),
                })));
            }
            Some(Tok::Ident(w)) if w == "is" => {
                self.pos += 1;
                let negate = self.keyword("not");
                if negate {
                    self.pos += 1;
                }
                if !self.keyword("empty") {
                    return Err(self.expected("'empty'".into()));
                }
                self.pos += 1;
                let t = Filter::Test {
                    field,
                    test: Test::IsEmpty,
                };
                return Ok(if negate { Filter::Not(Box::new(t)) } else { t });
            }
            // A bool field on its own reads as "is true": `len_lop and not tot_nghiep`.
            _ if kind == FieldType::Bool => Test::Cmp(Op::Eq, Lit::Bool(true)),
            _ => {
                let t = kind.words(lang);
                return Err(self.err(
                    name_tok.span,
                    "type-mismatch",
                    tr!(
                        lang,
                        "trường '{name}' ({t}) cần một phép so sánh (== != < <= > >= in, is empty)",
                        "field '{name}' ({t}) needs a comparison (== != < <= > >= in, is empty)"
                    ),
                ));
            }
        };
        Ok(Filter::Test { field, test })
    }

    /// `hoc_luc >= 'Khá'`: a value chosen from a list, or a text, has no order; the message
    /// says so in plain words and, for an enum, gives the `in [...]` to write instead.
    fn not_ordered(&self, span: Range<usize>, o: &str, field: usize) -> FilterError {
        let lang = self.lang;
        let f = &self.source.fields[field];
        let name = f.id.as_str();
        let mut e = match f.kind {
            FieldType::Enum => self.err(
                span,
                "type-mismatch",
                tr!(
                    lang,
                    "'{name}' là giá trị chọn trong danh sách, không so sánh lớn nhỏ được: không dùng '{o}', hãy liệt kê các giá trị được tính bằng 'in'",
                    "'{name}' is a value chosen from a list and has no order: instead of '{o}', list the values that count with 'in'"
                ),
            ),
            FieldType::Bool => self.err(
                span,
                "type-mismatch",
                tr!(
                    lang,
                    "'{name}' là trường có/không: không dùng '{o}'; viết '{name}' (có) hoặc 'not {name}' (không)",
                    "'{name}' is a yes/no field: not '{o}'; write '{name}' (yes) or 'not {name}' (no)"
                ),
            ),
            _ => self.err(
                span,
                "type-mismatch",
                tr!(
                    lang,
                    "'{name}' là văn bản, không so sánh lớn nhỏ được: không dùng '{o}'; chỉ dùng == != in",
                    "'{name}' is text and has no order: not '{o}'; use == != in"
                ),
            ),
        };
        if f.kind == FieldType::Enum {
            // The written value, when there is one, ends the example list: `>= 'Khá'` →
            // the values listed up to Khá (lists are written best first: Xuất sắc, Giỏi, Khá…).
            let upto = match self.peek().map(|t| &t.tok) {
                Some(Tok::Str(v)) => f.enum_index(v).map_or(2, usize::from),
                _ => 2,
            };
            let vals: Vec<String> = f
                .values
                .iter()
                .take(upto + 1)
                .map(|v| format!("'{}'", v.value))
                .collect();
            let vals = vals.join(", ");
            e.help = Some(tr!(
                lang,
                "ví dụ: {name} in [{vals}]",
                "e.g. {name} in [{vals}]"
            ));
        }
        e
    }

    fn list(&mut self, field: usize) -> Result<Vec<Lit>, FilterError> {
        if !matches!(
            self.peek(),
            Some(Token {
                tok: Tok::LBracket,
                ..
            })
        ) {
            return Err(self.expected("'['".into()));
        }
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            if matches!(
                self.peek(),
                Some(Token {
                    tok: Tok::RBracket,
                    ..
                })
            ) && out.is_empty()
            {
                self.pos += 1;
                return Ok(out);
            }
            out.push(self.literal(field)?);
            match self.next().map(|t| t.tok) {
                Some(Tok::Comma) => continue,
                Some(Tok::RBracket) => return Ok(out),
                _ => {
                    self.pos -= 1;
                    return Err(self.expected("',' / ']'".into()));
                }
            }
        }
    }

    /// A literal, converted to the type of `field`, or a type error naming both.
    fn literal(&mut self, field: usize) -> Result<Lit, FilterError> {
        let lang = self.lang;
        let f = &self.source.fields[field];
        let name = f.id.as_str();
        let t = f.kind.words(lang);
        let Some(tok) = self.next() else {
            self.pos -= 1;
            return Err(self.expected(tr!(lang, "một giá trị", "a value")));
        };
        let written = &self.text[tok.span.clone()];

        let mismatch = |this: &Self| {
            let mut e = this.err(
                tok.span.clone(),
                "type-mismatch",
                tr!(
                    lang,
                    "{written} không phải giá trị của trường '{name}' ({t})",
                    "{written} is not a value of field '{name}' ({t})"
                ),
            );
            e.help = match (&tok.tok, f.kind) {
                // `hoc_luc in [Giỏi, Khá]`: a value without its quotes.
                (Tok::Ident(w), FieldType::Text | FieldType::Enum | FieldType::Date) => Some(tr!(
                    lang,
                    "giá trị viết trong dấu nháy đơn: '{w}'",
                    "values are written in single quotes: '{w}'"
                )),
                // `len_lop == 'Có'`: a yes/no field stands alone.
                (_, FieldType::Bool) => Some(tr!(
                    lang,
                    "'{name}' là trường có/không: viết '{name}' (có) hoặc 'not {name}' (không)",
                    "'{name}' is a yes/no field: write '{name}' (yes) or 'not {name}' (no)"
                )),
                (Tok::Str(_), k) if k.is_numeric() => Some(tr!(
                    lang,
                    "số viết không có dấu nháy, với dấu chấm thập phân: {name} >= 6.5",
                    "numbers are written without quotes, with a decimal point: {name} >= 6.5"
                )),
                (_, FieldType::Date) => Some(tr!(
                    lang,
                    "ngày viết '2022-06-30' hoặc '30/06/2022', trong dấu nháy đơn",
                    "dates are written '2022-06-30' or '30/06/2022', in single quotes"
                )),
                _ => None,
            };
            e
        };
        let lit = match (&tok.tok, f.kind) {
            (Tok::Str(s), FieldType::Text) => Lit::Text(fold(s)),
            (Tok::Str(s), FieldType::Enum) => match f.enum_index(s) {
                Some(i) => Lit::Enum(i),
                None => {
                    let allowed = f.value_names().collect::<Vec<_>>().join(", ");
                    let mut e = self.err(
                        tok.span.clone(),
                        "invalid-enum-value",
                        tr!(
                            lang,
                            "'{s}' không phải giá trị của trường '{name}' ({allowed})",
                            "'{s}' is not a value of field '{name}' ({allowed})"
                        ),
                    );
                    e.help = crate::i18n::did_you_mean(lang, s, f.value_names());
                    return Err(e);
                }
            },
            (Tok::Str(s), FieldType::Date) => match parse_date(s) {
                Some(d) => Lit::Date(d.num_days_from_ce()),
                None => return Err(mismatch(self)),
            },
            (Tok::Num(n), k) if k.is_numeric() => match parse_signed(n) {
                Some(r) => Lit::Num(r),
                None => return Err(mismatch(self)),
            },
            (Tok::Ident(w), FieldType::Bool) if w == "true" || w == "false" => {
                Lit::Bool(w == "true")
            }
            (Tok::Str(_) | Tok::Num(_) | Tok::Ident(_), _) => return Err(mismatch(self)),
            _ => {
                self.pos -= 1;
                return Err(self.expected(tr!(lang, "một giá trị", "a value")));
            }
        };
        Ok(lit)
    }
}

/// How conditions are joined, said when another spelling was used (`AND`, `và`, `&&`).
fn connectives(lang: Lang) -> String {
    tr!(
        lang,
        "nối các điều kiện bằng and, or, not (chữ thường, tiếng Anh), ví dụ: len_lop and not tot_nghiep",
        "join conditions with and, or, not (lower case), e.g. len_lop and not tot_nghiep"
    )
}

/// The nearest field id, or when none is near (a column header written instead of the id),
/// every field of the source: the ids are what a filter needs and nowhere else in sight.
pub(crate) fn unknown_field_help(lang: Lang, name: &str, source: &Source) -> String {
    if let Some(h) =
        crate::i18n::did_you_mean(lang, name, source.fields.iter().map(|f| f.id.as_str()))
    {
        return h;
    }
    let sid = &source.id;
    let all = source
        .fields
        .iter()
        .map(|f| f.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    tr!(
        lang,
        "các trường của nguồn '{sid}': {all} (xem: mtcl nguon {sid})",
        "the fields of source '{sid}': {all} (see: mtcl nguon {sid})"
    )
}

fn parse_signed(n: &str) -> Option<Ratio> {
    match n.strip_prefix('-') {
        Some(rest) => Ratio::parse_decimal(rest).map(|r| -r),
        None if n.contains(',') => None,
        None => Ratio::parse_decimal(n),
    }
}

/// A date literal in a filter: ISO `2022-06-30` or Vietnamese `30/06/2022`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::load_catalog;

    fn hoc_sinh() -> Source {
        load_catalog(None, Lang::Vi)
            .unwrap()
            .get("hoc_sinh")
            .unwrap()
            .clone()
    }

    fn compile(text: &str) -> Result<Filter, FilterError> {
        Filter::compile(text, &hoc_sinh(), Lang::Vi)
    }

    /// A record of hoc_sinh with the given fields set, the rest empty.
    fn record(src: &Source, strings: &mut Strings, set: &[(&str, &str)]) -> Vec<Value> {
        let mut v = vec![Value::Empty; src.fields.len()];
        for (id, raw) in set {
            let i = src.field_index(id).unwrap();
            let f = &src.fields[i];
            v[i] = match f.kind {
                FieldType::Enum => Value::Enum(f.enum_index(raw).unwrap()),
                FieldType::Bool => Value::Bool(*raw == "true"),
                FieldType::Number => Value::Number(raw.parse().unwrap()),
                _ => Value::Text(strings.intern(raw)),
            };
        }
        v
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let src = hoc_sinh();
        let f = compile("len_lop or tot_nghiep and lop == 'X'").unwrap();
        // a or (b and c): len_lop alone is enough.
        let mut s = Strings::default();
        let r = record(
            &src,
            &mut s,
            &[("len_lop", "true"), ("tot_nghiep", "false")],
        );
        assert!(f.eval(&r, &s));
        let g = compile("(len_lop or tot_nghiep) and lop == 'X'").unwrap();
        assert!(!g.eval(&r, &s));
        assert!(matches!(f, Filter::Or(..)));
    }

    #[test]
    fn empty_cell_satisfies_only_is_empty_not_equal_and_not_in() {
        let src = hoc_sinh();
        let mut s = Strings::default();
        let r = record(&src, &mut s, &[]);
        for (expr, expected) in [
            ("trang_thai is empty", true),
            ("trang_thai != 'Thôi học'", true),
            ("trang_thai not in ['Thôi học']", true),
            ("trang_thai == 'Thôi học'", false),
            ("trang_thai in ['Thôi học']", false),
            ("trang_thai is not empty", false),
            ("diem_tb >= 0", false),
            ("diem_tb < 100", false),
        ] {
            assert_eq!(compile(expr).unwrap().eval(&r, &s), expected, "{expr}");
        }
    }

    #[test]
    fn enum_literals_are_normalised() {
        let src = hoc_sinh();
        let mut s = Strings::default();
        let r = record(&src, &mut s, &[("hoc_luc", "Khá")]);
        assert!(compile("hoc_luc == 'KHÁ'").unwrap().eval(&r, &s));
        assert!(compile("hoc_luc == 'kha'").unwrap().eval(&r, &s));
        assert!(compile("hoc_luc in ['Giỏi', 'Kha\u{301}']")
            .unwrap()
            .eval(&r, &s));
    }

    #[test]
    fn numbers_compare_exactly() {
        let src = hoc_sinh();
        let mut s = Strings::default();
        let r = record(&src, &mut s, &[("diem_tb", "6.999999999999999")]);
        assert!(compile("diem_tb >= 7").unwrap().eval(&r, &s));
        assert!(!compile("diem_tb > 7").unwrap().eval(&r, &s));
    }

    #[test]
    fn text_compares_by_folded_form() {
        let src = hoc_sinh();
        let mut s = Strings::default();
        let r = record(&src, &mut s, &[("khoa_hoc", "2019  -  2022")]);
        assert!(compile("khoa_hoc == '2019 - 2022'").unwrap().eval(&r, &s));
    }

    #[test]
    fn typographic_quotes_read_as_straight_ones() {
        assert_eq!(
            compile("hoc_luc in [‘Giỏi’, “Khá”] and trang_thai != ’Thôi học‘"),
            compile("hoc_luc in ['Giỏi', 'Khá'] and trang_thai != 'Thôi học'")
        );
        assert!(compile("hoc_luc in ['Giỏi', 'Khá']").is_ok());
    }

    #[test]
    fn order_on_an_enum_says_to_list_the_values() {
        let e = compile("hoc_luc >= 'Khá'").unwrap_err();
        assert_eq!((e.code, e.span.clone()), ("type-mismatch", 8..10));
        assert_eq!(
            e.help.as_deref(),
            Some("ví dụ: hoc_luc in ['Xuất sắc', 'Giỏi', 'Khá']")
        );
        let e = compile("diem_tb >= 85%").unwrap_err();
        assert_eq!(e.code, "filter-syntax");
        assert!(e.help.unwrap().contains("viết 85 thay cho 85%"));
    }

    #[test]
    fn errors_are_located_in_the_expression() {
        let e = compile("hoc_lu in ['Giỏi']").unwrap_err();
        assert_eq!((e.code, e.span.clone()), ("unknown-field", 0..6));
        assert_eq!(e.help.as_deref(), Some("có phải 'hoc_luc'?"));
        let e = compile("hoc_luc == 'Kha giỏi'").unwrap_err();
        assert_eq!((e.code, e.span.clone()), ("invalid-enum-value", 11..23));
        let e = compile("diem_tb == 'abc'").unwrap_err();
        assert_eq!(e.code, "type-mismatch");
        let e = compile("lop < 'A'").unwrap_err();
        assert_eq!(e.code, "type-mismatch");
        let e = compile("diem_tb").unwrap_err();
        assert_eq!(e.code, "type-mismatch");
        let e = compile("(len_lop").unwrap_err();
        assert_eq!(e.code, "filter-syntax");
        let e = compile("len_lop and").unwrap_err();
        assert_eq!(e.code, "filter-syntax");
    }

    /// What an Excel user or a Vietnamese speaker writes by habit gets a hint in words
    /// (and no type id such as "bool" or "enum" in the message).
    #[test]
    fn habits_from_excel_and_vietnamese_get_a_hint() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "trang_thai <> 'Thôi học'",
                "filter-syntax",
                "phép so sánh không hợp lệ '<>'",
                "\"khác\" viết là != (ví dụ: trang_thai != 'Thôi học')",
            ),
            (
                "diem_tb >= 6,5",
                "filter-syntax",
                "thừa phần này sau biểu thức",
                "số thập phân viết với dấu chấm: 6.5 (không viết 6,5)",
            ),
            (
                "hoc_luc == 'Khá' và len_lop",
                "filter-syntax",
                "thừa phần này sau biểu thức",
                "nối các điều kiện bằng and, or, not (chữ thường, tiếng Anh), ví dụ: len_lop and not tot_nghiep",
            ),
            (
                "len_lop AND tot_nghiep",
                "filter-syntax",
                "thừa phần này sau biểu thức",
                "nối các điều kiện bằng and, or, not (chữ thường, tiếng Anh), ví dụ: len_lop and not tot_nghiep",
            ),
            (
                "len_lop == 'Có'",
                "type-mismatch",
                "'Có' không phải giá trị của trường 'len_lop' (có/không)",
                "'len_lop' là trường có/không: viết 'len_lop' (có) hoặc 'not len_lop' (không)",
            ),
            (
                "hoc_luc in [Giỏi, Khá]",
                "type-mismatch",
                "Giỏi không phải giá trị của trường 'hoc_luc' (chọn trong danh sách)",
                "giá trị viết trong dấu nháy đơn: 'Giỏi'",
            ),
            (
                "diem_tb >= '6,5'",
                "type-mismatch",
                "'6,5' không phải giá trị của trường 'diem_tb' (số)",
                "số viết không có dấu nháy, với dấu chấm thập phân: diem_tb >= 6.5",
            ),
            (
                "ngay_sinh >= 01/09/2007",
                "filter-syntax",
                "ký tự không hợp lệ '/' trong biểu thức lọc",
                "ngày viết trong dấu nháy đơn: '01/09/2007'",
            ),
        ];
        for (text, code, message, help) in cases {
            let e = compile(text).unwrap_err();
            assert_eq!(
                (e.code, e.message.as_str(), e.help.as_deref()),
                (*code, *message, Some(*help)),
                "{text}"
            );
        }
        let e = compile("diem_tb").unwrap_err();
        assert_eq!(
            e.message,
            "trường 'diem_tb' (số) cần một phép so sánh (== != < <= > >= in, is empty)"
        );
    }
}
