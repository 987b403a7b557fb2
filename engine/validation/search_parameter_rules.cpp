#include "validation/search_parameter_rules.hpp"

#include <fmt/format.h>

namespace renkei::validation {

namespace {

using model::Node;

void report(IssueList& issues, std::string msg, const Node* at) {
  issues.add(Severity::Error, "invalid", std::move(msg), model::Document::path_of(at), at->line, at->column,
             "search-parameter-type");
}

// The type of the SearchParameter `canonical` names, or empty when it does not resolve.
std::string_view defined_type(const Node& from, std::string_view canonical, const DefinitionLookup& lookup) {
  const Node* sp = resolve_definition(from, "SearchParameter", canonical, lookup);
  return model::child_text(sp, "type");
}

}  // namespace

void check_search_parameter_rules(const Node& resource, const DefinitionLookup& lookup, IssueList& issues) {
  if (resource.resource_type == "SearchParameter") {
    std::string_view type = model::child_text(&resource, "type"), derived_from = model::child_text(&resource, "derivedFrom");
    if (type.empty() || derived_from.empty()) return;
    std::string_view base_type = defined_type(resource, derived_from, lookup);
    if (!base_type.empty() && base_type != type)
      report(issues,
             fmt::format("the type {} differs from the type {} of the derivedFrom SearchParameter {}", type, base_type,
                         derived_from),
             &resource);
    return;
  }
  if (resource.resource_type != "CapabilityStatement") return;
  for (const Node* rest = resource.first_child; rest; rest = rest->next) {
    if (rest->name != "rest") continue;
    for (const Node* r = rest->first_child; r; r = r->next) {
      if (r->name != "resource") continue;
      for (const Node* sp = r->first_child; sp; sp = sp->next) {
        if (sp->name != "searchParam") continue;
        std::string_view type = model::child_text(sp, "type"), definition = model::child_text(sp, "definition");
        if (type.empty() || definition.empty()) continue;
        std::string_view defined = defined_type(resource, definition, lookup);
        if (!defined.empty() && defined != type)
          report(issues,
                 fmt::format("type mismatch: the SearchParameter {} has type {}, but the type here is {}", definition,
                             defined, type),
                 sp);
      }
    }
  }
}

}  // namespace renkei::validation
