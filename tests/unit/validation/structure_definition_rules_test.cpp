// StructureDefinitions validated as instances: type names, element paths, type profiles and
// fixed values that a constraint may not change.
#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

std::string logical(std::string_view type, std::string_view path) {
  return std::string(R"({"resourceType": "StructureDefinition", "url": "http://example.org/fhir/StructureDefinition/Visit",
    "name": "Visit", "status": "draft", "kind": "logical", "abstract": false, "type": ")") +
         std::string(type) + R"(", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Base",
    "derivation": "specialization", "differential": {"element": [
      {"id": ")" + std::string(path) + R"(", "path": ")" + std::string(path) + R"("}]}})";
}

TEST(StructureDefinitionRules, LogicalTypesNeedANamespaceAndPathsStartWithTheType) {
  RENKEI_REQUIRE_CORE();
  EXPECT_EQ(errors_of(validate_json(fx, logical("http://example.org/fhir/StructureDefinition/Visit", "Visit"))), "");
  auto bare = validate_json(fx, logical("Visit", "Visit"));
  EXPECT_TRUE(any_error_mentions(bare, "The type Visit is not legal")) << errors_of(bare);
  auto path = validate_json(fx, logical("http://example.org/fhir/StructureDefinition/Visit", "Stay"));
  EXPECT_TRUE(any_error_mentions(path, "The path Stay must start with the type of the structure Visit"))
      << errors_of(path);
}

std::string observation_profile(std::string_view profile) {
  return std::string(R"({"resourceType": "StructureDefinition", "url": "http://example.org/fhir/StructureDefinition/obs",
    "name": "Obs", "status": "draft", "kind": "resource", "abstract": false, "type": "Observation",
    "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "derivation": "constraint",
    "differential": {"element": [{"id": "Observation.value[x]", "path": "Observation.value[x]",
      "type": [{"code": "Quantity", "profile": [")") +
         std::string(profile) + R"("]}]}]}})";
}

TEST(StructureDefinitionRules, TypeProfileMustConstrainThatType) {
  RENKEI_REQUIRE_CORE();
  EXPECT_EQ(errors_of(validate_json(fx, observation_profile("http://hl7.org/fhir/StructureDefinition/SimpleQuantity"))),
            "");
  auto bad = validate_json(fx, observation_profile("http://hl7.org/fhir/StructureDefinition/Count"));
  EXPECT_TRUE(any_error_mentions(bad, "is for type Count, but the Observation.value[x] element has type Quantity"))
      << errors_of(bad);
}

constexpr std::string_view kBaseExtension = R"json({
  "resourceType": "StructureDefinition", "id": "ext-base", "url": "http://example.org/fhir/StructureDefinition/ext-base",
  "name": "ExtBase", "status": "draft", "kind": "complex-type", "abstract": false, "type": "Extension",
  "context": [{"type": "element", "expression": "Element"}],
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension", "derivation": "constraint",
  "differential": {"element": [
    {"id": "Extension.url", "path": "Extension.url", "fixedUri": "http://example.org/fhir/StructureDefinition/ext-base"},
    {"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "string"}]}]}})json";

std::string derived(std::string_view url) {
  return std::string(R"({"resourceType": "StructureDefinition", "url": "http://example.org/fhir/StructureDefinition/ext-derived",
    "name": "ExtDerived", "status": "draft", "kind": "complex-type", "abstract": false, "type": "Extension",
    "context": [{"type": "element", "expression": "Element"}],
    "baseDefinition": "http://example.org/fhir/StructureDefinition/ext-base", "derivation": "constraint",
    "differential": {"element": [{"id": "Extension.url", "path": "Extension.url", "fixedUri": ")") +
         std::string(url) + R"("}]}})";
}

TEST(StructureDefinitionRules, ConstraintMayNotChangeAFixedValueOfItsBase) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"ext-base.json", kBaseExtension}});
  EXPECT_EQ(errors_of(pf.validate(derived("http://example.org/fhir/StructureDefinition/ext-base"), "")), "");
  auto bad = pf.validate(derived("http://example.org/fhir/StructureDefinition/ext-derived"), "");
  EXPECT_TRUE(any_error_mentions(bad, "is fixed to 'http://example.org/fhir/StructureDefinition/ext-base'"))
      << errors_of(bad);
}

std::string sliced_profile(std::string_view element, std::string_view discriminator) {
  return std::string(R"({"resourceType": "StructureDefinition", "url": "http://example.org/fhir/StructureDefinition/obs-sliced",
    "name": "ObsSliced", "status": "draft", "kind": "resource", "abstract": false, "type": "Observation",
    "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "derivation": "constraint",
    "differential": {"element": [{"id": ")") +
         std::string(element) + R"(", "path": ")" + std::string(element) +
         R"(", "slicing": {"discriminator": [{"type": "value", "path": ")" + std::string(discriminator) +
         R"("}], "rules": "open"}}]}})";
}

TEST(StructureDefinitionRules, DiscriminatorPathMustNameAnElementOfTheSlicedType) {
  RENKEI_REQUIRE_CORE();
  EXPECT_EQ(errors_of(validate_json(fx, sliced_profile("Observation.component", "code.coding.code"))), "");
  EXPECT_EQ(errors_of(validate_json(fx, sliced_profile("Observation.extension", "url"))), "");
  EXPECT_EQ(errors_of(validate_json(fx, sliced_profile("Observation.category", "$this"))), "");
  EXPECT_EQ(errors_of(validate_json(fx, sliced_profile("Observation.extension", "extension('x').value"))), "");
  auto bad = validate_json(fx, sliced_profile("Observation.extension", "type"));
  EXPECT_TRUE(any_error_mentions(bad, "The discriminator path 'type' does not appear to be valid")) << errors_of(bad);
  auto backbone = validate_json(fx, sliced_profile("Observation.component", "system"));
  EXPECT_TRUE(any_error_mentions(backbone, "'Observation.component'")) << errors_of(backbone);
}

}  // namespace
}  // namespace renkei::validation::testing
