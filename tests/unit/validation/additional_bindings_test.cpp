// R5 additional bindings on an R4 profile: a required one is checked like a required binding,
// one limited to a usage context is not checked.
#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

constexpr std::string_view kBinary = R"json({
  "resourceType": "ValueSet", "id": "binary-gender", "url": "http://example.org/fhir/ValueSet/binary-gender",
  "name": "BinaryGender", "status": "active",
  "compose": {"include": [{"system": "http://hl7.org/fhir/administrative-gender",
    "concept": [{"code": "male"}, {"code": "female"}]}]}})json";

std::string profile(bool usage_context) {
  return std::string(R"({
  "resourceType": "StructureDefinition", "id": "gender-bound",
  "url": "http://example.org/fhir/StructureDefinition/gender-bound", "name": "GenderBound",
  "status": "draft", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
  "differential": {"element": [{"id": "Patient.gender", "path": "Patient.gender",
    "binding": {"strength": "required", "valueSet": "http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1",
      "extension": [{"url": "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.binding.additional",
        "extension": [{"url": "purpose", "valueCode": "required"},
                      {"url": "valueSet", "valueCanonical": "http://example.org/fhir/ValueSet/binary-gender"})") +
         (usage_context ? R"(, {"url": "usage", "valueUsageContext": {"code": {"system":
           "http://terminology.hl7.org/CodeSystem/usage-context-type", "code": "program"}, "valueCodeableConcept": {"text": "x"}}})"
                        : "") +
         R"(]}]}}]}})";
}

constexpr const char* kUrl = "http://example.org/fhir/StructureDefinition/gender-bound";

TEST(AdditionalBindings, RequiredAdditionalBindingIsChecked) {
  RENKEI_REQUIRE_CORE();
  std::string p = profile(false);
  ProfileFixture pf(fx, {{"binary-gender.json", kBinary}, {"gender-bound.json", p}});
  EXPECT_EQ(errors_of(pf.validate(R"({"resourceType": "Patient", "gender": "female"})", kUrl)), "");
  auto bad = pf.validate(R"({"resourceType": "Patient", "gender": "other"})", kUrl);
  EXPECT_TRUE(any_error_mentions(bad, "http://example.org/fhir/ValueSet/binary-gender")) << errors_of(bad);
}

TEST(AdditionalBindings, UsageContextBindingIsNotChecked) {
  RENKEI_REQUIRE_CORE();
  std::string p = profile(true);
  ProfileFixture pf(fx, {{"binary-gender.json", kBinary}, {"gender-bound.json", p}});
  EXPECT_EQ(errors_of(pf.validate(R"({"resourceType": "Patient", "gender": "other"})", kUrl)), "");
}

}  // namespace
}  // namespace renkei::validation::testing
