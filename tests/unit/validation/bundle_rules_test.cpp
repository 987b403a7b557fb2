// Bundle and document rules, and reference resolution inside Bundles.
#include "validation/bundle_rules.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "common/file_util.hpp"
#include "validation/reference_resolver.hpp"
#include "validation_test_support.hpp"

namespace renkei::validation {
namespace {

using testing::core;

std::string peer_data(const std::string& name) { return std::string(RENKEI_SHARED_DIR) + "/peers/data/" + name; }

std::string slurp(const std::string& path) { return read_file(path); }

// Replaces the first occurrence of `from` (which the test expects to be there).
void replace_once(std::string& s, std::string_view from, std::string_view to) {
  size_t at = s.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
}

// A tree read with the R4 TypeModel, so Reference elements are known by type.
model::Document read(testing::CoreFixture* fx, std::string_view json) {
  IssueList read_issues;
  io::ReadOptions ro;
  ro.types = fx->types.get();
  auto doc = io::read_json(json, ro, read_issues);
  EXPECT_TRUE(doc.has_value()) << (read_issues.empty() ? "" : read_issues.items()[0].message);
  return doc ? std::move(*doc) : model::Document();
}

IssueList check(testing::CoreFixture* fx, std::string_view json, const BundleRulesOptions& options = {}) {
  model::Document doc = read(fx, json);
  IssueList issues;
  if (doc.root()) check_bundle_rules(*doc.root(), issues, options);
  return issues;
}

std::vector<Issue> with_rule(const IssueList& issues, std::string_view rule) {
  std::vector<Issue> out;
  for (const Issue& i : issues.items())
    if (i.rule == rule) out.push_back(i);
  return out;
}

bool has(const IssueList& issues, Severity s, std::string_view rule, std::string_view expression) {
  for (const Issue& i : issues.items())
    if (i.severity == s && i.rule == rule && i.expression == expression) return true;
  return false;
}

std::string dump(const IssueList& issues) {
  std::string out;
  for (const Issue& i : issues.items())
    out += std::string(to_string(i.severity)) + " " + i.rule + " " + i.expression + " @" + std::to_string(i.line) +
           ":" + std::to_string(i.column) + " " + i.message + "\n";
  return out;
}

size_t errors(const IssueList& issues) { return issues.count(Severity::Error) + issues.count(Severity::Fatal); }

// ---------------------------------------------------------------------------------------
// Reference syntax

TEST(ParseReference, RelativeVersionedAndMalformed) {
  ParsedReference p = parse_reference("Patient/p1");
  EXPECT_EQ(p.form, ReferenceForm::Relative);
  EXPECT_EQ(p.type, "Patient");
  EXPECT_EQ(p.id, "p1");
  EXPECT_TRUE(p.version.empty());

  p = parse_reference("Observation/o.1/_history/3");
  EXPECT_EQ(p.form, ReferenceForm::Relative);
  EXPECT_EQ(p.identity, "Observation/o.1");
  EXPECT_EQ(p.version, "3");

  EXPECT_EQ(parse_reference("XXX/_history/1").form, ReferenceForm::Malformed);
  EXPECT_EQ(parse_reference("fhir/Patient").form, ReferenceForm::Malformed);
  EXPECT_EQ(parse_reference("Patient/a/b").form, ReferenceForm::Malformed);
  EXPECT_EQ(parse_reference("Patient/1/_history/").form, ReferenceForm::Malformed);
  EXPECT_EQ(parse_reference("Patient?identifier=x|1").form, ReferenceForm::Conditional);
  EXPECT_EQ(parse_reference("").form, ReferenceForm::Empty);
}

TEST(ParseReference, AbsoluteRestfulUrnAndFragment) {
  ParsedReference p = parse_reference("http://x/fhir/Patient/1/_history/2");
  EXPECT_EQ(p.form, ReferenceForm::Absolute);
  EXPECT_EQ(p.identity, "http://x/fhir/Patient/1");
  EXPECT_EQ(p.base, "http://x/fhir/");
  EXPECT_EQ(p.type, "Patient");
  EXPECT_EQ(p.id, "1");
  EXPECT_EQ(p.version, "2");

  p = parse_reference("https://host/Patient");  // no type/id pair: absolute, not RESTful
  EXPECT_EQ(p.form, ReferenceForm::Absolute);
  EXPECT_FALSE(p.restful());

  p = parse_reference("urn:uuid:2b90dd2b-2dab-4c75-9bb9-a355e07401e8");
  EXPECT_EQ(p.form, ReferenceForm::Urn);
  EXPECT_EQ(p.identity, "urn:uuid:2b90dd2b-2dab-4c75-9bb9-a355e07401e8");

  p = parse_reference("#c1");
  EXPECT_EQ(p.form, ReferenceForm::Fragment);
  EXPECT_EQ(p.fragment, "c1");
  EXPECT_EQ(parse_reference("#").form, ReferenceForm::Fragment);

  p = parse_reference("Patient/1#c1");
  EXPECT_EQ(p.form, ReferenceForm::Relative);
  EXPECT_TRUE(p.has_fragment);
  EXPECT_EQ(p.fragment, "c1");
}

// ---------------------------------------------------------------------------------------
// The shared document cases (same files as the Java validator's fhir-test-cases)

TEST(BundleRules, DocGoodHasNoFindings) {
  RENKEI_REQUIRE_CORE();
  if (!std::filesystem::exists(peer_data("doc-good.json"))) GTEST_SKIP() << "no ../shared/peers/data";
  IssueList issues = check(fx, slurp(peer_data("doc-good.json")));
  EXPECT_TRUE(issues.empty()) << dump(issues);
}

TEST(BundleRules, DocBadReportsWhatJavaReports) {
  RENKEI_REQUIRE_CORE();
  std::string java_path = testing::shared("fhir-test-cases/validator/outcomes/java/"
                                          "R4.bundle-document-versioned-references-bad-base.json");
  if (!std::filesystem::exists(peer_data("doc-bad.json")) || !std::filesystem::exists(java_path))
    GTEST_SKIP() << "no ../shared/peers/data or fhir-test-cases";
  IssueList issues = check(fx, slurp(peer_data("doc-bad.json")));

  // Java's errors, read from its OperationOutcome: one "can't find" for the versioned
  // reference, and the ambiguous reference twice (InstanceValidator and BundleValidator).
  model::Document java = read(fx, slurp(java_path));
  ASSERT_NE(java.root(), nullptr);
  size_t java_errors = 0, java_not_found = 0, java_multiple = 0;
  for (const model::Node* i = java.root()->first_child; i; i = i->next) {
    if (i->name != "issue" || i->child("severity")->text != "error") continue;
    ++java_errors;
    std::string_view text = i->child("details")->child("text")->text;
    if (text.find("Can't find 'Observation/ObservationExample/_history/3'") != std::string_view::npos) ++java_not_found;
    if (text.find("Multiple matches") != std::string_view::npos || text.find("Found 2 matches") != std::string_view::npos)
      ++java_multiple;
  }
  ASSERT_EQ(java_errors, 3u);
  ASSERT_EQ(java_not_found, 1u);
  ASSERT_EQ(java_multiple, 2u);

  // Renkei: the same two faults, each once, at the section entries Java points at.
  EXPECT_EQ(errors(issues), 2u) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-unresolved", "Bundle.entry[0].resource.section[0].entry[0]"))
      << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-ambiguous", "Bundle.entry[0].resource.section[0].entry[1]"))
      << dump(issues);
  auto unresolved = with_rule(issues, "bundle-reference-unresolved");
  ASSERT_EQ(unresolved.size(), 1u);
  EXPECT_NE(unresolved[0].message.find("version"), std::string::npos) << unresolved[0].message;
  EXPECT_EQ(unresolved[0].line, 23u);  // the "reference" of section[0].entry[0]
  // Java's two warnings: both Observations only link backwards (to Patient and Practitioner).
  EXPECT_EQ(issues.count(Severity::Warning), 2u) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Warning, "bundle-entry-reverse-only", "Bundle.entry[1]"));
  EXPECT_TRUE(has(issues, Severity::Warning, "bundle-entry-reverse-only", "Bundle.entry[2]"));
}

TEST(BundleRules, DocBrokenReportsEachPlantedFault) {
  RENKEI_REQUIRE_CORE();
  if (!std::filesystem::exists(peer_data("doc-broken.json"))) GTEST_SKIP() << "no ../shared/peers/data";
  IssueList issues = check(fx, slurp(peer_data("doc-broken.json")));
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-composition-first", "Bundle.entry[0].resource")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-unresolved", "Bundle.entry[3].resource.subject"))
      << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-fullurl-required", "Bundle.entry[1]")) << dump(issues);
  // Nothing else: the versioned section entries resolve (v1 by type/id, the entry having no
  // fullUrl; v2 by fullUrl), and every entry is linked to the Composition.
  EXPECT_EQ(errors(issues), 3u) << dump(issues);
  EXPECT_EQ(issues.count(Severity::Warning), 0u) << dump(issues);
}

// ---------------------------------------------------------------------------------------
// Resolution rules, one at a time

TEST(BundleIndex, RelativeReferenceResolvesAgainstRestfulBase) {
  RENKEI_REQUIRE_CORE();
  model::Document doc = read(fx, R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"http://x/fhir/Observation/o1","resource":{"resourceType":"Observation","id":"o1","status":"final",
      "code":{"text":"t"},"subject":{"reference":"Patient/p"}}},
    {"fullUrl":"http://other/fhir/Patient/p","resource":{"resourceType":"Patient","id":"p"}},
    {"fullUrl":"http://x/fhir/Patient/p","resource":{"resourceType":"Patient","id":"p"}},
    {"fullUrl":"urn:uuid:1c0d7f4e-0000-4000-8000-000000000001","resource":{"resourceType":"Observation",
      "status":"final","code":{"text":"t"},"subject":{"reference":"Patient/p"}}}]})");
  BundleIndex ix = BundleIndex::build(*doc.root());
  ASSERT_EQ(ix.entries().size(), 4u);
  const model::Node* subject0 = ix.entries()[0].resource->child("subject");
  Resolution r = ix.resolve(*subject0);
  EXPECT_EQ(r.status, ResolutionStatus::Resolved);
  EXPECT_EQ(r.entry, 2u);  // same base http://x/fhir/, not http://other/fhir/
  EXPECT_EQ(r.target, ix.entries()[2].resource);
  EXPECT_EQ(r.type_id_mismatched, 1u);
  // From an entry without a RESTful base, both RESTful Patients qualify: ambiguous.
  Resolution r3 = ix.resolve(*ix.entries()[3].resource->child("subject"));
  EXPECT_EQ(r3.status, ResolutionStatus::Ambiguous);
  EXPECT_EQ(r3.matches, 2u);
  // The absolute form reaches each one directly.
  EXPECT_EQ(ix.resolve_in_entry("http://other/fhir/Patient/p", 3).entry, 1u);
  EXPECT_EQ(ix.resolve_in_entry("http://nowhere/fhir/Patient/p", 3).status, ResolutionStatus::NotFound);
}

TEST(BundleIndex, UrnAndRelativeToUrnEntry) {
  RENKEI_REQUIRE_CORE();
  model::Document doc = read(fx, R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"urn:uuid:10a67a86-a9ec-427e-ba3f-f042cef21733","resource":{"resourceType":"Observation",
      "status":"final","code":{"text":"t"},"subject":{"reference":"urn:uuid:2aaf815f-3ebe-4a03-9b87-05d0700313b2"},
      "performer":[{"reference":"Organization/666"}]}},
    {"fullUrl":"urn:uuid:2aaf815f-3ebe-4a03-9b87-05d0700313b2","resource":{"resourceType":"Patient","id":"p"}},
    {"fullUrl":"urn:uuid:2b90dd2b-2dab-4c75-9bb9-a355e07401e8","resource":{"resourceType":"Organization","id":"666"}}]})");
  BundleIndex ix = BundleIndex::build(*doc.root());
  const model::Node* obs = ix.entries()[0].resource;
  Resolution subject = ix.resolve(*obs->child("subject"));
  EXPECT_EQ(subject.status, ResolutionStatus::Resolved);
  EXPECT_EQ(subject.form, ReferenceForm::Urn);
  EXPECT_EQ(subject.entry, 1u);
  // A resource with a urn: fullUrl is known by that URN; its id does not make "Organization/666"
  // resolve (as the Java validator's relative_reference_to_TYPE_ID.all_fullUrl_UUID case).
  Resolution performer = ix.resolve(*obs->child("performer"));
  EXPECT_EQ(performer.status, ResolutionStatus::NotFound);
  EXPECT_EQ(performer.type_id_mismatched, 1u);
}

TEST(BundleIndex, ContainedFragmentsAndContainer) {
  RENKEI_REQUIRE_CORE();
  model::Document doc = read(fx, R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"urn:uuid:10a67a86-a9ec-427e-ba3f-f042cef21733","resource":{"resourceType":"Observation",
      "contained":[{"resourceType":"Practitioner","id":"pr1"},
                   {"resourceType":"Provenance","id":"pv","target":[{"reference":"#"}],"recorded":"2024-01-01T00:00:00Z",
                    "agent":[{"who":{"reference":"#pr1"}}]}],
      "status":"final","code":{"text":"t"},"performer":[{"reference":"#pr1"},{"reference":"#nope"}]}}]})");
  BundleIndex ix = BundleIndex::build(*doc.root());
  const model::Node* obs = ix.entries()[0].resource;
  const model::Node* performer0 = obs->child("performer");
  Resolution r = ix.resolve(*performer0);
  EXPECT_EQ(r.status, ResolutionStatus::Resolved);
  ASSERT_NE(r.target, nullptr);
  EXPECT_EQ(r.target->resource_type, "Practitioner");
  EXPECT_EQ(r.entry, 0u);
  EXPECT_EQ(ix.resolve(*performer0->next).status, ResolutionStatus::NotFound);
  // "#" inside a contained resource is the container; "#pr1" from there is its sibling.
  const model::Node* provenance = obs->first_child;
  while (provenance && provenance->resource_type != "Provenance") provenance = provenance->next;
  ASSERT_NE(provenance, nullptr);
  EXPECT_EQ(ix.resolve(*provenance->child("target")).target, obs);
  EXPECT_EQ(ix.resolve(*provenance->child("agent")->child("who")).target->resource_type, "Practitioner");

  IssueList issues;
  check_bundle_rules(*doc.root(), ix, issues);
  EXPECT_EQ(errors(issues), 1u) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-contained-unresolved", "Bundle.entry[0].resource.performer[1]"))
      << dump(issues);
}

TEST(BundleIndex, VersionedReferences) {
  RENKEI_REQUIRE_CORE();
  model::Document doc = read(fx, R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"http://x/Patient/p","resource":{"resourceType":"Patient","id":"p","meta":{"versionId":"1"}}},
    {"fullUrl":"http://x/Patient/p","resource":{"resourceType":"Patient","id":"p","meta":{"versionId":"2"}}},
    {"fullUrl":"http://x/Patient/q/_history/7","resource":{"resourceType":"Patient","id":"q"}}]})");
  BundleIndex ix = BundleIndex::build(*doc.root());
  EXPECT_EQ(ix.resolve_in_entry("Patient/p/_history/2", 0).entry, 1u);
  EXPECT_EQ(ix.resolve_in_entry("http://x/Patient/p/_history/1", 1).entry, 0u);
  Resolution bad = ix.resolve_in_entry("Patient/p/_history/3", 0);
  EXPECT_EQ(bad.status, ResolutionStatus::NotFound);
  EXPECT_EQ(bad.other_versions, 2u);
  EXPECT_EQ(ix.resolve_in_entry("Patient/p", 0).status, ResolutionStatus::Ambiguous);
  // The version of an entry without meta.versionId comes from its fullUrl's /_history/.
  EXPECT_EQ(ix.resolve_in_entry("Patient/q/_history/7", 0).entry, 2u);
  EXPECT_EQ(ix.resolve_in_entry("Patient/q/_history/8", 0).status, ResolutionStatus::NotFound);

  IssueList issues;
  check_bundle_rules(*doc.root(), ix, issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-fullurl-versioned", "Bundle.entry[2]")) << dump(issues);
  EXPECT_TRUE(with_rule(issues, "bundle-fullurl-unique").empty()) << dump(issues);  // versions differ
}

TEST(BundleIndex, NestedBundleIsNotResolvedAgainstTheOuterOne) {
  RENKEI_REQUIRE_CORE();
  model::Document doc = read(fx, R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"http://x/Patient/p","resource":{"resourceType":"Patient","id":"p"}},
    {"fullUrl":"urn:uuid:10a67a86-a9ec-427e-ba3f-f042cef21733","resource":{"resourceType":"Bundle","type":"collection",
      "entry":[{"fullUrl":"http://y/Observation/o","resource":{"resourceType":"Observation","id":"o","status":"final",
        "code":{"text":"t"},"subject":{"reference":"urn:uuid:00000000-0000-4000-8000-00000000dead"}}}]}}]})");
  BundleIndex ix = BundleIndex::build(*doc.root());
  const model::Node* inner = ix.entries()[1].resource;
  const model::Node* subject = inner->child("entry")->child("resource")->child("subject");
  EXPECT_EQ(ix.resolve(*subject).status, ResolutionStatus::OutsideIndex);
  EXPECT_EQ(ix.entry_of(*subject), Resolution::kNoEntry);
  IssueList issues;
  check_bundle_rules(*doc.root(), ix, issues);
  EXPECT_TRUE(issues.empty()) << dump(issues);  // the inner Bundle is checked on its own
}

// ---------------------------------------------------------------------------------------
// Rules

// A minimal document skeleton: Composition first, Patient second; `extra` adds entries.
std::string document(std::string_view composition_extra, std::string_view extra_entries,
                     std::string_view patient_url = "urn:uuid:00000000-0000-4000-8000-000000000002") {
  std::string out = R"({"resourceType":"Bundle","type":"document","timestamp":"2024-12-01T10:00:00+09:00",
    "identifier":{"system":"urn:ietf:rfc:3986","value":"urn:uuid:00000000-0000-4000-8000-0000000000aa"},"entry":[
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000001","resource":{"resourceType":"Composition",
      "status":"final","type":{"text":"t"},"date":"2024-12-01","title":"t",
      "subject":{"reference":")";
  out += patient_url;
  out += R"("},"author":[{"reference":")";
  out += patient_url;
  out += R"("}])";
  out += composition_extra;
  out += R"(}},{"fullUrl":")";
  out += patient_url;
  out += R"(","resource":{"resourceType":"Patient"}})";
  out += extra_entries;
  out += "]}";
  return out;
}

TEST(BundleRules, DocumentSkeletonIsClean) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = check(fx, document("", ""));
  EXPECT_TRUE(issues.empty()) << dump(issues);
}

TEST(BundleRules, DocumentIdentifierAndTimestamp) {
  RENKEI_REQUIRE_CORE();
  std::string json = document("", "");
  replace_once(json, R"("timestamp":"2024-12-01T10:00:00+09:00",)", "");
  replace_once(json, R"("system":"urn:ietf:rfc:3986",)", "");
  IssueList issues = check(fx, json);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-document-timestamp", "Bundle")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-document-identifier", "Bundle.identifier")) << dump(issues);
  // The caller that evaluates bdl-9/bdl-10 itself turns these off.
  BundleRulesOptions quiet;
  quiet.core_invariant_rules = false;
  EXPECT_TRUE(check(fx, json, quiet).empty());
}

TEST(BundleRules, UnreachableAndReverseOnlyEntries) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = check(fx, document("", R"(,
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000003","resource":{"resourceType":"Organization","name":"o"}},
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000004","resource":{"resourceType":"Observation",
      "status":"final","code":{"text":"t"},"subject":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000002"},
      "performer":[{"reference":"urn:uuid:00000000-0000-4000-8000-000000000005"}]}},
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000005","resource":{"resourceType":"Practitioner"}},
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000006","resource":{"resourceType":"Provenance",
      "target":[{"reference":"urn:uuid:00000000-0000-4000-8000-000000000001"}],"recorded":"2024-12-01T10:00:00Z",
      "agent":[{"who":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000005"}}]}})"));
  // Organization: linked to nothing. Observation: only points at the Patient. Practitioner:
  // reached through the Observation (not separately reported). Provenance: expected to point back.
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-entry-unreachable", "Bundle.entry[2]")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Warning, "bundle-entry-reverse-only", "Bundle.entry[3]")) << dump(issues);
  EXPECT_EQ(issues.items().size(), 2u) << dump(issues);
}

TEST(BundleRules, SectionEntriesAndCompositionReferencesMustResolve) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = check(fx, document(R"(,"section":[{"title":"s","entry":[
      {"reference":"urn:uuid:00000000-0000-4000-8000-000000000003"},
      {"reference":"urn:uuid:00000000-0000-4000-8000-0000000000ff"},
      {"reference":"http://elsewhere.example/fhir/Observation/1"},
      {"reference":"XXX/_history/1"}]}])",
                                        R"(,{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000003",
      "resource":{"resourceType":"Observation","status":"final","code":{"text":"t"}}})"));
  const std::string at = "Bundle.entry[0].resource.section[0].entry";
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-unresolved", at + "[1]")) << dump(issues);
  // In a document even a reference to an outside server must be in the Bundle.
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-unresolved", at + "[2]")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-syntax", at + "[3]")) << dump(issues);
  EXPECT_EQ(errors(issues), 3u) << dump(issues);
}

TEST(BundleRules, CollectionAllowsOutsideReferencesAndWarnsOnDanglingUrns) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = check(fx, R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"http://x/fhir/Observation/o","resource":{"resourceType":"Observation","id":"o","status":"final",
      "code":{"text":"t"},"subject":{"reference":"Patient/elsewhere"},
      "performer":[{"reference":"http://y/fhir/Practitioner/1"},
                   {"reference":"urn:uuid:00000000-0000-4000-8000-0000000000ff"},
                   {"reference":"XXX/_history/1"}]}}]})");
  // A urn: names an entry of this Bundle or nothing (a warning, as the Java validator says).
  EXPECT_TRUE(has(issues, Severity::Warning, "bundle-reference-unresolved", "Bundle.entry[0].resource.performer[1]"))
      << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Warning, "bundle-reference-syntax", "Bundle.entry[0].resource.performer[2]"))
      << dump(issues);
  EXPECT_EQ(issues.items().size(), 2u) << dump(issues);
}

TEST(BundleRules, DocumentLinks) {
  RENKEI_REQUIRE_CORE();
  std::string json = document("", R"(,{"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000009",
      "resource":{"resourceType":"Binary","id":"css","contentType":"text/css"}})");
  replace_once(json, R"("type":"document",)", R"("type":"document","link":[
      {"relation":"stylesheet","url":"Binary/css"},{"relation":"stylesheet","url":"Binary/cssN"},
      {"relation":"stylesheet","url":"https://hl7.org/fhir/fhir.css"},
      {"relation":"stylesheet","url":"http://example.org/fhir.css"},{"relation":"next","url":"http://x/p2"},
      {"relation":"self","url":"http://x/d"},{"relation":"self","url":"http://x/d2"}],)");
  IssueList issues = check(fx, json);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-link-stylesheet", "Bundle.link[1].url")) << dump(issues);
  EXPECT_EQ(with_rule(issues, "bundle-link-stylesheet").size(), 3u) << dump(issues);  // + external, + insecure
  EXPECT_TRUE(has(issues, Severity::Warning, "bundle-link-stylesheet", "Bundle.link[3].url")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-link-relation", "Bundle.link[4].relation")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-link-relation", "Bundle.link[6].relation")) << dump(issues);
  // The Binary is used by the link, so it is not an unlinked entry.
  EXPECT_TRUE(with_rule(issues, "bundle-entry-unreachable").empty()) << dump(issues);
  EXPECT_EQ(issues.items().size(), 5u) << dump(issues);
}

TEST(BundleRules, DuplicateFullUrlAndAmbiguousReference) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = check(fx, document("", R"(,
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000002","resource":{"resourceType":"Patient"}})"));
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-fullurl-unique", "Bundle.entry[2]")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-ambiguous", "Bundle.entry[0].resource.subject"))
      << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-ambiguous", "Bundle.entry[0].resource.author[0]"))
      << dump(issues);
  // History Bundles repeat a fullUrl on purpose.
  std::string history = R"({"resourceType":"Bundle","type":"history","entry":[
    {"fullUrl":"http://x/Patient/p","resource":{"resourceType":"Patient","id":"p"},"request":{"method":"PUT","url":"Patient/p"}},
    {"fullUrl":"http://x/Patient/p","resource":{"resourceType":"Patient","id":"p"},"request":{"method":"PUT","url":"Patient/p"}}]})";
  EXPECT_TRUE(check(fx, history).empty());
}

TEST(BundleRules, FullUrlShape) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = check(fx, R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"http://x/fhir/Patient/1","resource":{"resourceType":"Patient","id":"2"}},
    {"fullUrl":"http://x/fhir/Patient/3","resource":{"resourceType":"Patient"}},
    {"fullUrl":"Patient/4","resource":{"resourceType":"Patient","id":"4"}},
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000005","resource":{"resourceType":"Patient","id":"whatever"}}]})");
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-fullurl-id", "Bundle.entry[0]")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-fullurl-id", "Bundle.entry[1]")) << dump(issues);
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-fullurl-absolute", "Bundle.entry[2]")) << dump(issues);
  EXPECT_EQ(issues.items().size(), 3u) << dump(issues);
}

TEST(BundleRules, TransactionNeedsNoFullUrlAndKeepsConditionalReferences) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = check(fx, R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Observation","status":"final","code":{"text":"t"},
      "subject":{"reference":"Patient?identifier=http://x|1"}},"request":{"method":"POST","url":"Observation"}}]})");
  EXPECT_TRUE(issues.empty()) << dump(issues);
  IssueList collection = check(fx, R"({"resourceType":"Bundle","type":"collection","entry":[
    {"resource":{"resourceType":"Patient"}}]})");
  EXPECT_TRUE(has(collection, Severity::Error, "bundle-fullurl-required", "Bundle.entry[0]")) << dump(collection);
}

TEST(BundleRules, MessageHeaderFirstAndFocusResolves) {
  RENKEI_REQUIRE_CORE();
  IssueList wrong_first = check(fx, R"({"resourceType":"Bundle","type":"message","entry":[
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000001","resource":{"resourceType":"Patient"}}]})");
  EXPECT_TRUE(has(wrong_first, Severity::Error, "bundle-messageheader-first", "Bundle.entry[0].resource"))
      << dump(wrong_first);

  IssueList issues = check(fx, R"({"resourceType":"Bundle","type":"message","entry":[
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000001","resource":{"resourceType":"MessageHeader",
      "eventCoding":{"system":"http://example.org/events","code":"e"},"source":{"endpoint":"http://example.org/src"},
      "focus":[{"reference":"urn:uuid:00000000-0000-4000-8000-000000000002"},{"reference":"http://x/fhir/Patient/9"}]}},
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000002","resource":{"resourceType":"Patient"}},
    {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000003","resource":{"resourceType":"Organization","name":"o"}}]})");
  EXPECT_TRUE(has(issues, Severity::Error, "bundle-reference-unresolved", "Bundle.entry[0].resource.focus[1]"))
      << dump(issues);
  // An unlinked entry in a message is a warning (a document makes it an error).
  EXPECT_TRUE(has(issues, Severity::Warning, "bundle-entry-unreachable", "Bundle.entry[2]")) << dump(issues);
  EXPECT_EQ(issues.items().size(), 2u) << dump(issues);
}

TEST(BundleRules, MessagesQuoteNoValuesUnlessAsked) {
  RENKEI_REQUIRE_CORE();
  std::string json = document(R"(,"encounter":{"reference":"urn:uuid:secret-0000-4000-8000-0000000000ff"})", "");
  IssueList plain = check(fx, json);
  auto unresolved = with_rule(plain, "bundle-reference-unresolved");
  ASSERT_EQ(unresolved.size(), 1u) << dump(plain);
  EXPECT_EQ(unresolved[0].expression, "Bundle.entry[0].resource.encounter");
  EXPECT_EQ(unresolved[0].message.find("secret"), std::string::npos);
  BundleRulesOptions show;
  show.show_values = true;
  auto shown = with_rule(check(fx, json, show), "bundle-reference-unresolved");
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_NE(shown[0].message.find("urn:uuid:secret-0000-4000-8000-0000000000ff"), std::string::npos);
}

TEST(BundleRules, LargeDocumentStaysLinear) {
  RENKEI_REQUIRE_CORE();
  // 10k Observations referenced from one section, each pointing back at the Patient: resolution
  // through the index keeps this fast (a quadratic scan would take minutes in Debug).
  constexpr int kCount = 10000;
  std::string section = R"(,"section":[{"title":"s","entry":[)";
  std::string entries;
  for (int i = 0; i < kCount; ++i) {
    std::string url = fmt::format("http://x/fhir/Observation/o{}", i);
    section += fmt::format(R"({}{{"reference":"Observation/o{}"}})", i ? "," : "", i);
    entries += fmt::format(R"(,{{"fullUrl":"{}","resource":{{"resourceType":"Observation","id":"o{}","status":"final",)"
                           R"("code":{{"text":"t"}},"subject":{{"reference":"Patient/p"}}}}}})",
                           url, i);
  }
  section += "]}]";
  std::string json = document(section, entries, "http://x/fhir/Patient/p");
  // The Composition's fullUrl must be RESTful for "Observation/oN" to resolve by base.
  replace_once(json, "urn:uuid:00000000-0000-4000-8000-000000000001", "http://x/fhir/Composition/c");
  replace_once(json, R"("resourceType":"Composition",)", R"("resourceType":"Composition","id":"c",)");
  replace_once(json, R"("resourceType":"Patient"})", R"("resourceType":"Patient","id":"p"})");
  model::Document doc = read(fx, json);
  ASSERT_NE(doc.root(), nullptr);
  auto t0 = std::chrono::steady_clock::now();
  IssueList issues;
  check_bundle_rules(*doc.root(), issues);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  RecordProperty("bundle_rules_ms", static_cast<int>(ms));
  EXPECT_TRUE(issues.empty()) << dump(issues).substr(0, 2000);
  EXPECT_LT(ms, 5000) << "bundle rules took " << ms << " ms for " << kCount << " entries";
}

}  // namespace
}  // namespace renkei::validation
