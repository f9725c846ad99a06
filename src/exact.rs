//! Exact arithmetic for indicator values and targets: a result of 17/20 meets ">= 85%"
//! because 17 × 100 ≥ 85 × 20, not because a float rounded the right way.

use std::cmp::Ordering;

/// A non-negative-denominator fraction. Values here are small (row counts, sums of a few
/// million integers, decimals with six places), so i128 cross-multiplication cannot overflow.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    num: i128,
    den: i128,
}

impl Ratio {
    pub fn new(num: i128, den: i128) -> Ratio {
        assert!(den != 0, "Ratio with a zero denominator");
        if den < 0 {
            Ratio {
                num: -num,
                den: -den,
            }
        } else {
            Ratio { num, den }
        }
    }

    pub fn int(n: i64) -> Ratio {
        Ratio::new(n as i128, 1)
    }

    /// A float read from a cell, taken at six decimal places: the precision any office value
    /// has, and what absorbs float noise such as 7.0000000000000009.
    pub fn from_f64(x: f64) -> Ratio {
        Ratio::new((x * 1e6).round() as i128, 1_000_000)
    }

    /// Parses "85", "85,5", "85.5", "05" exactly.
    pub fn parse_decimal(s: &str) -> Option<Ratio> {
        let s = s.trim();
        let (int, frac) = match s.split_once([',', '.']) {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if int.len() + frac.len() > 30 {
            return None;
        }
        let digits = format!("{int}{frac}");
        let num: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        Some(Ratio::new(num, 10i128.pow(frac.len() as u32)))
    }

    /// `num / den × 100`, the percentage of two counts or sums.
    pub fn percent_of(num: Ratio, den: Ratio) -> Option<Ratio> {
        if den.num == 0 {
            return None;
        }
        Some(Ratio::new(num.num * den.den * 100, num.den * den.num))
    }

    fn reduced(self) -> Ratio {
        let g = gcd(self.num.abs(), self.den);
        if g > 1 {
            Ratio {
                num: self.num / g,
                den: self.den / g,
            }
        } else {
            self
        }
    }

    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    pub fn is_integer(self) -> bool {
        self.num % self.den == 0
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl std::ops::Add for Ratio {
    type Output = Ratio;
    fn add(self, other: Ratio) -> Ratio {
        Ratio::new(
            self.num * other.den + other.num * self.den,
            self.den * other.den,
        )
        .reduced()
    }
}

impl std::ops::Neg for Ratio {
    type Output = Ratio;
    fn neg(self) -> Ratio {
        Ratio {
            num: -self.num,
            den: self.den,
        }
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Ratio) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_exact() {
        let p = Ratio::percent_of(Ratio::int(17), Ratio::int(20)).unwrap();
        assert_eq!(p, Ratio::int(85));
        let third = Ratio::percent_of(Ratio::int(1), Ratio::int(3)).unwrap();
        assert!(third > Ratio::parse_decimal("33,333333").unwrap());
        assert!(third < Ratio::parse_decimal("33,333334").unwrap());
    }

    #[test]
    fn zero_denominator_has_no_percent() {
        assert!(Ratio::percent_of(Ratio::int(0), Ratio::int(0)).is_none());
    }

    #[test]
    fn decimals_parse_with_comma_or_point() {
        assert_eq!(Ratio::parse_decimal("85,5"), Ratio::parse_decimal("85.5"));
        assert_eq!(Ratio::parse_decimal("05"), Some(Ratio::int(5)));
        assert_eq!(Ratio::parse_decimal("8x"), None);
        assert_eq!(Ratio::parse_decimal(""), None);
    }

    #[test]
    fn float_noise_is_absorbed() {
        assert_eq!(Ratio::from_f64(7.000_000_000_000_001), Ratio::int(7));
    }
}
