// Differential-only profiles written here: the generated snapshot has the expected shape,
// and the Validator (through PlanRegistry, which generates it) accepts good instances and
// rejects bad ones. Also the error paths: unknown paths, missing bases, cycles.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "snapshot_test_support.hpp"
#include "validation/snapshot_generator.hpp"
#include "profile_fixture.hpp"
#include "validation_test_support.hpp"

namespace renkei::validation::testing {
namespace {

constexpr std::string_view kPatientProfile = R"json({
  "resourceType": "StructureDefinition", "id": "test-patient",
  "url": "http://example.org/fhir/StructureDefinition/test-patient", "name": "TestPatient", "status": "draft",
  "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
  "differential": {"element": [
    {"id": "Patient", "path": "Patient"},
    {"id": "Patient.extension:birthPlace", "path": "Patient.extension", "sliceName": "birthPlace", "min": 1, "max": "1",
     "type": [{"code": "Extension", "profile": ["http://hl7.org/fhir/StructureDefinition/patient-birthPlace"]}]},
    {"id": "Patient.identifier", "path": "Patient.identifier", "min": 1,
     "slicing": {"discriminator": [{"type": "value", "path": "system"}], "rules": "open"}},
    {"id": "Patient.identifier:mrn", "path": "Patient.identifier", "sliceName": "mrn", "min": 1, "max": "1"},
    {"id": "Patient.identifier:mrn.system", "path": "Patient.identifier.system", "min": 1, "fixedUri": "urn:oid:1.2.392.100495.20.3.51"},
    {"id": "Patient.identifier:mrn.value", "path": "Patient.identifier.value", "min": 1},
    {"id": "Patient.name", "path": "Patient.name", "min": 1,
     "constraint": [{"key": "tp-1", "severity": "error", "human": "A name has text or a family name",
                     "expression": "text.exists() or family.exists()"}]},
    {"id": "Patient.name.family", "path": "Patient.name.family", "min": 1, "max": "1"}
  ]}})json";

constexpr std::string_view kObservationProfile = R"json({
  "resourceType": "StructureDefinition", "id": "test-bp",
  "url": "http://example.org/fhir/StructureDefinition/test-body-temperature", "name": "TestBodyTemperature",
  "status": "draft", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation",
  "differential": {"element": [
    {"id": "Observation", "path": "Observation"},
    {"id": "Observation.valueQuantity", "path": "Observation.valueQuantity", "min": 1},
    {"id": "Observation.valueQuantity.system", "path": "Observation.valueQuantity.system", "min": 1,
     "fixedUri": "http://unitsofmeasure.org"},
    {"id": "Observation.valueQuantity.code", "path": "Observation.valueQuantity.code", "min": 1, "fixedCode": "Cel"}
  ]}})json";

const std::string* find_line(const std::vector<std::string>& lines, std::string_view id) {
  for (const auto& l : lines)
    if (l.substr(0, l.find(' ')) == id) return &l;
  return nullptr;
}

size_t index_of(const std::vector<std::string>& lines, std::string_view id) {
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].substr(0, lines[i].find(' ')) == id) return i;
  return lines.size();
}

TEST(SnapshotDifferential, PatientSnapshotHasSlicesAndDatatypeChildren) {
  RENKEI_REQUIRE_CORE();
  SnapshotGenerator generator(fx->store);
  IssueList issues;
  auto json = generator.generate(kPatientProfile, issues);
  ASSERT_TRUE(json) << errors_of(issues);
  EXPECT_FALSE(issues.has_errors()) << errors_of(issues);
  auto lines = snapshot_summary(*json);
  ASSERT_FALSE(lines.empty());

  // Extensions get the default slicing by url; the slice takes the extension's profile.
  const std::string* ext = find_line(lines, "Patient.extension");
  ASSERT_TRUE(ext);
  EXPECT_NE(ext->find("slicing=open disc=value:url"), std::string::npos) << *ext;
  const std::string* birth = find_line(lines, "Patient.extension:birthPlace");
  ASSERT_TRUE(birth);
  EXPECT_NE(birth->find("slice=birthPlace 1..1"), std::string::npos) << *birth;
  EXPECT_NE(birth->find("profile=http://hl7.org/fhir/StructureDefinition/patient-birthPlace"), std::string::npos);

  // The identifier slice follows the sliced element and lists Identifier's children.
  EXPECT_LT(index_of(lines, "Patient.identifier"), index_of(lines, "Patient.identifier:mrn"));
  EXPECT_LT(index_of(lines, "Patient.identifier:mrn"), index_of(lines, "Patient.identifier:mrn.system"));
  EXPECT_LT(index_of(lines, "Patient.identifier:mrn.assigner"), index_of(lines, "Patient.active"));
  const std::string* system = find_line(lines, "Patient.identifier:mrn.system");
  ASSERT_TRUE(system);
  EXPECT_NE(system->find("path=Patient.identifier.system 1..1 type=uri fixedUri=urn:oid:1.2.392.100495.20.3.51"),
            std::string::npos)
      << *system;
  const std::string* sliced = find_line(lines, "Patient.identifier");
  EXPECT_NE(sliced->find("1..* type=Identifier slicing=open disc=value:system"), std::string::npos) << *sliced;

  // A datatype child constrained: HumanName expanded under Patient.name.
  const std::string* family = find_line(lines, "Patient.name.family");
  ASSERT_TRUE(family);
  EXPECT_NE(family->find("1..1 type=string"), std::string::npos) << *family;
  EXPECT_TRUE(find_line(lines, "Patient.name.given"));
  const std::string* name = find_line(lines, "Patient.name");
  EXPECT_NE(name->find("tp-1"), std::string::npos) << *name;
  EXPECT_NE(name->find("ele-1"), std::string::npos) << *name;  // inherited constraints stay
  EXPECT_NE(json->find("\"source\":\"http://example.org/fhir/StructureDefinition/test-patient\""), std::string::npos);
  // The differential and the rest of the resource are kept.
  EXPECT_NE(json->find("\"differential\""), std::string::npos);
  EXPECT_NE(json->find("\"name\":\"TestPatient\""), std::string::npos);
}

TEST(SnapshotDifferential, ChoiceRestrictedToQuantityBecomesTypeSlice) {
  RENKEI_REQUIRE_CORE();
  SnapshotGenerator generator(fx->store);
  IssueList issues;
  auto json = generator.generate(kObservationProfile, issues);
  ASSERT_TRUE(json) << errors_of(issues);
  EXPECT_FALSE(issues.has_errors()) << errors_of(issues);
  auto lines = snapshot_summary(*json);
  const std::string* choice = find_line(lines, "Observation.value[x]");
  ASSERT_TRUE(choice);
  EXPECT_NE(choice->find("0..1 type=Quantity slicing=closed disc=type:$this"), std::string::npos) << *choice;
  const std::string* slice = find_line(lines, "Observation.value[x]:valueQuantity");
  ASSERT_TRUE(slice);
  EXPECT_NE(slice->find("path=Observation.value[x] slice=valueQuantity 1..1 type=Quantity"), std::string::npos)
      << *slice;
  const std::string* code = find_line(lines, "Observation.value[x]:valueQuantity.code");
  ASSERT_TRUE(code);
  EXPECT_NE(code->find("path=Observation.value[x].code 1..1 type=code fixedCode=Cel"), std::string::npos) << *code;
}

constexpr std::string_view kGoodPatient = R"json({"resourceType": "Patient",
  "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace", "valueAddress": {"city": "Sapporo"}}],
  "identifier": [{"system": "urn:oid:1.2.392.100495.20.3.51", "value": "12345"},
                 {"system": "http://example.org/other", "value": "x"}],
  "name": [{"family": "Yamada", "given": ["Taro"]}], "gender": "male"})json";

TEST(SnapshotDifferential, ValidatorUsesGeneratedPatientSnapshot) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"patient.json", kPatientProfile}});
  const std::string url = "http://example.org/fhir/StructureDefinition/test-patient";
  IssueList good = pf.validate(kGoodPatient, url);
  EXPECT_FALSE(good.has_errors()) << errors_of(good);
  EXPECT_FALSE(pf.validator->plans().definition_issues().has_errors())
      << errors_of(pf.validator->plans().definition_issues());

  // No MRN identifier, no family name, no birthPlace extension.
  IssueList bad = pf.validate(R"json({"resourceType": "Patient",
    "identifier": [{"system": "http://example.org/other", "value": "x"}],
    "name": [{"given": ["Taro"]}]})json",
                              url);
  EXPECT_TRUE(any_error_mentions(bad, "mrn")) << errors_of(bad);
  EXPECT_TRUE(any_error_mentions(bad, "birthPlace")) << errors_of(bad);
  EXPECT_TRUE(any_error_mentions(bad, "Patient.name.family")) << errors_of(bad);
}

TEST(SnapshotDifferential, ValidatorUsesGeneratedObservationSnapshot) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"observation.json", kObservationProfile}});
  const std::string url = "http://example.org/fhir/StructureDefinition/test-body-temperature";
  IssueList good = pf.validate(R"json({"resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "8310-5"}]},
    "valueQuantity": {"value": 36.5, "unit": "C", "system": "http://unitsofmeasure.org", "code": "Cel"}})json",
                               url);
  EXPECT_FALSE(good.has_errors()) << errors_of(good);

  IssueList wrong_unit = pf.validate(R"json({"resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "8310-5"}]},
    "valueQuantity": {"value": 97.7, "system": "http://unitsofmeasure.org", "code": "[degF]"}})json",
                                     url);
  EXPECT_TRUE(wrong_unit.has_errors()) << "a unit other than the fixed one must be rejected";

  IssueList wrong_type = pf.validate(R"json({"resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "8310-5"}]}, "valueString": "warm"})json",
                                     url);
  EXPECT_TRUE(wrong_type.has_errors()) << "value[x] is restricted to Quantity";
}

TEST(SnapshotDifferential, UnknownPathIsAnIssueNamingProfileAndElement) {
  RENKEI_REQUIRE_CORE();
  SnapshotGenerator generator(fx->store);
  IssueList issues;
  auto json = generator.generate(R"json({"resourceType": "StructureDefinition", "url": "http://example.org/sd/bad-path",
    "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
    "differential": {"element": [{"id": "Patient.nickname", "path": "Patient.nickname", "min": 1},
                                 {"id": "Patient.gender", "path": "Patient.gender", "min": 1}]}})json",
                                 issues);
  ASSERT_TRUE(json);  // the rest of the snapshot is still made
  ASSERT_TRUE(issues.has_errors());
  EXPECT_NE(issues.items()[0].message.find("http://example.org/sd/bad-path"), std::string::npos);
  EXPECT_NE(issues.items()[0].message.find("Patient.nickname"), std::string::npos);
  const auto summary = snapshot_summary(*json);  // find_line points into it: keep it alive
  const std::string* gender = find_line(summary, "Patient.gender");
  ASSERT_TRUE(gender);
  EXPECT_NE(gender->find("1..1"), std::string::npos) << *gender;
}

TEST(SnapshotDifferential, MissingBaseAndCyclesAreIssues) {
  RENKEI_REQUIRE_CORE();
  constexpr std::string_view a = R"json({"resourceType": "StructureDefinition", "url": "http://example.org/sd/a",
    "type": "Patient", "derivation": "constraint", "baseDefinition": "http://example.org/sd/b",
    "differential": {"element": [{"id": "Patient", "path": "Patient"}]}})json";
  constexpr std::string_view b = R"json({"resourceType": "StructureDefinition", "url": "http://example.org/sd/b",
    "type": "Patient", "derivation": "constraint", "baseDefinition": "http://example.org/sd/a",
    "differential": {"element": [{"id": "Patient", "path": "Patient"}]}})json";
  ProfileFixture pf(fx, {{"a.json", a}, {"b.json", b}});
  SnapshotGenerator generator(*pf.store);
  IssueList issues;
  EXPECT_FALSE(generator.generate(a, issues));
  bool cycle_named = false;
  for (const Issue& i : issues.items())
    cycle_named |= i.message.find("cycle") != std::string::npos &&
                   i.message.find("http://example.org/sd/a") != std::string::npos &&
                   i.message.find("http://example.org/sd/b") != std::string::npos;
  EXPECT_TRUE(cycle_named) << errors_of(issues);
  // Through the registry: no plan, the reason among the definition issues, no hang.
  EXPECT_EQ(pf.validator->plans().find("http://example.org/sd/a"), nullptr);
  EXPECT_TRUE(pf.validator->plans().definition_issues().has_errors());

  IssueList missing;
  EXPECT_FALSE(generator.generate(R"json({"resourceType": "StructureDefinition", "url": "http://example.org/sd/orphan",
    "type": "Patient", "derivation": "constraint", "baseDefinition": "http://example.org/sd/nowhere",
    "differential": {"element": [{"id": "Patient", "path": "Patient"}]}})json",
                                  missing));
  ASSERT_TRUE(missing.has_errors());
  EXPECT_NE(missing.items()[0].message.find("http://example.org/sd/nowhere"), std::string::npos);
  EXPECT_NE(missing.items()[0].message.find("http://example.org/sd/orphan"), std::string::npos);
}

}  // namespace
}  // namespace renkei::validation::testing
