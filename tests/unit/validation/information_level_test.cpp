// ValidatorOptions::information = false (the HL7 validator's -level warnings): no information-level
// issues, and the errors and warnings are exactly those of a full run.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "validation_test_support.hpp"

namespace renkei::validation {
namespace {

using testing::validate_json;

using Seen = std::vector<std::tuple<int, std::string, std::string>>;

Seen without_information(const IssueList& issues) {
  Seen out;
  for (const Issue& i : issues.items())
    if (i.severity != Severity::Information) out.emplace_back(static_cast<int>(i.severity), i.expression, i.message);
  return out;
}

bool has_information(const IssueList& issues) {
  for (const Issue& i : issues.items())
    if (i.severity == Severity::Information) return true;
  return false;
}

TEST(InformationLevel, DroppedWithoutChangingErrorsOrWarnings) {
  RENKEI_REQUIRE_CORE();
  // No narrative (dom-6, best practice: information), a string holding a tag (information without
  // security checks), a status outside its required value set (error) and a Coding.system that is not
  // absolute (error).
  const std::string json =
      R"({"resourceType":"Observation","status":"bogus","code":{"coding":[{"system":"Location1","code":"x"}],)"
      R"("text":"<b>bold</b>"},"valueString":"<img src=x>"})";
  ValidatorOptions all;
  IssueList full = validate_json(fx, json, all);
  ASSERT_TRUE(has_information(full));
  ASSERT_FALSE(without_information(full).empty());

  ValidatorOptions quiet;
  quiet.information = false;
  IssueList reduced = validate_json(fx, json, quiet);
  EXPECT_FALSE(has_information(reduced));
  EXPECT_EQ(without_information(reduced), without_information(full));
}

TEST(InformationLevel, BestPracticeAsWarningStillReported) {
  RENKEI_REQUIRE_CORE();
  // dom-6 as a warning is wanted even when information is not.
  ValidatorOptions quiet;
  quiet.information = false;
  quiet.best_practice_as_warning = true;
  IssueList issues = validate_json(fx, R"({"resourceType":"Observation","status":"final","code":{"text":"x"}})", quiet);
  bool dom6 = false;
  for (const Issue& i : issues.items()) dom6 |= i.severity == Severity::Warning && i.message.find("dom-6") != std::string::npos;
  EXPECT_TRUE(dom6);
}

}  // namespace
}  // namespace renkei::validation

namespace renkei::validation {
namespace {

// A choice element's typed name names an allowed type: valueQuantity (complex), valueString and
// valueDateTime (primitives, capitalised in the name); no "type ... is not allowed" for them.
TEST(ChoiceTypes, TypedNamesOfAllowedTypesAreAccepted) {
  RENKEI_REQUIRE_CORE();
  for (const char* value : {R"("valueQuantity":{"value":1})", R"("valueString":"x")",
                            R"("valueDateTime":"2024-01-02")", R"("valueCodeableConcept":{"text":"x"})"}) {
    IssueList issues = testing::validate_json(
        fx, std::string(R"({"resourceType":"Observation","status":"final","code":{"text":"x"},)") + value + "}");
    for (const Issue& i : issues.items()) EXPECT_EQ(i.message.find("is not allowed for"), std::string::npos) << value << ": " << i.message;
  }
}

}  // namespace
}  // namespace renkei::validation
