#include "fhirpath/boundary.hpp"

namespace renkei::fhirpath {
namespace {

// For a non-negative value: low = truncate(value - half unit), high = round(value + half unit).
// Negative values mirror: low(-x) = -high(x).
std::optional<Decimal> decimal_boundary(const Decimal& d, int precision, bool high) {
  if (d.is_negative()) {
    auto mirrored = decimal_boundary(d.negate(), precision, !high);
    if (!mirrored) return std::nullopt;
    return mirrored->negate();
  }
  // Half a unit of the last written digit: 0.5 * 10^-scale.
  auto step = Decimal::parse("0." + std::string(static_cast<size_t>(d.scale()), '0') + "5");
  if (!step) return std::nullopt;
  auto edge = high ? d.add(*step) : d.sub(*step);
  if (!edge) return std::nullopt;
  if (edge->scale() > precision) {
    if (high) return edge->round(precision);
    // Truncate toward zero at `precision` digits.
    auto factor = Decimal::parse("1" + std::string(static_cast<size_t>(precision), '0'));
    auto up = edge->mul(*factor);
    if (!up) return std::nullopt;
    auto truncated = up->truncate().div(*factor);
    if (!truncated) return std::nullopt;
    return truncated->rescaled(precision);
  }
  return edge->rescaled(precision);
}

TemporalPrecision precision_for_digits(TemporalKind kind, int64_t digits) {
  if (kind == TemporalKind::Time) {
    if (digits <= 2) return TemporalPrecision::Hour;
    if (digits <= 4) return TemporalPrecision::Minute;
    if (digits <= 6) return TemporalPrecision::Second;
    return TemporalPrecision::Millisecond;
  }
  if (digits <= 4) return TemporalPrecision::Year;
  if (digits <= 6) return TemporalPrecision::Month;
  if (digits <= 8) return TemporalPrecision::Day;
  if (digits <= 10) return TemporalPrecision::Hour;
  if (digits <= 12) return TemporalPrecision::Minute;
  if (digits <= 14) return TemporalPrecision::Second;
  return TemporalPrecision::Millisecond;
}

std::optional<Temporal> temporal_boundary(Temporal t, std::optional<int64_t> digits, bool high) {
  int64_t max_digits = t.kind == TemporalKind::Time ? 9 : t.kind == TemporalKind::Date ? 8 : 17;
  int64_t want = digits.value_or(max_digits);
  if (want < 0 || want > max_digits) return std::nullopt;
  TemporalPrecision target = precision_for_digits(t.kind, want);
  // An hour without minutes is not a valid FHIR time: treat it as minute precision.
  if (t.precision == TemporalPrecision::Hour) t.precision = TemporalPrecision::Minute;
  if (t.precision < TemporalPrecision::Month) t.month = high ? 12 : 1;
  if (t.precision < TemporalPrecision::Day) t.day = high ? days_in_month(t.year, t.month) : 1;
  if (t.precision < TemporalPrecision::Hour) t.hour = high ? 23 : 0;
  if (t.precision < TemporalPrecision::Minute) t.minute = high ? 59 : 0;
  if (t.precision < TemporalPrecision::Second) t.second = high ? 59 : 0;
  if (t.precision < TemporalPrecision::Millisecond) t.millisecond = high ? 999 : 0;
  t.precision = target;
  if (t.kind == TemporalKind::DateTime && target >= TemporalPrecision::Hour && !t.has_timezone) {
    // Unknown offset: the earliest instant is at +14:00, the latest at -12:00.
    t.has_timezone = true;
    t.tz_offset_minutes = high ? -12 * 60 : 14 * 60;
  }
  return t;
}

}  // namespace

std::optional<SystemValue> boundary(const SystemValue& value, std::optional<int64_t> precision, bool high) {
  if (precision && (*precision < 0 || *precision > Decimal::kMaxScale)) return std::nullopt;
  switch (value.index()) {
    case 3:
    case 4: {
      Decimal d = value.index() == 3 ? Decimal::from_integer(std::get<int64_t>(value)) : std::get<Decimal>(value);
      auto r = decimal_boundary(d, static_cast<int>(precision.value_or(8)), high);
      if (!r) return std::nullopt;
      return SystemValue(*r);
    }
    case 5: {
      auto r = temporal_boundary(std::get<Temporal>(value), precision, high);
      if (!r) return std::nullopt;
      return SystemValue(*r);
    }
    case 6: {
      Quantity q = std::get<Quantity>(value);
      auto r = decimal_boundary(q.value, static_cast<int>(precision.value_or(8)), high);
      if (!r) return std::nullopt;
      q.value = *r;
      return SystemValue(q);
    }
    default: return std::nullopt;
  }
}

}  // namespace renkei::fhirpath
