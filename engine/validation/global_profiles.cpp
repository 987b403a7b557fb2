#include "validation/global_profiles.hpp"

#include <algorithm>

#include "definitions/definition_store.hpp"
#include "io/fhir_reader.hpp"

namespace renkei::validation {

GlobalProfiles::GlobalProfiles(const definitions::DefinitionStore& store) {
  for (const definitions::ResourceEntry* ig : store.all("ImplementationGuide")) {
    if (ig->json.find("\"global\"") == std::string::npos) continue;  // most guides declare none
    io::ReadOptions ro;
    ro.source_name = ig->source;
    IssueList ignored;  // an unreadable guide contributes nothing; loading reported it
    auto doc = io::read_json(ig->json, ro, ignored);
    if (!doc || !doc->root()) continue;
    for (const model::Node* g = doc->root()->first_child; g; g = g->next) {
      if (g->name != "global") continue;
      const model::Node* type = g->child("type");
      const model::Node* profile = g->child("profile");
      if (!type || !profile || !type->has_value() || !profile->has_value()) continue;
      auto& list = by_type_[std::string(type->text)];
      if (std::find(list.begin(), list.end(), profile->text) == list.end()) list.emplace_back(profile->text);
    }
  }
}

const std::vector<std::string>& GlobalProfiles::for_type(std::string_view resource_type) const {
  static const std::vector<std::string> none;
  auto it = by_type_.find(std::string(resource_type));
  return it == by_type_.end() ? none : it->second;
}

}  // namespace renkei::validation
