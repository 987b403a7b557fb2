#pragma once
// Whether plain text (a FHIR string) holds what looks like an HTML tag: '<name ...>' or
// '</name>' where name is an HTML element (script, img, a, div, ...), ASCII case ignored.
// Text rendered into HTML without escaping is a script-injection hazard; the HL7 validator
// reports it (an error with its security checks on, information otherwise). Comparisons in
// text ("a < b", "<5 mg>") are not tags.
#include <string_view>

namespace renkei::validation {

bool contains_html_tag(std::string_view text);

}  // namespace renkei::validation
