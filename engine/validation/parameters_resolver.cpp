#include "validation/parameters_resolver.hpp"

namespace renkei::validation {
namespace {

const model::Node* find_in(const model::Node& parameter_list, std::string_view type, std::string_view id) {
  for (const model::Node* p = parameter_list.first_child; p; p = p->next) {
    if (p->name != "parameter" && p->name != "part") continue;
    if (const model::Node* r = p->child("resource"); r && r->resource_type == type)
      if (const model::Node* rid = r->child("id"); rid && rid->text == id) return r;
    if (const model::Node* nested = find_in(*p, type, id)) return nested;
  }
  return nullptr;
}

}  // namespace

const model::Node* resolve_in_parameters(const model::Node& from, std::string_view reference) {
  if (size_t hist = reference.find("/_history/"); hist != std::string_view::npos) reference = reference.substr(0, hist);
  size_t slash = reference.find('/');
  if (slash == std::string_view::npos || reference.find('/', slash + 1) != std::string_view::npos) return nullptr;
  std::string_view type = reference.substr(0, slash), id = reference.substr(slash + 1);
  for (const model::Node* n = from.parent; n; n = n->parent)
    if (n->is_resource() && n->resource_type == "Parameters") return find_in(*n, type, id);
  return nullptr;
}

}  // namespace renkei::validation
