#pragma once
// FHIRPath Quantity: an exact decimal value and a unit, either a UCUM code ('mg', 'm2', 'g/dL')
// or a calendar duration keyword (year, month, week, day, hour, minute, second, millisecond).
// Comparison converts both sides to UCUM base units for the common units (mass, length, time,
// volume, amount, percent); unknown atoms compare only with themselves.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fhirpath/decimal.hpp"

namespace renkei::fhirpath {

struct Quantity {
  Decimal value;
  std::string unit = "1";  // UCUM code, or the calendar keyword in its singular form

  bool is_calendar() const;  // unit is a calendar keyword
  std::string to_string() const;  // 4 'mg', 1 week

  // Singular calendar keyword for "years"/"year" ... or empty when not one.
  static std::string_view calendar_keyword(std::string_view word);
  // Same value in base units; nullopt when the unit cannot be parsed.
  struct Canonical {
    Decimal value;
    std::map<std::string, int> dimensions;  // base atom -> exponent
  };
  std::optional<Canonical> canonical() const;

  // Equality (=): nullopt when not comparable (different dimensions, calendar year/month
  // against a UCUM unit). Equivalence (~) is looser: calendar and UCUM durations mix, and
  // values are compared at the lesser precision.
  std::optional<bool> equals(const Quantity& o) const;
  bool equivalent(const Quantity& o) const;
  std::optional<int> compare(const Quantity& o) const;

  std::optional<Quantity> add(const Quantity& o, bool subtract) const;
  std::optional<Quantity> multiply(const Quantity& o) const;
  std::optional<Quantity> divide(const Quantity& o) const;
};

// UCUM unit that a calendar keyword corresponds to ('wk' for week).
std::string_view ucum_for_calendar(std::string_view keyword);

}  // namespace renkei::fhirpath
