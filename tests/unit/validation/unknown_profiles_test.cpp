// An unknown profile an instance claims is a warning; one a profile requires of an element
// (type.profile) is an error, since the element cannot be judged without it.
#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

constexpr std::string_view kProfile = R"json({
  "resourceType": "StructureDefinition", "id": "insured-patient",
  "url": "http://example.org/fhir/StructureDefinition/insured-patient", "name": "InsuredPatient",
  "status": "draft", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
  "differential": {"element": [{"id": "Patient.identifier", "path": "Patient.identifier",
    "type": [{"code": "Identifier", "profile": ["http://example.org/fhir/StructureDefinition/missing-identifier"]}]}]}})json";

TEST(UnknownProfiles, RequiredTypeProfileIsAnErrorClaimedProfileAWarning) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"insured-patient.json", kProfile}});
  auto required = pf.validate(R"({"resourceType": "Patient", "identifier": [{"value": "1"}]})",
                              "http://example.org/fhir/StructureDefinition/insured-patient");
  EXPECT_TRUE(any_error_mentions(required, "unknown profile http://example.org/fhir/StructureDefinition/missing-identifier"))
      << errors_of(required);
  auto claimed = pf.validate(
      R"({"resourceType": "Patient", "meta": {"profile": ["http://example.org/fhir/StructureDefinition/nowhere"]}})", "");
  EXPECT_EQ(errors_of(claimed), "");
  EXPECT_EQ(claimed.count(Severity::Warning), 1u);
}

}  // namespace
}  // namespace renkei::validation::testing
