// Narrative source and language controls: the XHTML scan on its own, and through a profile
// that puts the control extensions on Patient.text.
#include "validation/narrative_controls.hpp"

#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

constexpr std::string_view kSections =
    R"(<div xmlns="http://www.w3.org/1999/xhtml"><div lang="en">Hello</div><div xml:lang="de">Hallo</div></div>)";
constexpr std::string_view kNoSections = R"(<div xmlns="http://www.w3.org/1999/xhtml"><p>Hello</p></div>)";

NarrativeControls languages(std::vector<std::string> codes) { return NarrativeControls{{}, std::move(codes)}; }

TEST(NarrativeControls, LanguageSectionsProhibitedRequiredOrNamed) {
  auto no = check_narrative_controls(kSections, languages({"_no"}), "", false);
  ASSERT_EQ(no.size(), 1u);
  EXPECT_NE(no[0].find("some language sections (de, en)"), std::string::npos) << no[0];
  EXPECT_TRUE(check_narrative_controls(kNoSections, languages({"_no"}), "", false).empty());

  EXPECT_EQ(check_narrative_controls(kNoSections, languages({"_yes"}), "", false).size(), 1u);
  EXPECT_TRUE(check_narrative_controls(kSections, languages({"_yes"}), "", false).empty());

  EXPECT_TRUE(check_narrative_controls(kSections, languages({"_resource"}), "de", false).empty());
  EXPECT_EQ(check_narrative_controls(kSections, languages({"_resource"}), "fr", false).size(), 1u);
  EXPECT_TRUE(check_narrative_controls(kSections, languages({"_resource"}), "", false).empty());
  EXPECT_EQ(check_narrative_controls(kSections, languages({"en", "ja"}), "", false).size(), 1u);
}

TEST(NarrativeControls, NestedLanguageDivsAreNotSections) {
  constexpr std::string_view nested =
      R"(<div xmlns="http://www.w3.org/1999/xhtml"><div><div lang="en">Hello</div></div></div>)";
  EXPECT_TRUE(check_narrative_controls(nested, languages({"_no"}), "", false).empty());
}

TEST(NarrativeControls, EveryTextNeedsASourceClassOnItselfOrAnAncestor) {
  NarrativeControls source{"error", {}};
  constexpr std::string_view x = R"(<div xmlns="http://www.w3.org/1999/xhtml">
      Loose text
      <h1 class="boilerplate">A heading</h1>
      <p>Unlabelled</p>
      <p class="x generated"><b>inherited</b></p>
      <!-- a comment is not text -->
    </div>)";
  auto found = check_narrative_controls(x, source, "", true);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_NE(found[0].find("'Loose text'"), std::string::npos) << found[0];
  EXPECT_NE(found[1].find("'Unlabelled'"), std::string::npos) << found[1];
  // Without show_values the narrative's text is not quoted.
  for (const auto& f : check_narrative_controls(x, source, "", false)) EXPECT_EQ(f.find("Unlabelled"), std::string::npos);
  EXPECT_TRUE(check_narrative_controls(R"(<div xmlns="http://www.w3.org/1999/xhtml" class="generated">All</div>)",
                                       source, "", false)
                  .empty());
}

constexpr std::string_view kControlledProfile = R"json({
  "resourceType": "StructureDefinition", "id": "narrative-controlled",
  "url": "http://example.org/fhir/StructureDefinition/narrative-controlled", "name": "NarrativeControlled",
  "status": "draft", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
  "differential": {"element": [
    {"id": "Patient.text", "path": "Patient.text",
     "extension": [
       {"url": "http://hl7.org/fhir/StructureDefinition/narrative-source-control", "valueCode": "error"},
       {"url": "http://hl7.org/fhir/StructureDefinition/narrative-language-control", "valueCode": "_resource"}]}
  ]}})json";

TEST(NarrativeControls, ProfileOnPatientText) {
  RENKEI_REQUIRE_CORE();
  ProfileFixture pf(fx, {{"narrative-controlled.json", kControlledProfile}});
  const std::string url = "http://example.org/fhir/StructureDefinition/narrative-controlled";
  auto good = pf.validate(R"({"resourceType": "Patient", "language": "ja", "text": {"status": "generated",
      "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><div lang=\"ja\" class=\"generated\">患者</div></div>"}})",
                          url);
  EXPECT_EQ(errors_of(good), "");
  auto bad = pf.validate(R"({"resourceType": "Patient", "language": "ja", "text": {"status": "generated",
      "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><div lang=\"en\">Patient</div></div>"}})",
                         url);
  EXPECT_TRUE(any_error_mentions(bad, "does not have a class attribute")) << errors_of(bad);
  EXPECT_TRUE(any_error_mentions(bad, "no language section for 'ja'")) << errors_of(bad);
  EXPECT_TRUE(any_error_mentions(bad, "Patient.text")) << errors_of(bad);
  // Without the profile nothing is asked of the narrative.
  EXPECT_EQ(errors_of(pf.validate(R"({"resourceType": "Patient", "text": {"status": "generated",
      "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Patient</div>"}})",
                                  "")),
            "");
}

}  // namespace
}  // namespace renkei::validation::testing
