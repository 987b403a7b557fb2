#pragma once
// Exact decimal arithmetic for FHIRPath: a 128-bit scaled integer (value = units / 10^scale).
// The scale records the written precision ("1.50" has scale 2), which FHIRPath needs for
// equivalence, toString and precision(); long double cannot represent 0.1 exactly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::fhirpath {

// __extension__ keeps -Wpedantic quiet about the GCC/Clang 128-bit integer.
__extension__ typedef __int128 Int128;

class Decimal {
 public:
  static constexpr int kMaxScale = 28;      // FHIRPath requires at least 8 digits after the point
  static constexpr int kDivisionScale = 8;  // digits kept by division when the operands have fewer

  Decimal() = default;
  static Decimal from_integer(int64_t v) { return Decimal(v, 0); }
  // Parses "[+-]digits[.digits]" (also exponents as JSON allows them); nullopt when malformed.
  static std::optional<Decimal> parse(std::string_view text);
  static std::optional<Decimal> from_double(double v);

  Int128 units() const { return units_; }
  int scale() const { return scale_; }
  bool is_zero() const { return units_ == 0; }
  bool is_negative() const { return units_ < 0; }
  bool is_integral() const;
  std::optional<int64_t> to_int64() const;  // only when integral and in range
  double to_double() const;
  std::string to_string() const;  // keeps the scale: 1.50 stays "1.50"

  // Arithmetic; nullopt on overflow or division by zero.
  std::optional<Decimal> add(const Decimal& o) const;
  std::optional<Decimal> sub(const Decimal& o) const;
  std::optional<Decimal> mul(const Decimal& o) const;
  std::optional<Decimal> div(const Decimal& o) const;
  std::optional<Decimal> mod(const Decimal& o) const;
  std::optional<Decimal> div_truncated(const Decimal& o) const;  // FHIRPath `div`
  Decimal negate() const { return Decimal(-units_, scale_); }
  Decimal abs() const { return units_ < 0 ? negate() : *this; }

  Decimal round(int digits) const;  // half away from zero
  Decimal truncate() const;
  Decimal floor() const;
  Decimal ceiling() const;
  Decimal trimmed() const;  // drop trailing fractional zeros
  Decimal rescaled(int scale) const;  // rounds when the scale shrinks (half away from zero)

  int compare(const Decimal& o) const;  // by value: 1.0 == 1.00
  bool operator==(const Decimal& o) const { return compare(o) == 0; }

 private:
  Decimal(Int128 units, int scale) : units_(units), scale_(scale) {}
  Int128 units_ = 0;
  int scale_ = 0;
};

}  // namespace renkei::fhirpath
