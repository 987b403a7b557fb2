#include <gtest/gtest.h>

#include "fhirpath/decimal.hpp"
#include "fhirpath_test_support.hpp"

namespace renkei::fhirpath {
namespace {

using testing::show;

TEST(FhirPathLogic, ThreeValuedAndOrImplies) {
  EXPECT_EQ(show("{} and false"), "false");
  EXPECT_EQ(show("{} and true"), "");
  EXPECT_EQ(show("{} or true"), "true");
  EXPECT_EQ(show("{} or false"), "");
  EXPECT_EQ(show("false implies {}"), "true");
  EXPECT_EQ(show("{} implies true"), "true");
  EXPECT_EQ(show("true implies {}"), "");
  EXPECT_EQ(show("true xor {}"), "");
  EXPECT_EQ(show("true xor false"), "true");
}

TEST(FhirPathLogic, EqualityWithEmptyIsEmptyButEquivalenceIsNot) {
  EXPECT_EQ(show("{} = 1"), "");
  EXPECT_EQ(show("{} ~ {}"), "true");
  EXPECT_EQ(show("'Abc  def' ~ 'abc def'"), "true");
  EXPECT_EQ(show("(1 | 2) = (1 | 2)"), "true");
}

TEST(FhirPathDecimal, ArithmeticIsExact) {
  EXPECT_EQ(show("0.1 + 0.2 = 0.3"), "true");
  EXPECT_EQ(show("1.1 * 3"), "3.3");
  EXPECT_EQ(show("1 / 3"), "0.33333333");
  EXPECT_EQ(show("7 div 2"), "3");
  EXPECT_EQ(show("-7 mod 3"), "-1");
  EXPECT_EQ(show("5.5 mod 0.7"), "0.6");
  EXPECT_EQ(show("1 / 0"), "");
}

TEST(FhirPathDecimal, PrecisionIsKeptAndUsedForEquivalence) {
  EXPECT_EQ(show("1.50"), "1.50");
  EXPECT_EQ(show("1.0 = 1.00"), "true");
  EXPECT_EQ(show("1.2 ~ 1.24"), "true");
  EXPECT_EQ(show("1.2 ~ 1.26"), "false");
  EXPECT_EQ(show("3.14159.round(3)"), "3.142");
  EXPECT_EQ(show("(-2.5).round()"), "-3");
  EXPECT_EQ(show("1.587.lowBoundary(2)"), "1.58");
}

TEST(FhirPathDecimal, ParsesWithScaleAndRejectsJunk) {
  auto d = Decimal::parse("-12.340");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->scale(), 3);
  EXPECT_EQ(d->to_string(), "-12.340");
  EXPECT_EQ(Decimal::parse("1.2e2")->to_string(), "120");
  EXPECT_FALSE(Decimal::parse("1."));
  EXPECT_FALSE(Decimal::parse("abc"));
}

TEST(FhirPathDates, DifferentPrecisionsCompareAsUnknown) {
  EXPECT_EQ(show("@2012-04-15 = @2012-04-15T10:00:00"), "");
  EXPECT_EQ(show("@2012-04 < @2012-05-01"), "true");
  EXPECT_EQ(show("@2012-04 < @2012-04-15"), "");
  EXPECT_EQ(show("@2012-04-15T10:00:00 = @2012-04-15T10:00:00.000"), "true");
  EXPECT_EQ(show("@2012-04-15T15:00:00Z = @2012-04-15T17:00:00+02:00"), "true");
}

TEST(FhirPathDates, CalendarArithmeticClampsMonthEnds) {
  EXPECT_EQ(show("@2014-01-31 + 1 month"), "2014-02-28");
  EXPECT_EQ(show("@2016-02-29 + 1 year"), "2017-02-28");
  EXPECT_EQ(show("@1973-12-25 + 7 days"), "1974-01-01");
  EXPECT_EQ(show("@2014-01-01T10:00:00Z - 90 minutes"), "2014-01-01T08:30:00Z");
  EXPECT_EQ(show("@T23:30 + 1 hour"), "00:30");
  EXPECT_EQ(show("@2014-01-01 + 1 'mo'").rfind("<error", 0), 0u);  // 'mo' is not a calendar duration
}

TEST(FhirPathQuantities, UcumConversionForComparisons) {
  EXPECT_EQ(show("4.0000 'g' = 4000.0 'mg'"), "true");
  EXPECT_EQ(show("1 'kg' > 999 'g'"), "true");
  EXPECT_EQ(show("100 'cm' = 1 'm'"), "true");
  EXPECT_EQ(show("7 days = 1 week"), "true");
  EXPECT_EQ(show("2 'h' = 120 'min'"), "true");
  EXPECT_EQ(show("1 year = 1 'a'"), "");     // calendar years have no fixed length
  EXPECT_EQ(show("1 'g' = 1 'm'"), "");      // different dimensions
  EXPECT_EQ(show("2.0 'cm' * 2.0 'm' = 0.040 'm2'"), "true");
  EXPECT_EQ(show("4 'g' / 2 'g'"), "2 '1'");
}

TEST(FhirPathConversions, ToAndConvertsTo) {
  EXPECT_EQ(show("'1.5'.toDecimal() + 1"), "2.5");
  EXPECT_EQ(show("'yes'.toBoolean()"), "true");
  EXPECT_EQ(show("'1.5'.toInteger()"), "");
  EXPECT_EQ(show("'2015-02'.toDate()"), "2015-02");
  EXPECT_EQ(show("'5 \\'mg\\''.toQuantity('g')"), "0.005 'g'");
  EXPECT_EQ(show("'abc'.convertsToInteger()"), "false");
}

TEST(FhirPathStrings, CodePointAwareFunctions) {
  EXPECT_EQ(show("'看護計画書'.length()"), "5");
  EXPECT_EQ(show("'看護計画書'.substring(2, 2)"), "計画");
  EXPECT_EQ(show("'看護計画書'.indexOf('計')"), "2");
  EXPECT_EQ(show("'a-b-c'.replaceMatches('-', '+')"), "a+b+c");
  EXPECT_EQ(show("'A\nB'.matches('A.B')"), "true");
  EXPECT_EQ(show("'a,b'.split(',').join('|')"), "a|b");
}

}  // namespace
}  // namespace renkei::fhirpath
