#include "validation/primitive_format.hpp"

#include <array>
#include <charconv>
#include <system_error>
#include <utility>

namespace renkei::validation {
namespace {

using Result = std::optional<FormatProblem>;

Result error(std::string_view message) { return FormatProblem{Severity::Error, std::string(message)}; }
Result warning(std::string_view message) { return FormatProblem{Severity::Warning, std::string(message)}; }

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
// \s of the R4 regexes (Java): space, tab, LF, VT, FF, CR.
constexpr bool is_regex_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// What String.trim() style checks call whitespace in FHIR strings.
constexpr bool is_edge_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
constexpr bool is_disallowed_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 && c != '\t' && c != '\n' && c != '\r';
}
constexpr bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// Long values (base64 attachments, narratives in strings) dominate the scanning time: the
// leading whole 32-byte blocks in which `accept` holds for every byte are skipped with a
// branch-free inner loop the compiler vectorises; the scalar rules then run on the rest.
template <typename Accept>
size_t accepted_block_prefix(std::string_view text, Accept accept) {
  constexpr size_t kBlock = 32;
  size_t i = 0;
  for (; i + kBlock <= text.size(); i += kBlock) {
    unsigned char all = 1;
    for (size_t k = 0; k < kBlock; ++k) all &= accept(static_cast<unsigned char>(text[i + k]));
    if (!all) break;
  }
  return i;
}

// Bitwise (not short-circuit) so that the block loop above vectorises.
constexpr unsigned char allowed_string_byte(unsigned char b) {
  return static_cast<unsigned char>((b >= 0x20) | (b == '\t') | (b == '\n') | (b == '\r'));
}
constexpr unsigned char regex_space_byte(unsigned char b) {  // is_regex_space: ' ' and \t \n \v \f \r (9-13)
  return static_cast<unsigned char>((b == ' ') | (static_cast<unsigned char>(b - '\t') < 5));
}
constexpr unsigned char base64_alphabet_byte(unsigned char b) {
  const auto lower = static_cast<unsigned char>(b | 0x20);
  return static_cast<unsigned char>((static_cast<unsigned char>(lower - 'a') < 26) |
                                    (static_cast<unsigned char>(b - '0') < 10) | (b == '+') | (b == '/'));
}

// ---- numbers --------------------------------------------------------------------------------

struct IntegerRule {
  bool allow_minus;
  int64_t min;
  int64_t max;
  std::string_view not_a_number;
  std::string_view out_of_range;
};

constexpr int64_t kInt32Max = 2147483647;
constexpr IntegerRule kIntegerRule{true, -kInt32Max - 1, kInt32Max, "not a valid integer",
                                   "integer out of the 32-bit range -2147483648..2147483647"};
constexpr IntegerRule kUnsignedIntRule{false, 0, kInt32Max, "not a valid unsignedInt (digits only, no sign)",
                                       "unsignedInt out of range 0..2147483647"};
constexpr IntegerRule kPositiveIntRule{false, 1, kInt32Max, "not a valid positiveInt (digits only, no sign)",
                                       "positiveInt out of range 1..2147483647"};

Result check_integer(std::string_view text, const IntegerRule& rule) {
  size_t i = 0;
  const bool negative = text[0] == '-';
  if (negative) {
    if (!rule.allow_minus) return error(rule.out_of_range);
    i = 1;
  }
  if (i == text.size()) return error(rule.not_a_number);
  for (size_t j = i; j < text.size(); ++j)
    if (!is_digit(text[j])) return error(rule.not_a_number);
  if (text[i] == '0' && text.size() - i > 1) return error("leading zeros are not allowed");
  if (text.size() - i > 10) return error(rule.out_of_range);  // more digits than any 32-bit value
  int64_t magnitude = 0;
  for (size_t j = i; j < text.size(); ++j) magnitude = magnitude * 10 + (text[j] - '0');
  const int64_t value = negative ? -magnitude : magnitude;
  if (value < rule.min || value > rule.max) return error(rule.out_of_range);
  return std::nullopt;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
Result check_decimal(std::string_view text) {
  constexpr std::string_view kMessage = "not a valid decimal (JSON number syntax, e.g. -1.5 or 2.0e3)";
  size_t i = 0;
  const size_t n = text.size();
  if (text[i] == '-') ++i;
  if (i == n || !is_digit(text[i])) return error(kMessage);
  if (text[i] == '0') {
    ++i;
    if (i < n && is_digit(text[i])) return error("leading zeros are not allowed in a decimal");
  } else {
    while (i < n && is_digit(text[i])) ++i;
  }
  if (i < n && text[i] == '.') {
    ++i;
    if (i == n || !is_digit(text[i])) return error(kMessage);
    while (i < n && is_digit(text[i])) ++i;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (i == n || !is_digit(text[i])) return error(kMessage);
    while (i < n && is_digit(text[i])) ++i;
  }
  if (i != n) return error(kMessage);
  // Most consumers read decimals as doubles: a value no double can hold would silently become
  // infinity or zero there.
  double value = 0;
  if (std::from_chars(text.data(), text.data() + n, value).ec == std::errc::result_out_of_range)
    return error("decimal beyond the range of a double (non-zero magnitude above about 1.8e308 or below about 4.9e-324)");
  return std::nullopt;
}

// ---- strings --------------------------------------------------------------------------------

size_t count_code_points(std::string_view text) {
  size_t count = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

// string and markdown: [ \r\n\t\S]+, at most 1 MiB characters; SHOULD NOT start or end with
// whitespace (a warning, as the Java validator reports it).
Result check_string(std::string_view text) {
  if (text.size() > kMaxStringCharacters && count_code_points(text) > kMaxStringCharacters)
    return error("string longer than 1048576 characters");
  for (size_t i = accepted_block_prefix(text, allowed_string_byte); i < text.size(); ++i)
    if (is_disallowed_control(text[i])) return error("contains control characters other than tab, CR and LF");
  if (is_edge_space(text.front()) || is_edge_space(text.back())) {
    for (char c : text)
      if (!is_edge_space(c)) return warning("should not start or end with whitespace");
    return warning("consists only of whitespace");
  }
  return std::nullopt;
}

// [^\s]+(\s[^\s]+)*
Result check_code(std::string_view text) {
  for (char c : text)
    if (is_disallowed_control(c)) return error("contains control characters other than tab, CR and LF");
  if (is_regex_space(text.front()) || is_regex_space(text.back()))
    return error("a code must not start or end with whitespace");
  for (size_t i = 1; i < text.size(); ++i)
    if (is_regex_space(text[i]) && is_regex_space(text[i - 1]))
      return error("a code must not contain consecutive whitespace");
  return std::nullopt;
}

// [A-Za-z0-9\-\.]{1,64}
Result check_id(std::string_view text) {
  if (text.size() > 64) return error("an id is at most 64 characters");
  for (char c : text) {
    const bool allowed = is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.';
    if (!allowed) return error("an id may only contain A-Z, a-z, 0-9, '-' and '.'");
  }
  return std::nullopt;
}

constexpr std::string_view kUuidPrefix = "urn:uuid:";
constexpr std::string_view kOidPrefix = "urn:oid:";

// urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
Result check_uuid(std::string_view text, bool any_case = false) {
  constexpr std::string_view kMessage = "not a valid uuid (urn:uuid: followed by lowercase 8-4-4-4-12 hex digits)";
  if (!text.starts_with(kUuidPrefix)) return error(kMessage);
  const std::string_view hex = text.substr(kUuidPrefix.size());
  if (hex.size() != 36) return error(kMessage);
  for (size_t i = 0; i < hex.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = any_case && hex[i] >= 'A' && hex[i] <= 'F' ? static_cast<char>(hex[i] - 'A' + 'a') : hex[i];
    if (dash_position ? c != '-' : !is_lower_hex(c)) return error(kMessage);
  }
  return std::nullopt;
}

// urn:oid:[0-2](\.(0|[1-9][0-9]*))+
Result check_oid(std::string_view text) {
  constexpr std::string_view kMessage =
      "not a valid oid (urn:oid: followed by 0, 1 or 2 and dot-separated numbers without leading zeros)";
  if (!text.starts_with(kOidPrefix)) return error(kMessage);
  const std::string_view arcs = text.substr(kOidPrefix.size());
  if (arcs.size() < 3 || arcs[0] < '0' || arcs[0] > '2' || arcs[1] != '.') return error(kMessage);
  size_t i = 1;
  while (i < arcs.size()) {
    if (arcs[i] != '.') return error(kMessage);
    ++i;
    if (i == arcs.size() || !is_digit(arcs[i])) return error(kMessage);
    if (arcs[i] == '0') {
      ++i;
      if (i < arcs.size() && is_digit(arcs[i])) return error(kMessage);
    } else {
      while (i < arcs.size() && is_digit(arcs[i])) ++i;
    }
  }
  return std::nullopt;
}

// uri, url, canonical: \S*. A urn:uuid: or urn:oid: URI must also be a valid uuid or oid
// (as the Java validator checks). Only the uuid type itself demands lowercase hex: RFC 4122
// reads either case, and the R4 examples use uppercase in uri elements.
Result check_uri(std::string_view text) {
  for (char c : text)
    if (is_regex_space(c)) return error("a URI must not contain whitespace");
  if (text.starts_with(kUuidPrefix)) return check_uuid(text, true);
  if (text.starts_with(kOidPrefix)) return check_oid(text);
  return std::nullopt;
}

// A canonical may carry a version after '|': neither side may be empty.
Result check_canonical(std::string_view text) {
  if (auto problem = check_uri(text)) return problem;
  const size_t bar = text.find('|');
  if (bar != std::string_view::npos && (bar == 0 || bar + 1 == text.size() ||
                                        text.find('|', bar + 1) != std::string_view::npos))
    return error("a canonical is url or url|version");
  return std::nullopt;
}

// The R4 regex allows whitespace between 4-character groups; like the Java validator,
// whitespace is ignored wherever it is. Padding '=' only at the very end, at most two.
Result check_base64(std::string_view text) {
  // Whole 32-byte blocks of alphabet and whitespace only (most of a long value: MIME base64
  // breaks its lines every 76 characters) are counted branch-free; the first block holding
  // anything else ('=' or a fault) and the tail go through the exact rules below.
  constexpr size_t kBlock = 32;
  size_t significant = 0;
  size_t start = 0;
  for (; start + kBlock <= text.size(); start += kBlock) {
    unsigned char all = 1;
    unsigned count = 0;
    for (size_t k = 0; k < kBlock; ++k) {
      const auto b = static_cast<unsigned char>(text[start + k]);
      const unsigned char alphabet = base64_alphabet_byte(b);
      all &= static_cast<unsigned char>(alphabet | regex_space_byte(b));
      count += alphabet;
    }
    if (!all) break;
    significant += count;
  }
  size_t padding = 0;
  for (char c : text.substr(start)) {
    if (is_regex_space(c)) continue;
    if (c == '=') {
      ++padding;
      ++significant;
      continue;
    }
    const bool alphabet = is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+' || c == '/';
    if (!alphabet) return error("not valid base64: character outside A-Z a-z 0-9 + / =");
    if (padding > 0) return error("not valid base64: '=' padding only at the end");
    ++significant;
  }
  if (significant == 0) return error("value is empty");
  if (padding > 2) return error("not valid base64: at most two '=' padding characters");
  if (significant % 4 != 0) return error("not valid base64: length (without whitespace) is not a multiple of 4");
  return std::nullopt;
}

// ---- dates and times ------------------------------------------------------------------------

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool at_end() const { return pos_ == text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Exactly `count` digits as a number, or -1.
  int digits(int count) {
    if (text_.size() - pos_ < static_cast<size_t>(count)) return -1;
    int value = 0;
    for (int k = 0; k < count; ++k) {
      const char c = text_[pos_ + static_cast<size_t>(k)];
      if (!is_digit(c)) return -1;
      value = value * 10 + (c - '0');
    }
    pos_ += static_cast<size_t>(count);
    return value;
  }
  void skip_digits() {
    while (!at_end() && is_digit(text_[pos_])) ++pos_;
  }
  bool next_is_digit() const { return !at_end() && is_digit(text_[pos_]); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

constexpr bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }
constexpr int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<size_t>(month - 1)];
}

enum class DatePrecision { Year, Month, Day };
using Message = std::optional<std::string_view>;

// YYYY(-MM(-DD)?)? with years 0001-9999 and real calendar days.
Message scan_date(Scanner& in, DatePrecision& precision) {
  const int year = in.digits(4);
  if (year < 0) return "the year must be four digits (YYYY)";
  if (year == 0) return "year 0000 does not exist";
  precision = DatePrecision::Year;
  if (!in.eat('-')) return std::nullopt;
  const int month = in.digits(2);
  if (month < 0) return "the month must be two digits (YYYY-MM)";
  if (month < 1 || month > 12) return "month out of range 01-12";
  precision = DatePrecision::Month;
  if (!in.eat('-')) return std::nullopt;
  const int day = in.digits(2);
  if (day < 0) return "the day must be two digits (YYYY-MM-DD)";
  if (day < 1 || day > days_in_month(year, month)) return "day does not exist in that month";
  precision = DatePrecision::Day;
  return std::nullopt;
}

// hh:mm:ss(.f+)? with hh 00-23 and ss up to 60 (leap second, as the R4 regex allows).
Message scan_time(Scanner& in) {
  const int hour = in.digits(2);
  if (hour < 0) return "the time must be hh:mm:ss";
  if (hour > 23) return "hour out of range 00-23";
  if (!in.eat(':')) return "the time must be hh:mm:ss";
  const int minute = in.digits(2);
  if (minute < 0) return "the time must be hh:mm:ss";
  if (minute > 59) return "minute out of range 00-59";
  if (!in.eat(':')) return "seconds are required (hh:mm:ss)";
  const int second = in.digits(2);
  if (second < 0) return "the time must be hh:mm:ss";
  if (second > 60) return "second out of range 00-60";
  if (in.eat('.')) {
    if (!in.next_is_digit()) return "a fraction of a second needs at least one digit";
    in.skip_digits();
  }
  return std::nullopt;
}

// Z | (+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)
Message scan_timezone(Scanner& in) {
  if (in.eat('Z')) return std::nullopt;
  if (!in.eat('+') && !in.eat('-')) return "a time must have a timezone (Z or +hh:mm / -hh:mm)";
  const int hour = in.digits(2);
  if (hour < 0 || !in.eat(':')) return "the timezone must be Z or +hh:mm / -hh:mm";
  const int minute = in.digits(2);
  if (minute < 0) return "the timezone must be Z or +hh:mm / -hh:mm";
  if (hour > 14 || minute > 59 || (hour == 14 && minute != 0)) return "timezone offset out of range -14:00..+14:00";
  return std::nullopt;
}

Result check_date(std::string_view text) {
  Scanner in(text);
  DatePrecision precision{};
  if (auto message = scan_date(in, precision)) return error(*message);
  if (!in.at_end()) {
    if (in.peek() == 'T') return error("a date has no time (use dateTime)");
    return error("a date is YYYY, YYYY-MM or YYYY-MM-DD");
  }
  return std::nullopt;
}

Result check_date_time(std::string_view text, bool instant) {
  Scanner in(text);
  DatePrecision precision{};
  if (auto message = scan_date(in, precision)) return error(*message);
  if (in.at_end()) {
    if (instant) return error("an instant needs date, time and timezone (YYYY-MM-DDThh:mm:ss+zz:zz)");
    return std::nullopt;
  }
  if (!in.eat('T')) return error("a dateTime is YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+zz:zz");
  if (precision != DatePrecision::Day) return error("a time needs a full date (YYYY-MM-DD)");
  if (auto message = scan_time(in)) return error(*message);
  if (auto message = scan_timezone(in)) return error(*message);
  if (!in.at_end()) return error("unexpected characters after the timezone");
  return std::nullopt;
}

Result check_time(std::string_view text) {
  Scanner in(text);
  if (auto message = scan_time(in)) return error(*message);
  if (!in.at_end()) return error("a time is hh:mm:ss(.fff) without date or timezone");
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, PrimitiveKind>, 20> kKindNames{{
    {"boolean", PrimitiveKind::Boolean},
    {"integer", PrimitiveKind::Integer},
    {"unsignedInt", PrimitiveKind::UnsignedInt},
    {"positiveInt", PrimitiveKind::PositiveInt},
    {"decimal", PrimitiveKind::Decimal},
    {"string", PrimitiveKind::String},
    {"uri", PrimitiveKind::Uri},
    {"url", PrimitiveKind::Url},
    {"canonical", PrimitiveKind::Canonical},
    {"uuid", PrimitiveKind::Uuid},
    {"oid", PrimitiveKind::Oid},
    {"id", PrimitiveKind::Id},
    {"code", PrimitiveKind::Code},
    {"markdown", PrimitiveKind::Markdown},
    {"base64Binary", PrimitiveKind::Base64Binary},
    {"date", PrimitiveKind::Date},
    {"dateTime", PrimitiveKind::DateTime},
    {"instant", PrimitiveKind::Instant},
    {"time", PrimitiveKind::Time},
    {"xhtml", PrimitiveKind::Xhtml},
}};

}  // namespace

PrimitiveKind primitive_kind(std::string_view fhir_type) {
  // Called per value: names are told apart by length and first letter, then compared once.
  if (fhir_type.empty()) return PrimitiveKind::Unknown;
  for (const auto& [name, kind] : kKindNames)
    if (name.size() == fhir_type.size() && name[0] == fhir_type[0] && name == fhir_type) return kind;
  return PrimitiveKind::Unknown;
}

std::string_view to_string(PrimitiveKind kind) {
  for (const auto& [name, candidate] : kKindNames)
    if (candidate == kind) return name;
  return "unknown";
}

std::optional<FormatProblem> check_primitive_format(PrimitiveKind kind, std::string_view text) {
  if (kind == PrimitiveKind::Unknown || kind == PrimitiveKind::Xhtml) return std::nullopt;
  // Every primitive value has at least one character; JSON "" and XML value="" are invalid.
  if (text.empty()) return error("value is empty");
  switch (kind) {
    case PrimitiveKind::Boolean:
      if (text == "true" || text == "false") return std::nullopt;
      return error("a boolean is true or false");
    case PrimitiveKind::Integer: return check_integer(text, kIntegerRule);
    case PrimitiveKind::UnsignedInt: return check_integer(text, kUnsignedIntRule);
    case PrimitiveKind::PositiveInt: return check_integer(text, kPositiveIntRule);
    case PrimitiveKind::Decimal: return check_decimal(text);
    case PrimitiveKind::String:
    case PrimitiveKind::Markdown: return check_string(text);
    case PrimitiveKind::Uri:
    case PrimitiveKind::Url: return check_uri(text);
    case PrimitiveKind::Canonical: return check_canonical(text);
    case PrimitiveKind::Uuid: return check_uuid(text);
    case PrimitiveKind::Oid: return check_oid(text);
    case PrimitiveKind::Id: return check_id(text);
    case PrimitiveKind::Code: return check_code(text);
    case PrimitiveKind::Base64Binary: return check_base64(text);
    case PrimitiveKind::Date: return check_date(text);
    case PrimitiveKind::DateTime: return check_date_time(text, false);
    case PrimitiveKind::Instant: return check_date_time(text, true);
    case PrimitiveKind::Time: return check_time(text);
    case PrimitiveKind::Unknown:
    case PrimitiveKind::Xhtml: break;
  }
  return std::nullopt;
}

std::optional<FormatProblem> check_primitive_format(std::string_view fhir_type, std::string_view text) {
  return check_primitive_format(primitive_kind(fhir_type), text);
}

}  // namespace renkei::validation
