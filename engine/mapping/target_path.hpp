#pragma once
// The destination language of the mappings (documented in docs/forms/mapping-language.md):
//
//   path     := resource ('.' step)*
//   resource := Type ['[' role ']']          Patient[patient], Encounter[visit-{n}]; role defaults to the
//                                            type name in lower case
//   step     := element ['[' key ']']        name[kanji], activity[{n}], valueCodeableConcept
//
// A keyed step names one item of a repeating element: the first write to `name[kanji]` creates an item,
// later writes reach the same one, so several fields fill one HumanName. Keys and roles are plain names;
// `{n}` stands for the number of the current repeating-group instance (the NO column of a CSV, the @no of
// an XML element) and is substituted before the path is used. In patterns (section entries, narrative,
// fixed fragments) a `*` in a role or key matches any text and binds {n} to what it matched.
// Element names are FHIR element names as they appear in JSON (choice types expanded: valueString).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::mapping {

struct PathStep {
  std::string element;
  std::optional<std::string> key;
};

struct TargetPath {
  std::string resource_type;
  std::string role;
  std::vector<PathStep> steps;

  std::string resource_label() const { return resource_type + "[" + role + "]"; }
  std::string to_string() const;
  // A copy with every `{n}` replaced by `n`.
  TargetPath bind(std::string_view n) const;
  bool has_wildcard() const;
  bool has_number() const;  // a `{n}` to bind
};

// Parses a path; on failure returns nullopt and sets `error` (names the position, never data).
std::optional<TargetPath> parse_target_path(std::string_view text, std::string& error);

// Glob with '*' (any run of characters); sets `bound` to what the first '*' matched.
bool glob_match(std::string_view pattern, std::string_view text, std::string* bound = nullptr);

// Replaces `{n}` in text.
std::string bind_number(std::string_view text, std::string_view n);

}  // namespace renkei::mapping
