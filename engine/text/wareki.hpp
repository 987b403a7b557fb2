#pragma once
// Dates and times as written in legacy Japanese care data, converted to ISO 8601 / FHIR lexical forms.
//
// Accepted date forms (full-width digits, letters and punctuation are accepted as their ASCII equivalents;
// surrounding spaces are ignored):
//   和暦, era as kanji (明治 大正 昭和 平成 令和), single kanji (明 大 昭 平 令) or letter (M T S H R, any case),
//   year as digits or 元 (= 1):
//     昭和15年3月2日  昭和15年3月  昭和15年      (kanji separators; 日 optional)
//     S15.3.2  S15/3/2  S15-3-2  S15.3  S15 (the same symbol throughout)
//     H310430  (letter + YYMMDD)   4310430 (GYYMMDD with era digit 1=明治 2=大正 3=昭和 4=平成 5=令和)
//   西暦: YYYYMMDD, YYYYMM, YYYY/MM/DD, YYYY-MM-DD, YYYY.MM.DD, YYYY/MM, YYYY年M月D日, YYYY年M月, YYYY年
// Precision follows the input: day → "YYYY-MM-DD", month → "YYYY-MM", year → "YYYY".
// Empty text and the sentinels 00000000 (no date) and 000000 (no month) give an Empty result, which is
// distinct from an error.
//
// Era boundaries are checked: 平成31年4月30日 is valid, 平成31年5月1日 is not (that day is 令和元年5月1日);
// 昭和64年1月7日 is the last day of 昭和. A month or year is valid when it overlaps the era. 明治 dates
// before 明治6年 (1873) are rejected at day/month precision: Japan used the lunisolar calendar until then and
// this converter does not translate those.
//
// Error messages name the problem (and era boundaries) but never repeat the input text.
#include <string>
#include <string_view>

namespace renkei::text {

enum class DatePrecision { Year, Month, Day };

struct DateResult {
  enum class Status { Value, Empty, Error };
  Status status = Status::Empty;
  std::string value;  // ISO text when status == Value
  DatePrecision precision = DatePrecision::Day;
  std::string error;  // when status == Error

  bool has_value() const { return status == Status::Value; }
  bool is_empty() const { return status == Status::Empty; }
  bool is_error() const { return status == Status::Error; }
};

DateResult parse_date(std::string_view text);

struct TimeResult {
  enum class Status { Value, Empty, Error };
  Status status = Status::Empty;
  std::string value;  // "HH:MM:SS" (FHIR time) when status == Value
  std::string error;

  bool has_value() const { return status == Status::Value; }
  bool is_empty() const { return status == Status::Empty; }
  bool is_error() const { return status == Status::Error; }
};

// HHMM, HHMMSS, HH:MM or HH:MM:SS (00:00–23:59). Empty text and the sentinel 9999 give Empty.
TimeResult parse_time(std::string_view text);

}  // namespace renkei::text
