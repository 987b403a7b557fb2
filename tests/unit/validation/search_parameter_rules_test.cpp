// Search parameter types against the SearchParameters they derive from or name
// (engine/validation/search_parameter_rules.cpp), with R4 core's SearchParameters.
#include <gtest/gtest.h>

#include <string>

#include "validation_test_support.hpp"

namespace renkei::validation {
namespace {

size_t type_errors(const IssueList& issues) {
  size_t n = 0;
  for (const Issue& i : issues.items())
    if (i.rule == "search-parameter-type" && i.severity == Severity::Error) ++n;
  return n;
}

std::string derived_search_parameter(std::string_view type) {
  return R"({"resourceType":"SearchParameter","url":"http://renkei.test/SearchParameter/org-name","name":"OrgName",
    "derivedFrom":"http://hl7.org/fhir/SearchParameter/Organization-name","status":"active","description":"d",
    "code":"name","base":["Organization"],"type":")" + std::string(type) + R"(","expression":"Organization.name"})";
}

std::string capability_statement(std::string_view type) {
  return R"({"resourceType":"CapabilityStatement","status":"active","date":"2024-01-01","kind":"instance",
    "fhirVersion":"4.0.1","format":["json"],"implementation":{"description":"d"},"rest":[{"mode":"server",
    "resource":[{"type":"AllergyIntolerance","searchParam":[{"name":"clinical-status",
    "definition":"http://hl7.org/fhir/SearchParameter/AllergyIntolerance-clinical-status","type":")" +
         std::string(type) + R"("}]}]}]})";
}

TEST(SearchParameterRules, DerivedFromKeepsTheType) {
  RENKEI_REQUIRE_CORE();
  EXPECT_EQ(type_errors(testing::validate_json(fx, derived_search_parameter("string"))), 0u);
  EXPECT_EQ(type_errors(testing::validate_json(fx, derived_search_parameter("token"))), 1u);
}

TEST(SearchParameterRules, CapabilityStatementSearchParamHasItsDefinitionsType) {
  RENKEI_REQUIRE_CORE();
  EXPECT_EQ(type_errors(testing::validate_json(fx, capability_statement("token"))), 0u);
  IssueList issues = testing::validate_json(fx, capability_statement("date"));
  ASSERT_EQ(type_errors(issues), 1u);
  for (const Issue& i : issues.items()) {
    if (i.rule == "search-parameter-type") {
      EXPECT_EQ(i.expression, "CapabilityStatement.rest[0].resource[0].searchParam[0]");
    }
  }
}

}  // namespace
}  // namespace renkei::validation
