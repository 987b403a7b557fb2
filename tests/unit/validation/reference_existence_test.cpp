// ValidatorOptions::check_references_exist: relative references must resolve to a resource at
// hand (contained, Bundle entry, or a resource of the enclosing Parameters).
#include <gtest/gtest.h>

#include "validation_test_support.hpp"

namespace renkei::validation::testing {
namespace {

std::string member_match(std::string_view beneficiary) {
  return std::string(R"({"resourceType": "Parameters", "parameter": [
    {"name": "MemberPatient", "resource": {"resourceType": "Patient", "id": "1"}},
    {"name": "CoverageToMatch", "part": [{"name": "coverage", "resource": {"resourceType": "Coverage", "id": "c1",
      "contained": [{"resourceType": "Organization", "id": "payer", "name": "Plan"}],
      "status": "active", "beneficiary": {"reference": ")") +
         std::string(beneficiary) + R"("}, "payor": [{"reference": "#payer"}]}}]}]})";
}

ValidatorOptions must_exist() {
  ValidatorOptions vo;
  vo.check_references_exist = true;
  return vo;
}

std::string errors(const IssueList& issues) {
  std::string out;
  for (const Issue& i : issues.items())
    if (i.severity == Severity::Error) out += i.expression + ": " + i.message + "\n";
  return out;
}

TEST(ReferenceExistence, ParametersResourcesResolveAmongThemselves) {
  RENKEI_REQUIRE_CORE();
  EXPECT_EQ(errors(validate_json(fx, member_match("Patient/1"), must_exist())), "");
  EXPECT_EQ(errors(validate_json(fx, member_match("Patient/1/_history/2"), must_exist())), "");
  auto bad = validate_json(fx, member_match("Patient/2"), must_exist());
  EXPECT_NE(errors(bad).find("Unable to resolve resource with reference"), std::string::npos) << errors(bad);
  EXPECT_NE(errors(bad).find("beneficiary"), std::string::npos) << errors(bad);
  // Off by default: a server may hold the target.
  EXPECT_EQ(errors(validate_json(fx, member_match("Patient/2"))), "");
  // Absolute references are not judged.
  EXPECT_EQ(errors(validate_json(fx, member_match("http://example.org/fhir/Patient/2"), must_exist())), "");
}

TEST(ReferenceExistence, OutsideParametersNothingResolvesThere) {
  RENKEI_REQUIRE_CORE();
  auto bad = validate_json(fx, R"({"resourceType": "Observation", "status": "final", "code": {"text": "x"},
                                   "subject": {"reference": "Patient/1"}})",
                           must_exist());
  EXPECT_NE(errors(bad).find("Unable to resolve"), std::string::npos);
}

}  // namespace
}  // namespace renkei::validation::testing
