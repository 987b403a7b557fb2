#include "validation/extension_rules.hpp"

#include <charconv>
#include <optional>
#include <utility>

#include "definitions/type_model.hpp"
#include "fhirpath/fhirpath.hpp"

namespace renkei::validation {
namespace {

bool is_absolute(std::string_view url) {
  return url.starts_with("http:") || url.starts_with("https:") || url.starts_with("urn:");
}

// "4.0.1" / "4.0" / "R4" as (major, minor); nullopt for anything else.
std::optional<std::pair<int, int>> major_minor(std::string_view v) {
  if (v.starts_with("R") || v.starts_with("r")) {
    if (v == "R4" || v == "r4") return std::pair{4, 0};
    if (v == "R4B" || v == "r4b") return std::pair{4, 3};
    if (v == "R5" || v == "r5") return std::pair{5, 0};
    if (v == "R3" || v == "r3") return std::pair{3, 0};
    return std::nullopt;
  }
  int major = 0, minor = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), major);
  if (ec != std::errc() || p == v.data() + v.size() || *p != '.') return std::nullopt;
  auto [q, ec2] = std::from_chars(p + 1, v.data() + v.size(), minor);
  if (ec2 != std::errc()) return std::nullopt;
  return std::pair{major, minor};
}

constexpr std::pair<int, int> kValidatedVersion{4, 0};  // FHIR R4 (4.0.1)

}  // namespace

std::string outside_fhir_versions(const ValidationPlan& def) {
  auto first = major_minor(def.first_fhir_version);
  auto last = major_minor(def.last_fhir_version);
  if (first && *first > kValidatedVersion)
    return "specifies that the earliest version it can be used with is " + def.first_fhir_version +
           ", but this context of use is version R4 (v4.0.1)";
  if (last && *last < kValidatedVersion)
    return "specifies that the latest version it can be used with is " + def.last_fhir_version +
           ", but this context of use is version R4 (v4.0.1)";
  return {};
}

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
