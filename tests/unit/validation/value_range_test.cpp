// minValue / maxValue through a profile: fixed bounds, and Duration bounds on dates that are
// relative to "now" (injected through ValidatorOptions::now).
#include <gtest/gtest.h>

#include <chrono>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

constexpr std::string_view kAgeProfile = R"json({
  "resourceType": "StructureDefinition", "id": "age-bounds",
  "url": "http://example.org/fhir/StructureDefinition/age-bounds", "name": "AgeBounds",
  "status": "draft", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
  "differential": {"element": [
    {"id": "Patient.birthDate", "path": "Patient.birthDate",
     "minValueDuration": {"value": 100, "unit": "a", "system": "http://unitsofmeasure.org", "code": "a"},
     "maxValueDuration": {"value": 2, "unit": "wk", "system": "http://unitsofmeasure.org", "code": "wk"}},
    {"id": "Patient.multipleBirth[x]", "path": "Patient.multipleBirth[x]", "minValueInteger": 1, "maxValueInteger": 9}
  ]}})json";

constexpr const char* kUrl = "http://example.org/fhir/StructureDefinition/age-bounds";

ValidatorOptions at(std::chrono::sys_days day) {
  ValidatorOptions vo;
  vo.now = std::chrono::system_clock::time_point(day) + std::chrono::hours(12);
  return vo;
}

std::string patient(std::string_view birth) {
  return std::string(R"({"resourceType": "Patient", "birthDate": ")") + std::string(birth) + "\"}";
}

TEST(ValueRange, DurationBoundsAreRelativeToNow) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"age-bounds.json", kAgeProfile}});
  using namespace std::chrono;
  auto now = at(sys_days(2026y / 11 / 22));
  EXPECT_EQ(errors_of(pf.validate(patient("1950-06-01"), kUrl, now)), "");
  EXPECT_EQ(errors_of(pf.validate(patient("1926-11-22"), kUrl, now)), "");  // exactly 100 years
  EXPECT_TRUE(any_error_mentions(pf.validate(patient("1926-11-21"), kUrl, now), "minValue is 100a before now"));
  EXPECT_TRUE(any_error_mentions(pf.validate(patient("1850"), kUrl, now), "which is 1926-11-22T12:00:00Z"));
  // A year that reaches past the bound is not wholly out of range.
  EXPECT_EQ(errors_of(pf.validate(patient("1926"), kUrl, now)), "");
  EXPECT_EQ(errors_of(pf.validate(patient("2026-12-06"), kUrl, now)), "");  // 14 days ahead
  EXPECT_TRUE(any_error_mentions(pf.validate(patient("2026-12-07"), kUrl, now), "maxValue is 2wk after now"));
  // The same instance judged at another time.
  EXPECT_EQ(errors_of(pf.validate(patient("1926-11-21"), kUrl, at(sys_days(2026y / 11 / 20)))), "");
}

TEST(ValueRange, FixedBoundsCompareNumbers) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"age-bounds.json", kAgeProfile}});
  EXPECT_EQ(errors_of(pf.validate(R"({"resourceType": "Patient", "multipleBirthInteger": 2})", kUrl)), "");
  EXPECT_TRUE(any_error_mentions(pf.validate(R"({"resourceType": "Patient", "multipleBirthInteger": 0})", kUrl),
                                 "below the minimum"));
  EXPECT_TRUE(any_error_mentions(pf.validate(R"({"resourceType": "Patient", "multipleBirthInteger": 12})", kUrl),
                                 "above the maximum"));
}

}  // namespace
}  // namespace renkei::validation::testing
