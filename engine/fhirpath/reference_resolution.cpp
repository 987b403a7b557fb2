#include "fhirpath/reference_resolution.hpp"

namespace renkei::fhirpath {
namespace {

// Whether `resource` is what "Type/id" (or an absolute URL ending in it) names.
bool matches_type_and_id(const model::Node* resource, std::string_view ref) {
  if (!resource) return false;
  std::string_view id = child_text(resource, "id");
  if (id.empty()) return false;
  if (auto h = ref.find("/_history/"); h != std::string_view::npos) ref = ref.substr(0, h);
  std::string local = std::string(resource->resource_type) + "/" + std::string(id);
  return ref == local || (ref.size() > local.size() && ref.ends_with(local) && ref[ref.size() - local.size() - 1] == '/');
}

}  // namespace

const model::Node* resolve_reference(const Item& item) {
  std::string_view ref;
  const model::Node* from = item.node;
  if (item.node) {
    ref = item.node->is_primitive() ? item.node->text : child_text(item.node, "reference");
  } else if (item.value.index() == 2) {
    ref = std::get<std::string>(item.value);
  }
  if (ref.empty() || !from) return nullptr;

  if (ref.front() == '#') {
    // The containing resource is the nearest resource that is not itself contained.
    const model::Node* r = from;
    while (r && (!r->is_resource() || (r->parent && r->name == "contained"))) r = r->parent;
    if (!r) return nullptr;
    if (ref.size() == 1) return r;
    for (const model::Node* c = r->first_child; c; c = c->next)
      if (c->name == "contained" && child_text(c, "id") == ref.substr(1)) return c;
    return nullptr;
  }
  // Every enclosing Bundle, nearest first.
  for (const model::Node* b = from->parent; b; b = b->parent) {
    if (b->resource_type != "Bundle") continue;
    for (const model::Node* e = b->first_child; e; e = e->next) {
      if (e->name != "entry") continue;
      const model::Node* resource = e->child("resource");
      if (child_text(e, "fullUrl") == ref || matches_type_and_id(resource, ref)) return resource;
    }
  }
  return nullptr;
}

}  // namespace renkei::fhirpath
