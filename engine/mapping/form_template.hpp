#pragma once
// The per-form document template (mappings/templates/<form>.json): the fixed content of the resources
// (codes, statuses, references between them, extensions), the Composition and its sections with the
// rules that generate their narrative. Shared by every layout of the form, so a new layout is only a
// mapping file.
#include <optional>
#include <string>
#include <vector>

#include "mapping/json_value.hpp"
#include "mapping/target_path.hpp"

namespace renkei::mapping {

// A FHIR JSON fragment merged into every existing node the anchor matches (a `*` in the anchor binds {n}).
// Fragments never create a resource or a keyed item: content exists only where the input put data.
// Strings "@Type[role]" in a `reference` are resolved to the fullUrl of that resource by the assembler.
struct FixedFragment {
  TargetPath anchor;
  JsonValue value;
};

// Paths are parsed when the template is loaded; {n} in their roles and keys is bound per use.
struct NarrativeRow {
  std::string label;  // may contain {n}
  TargetPath path;    // may contain {n}; values of all matches are listed
};

// Without `repeat`, the rows once; with it, the rows once per binding of the `*` in `repeat`.
struct NarrativeRule {
  std::optional<TargetPath> repeat;
  std::vector<NarrativeRow> rows;
};

struct SectionSpec {
  std::string title;
  JsonValue code;                   // CodeableConcept JSON
  std::vector<TargetPath> entries;  // resources listed in section.entry (patterns allowed)
  std::vector<NarrativeRule> narrative;
};

struct FormTemplate {
  std::string file;
  std::string form;
  std::string title;
  std::string uuid_namespace;  // name of the UUID v5 namespace (the canonical base URL)
  std::string bundle_profile;
  std::string output_prefix;   // file names: <prefix>-<bundle uuid>.json
  TargetPath composition;      // the Composition resource, e.g. Composition[composition]
  std::vector<FixedFragment> fixed;
  std::vector<SectionSpec> sections;
};

}  // namespace renkei::mapping
