#pragma once
// FHIRPath Date, DateTime and Time values with their precision. Comparison follows the spec:
// components are compared down to the coarser precision; when they are equal there and the
// precisions differ the answer is unknown (empty). Seconds and milliseconds are one precision.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fhirpath/decimal.hpp"

namespace renkei::fhirpath {

enum class TemporalKind : uint8_t { Date, DateTime, Time };
enum class TemporalPrecision : uint8_t { Year, Month, Day, Hour, Minute, Second, Millisecond };

struct Temporal {
  TemporalKind kind = TemporalKind::Date;
  TemporalPrecision precision = TemporalPrecision::Year;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0;
  bool has_timezone = false;
  int tz_offset_minutes = 0;

  // Parses the lexical forms without '@': "2014-01-25", "2014-01-25T14:30:14.559+01:00",
  // "2014T" (DateTime literal with year precision), and for Time "14:30" (no 'T').
  static std::optional<Temporal> parse_date(std::string_view text);
  static std::optional<Temporal> parse_datetime(std::string_view text);  // also accepts a plain date
  static std::optional<Temporal> parse_time(std::string_view text);

  std::string to_string() const;  // FHIR lexical form, no '@'
  // -1/0/1, or nullopt when the precisions make the answer unknown.
  std::optional<int> compare(const Temporal& other) const;
  // Adds an amount of a calendar unit ("year", "month", "week", "day", "hour", "minute",
  // "second", "millisecond"); nullopt when the unit does not apply to this kind.
  std::optional<Temporal> add(const Decimal& amount, std::string_view calendar_unit) const;
  int precision_digits() const;  // precision(): 4 for a year, 17 for a millisecond DateTime ...
};

// Days in a month of a (proleptic Gregorian) year.
int days_in_month(int year, int month);

}  // namespace renkei::fhirpath
