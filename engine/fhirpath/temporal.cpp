#include "fhirpath/temporal.hpp"

#include <cstdio>

namespace renkei::fhirpath {
namespace {

bool read_digits(std::string_view s, size_t& pos, int count, int& out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (int i = 0; i < count; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += count;
  out = v;
  return true;
}

// Parses "hh[:mm[:ss[.fff]]]" into t starting at pos; at least the hour must be present.
bool parse_clock(std::string_view s, size_t& pos, Temporal& t) {
  if (!read_digits(s, pos, 2, t.hour) || t.hour > 23) return false;
  t.precision = TemporalPrecision::Hour;
  if (pos >= s.size() || s[pos] != ':') return true;
  ++pos;
  if (!read_digits(s, pos, 2, t.minute) || t.minute > 59) return false;
  t.precision = TemporalPrecision::Minute;
  if (pos >= s.size() || s[pos] != ':') return true;
  ++pos;
  if (!read_digits(s, pos, 2, t.second) || t.second > 59) return false;
  t.precision = TemporalPrecision::Second;
  if (pos >= s.size() || s[pos] != '.') return true;
  ++pos;
  size_t start = pos;
  int ms = 0, n = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    if (n < 3) ms = ms * 10 + (s[pos] - '0');
    ++n;
    ++pos;
  }
  if (pos == start) return false;
  for (; n < 3; ++n) ms *= 10;
  t.millisecond = ms;
  t.precision = TemporalPrecision::Millisecond;
  return true;
}

bool parse_timezone(std::string_view s, size_t& pos, Temporal& t) {
  if (pos >= s.size()) return true;
  if (s[pos] == 'Z') {
    ++pos;
    t.has_timezone = true;
    t.tz_offset_minutes = 0;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  int h = 0, m = 0;
  if (!read_digits(s, pos, 2, h) || pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  if (!read_digits(s, pos, 2, m) || h > 14 || m > 59) return false;
  t.has_timezone = true;
  t.tz_offset_minutes = sign * (h * 60 + m);
  return true;
}

bool parse_date_part(std::string_view s, size_t& pos, Temporal& t) {
  if (!read_digits(s, pos, 4, t.year)) return false;
  t.precision = TemporalPrecision::Year;
  if (pos >= s.size() || s[pos] != '-') return true;
  ++pos;
  if (!read_digits(s, pos, 2, t.month) || t.month < 1 || t.month > 12) return false;
  t.precision = TemporalPrecision::Month;
  if (pos >= s.size() || s[pos] != '-') return true;
  ++pos;
  if (!read_digits(s, pos, 2, t.day) || t.day < 1 || t.day > days_in_month(t.year, t.month)) return false;
  t.precision = TemporalPrecision::Day;
  return true;
}

int64_t days_from_civil(int y, int m, int d) {  // H. Hinnant's algorithm
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (m <= 2));
}

// Milliseconds since the epoch of the fields (local), used to shift by fixed durations.
int64_t to_epoch_ms(const Temporal& t) {
  int64_t days = t.kind == TemporalKind::Time ? 0 : days_from_civil(t.year, t.month, t.day);
  return ((days * 24 + t.hour) * 60 + t.minute) * 60000LL + t.second * 1000LL + t.millisecond;
}

void from_epoch_ms(int64_t ms, Temporal& t) {
  int64_t day_ms = 86400000LL;
  int64_t days = ms >= 0 ? ms / day_ms : -((-ms + day_ms - 1) / day_ms);
  int64_t rest = ms - days * day_ms;
  if (t.kind != TemporalKind::Time) civil_from_days(days, t.year, t.month, t.day);
  t.hour = static_cast<int>(rest / 3600000);
  t.minute = static_cast<int>(rest / 60000 % 60);
  t.second = static_cast<int>(rest / 1000 % 60);
  t.millisecond = static_cast<int>(rest % 1000);
}

int level(TemporalPrecision p) {  // seconds and milliseconds compare as one precision
  return p == TemporalPrecision::Millisecond ? static_cast<int>(TemporalPrecision::Second) : static_cast<int>(p);
}

}  // namespace

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return days[(month - 1) % 12];
}

std::optional<Temporal> Temporal::parse_date(std::string_view s) {
  Temporal t;
  t.kind = TemporalKind::Date;
  size_t pos = 0;
  if (!parse_date_part(s, pos, t) || pos != s.size()) return std::nullopt;
  return t;
}

std::optional<Temporal> Temporal::parse_datetime(std::string_view s) {
  Temporal t;
  t.kind = TemporalKind::DateTime;
  size_t pos = 0;
  if (!parse_date_part(s, pos, t)) return std::nullopt;
  if (pos < s.size() && s[pos] == 'T') {
    ++pos;
    if (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (t.precision != TemporalPrecision::Day || !parse_clock(s, pos, t)) return std::nullopt;
    }
    if (!parse_timezone(s, pos, t)) return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return t;
}

std::optional<Temporal> Temporal::parse_time(std::string_view s) {
  Temporal t;
  t.kind = TemporalKind::Time;
  t.year = 0;
  size_t pos = 0;
  if (!parse_clock(s, pos, t) || pos != s.size()) return std::nullopt;
  return t;
}

std::string Temporal::to_string() const {
  char buf[64];
  std::string out;
  if (kind != TemporalKind::Time) {
    std::snprintf(buf, sizeof buf, "%04d", year);
    out = buf;
    if (precision >= TemporalPrecision::Month) {
      std::snprintf(buf, sizeof buf, "-%02d", month);
      out += buf;
    }
    if (precision >= TemporalPrecision::Day) {
      std::snprintf(buf, sizeof buf, "-%02d", day);
      out += buf;
    }
    if (kind == TemporalKind::Date || precision <= TemporalPrecision::Day) return out;
    out += 'T';
  }
  std::snprintf(buf, sizeof buf, "%02d", hour);
  out += buf;
  if (precision >= TemporalPrecision::Minute) {
    std::snprintf(buf, sizeof buf, ":%02d", minute);
    out += buf;
  }
  if (precision >= TemporalPrecision::Second) {
    std::snprintf(buf, sizeof buf, ":%02d", second);
    out += buf;
  }
  if (precision >= TemporalPrecision::Millisecond) {
    std::snprintf(buf, sizeof buf, ".%03d", millisecond);
    out += buf;
  }
  if (kind == TemporalKind::DateTime && has_timezone) {
    if (tz_offset_minutes == 0) {
      out += 'Z';
    } else {
      int m = tz_offset_minutes < 0 ? -tz_offset_minutes : tz_offset_minutes;
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", tz_offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
      out += buf;
    }
  }
  return out;
}

std::optional<int> Temporal::compare(const Temporal& o) const {
  Temporal a = *this, b = o;
  // A time with a timezone against one without: the offset is unknown, so is the answer.
  if (a.has_timezone != b.has_timezone && a.precision >= TemporalPrecision::Hour &&
      b.precision >= TemporalPrecision::Hour)
    return std::nullopt;
  // Normalise to UTC when both carry a timezone and have a time part.
  if (a.has_timezone && b.has_timezone && a.precision >= TemporalPrecision::Hour &&
      b.precision >= TemporalPrecision::Hour) {
    from_epoch_ms(to_epoch_ms(a) - a.tz_offset_minutes * 60000LL, a);
    from_epoch_ms(to_epoch_ms(b) - b.tz_offset_minutes * 60000LL, b);
  }
  int fields_a[] = {a.year, a.month, a.day, a.hour, a.minute, a.second * 1000 + a.millisecond};
  int fields_b[] = {b.year, b.month, b.day, b.hour, b.minute, b.second * 1000 + b.millisecond};
  int start = kind == TemporalKind::Time ? 3 : 0;
  int la = level(a.precision), lb = level(b.precision);
  if (kind == TemporalKind::Time) {
    la = level(a.precision);
    lb = level(b.precision);
  }
  int common = std::min(la, lb);
  for (int i = start; i <= common; ++i) {
    if (fields_a[i] != fields_b[i]) return fields_a[i] < fields_b[i] ? -1 : 1;
  }
  if (la != lb) return std::nullopt;
  return 0;
}

std::optional<Temporal> Temporal::add(const Decimal& amount, std::string_view unit) const {
  Temporal t = *this;
  auto whole = amount.truncate().to_int64();
  if (!whole) return std::nullopt;
  int64_t n = *whole;
  if (unit == "year" || unit == "month") {
    if (kind == TemporalKind::Time) return std::nullopt;
    int64_t months = unit == "year" ? n * 12 : n;
    if (unit == "month" && precision == TemporalPrecision::Year) months = months / 12 * 12;
    int64_t total = static_cast<int64_t>(t.year) * 12 + (t.month - 1) + months;
    t.year = static_cast<int>(total / 12);
    t.month = static_cast<int>(total % 12) + 1;
    if (t.day > days_in_month(t.year, t.month)) t.day = days_in_month(t.year, t.month);
    if (t.year < 1 || t.year > 9999) return std::nullopt;
    return t;
  }
  int64_t ms_per = 0;
  if (unit == "week") ms_per = 7 * 86400000LL;
  else if (unit == "day") ms_per = 86400000LL;
  else if (unit == "hour") ms_per = 3600000LL;
  else if (unit == "minute") ms_per = 60000LL;
  else if (unit == "second") ms_per = 1000LL;
  else if (unit == "millisecond") ms_per = 1LL;
  else return std::nullopt;
  if (kind == TemporalKind::Time && ms_per >= 86400000LL) return std::nullopt;
  if (kind == TemporalKind::Date && ms_per < 86400000LL) {
    // Whole days only for dates; smaller units are truncated to days.
    n = n * ms_per / 86400000LL;
    ms_per = 86400000LL;
  }
  int64_t delta = n * ms_per;
  if (unit == "second" && !amount.is_integral()) {  // fractional seconds keep milliseconds
    auto ms = amount.mul(Decimal::from_integer(1000));
    if (ms) delta = ms->truncate().to_int64().value_or(delta);
  }
  // Coarser precisions move in their own unit: @2014 + 400 days stays a year value.
  if (precision < TemporalPrecision::Day && kind != TemporalKind::Time) {
    int64_t days = delta / 86400000LL;
    if (precision == TemporalPrecision::Month) {
      Temporal m = t;
      return m.add(Decimal::from_integer(days / 30), "month");
    }
    return t.add(Decimal::from_integer(days / 365), "year");
  }
  int64_t ms = to_epoch_ms(t) + delta;
  if (kind == TemporalKind::Time) ms = ((ms % 86400000LL) + 86400000LL) % 86400000LL;
  from_epoch_ms(ms, t);
  if (kind != TemporalKind::Time && (t.year < 1 || t.year > 9999)) return std::nullopt;
  return t;
}

int Temporal::precision_digits() const {
  if (kind == TemporalKind::Time) {
    static const int time_digits[] = {0, 0, 0, 2, 4, 6, 9};
    return time_digits[static_cast<int>(precision)];
  }
  static const int digits[] = {4, 6, 8, 10, 12, 14, 17};
  return digits[static_cast<int>(precision)];
}

}  // namespace renkei::fhirpath
