#include "text/wareki.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <optional>

namespace renkei::text {
namespace {

struct Ymd {
  int year = 0, month = 0, day = 0;
};

constexpr bool operator<(const Ymd& a, const Ymd& b) {
  if (a.year != b.year) return a.year < b.year;
  if (a.month != b.month) return a.month < b.month;
  return a.day < b.day;
}

struct Era {
  std::string_view name;      // 明治
  std::string_view short_kanji;  // 明
  char letter;                // M
  int code;                   // administrative era digit
  Ymd first_day;
  std::optional<Ymd> last_day;
};

constexpr int kMeijiFirstYear = 1868;
constexpr Ymd kGregorianAdoption{1873, 1, 1};  // 明治6年1月1日

const std::array<Era, 5>& eras() {
  static const std::array<Era, 5> table{{
      {"明治", "明", 'M', 1, Ymd{kMeijiFirstYear, 1, 1}, Ymd{1912, 7, 29}},
      {"大正", "大", 'T', 2, Ymd{1912, 7, 30}, Ymd{1926, 12, 24}},
      {"昭和", "昭", 'S', 3, Ymd{1926, 12, 25}, Ymd{1989, 1, 7}},
      {"平成", "平", 'H', 4, Ymd{1989, 1, 8}, Ymd{2019, 4, 30}},
      {"令和", "令", 'R', 5, Ymd{2019, 5, 1}, std::nullopt},
  }};
  return table;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[static_cast<size_t>(m - 1)];
}

std::string format_ymd(const Ymd& d) {
  char buf[16];
  const auto n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return std::string(buf, static_cast<size_t>(n));
}

// Full-width ASCII variants (０-９, Ａ-Ｚ, ．／－ …) → ASCII and U+3000 → space, so that the parser sees
// one spelling; other characters (kanji) are kept as UTF-8.
std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 == 0xEF && i + 2 < text.size()) {
      const char32_t cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                          (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFEE0));
        i += 3;
        continue;
      }
    }
    if (text.substr(i, 3) == "\u3000") {
      out.push_back(' ');
      i += 3;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  const size_t first = out.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const size_t last = out.find_last_not_of(" \t");
  return out.substr(first, last - first + 1);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view digits) {
  int v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  return v;
}

bool consume(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

std::string_view take_digits(std::string_view& s, size_t max_digits) {
  size_t n = 0;
  while (n < s.size() && n < max_digits && s[n] >= '0' && s[n] <= '9') ++n;
  std::string_view digits = s.substr(0, n);
  s.remove_prefix(n);
  return digits;
}

const Era* take_era(std::string_view& s) {
  for (const Era& era : eras())
    if (consume(s, era.name)) return &era;
  for (const Era& era : eras())
    if (consume(s, era.short_kanji)) return &era;
  if (!s.empty()) {
    const char c = static_cast<char>(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 'a' + 'A' : s[0]);
    for (const Era& era : eras())
      if (c == era.letter) {
        s.remove_prefix(1);
        return &era;
      }
  }
  return nullptr;
}

// The date fields as written, before validation. month/day 0 = not given.
struct DateParts {
  const Era* era = nullptr;
  int year = 0;  // era year when era != nullptr
  int month = 0;
  int day = 0;
};

DateResult error(std::string message) {
  DateResult r;
  r.status = DateResult::Status::Error;
  r.error = std::move(message);
  return r;
}

// Parses "<year><sep><month><sep><day>" after the era (or a Western year): separators are either 年/月/日
// or one symbol of . / - used throughout. `year_text` was already taken.
std::optional<DateParts> parse_separated(std::string_view rest, DateParts parts) {
  if (rest.empty()) return parts;
  std::string_view symbol;
  const bool kanji_style = consume(rest, "年");
  if (!kanji_style) {
    if (rest[0] != '.' && rest[0] != '/' && rest[0] != '-') return std::nullopt;
    symbol = rest.substr(0, 1);
    rest.remove_prefix(1);
  }
  if (kanji_style && rest.empty()) return parts;
  std::string_view month = take_digits(rest, 2);
  if (month.empty()) return std::nullopt;
  parts.month = to_int(month);
  if (kanji_style ? !consume(rest, "月") : false) return std::nullopt;
  if (rest.empty()) return parts;
  if (!kanji_style && !consume(rest, symbol)) return std::nullopt;
  std::string_view day = take_digits(rest, 2);
  if (day.empty()) return std::nullopt;
  parts.day = to_int(day);
  if (kanji_style) consume(rest, "日");
  if (!rest.empty()) return std::nullopt;
  return parts;
}

std::optional<DateParts> parse_parts(std::string_view s) {
  DateParts parts;
  if (all_digits(s) && s.size() == 7) {  // GYYMMDD
    const int code = s[0] - '0';
    for (const Era& era : eras())
      if (era.code == code) parts.era = &era;
    if (!parts.era) return std::nullopt;
    parts.year = to_int(s.substr(1, 2));
    parts.month = to_int(s.substr(3, 2));
    parts.day = to_int(s.substr(5, 2));
    return parts;
  }
  if (all_digits(s) && (s.size() == 8 || s.size() == 6)) {  // YYYYMMDD, YYYYMM
    parts.year = to_int(s.substr(0, 4));
    parts.month = to_int(s.substr(4, 2));
    if (s.size() == 8) parts.day = to_int(s.substr(6, 2));
    return parts;
  }
  if ((parts.era = take_era(s))) {
    if (all_digits(s) && s.size() == 6) {  // H310430
      parts.year = to_int(s.substr(0, 2));
      parts.month = to_int(s.substr(2, 2));
      parts.day = to_int(s.substr(4, 2));
      return parts;
    }
    if (consume(s, "元")) {
      parts.year = 1;
    } else {
      std::string_view year = take_digits(s, 3);
      if (year.empty()) return std::nullopt;
      parts.year = to_int(year);
    }
    return parse_separated(s, parts);
  }
  std::string_view year = take_digits(s, 4);
  if (year.size() != 4) return std::nullopt;
  parts.year = to_int(year);
  if (s.empty()) return parts;  // YYYY
  return parse_separated(s, parts);
}

bool all_zero(std::string_view s) { return all_digits(s) && s.find_first_not_of('0') == std::string_view::npos; }

}  // namespace

DateResult parse_date(std::string_view text) {
  const std::string s = normalize(text);
  if (s.empty() || ((s.size() == 8 || s.size() == 6) && all_zero(s))) return DateResult{};
  std::optional<DateParts> parts = parse_parts(s);
  if (!parts) return error("unrecognised date format");

  const DatePrecision precision = parts->day ? DatePrecision::Day : parts->month ? DatePrecision::Month : DatePrecision::Year;
  int year = parts->year;
  if (parts->era) {
    if (year < 1) return error("era year must be 1 (元年) or more");
    year = parts->era->first_day.year + year - 1;
  } else if (year < 1) {
    return error("year 0000 is not a valid year");
  }
  if (precision != DatePrecision::Year && (parts->month < 1 || parts->month > 12))
    return error("month must be between 1 and 12");
  if (precision == DatePrecision::Day && (parts->day < 1 || parts->day > days_in_month(year, parts->month)))
    return error("day does not exist in that month");

  // The span the value covers, to check it against the era.
  const Ymd first{year, precision == DatePrecision::Year ? 1 : parts->month,
                  precision == DatePrecision::Day ? parts->day : 1};
  const Ymd last{year, precision == DatePrecision::Year ? 12 : parts->month,
                 precision == DatePrecision::Day ? parts->day
                                                 : days_in_month(year, precision == DatePrecision::Year ? 12 : parts->month)};
  if (const Era* era = parts->era) {
    if (last < era->first_day)
      return error("date is before the start of the " + std::string(era->name) + " era (" + format_ymd(era->first_day) + ")");
    if (era->last_day && *era->last_day < first)
      return error("date is after the end of the " + std::string(era->name) + " era (" + format_ymd(*era->last_day) + ")");
    if (era->code == 1 && precision != DatePrecision::Year && first < kGregorianAdoption)
      return error("明治 dates before 明治6年 use the lunisolar calendar and are not converted");
  }

  DateResult r;
  r.status = DateResult::Status::Value;
  r.precision = precision;
  r.value = format_ymd(first).substr(0, precision == DatePrecision::Year ? 4 : precision == DatePrecision::Month ? 7 : 10);
  return r;
}

TimeResult parse_time(std::string_view text) {
  const std::string s = normalize(text);
  TimeResult r;
  if (s.empty() || s == "9999") return r;
  std::string digits;
  if (s.size() == 5 || s.size() == 8) {  // HH:MM, HH:MM:SS
    for (size_t i = 0; i < s.size(); ++i) {
      if (i % 3 == 2) {
        if (s[i] != ':') digits.clear(), i = s.size();
      } else {
        digits.push_back(s[i]);
      }
    }
  } else {
    digits = s;
  }
  if (!all_digits(digits) || (digits.size() != 4 && digits.size() != 6)) {
    r.status = TimeResult::Status::Error;
    r.error = "unrecognised time format (expected HHMM or HH:MM)";
    return r;
  }
  const int hours = to_int(std::string_view(digits).substr(0, 2));
  const int minutes = to_int(std::string_view(digits).substr(2, 2));
  const int seconds = digits.size() == 6 ? to_int(std::string_view(digits).substr(4, 2)) : 0;
  if (hours > 23 || minutes > 59 || seconds > 59) {
    r.status = TimeResult::Status::Error;
    r.error = "time out of range (00:00:00–23:59:59)";
    return r;
  }
  r.status = TimeResult::Status::Value;
  r.value = digits.substr(0, 2) + ":" + digits.substr(2, 2) + ":" + (digits.size() == 6 ? digits.substr(4, 2) : "00");
  return r;
}

}  // namespace renkei::text
