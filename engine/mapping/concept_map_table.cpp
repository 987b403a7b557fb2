#include "mapping/concept_map_table.hpp"

namespace renkei::mapping {
namespace {

bool usable_equivalence(std::string_view e) {
  return e.empty() || e == "equivalent" || e == "equal" || e == "wider" || e == "subsumes" || e == "relatedto";
}

}  // namespace

bool ConceptMapTable::add(const JsonValue& cm, const std::string& file, IssueList& issues) {
  if (!cm.is_object() || cm.string_or("resourceType") != "ConceptMap") {
    issues.add(Severity::Error, "invalid", "not a ConceptMap resource", file, 0, 0, "mapping-conceptmap");
    return false;
  }
  ConceptMapEntry entry;
  entry.url = cm.string_or("url");
  entry.name = cm.string_or("name");
  entry.source_file = file;
  if (entry.url.empty()) {
    issues.add(Severity::Error, "required", "ConceptMap without url", file, 0, 0, "mapping-conceptmap");
    return false;
  }
  if (const JsonValue* groups = cm.get("group"); groups && groups->is_array()) {
    for (const JsonValue& g : groups->items) {
      std::string target_system = g.string_or("target");
      const JsonValue* elements = g.get("element");
      if (!elements) continue;
      for (const JsonValue& el : elements->items) {
        std::string code = el.string_or("code");
        const JsonValue* targets = el.get("target");
        if (code.empty() || !targets) continue;
        for (const JsonValue& t : targets->items) {
          if (!usable_equivalence(t.string_or("equivalence"))) continue;
          if (entry.targets.count(code)) {
            issues.add(Severity::Error, "duplicate", "ConceptMap " + entry.url + " maps source code '" + code +
                       "' more than once", file, 0, 0, "mapping-conceptmap");
            return false;
          }
          entry.targets[code] = TranslatedCode{target_system, t.string_or("code"), t.string_or("display")};
          break;
        }
      }
    }
  }
  if (maps_.count(entry.url)) {
    issues.add(Severity::Error, "duplicate", "ConceptMap " + entry.url + " is defined twice", file, 0, 0,
               "mapping-conceptmap");
    return false;
  }
  maps_.emplace(entry.url, std::move(entry));
  return true;
}

const ConceptMapEntry* ConceptMapTable::find(std::string_view url) const {
  auto it = maps_.find(url);
  return it == maps_.end() ? nullptr : &it->second;
}

std::optional<TranslatedCode> ConceptMapTable::translate(std::string_view url, std::string_view code) const {
  const ConceptMapEntry* e = find(url);
  if (!e) return std::nullopt;
  auto it = e->targets.find(code);
  if (it == e->targets.end()) return std::nullopt;
  return it->second;
}

}  // namespace renkei::mapping
