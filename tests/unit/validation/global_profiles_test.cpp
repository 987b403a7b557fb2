// ImplementationGuide.global: a loaded guide's global profile applies to every resource of
// its type, without meta.profile.
#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

constexpr std::string_view kGuide = R"json({
  "resourceType": "ImplementationGuide", "id": "care-ig", "url": "http://example.org/fhir/ImplementationGuide/care-ig",
  "name": "CareIg", "status": "active", "packageId": "example.care", "fhirVersion": ["4.0.1"],
  "global": [{"type": "Patient", "profile": "http://example.org/fhir/StructureDefinition/named-patient"}]})json";

constexpr std::string_view kNamedPatient = R"json({
  "resourceType": "StructureDefinition", "id": "named-patient",
  "url": "http://example.org/fhir/StructureDefinition/named-patient", "name": "NamedPatient",
  "status": "draft", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
  "differential": {"element": [{"id": "Patient.name", "path": "Patient.name", "min": 1}]}})json";

TEST(GlobalProfiles, GuideProfileAppliesToEveryResourceOfItsType) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"named-patient.json", kNamedPatient}, {"care-ig.json", kGuide}});
  auto bad = pf.validate(R"({"resourceType": "Patient", "active": true})", "");
  EXPECT_TRUE(any_error_mentions(bad, "Patient.name: minimum required = 1")) << errors_of(bad);
  EXPECT_EQ(errors_of(pf.validate(R"({"resourceType": "Patient", "name": [{"family": "Yamada"}]})", "")), "");
  // Other resource types are not affected.
  EXPECT_EQ(errors_of(pf.validate(R"({"resourceType": "Organization", "name": "Clinic"})", "")), "");
  // Without the guide the profile is not applied.
  ProfileFixture no_guide(fx, {{"named-patient.json", kNamedPatient}});
  EXPECT_EQ(errors_of(no_guide.validate(R"({"resourceType": "Patient", "active": true})", "")), "");
}

}  // namespace
}  // namespace renkei::validation::testing
