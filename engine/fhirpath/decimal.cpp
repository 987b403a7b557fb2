#include "fhirpath/decimal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace renkei::fhirpath {
namespace {

using i128 = Int128;

i128 pow10(int n) {
  i128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

// Multiplies by 10^n; false when the result would overflow.
bool scale_up(i128& v, int n) {
  for (int i = 0; i < n; ++i)
    if (__builtin_mul_overflow(v, static_cast<i128>(10), &v)) return false;
  return true;
}

// Divides with rounding half away from zero.
i128 div_round(i128 v, i128 d) {
  i128 q = v / d;
  i128 r = v % d;
  if (r != 0 && (r < 0 ? -r : r) * 2 >= (d < 0 ? -d : d)) q += ((v < 0) != (d < 0)) ? -1 : 1;
  return q;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view t) {
  if (t.empty()) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (t[0] == '+' || t[0] == '-') {
    negative = t[0] == '-';
    ++i;
  }
  i128 units = 0;
  int scale = 0;
  int digits = 0;
  bool point = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') {
      if (point && scale >= kMaxScale) continue;  // excess precision is dropped
      if (__builtin_mul_overflow(units, static_cast<i128>(10), &units)) return std::nullopt;
      units += c - '0';
      ++digits;
      if (point) ++scale;
    } else if (c == '.' && !point) {
      point = true;
      if (i + 1 >= t.size()) return std::nullopt;
    } else if ((c == 'e' || c == 'E') && digits > 0) {
      int exponent = 0;
      size_t j = i + 1;
      bool exp_negative = false;
      if (j < t.size() && (t[j] == '+' || t[j] == '-')) exp_negative = t[j++] == '-';
      if (j >= t.size()) return std::nullopt;
      for (; j < t.size(); ++j) {
        if (t[j] < '0' || t[j] > '9' || exponent > 100) return std::nullopt;
        exponent = exponent * 10 + (t[j] - '0');
      }
      if (exp_negative) {
        scale += exponent;
        if (scale > kMaxScale) {
          units = div_round(units, pow10(scale - kMaxScale));
          scale = kMaxScale;
        }
      } else {
        int drop = std::min(scale, exponent);
        scale -= drop;
        if (!scale_up(units, exponent - drop)) return std::nullopt;
      }
      break;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0) return std::nullopt;
  return Decimal(negative ? -units : units, scale);
}

std::optional<Decimal> Decimal::from_double(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  auto d = parse(buf);
  if (!d) return std::nullopt;
  return d->trimmed();
}

bool Decimal::is_integral() const { return scale_ == 0 || units_ % pow10(scale_) == 0; }

std::optional<int64_t> Decimal::to_int64() const {
  if (!is_integral()) return std::nullopt;
  i128 v = units_ / pow10(scale_);
  if (v > INT64_MAX || v < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(v);
}

double Decimal::to_double() const {
  return static_cast<double>(units_) / std::pow(10.0, scale_);
}

std::string Decimal::to_string() const {
  i128 v = units_ < 0 ? -units_ : units_;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  if (scale_ > 0) {
    if (static_cast<int>(digits.size()) <= scale_) digits.insert(0, scale_ - digits.size() + 1, '0');
    digits.insert(digits.size() - scale_, ".");
  }
  return units_ < 0 ? "-" + digits : digits;
}

Decimal Decimal::rescaled(int scale) const {
  if (scale == scale_) return *this;
  if (scale > scale_) {
    i128 v = units_;
    if (!scale_up(v, scale - scale_)) return *this;
    return Decimal(v, scale);
  }
  return Decimal(div_round(units_, pow10(scale_ - scale)), scale);
}

std::optional<Decimal> Decimal::add(const Decimal& o) const {
  int s = std::max(scale_, o.scale_);
  i128 a = units_, b = o.units_, r;
  if (!scale_up(a, s - scale_) || !scale_up(b, s - o.scale_)) return std::nullopt;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return Decimal(r, s);
}

std::optional<Decimal> Decimal::sub(const Decimal& o) const { return add(o.negate()); }

std::optional<Decimal> Decimal::mul(const Decimal& o) const {
  Decimal a = trimmed().scale_ < scale_ && scale_ + o.scale_ > kMaxScale ? trimmed() : *this;
  Decimal b = o.trimmed().scale_ < o.scale_ && a.scale_ + o.scale_ > kMaxScale ? o.trimmed() : o;
  i128 r;
  if (__builtin_mul_overflow(a.units_, b.units_, &r)) return std::nullopt;
  Decimal d(r, a.scale_ + b.scale_);
  if (d.scale_ > kMaxScale) d = d.rescaled(kMaxScale);
  return d;
}

std::optional<Decimal> Decimal::div(const Decimal& o) const {
  if (o.units_ == 0) return std::nullopt;
  // Result scale: enough digits for the operands' precision, at least kDivisionScale.
  int target = std::max(kDivisionScale, std::max(scale_, o.scale_));
  // units/10^s1 / (ou/10^s2) = units*10^(s2 - s1 + target) / ou, at scale target
  int shift = o.scale_ - scale_ + target;
  i128 num = units_, den = o.units_;
  if (shift >= 0) {
    if (!scale_up(num, shift)) return std::nullopt;
  } else {
    if (!scale_up(den, -shift)) return std::nullopt;
  }
  return Decimal(div_round(num, den), target).trimmed();
}

std::optional<Decimal> Decimal::div_truncated(const Decimal& o) const {
  if (o.units_ == 0) return std::nullopt;
  int s = std::max(scale_, o.scale_);
  i128 a = units_, b = o.units_;
  if (!scale_up(a, s - scale_) || !scale_up(b, s - o.scale_)) return std::nullopt;
  return Decimal(a / b, 0);
}

std::optional<Decimal> Decimal::mod(const Decimal& o) const {
  if (o.units_ == 0) return std::nullopt;
  int s = std::max(scale_, o.scale_);
  i128 a = units_, b = o.units_;
  if (!scale_up(a, s - scale_) || !scale_up(b, s - o.scale_)) return std::nullopt;
  return Decimal(a % b, s);
}

Decimal Decimal::round(int digits) const {
  if (digits >= scale_) return rescaled(digits);
  return Decimal(div_round(units_, pow10(scale_ - digits)), digits);
}

Decimal Decimal::truncate() const { return Decimal(units_ / pow10(scale_), 0); }

Decimal Decimal::floor() const {
  i128 p = pow10(scale_);
  i128 q = units_ / p;
  if (units_ % p != 0 && units_ < 0) --q;
  return Decimal(q, 0);
}

Decimal Decimal::ceiling() const {
  i128 p = pow10(scale_);
  i128 q = units_ / p;
  if (units_ % p != 0 && units_ > 0) ++q;
  return Decimal(q, 0);
}

Decimal Decimal::trimmed() const {
  Decimal d = *this;
  while (d.scale_ > 0 && d.units_ % 10 == 0) {
    d.units_ /= 10;
    --d.scale_;
  }
  return d;
}

int Decimal::compare(const Decimal& o) const {
  int s = std::max(scale_, o.scale_);
  i128 a = units_, b = o.units_;
  bool ok_a = scale_up(a, s - scale_), ok_b = scale_up(b, s - o.scale_);
  if (!ok_a || !ok_b) {  // magnitudes beyond 128 bits: fall back to doubles
    double x = to_double(), y = o.to_double();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

}  // namespace renkei::fhirpath
