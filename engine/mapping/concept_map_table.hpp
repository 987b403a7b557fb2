#pragma once
// Code translations of the legacy forms, kept as FHIR ConceptMap resources (mappings/conceptmaps/*.json):
// a legacy code (要介護状態区分 "21", 性別 "1", 訪問の記号 "◎" …) becomes a coding of the target system.
// Only `group.element.target` with equivalence equivalent / equal / wider / subsumes / relatedto (or none)
// is used; `unmatched` and `disjoint` targets are ignored, so an unknown code is an error of the record.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/issue.hpp"
#include "mapping/json_value.hpp"

namespace renkei::mapping {

struct TranslatedCode {
  std::string system;
  std::string code;
  std::string display;
};

struct ConceptMapEntry {
  std::string url;
  std::string name;
  std::string source_file;
  std::map<std::string, TranslatedCode, std::less<>> targets;  // legacy code -> target
};

class ConceptMapTable {
 public:
  // Adds one ConceptMap (already parsed; variables expanded). Reports problems against `file`.
  bool add(const JsonValue& concept_map, const std::string& file, IssueList& issues);
  const ConceptMapEntry* find(std::string_view url) const;
  std::optional<TranslatedCode> translate(std::string_view url, std::string_view code) const;
  size_t size() const { return maps_.size(); }

 private:
  std::map<std::string, ConceptMapEntry, std::less<>> maps_;
};

}  // namespace renkei::mapping
