// Sub-extensions a complex extension does not define, and extension context invariants.
#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

TEST(ExtensionRules, UndefinedRelativeSubExtensionIsAnError) {
  RENKEI_REQUIRE_CORE();
  auto animal = [](std::string_view sub_url) {
    return std::string(R"({"resourceType": "Patient", "extension": [{
      "url": "http://hl7.org/fhir/StructureDefinition/patient-animal", "extension": [
        {"url": "species", "valueCodeableConcept": {"text": "dog"}},
        {"url": ")") +
           std::string(sub_url) + R"(", "valueCodeableConcept": {"text": "retriever"}}]}]})";
  };
  EXPECT_EQ(errors_of(validate_json(fx, animal("breed"))), "");
  auto bad = validate_json(fx, animal("breeed"));
  EXPECT_TRUE(any_error_mentions(bad, "Sub-extension url 'breeed' is not defined")) << errors_of(bad);
  EXPECT_TRUE(any_error_mentions(bad, "Patient.extension[0].extension[1]")) << errors_of(bad);
}

constexpr std::string_view kInactiveOnly = R"json({
  "resourceType": "StructureDefinition", "id": "inactive-reason",
  "url": "http://example.org/fhir/StructureDefinition/inactive-reason", "name": "InactiveReason",
  "status": "draft", "kind": "complex-type", "abstract": false, "type": "Extension", "derivation": "constraint",
  "context": [{"type": "element", "expression": "Patient"}],
  "contextInvariant": ["active = false", "%extension.value.exists()"],
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
  "differential": {"element": [
    {"id": "Extension.url", "path": "Extension.url", "fixedUri": "http://example.org/fhir/StructureDefinition/inactive-reason"},
    {"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "string"}]}
  ]}})json";

std::string patient(std::string_view active) {
  return std::string(R"({"resourceType": "Patient", "active": )") + std::string(active) +
         R"(, "extension": [{"url": "http://example.org/fhir/StructureDefinition/inactive-reason", "valueString": "moved"}]})";
}

TEST(ExtensionRules, ContextInvariantMustHoldWhereTheExtensionIs) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"inactive-reason.json", kInactiveOnly}});
  EXPECT_EQ(errors_of(pf.validate(patient("false"), "")), "");
  auto bad = pf.validate(patient("true"), "");
  EXPECT_TRUE(any_error_mentions(bad, "based on context invariant 'active = false'")) << errors_of(bad);
}

std::string versioned_extension(std::string_view start, std::string_view end) {
  return std::string(R"({
  "resourceType": "StructureDefinition", "id": "versioned", "url": "http://example.org/fhir/StructureDefinition/versioned",
  "name": "Versioned", "status": "draft", "kind": "complex-type", "abstract": false, "type": "Extension",
  "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/version-specific-use", "extension": [
    {"url": "startFhirVersion", "valueCode": ")") +
         std::string(start) + R"("}, {"url": "endFhirVersion", "valueCode": ")" + std::string(end) + R"("}]}],
  "context": [{"type": "element", "expression": "Patient"}], "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
  "differential": {"element": [
    {"id": "Extension.url", "path": "Extension.url", "fixedUri": "http://example.org/fhir/StructureDefinition/versioned"},
    {"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "code"}]}]}})";
}

TEST(ExtensionRules, VersionSpecificUseMustIncludeR4) {
  RENKEI_REQUIRE_CORE();
  constexpr std::string_view instance = R"({"resourceType": "Patient", "extension": [
    {"url": "http://example.org/fhir/StructureDefinition/versioned", "valueCode": "x"}]})";
  std::string r3_r4 = versioned_extension("3.0", "4.3"), r5 = versioned_extension("5.0", "6.0"),
              r2_r3 = versioned_extension("1.0", "3.0");
  EXPECT_EQ(errors_of(ProfileFixture(fx, {{"v.json", r3_r4}}).validate(instance, "")), "");
  auto too_new = ProfileFixture(fx, {{"v.json", r5}}).validate(instance, "");
  EXPECT_TRUE(any_error_mentions(too_new, "earliest version it can be used with is 5.0")) << errors_of(too_new);
  auto too_old = ProfileFixture(fx, {{"v.json", r2_r3}}).validate(instance, "");
  EXPECT_TRUE(any_error_mentions(too_old, "latest version it can be used with is 3.0")) << errors_of(too_old);
}

}  // namespace
}  // namespace renkei::validation::testing
