#pragma once
// Narrative controls a profile puts on a Narrative element with two extensions
// (http://hl7.org/fhir/extensions, "narrative control"):
//  - narrative-source-control: every piece of text must say where it comes from, by a class
//    attribute on itself or an enclosing element (boilerplate, generated, original, ...);
//  - narrative-language-control (repeating): `_no` forbids language sections, `_yes` requires
//    them, `_resource` requires one for the resource's language, any other code requires a
//    section in that language. A language section is a child <div> of the narrative's root div
//    carrying lang or xml:lang.
#include <string>
#include <string_view>
#include <vector>

#include "common/issue.hpp"
#include "model/node.hpp"

namespace renkei::validation {

inline constexpr std::string_view kNarrativeSourceControlUrl =
    "http://hl7.org/fhir/StructureDefinition/narrative-source-control";
inline constexpr std::string_view kNarrativeLanguageControlUrl =
    "http://hl7.org/fhir/StructureDefinition/narrative-language-control";

struct NarrativeControls {
  std::string source_level;            // the source control's code; empty when not asked for
  std::vector<std::string> languages;  // the language controls' codes, in definition order

  bool empty() const { return source_level.empty() && languages.empty(); }
};

// What a narrative's XHTML breaks of the controls, one message per finding, without the
// profile's name (the caller adds it). Text of the narrative is quoted only with show_values.
std::vector<std::string> check_narrative_controls(std::string_view xhtml, const NarrativeControls& controls,
                                                  std::string_view resource_language, bool show_values);

// The same on a Narrative element of an instance, reported as errors at that element (the HL7
// validator reports them as errors whatever level the source control names).
void check_narrative_controls(const model::Node& narrative, const NarrativeControls& controls,
                              std::string_view profile_url, bool show_values, IssueList& issues);

}  // namespace renkei::validation
