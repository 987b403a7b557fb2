// The JP-CLINS 1.5.2 errata (errata/jp-clins-1.5.2, docs/jp-clins.md): each defect gives its
// message without the errata and is gone with them. Prints the messages the docs quote.
#include <algorithm>

#include "common/file_util.hpp"
#include "definitions/json_patch.hpp"
#include "jp_test_support.hpp"

using namespace renkei;
using namespace renkei::validation::testing;
using definitions::JsonNode;

namespace {

JsonNode sample(const std::string& name) {
  std::string error;
  auto tree = definitions::parse_json_node(
      read_file(std::string(RENKEI_SOURCE_DIR) + "/samples/fhir/jp-clins/" + name), error);
  if (!tree) throw std::runtime_error(name + ": " + error);
  return *tree;
}

void patch(JsonNode& doc, const std::string& op, const std::string& path, const std::string& value) {
  JsonNode node{JsonNode::Kind::String, value, {}, {}};
  std::string error;
  ASSERT_TRUE(definitions::apply_json_patch(doc, {{op, path, node}}, error)) << error;
}

// Issues of at least `severity` whose message or rule mentions `text`.
std::vector<Issue> mentioning(const IssueList& issues, const std::string& text, Severity severity) {
  std::vector<Issue> out;
  for (const Issue& i : issues.items()) {
    if (static_cast<int>(i.severity) > static_cast<int>(severity)) continue;
    if (i.message.find(text) != std::string::npos || i.rule == text) out.push_back(i);
  }
  return out;
}

void show(const char* label, const std::vector<Issue>& issues) {
  for (const Issue& i : issues)
    std::printf("  [%s] %s: %s [%s]\n", label, std::string(to_string(i.severity)).c_str(), i.message.c_str(),
                i.expression.c_str());
}

}  // namespace

TEST(JpClinsErrata, LoadCleanlyAndCorrectEveryTarget) {
  RENKEI_REQUIRE_JP();
  ASSERT_TRUE(jpx->errata);
  for (const Issue& i : jpx->errata_issues.items()) ADD_FAILURE() << "errata issue: " << i.message;
  std::vector<std::string> ids;
  for (const auto& applied : jpx->errata->applied) ids.push_back(applied.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"jp-clins-1.5.2/institution-number-point-table-6",
                                           "jp-clins-1.5.2/edischargesummary-section-valueset-dis",
                                           "jp-clins-1.5.2/document-identifiers"}));
  // The corrected copies keep url|version and are found before the package's own.
  const auto* corrected = jpx->errata->store.find("ValueSet", "http://jpfhir.jp/fhir/eDischargeSummary/ValueSet/document-section|1.0.0");
  const auto* original = jpx->store.find("ValueSet", "http://jpfhir.jp/fhir/eDischargeSummary/ValueSet/document-section|1.0.0");
  ASSERT_TRUE(corrected && original);
  EXPECT_NE(corrected, original);
  EXPECT_NE(corrected->json.find("\"DIS\""), std::string::npos);
  EXPECT_EQ(original->json.find("\"DIS\""), std::string::npos);
}

TEST(JpClinsErrata, PatchThatNoLongerFitsLeavesTargetUncorrected) {
  RENKEI_REQUIRE_JP();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "renkei-jp-errata-mismatch";
  std::filesystem::create_directories(dir);
  write_file_atomic((dir / "x.json").string(), R"({"id":"test/mismatch","targets":[{"resourceType":"ValueSet",
    "canonical":"http://jpfhir.jp/fhir/eDischargeSummary/ValueSet/document-section|1.0.0",
    "patch":[{"op":"test","path":"/status","value":"retired"},{"op":"replace","path":"/status","value":"active"}]}]})");
  IssueList issues;
  auto overlay = definitions::apply_errata(dir.string(), jpx->store, issues);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(overlay);
  EXPECT_TRUE(overlay->applied.empty());
  ASSERT_EQ(issues.count(Severity::Warning), 1u);
  EXPECT_NE(issues.items()[0].message.find("does not fit"), std::string::npos) << issues.items()[0].message;
}

// Defect 1: 点数表 6 (訪問看護ステーション) in the institution number.
TEST(JpClinsErrata, InstitutionNumberWithPointTable6) {
  RENKEI_REQUIRE_JP();
  JsonNode patient = sample("eReferral-example.json").get("entry")->items[1].members[1].second;
  ASSERT_EQ(patient.get("resourceType")->text, "Patient");
  patch(patient, "replace", "/identifier/0/system", "urn:oid:1.2.392.100495.20.3.51.11361234567");
  JsonNode extension;
  std::string error;
  extension = *definitions::parse_json_node(
      R"({"url":"http://jpfhir.jp/fhir/clins/Extension/StructureDefinition/JP_eCS_InstitutionNumber",
          "valueIdentifier":{"system":"http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no",
                             "value":"1361234567"}})",
      error);
  ASSERT_TRUE(definitions::apply_json_patch(patient, {{"add", "/extension", JsonNode{JsonNode::Kind::Array, {}, {extension}, {}}}}, error)) << error;
  const std::string json = definitions::to_json_text(patient);

  const IssueList off = jp_validate(*jpx, json, false);
  const auto r1010 = mentioning(off, "valid-system-local-patientID", Severity::Error);
  const auto extension_rule = mentioning(off, "valid-value-institutionNumberExtension", Severity::Error);
  show("off", r1010);
  show("off", extension_rule);
  EXPECT_EQ(r1010.size(), 1u);
  EXPECT_EQ(extension_rule.size(), 1u);
  EXPECT_EQ(off.count(Severity::Error), 2u);

  const IssueList on = jp_validate(*jpx, json, true);
  EXPECT_FALSE(on.has_errors()) << (on.has_errors() ? mentioning(on, "", Severity::Error)[0].message : "");
  // The correction adds 6 only: 点数表 5 is still refused.
  std::string five = json;
  five.replace(five.find("11361234567"), 11, "11351234567");
  EXPECT_EQ(mentioning(jp_validate(*jpx, five, true), "valid-system-local-patientID", Severity::Error).size(), 1u);
}

// Defect 2: the eDischargeSummary section ValueSet (and CodeSystem) lack the DIS codes.
TEST(JpClinsErrata, DischargeSummarySectionCodes) {
  RENKEI_REQUIRE_JP();
  const std::string json = read_file(std::string(RENKEI_SOURCE_DIR) + "/samples/fhir/jp-clins/eDischargeSummary-example.json");
  const IssueList off = jp_validate(*jpx, json, false);
  const auto not_in_vs = mentioning(off, "not in the required value set http://jpfhir.jp/fhir/eDischargeSummary/ValueSet/document-section", Severity::Error);
  const auto unknown = mentioning(off, "unknown code in the CodeSystem http://jpfhir.jp/fhir/clins/CodeSystem/document-section", Severity::Error);
  show("off", {not_in_vs.front()});
  show("off", unknown);
  EXPECT_EQ(not_in_vs.size(), 10u);  // the ten DIS sub-sections of the sample (510 is COMMON)
  EXPECT_EQ(unknown.size(), 1u);     // 362 現病歴
  EXPECT_EQ(unknown.at(0).expression, "Bundle.entry[0].resource.section[0].section[4].code.coding[0]");
  const IssueList on = jp_validate(*jpx, json, true);
  EXPECT_FALSE(on.has_errors());
}

// Defect 3: the Bundle-ID pattern is prose-only on the document Bundles; Composition.identifier's
// definition says "^" while the examples use "-".
TEST(JpClinsErrata, DocumentIdentifiers) {
  RENKEI_REQUIRE_JP();
  JsonNode doc = sample("eReferral-example.json");
  patch(doc, "replace", "/identifier/value", "1318814790-2024-0123-Referral-000000000001");
  patch(doc, "replace", "/entry/0/resource/identifier/value", "00123456");
  const std::string json = definitions::to_json_text(doc);
  const IssueList off = jp_validate(*jpx, json, false);
  EXPECT_FALSE(off.has_errors());
  EXPECT_TRUE(mentioning(off, "valid-value-bundleIdenfifier", Severity::Information).empty());
  EXPECT_TRUE(mentioning(off, "renkei-errata-composition-identifier", Severity::Information).empty());

  const IssueList on = jp_validate(*jpx, json, true);
  const auto bundle_rule = mentioning(on, "valid-value-bundleIdenfifier", Severity::Error);
  const auto composition_rule = mentioning(on, "renkei-errata-composition-identifier", Severity::Warning);
  show("on", bundle_rule);
  show("on", composition_rule);
  ASSERT_EQ(bundle_rule.size(), 1u);
  EXPECT_EQ(bundle_rule[0].expression, "Bundle");
  ASSERT_EQ(composition_rule.size(), 1u);
  EXPECT_EQ(composition_rule[0].severity, Severity::Warning);
  EXPECT_EQ(composition_rule[0].expression, "Bundle.entry[0].resource");
  EXPECT_EQ(on.count(Severity::Error), 1u);

  // Both separators are accepted for Composition.identifier.
  for (const std::string value : {"1318814790^2024^00123456", "1318814790-2024-00123456"}) {
    JsonNode ok = sample("eReferral-example.json");
    patch(ok, "replace", "/entry/0/resource/identifier/value", value);
    const IssueList issues = jp_validate(*jpx, definitions::to_json_text(ok), true);
    EXPECT_FALSE(issues.has_errors()) << value;
    EXPECT_TRUE(mentioning(issues, "renkei-errata-composition-identifier", Severity::Warning).empty()) << value;
  }
}
