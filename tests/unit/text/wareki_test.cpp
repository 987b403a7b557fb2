#include "text/wareki.hpp"

#include <gtest/gtest.h>

namespace renkei::text {
namespace {

struct ValueCase {
  const char* input;
  const char* expected;
};

TEST(Wareki, ConvertsEraAndWesternDates) {
  const ValueCase cases[] = {
      {"昭和15年3月2日", "1940-03-02"},
      {"昭和１５年３月２日", "1940-03-02"},
      {"昭15年3月2日", "1940-03-02"},
      {"S15.3.2", "1940-03-02"},
      {"s15/03/02", "1940-03-02"},
      {"Ｓ１５．３．２", "1940-03-02"},
      {"S15-3-2", "1940-03-02"},
      {"令和元年5月1日", "2019-05-01"},
      {"R1.5.1", "2019-05-01"},
      {"平成31年4月30日", "2019-04-30"},
      {"昭和64年1月7日", "1989-01-07"},
      {"平成元年1月8日", "1989-01-08"},
      {"大正15年12月24日", "1926-12-24"},
      {"昭和元年12月25日", "1926-12-25"},
      {"明治45年7月29日", "1912-07-29"},
      {"大正元年7月30日", "1912-07-30"},
      {"H310430", "2019-04-30"},
      {"R010501", "2019-05-01"},
      {"4310430", "2019-04-30"},
      {"3150302", "1940-03-02"},
      {"5060229", "2024-02-29"},
      {"20240229", "2024-02-29"},
      {"2024/02/29", "2024-02-29"},
      {"2024-2-9", "2024-02-09"},
      {"2024年2月9日", "2024-02-09"},
      {" 19400302 ", "1940-03-02"},
      // partial precision
      {"R2年4月", "2020-04"},
      {"H12年10月", "2000-10"},
      {"平成31年4月", "2019-04"},
      {"令和元年5月", "2019-05"},
      {"S15.3", "1940-03"},
      {"202404", "2024-04"},
      {"2024/04", "2024-04"},
      {"昭和64年", "1989"},
      {"令和6年", "2024"},
  };
  for (const ValueCase& c : cases) {
    DateResult r = parse_date(c.input);
    ASSERT_TRUE(r.has_value()) << c.input << ": " << r.error;
    EXPECT_EQ(r.value, c.expected) << c.input;
  }
  EXPECT_EQ(parse_date("R2年4月").precision, DatePrecision::Month);
  EXPECT_EQ(parse_date("S15.3.2").precision, DatePrecision::Day);
  EXPECT_EQ(parse_date("昭和64年").precision, DatePrecision::Year);
}

TEST(Wareki, SentinelsAndBlanksAreEmptyNotErrors) {
  for (const char* input : {"", "   ", "00000000", "000000", "　"}) {
    DateResult r = parse_date(input);
    EXPECT_TRUE(r.is_empty()) << "'" << input << "'";
    EXPECT_FALSE(r.is_error());
  }
}

struct ErrorCase {
  const char* input;
  const char* problem;  // substring of the message
};

TEST(Wareki, RejectsImpossibleDates) {
  const ErrorCase cases[] = {
      {"平成31年5月1日", "after the end of the 平成 era (2019-04-30)"},
      {"H310501", "after the end of the 平成 era"},
      {"平成31年5月", "after the end of the 平成 era"},
      {"平成32年", "after the end of the 平成 era"},
      {"昭和64年1月8日", "after the end of the 昭和 era (1989-01-07)"},
      {"令和元年4月30日", "before the start of the 令和 era (2019-05-01)"},
      {"令和元年4月", "before the start of the 令和 era"},
      {"平成元年1月7日", "before the start of the 平成 era"},
      {"大正15年12月25日", "after the end of the 大正 era"},
      {"明治3年5月1日", "lunisolar"},
      {"昭和0年1月1日", "era year"},
      {"20230229", "day does not exist"},
      {"2024/13/01", "month"},
      {"S15.3.32", "day does not exist"},
      {"00000229", "year 0000"},
      {"6150302", "unrecognised"},  // era digit 6 does not exist
      {"X15.3.2", "unrecognised"},
      {"S15.3/2", "unrecognised"},  // mixed separators
      {"昭和15年3月2日頃", "unrecognised"},
      {"1234567890", "unrecognised"},
  };
  for (const ErrorCase& c : cases) {
    DateResult r = parse_date(c.input);
    ASSERT_TRUE(r.is_error()) << c.input << " gave " << r.value;
    EXPECT_NE(r.error.find(c.problem), std::string::npos) << c.input << ": " << r.error;
  }
}

TEST(Wareki, ErrorMessagesDoNotEchoTheInput) {
  DateResult r = parse_date("昭和15年3月2日頃");
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error.find("15"), std::string::npos);
}

TEST(Time, ParsesHhmmAndSentinel) {
  EXPECT_EQ(parse_time("0930").value, "09:30:00");
  EXPECT_EQ(parse_time("23:59").value, "23:59:00");
  EXPECT_EQ(parse_time("083015").value, "08:30:15");
  EXPECT_EQ(parse_time("０９３０").value, "09:30:00");
  EXPECT_TRUE(parse_time("9999").is_empty());
  EXPECT_TRUE(parse_time("").is_empty());
  EXPECT_TRUE(parse_time("2400").is_error());
  EXPECT_TRUE(parse_time("1260").is_error());
  EXPECT_TRUE(parse_time("930").is_error());
  EXPECT_TRUE(parse_time("09-30").is_error());
}

}  // namespace
}  // namespace renkei::text
