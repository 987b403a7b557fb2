// R5 valueAlternatives (as a cross-version extension in R4): a primitive without a value must
// carry one of the extensions the profile names instead.
#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

constexpr std::string_view kProfile = R"json({
  "resourceType": "StructureDefinition", "id": "birth-or-reason",
  "url": "http://example.org/fhir/StructureDefinition/birth-or-reason", "name": "BirthOrReason",
  "status": "draft", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
  "differential": {"element": [{"id": "Patient.birthDate", "path": "Patient.birthDate", "min": 1,
    "extension": [{"url": "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.valueAlternatives",
                   "valueCanonical": "http://hl7.org/fhir/StructureDefinition/data-absent-reason"}]}]}})json";

constexpr const char* kUrl = "http://example.org/fhir/StructureDefinition/birth-or-reason";

std::string patient(std::string_view ext_url) {
  return std::string(R"({"resourceType": "Patient", "_birthDate": {"extension": [{"url": ")") + std::string(ext_url) +
         R"(", "valueCode": "unknown"}]}})";
}

TEST(ValueAlternatives, MissingValueNeedsAnAllowedExtension) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"birth-or-reason.json", kProfile}});
  EXPECT_EQ(errors_of(pf.validate(patient("http://hl7.org/fhir/StructureDefinition/data-absent-reason"), kUrl)), "");
  auto bad = pf.validate(patient("http://hl7.org/fhir/StructureDefinition/iso21090-nullFlavor"), kUrl);
  EXPECT_TRUE(any_error_mentions(bad, "Patient.birthDate has no value")) << errors_of(bad);
  EXPECT_EQ(errors_of(pf.validate(R"({"resourceType": "Patient", "birthDate": "1970-01-01"})", kUrl)), "");
}

}  // namespace
}  // namespace renkei::validation::testing
