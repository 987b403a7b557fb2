#include "validation/extension_rules.hpp"

#include "definitions/type_model.hpp"
#include "fhirpath/fhirpath.hpp"

namespace renkei::validation {
namespace {

bool is_absolute(std::string_view url) {
  return url.starts_with("http:") || url.starts_with("https:") || url.starts_with("urn:");
}

}  // namespace

std::vector<const model::Node*> undefined_sub_extensions(const model::Node& ext, const ValidationPlan& def) {
  std::vector<const model::Node*> out;
  const PlanElement* subs = def.root ? def.root->child("extension") : nullptr;
  if (!subs || subs->slices.empty()) return out;  // a simple extension: cardinality says the rest
  for (const model::Node* c = ext.first_child; c; c = c->next) {
    if (c->name != "extension") continue;
    const model::Node* url = c->child("url");
    if (!url || !url->has_value() || is_absolute(url->text)) continue;
    bool defined = false;
    for (const PlanElement* slice : subs->slices) {
      const PlanElement* su = slice->child("url");
      const model::Node* fixed = su ? su->fixed : nullptr;
      if (fixed && fixed->text == url->text) defined = true;
      if (!fixed && slice->slice_name == url->text) defined = true;  // url left unfixed: the slice name
    }
    if (!defined) out.push_back(c);
  }
  return out;
}

ContextInvariantResult check_context_invariants(const model::Node& ext, const ValidationPlan& def,
                                                const definitions::TypeModel& types, uint64_t max_steps) {
  ContextInvariantResult out;
  const model::Node* host = ext.parent;
  if (!host) return out;
  const model::Node* resource = host;
  while (resource && !resource->is_resource()) resource = resource->parent;
  for (const auto& inv : def.context_invariants) {
    if (!inv.compiled) continue;  // the compiler reported it
    fhirpath::EvalContext ctx;
    ctx.max_steps = max_steps;
    ctx.focus.push_back(fhirpath::Item::of_node(
        host, host->is_resource() ? host->resource_type : host->type ? std::string_view(host->type->name) : "",
        host->type));
    ctx.resource = resource;
    ctx.root_resource = resource;
    ctx.types = &types;
    ctx.hl7_validator_compat = true;
    ctx.variables["extension"].push_back(fhirpath::Item::of_node(&ext, "Extension", ext.type));
    auto result = fhirpath::evaluate(*inv.compiled, ctx);
    if (!result.ok()) {
      out.error = result.error;
      out.failed = &inv;
      return out;
    }
    if (fhirpath::to_boolean(result) == false) {
      out.failed = &inv;
      return out;
    }
  }
  return out;
}

}  // namespace renkei::validation
