#include "validation/structure_definition_rules.hpp"

#include <fmt/core.h>

#include <vector>

#include "definitions/type_model.hpp"
#include "model/document.hpp"
#include "validation/profile_compiler.hpp"
#include "validation/value_match.hpp"

namespace renkei::validation {
namespace {

std::string_view text_of(const model::Node* n, std::string_view child) {
  const model::Node* c = n ? n->child(child) : nullptr;
  return c && c->has_value() ? c->text : std::string_view{};
}

std::string_view last_segment(std::string_view url) {
  size_t slash = url.rfind('/');
  return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

void add(IssueList& issues, std::string code, std::string message, const model::Node& at, const char* rule) {
  issues.add(Severity::Error, std::move(code), std::move(message), model::Document::path_of(&at), at.line, at.column,
             rule);
}

const model::Node* fixed_value(const model::Node& element) {
  for (const model::Node* c = element.first_child; c; c = c->next)
    if (c->name.size() > 5 && c->name.starts_with("fixed")) return c;
  return nullptr;
}

const PlanElement* element_by_id(const ValidationPlan& plan, std::string_view id) {
  for (const auto& e : plan.elements)
    if (e->id == id) return e.get();
  return nullptr;
}

// A profile named in type.profile must constrain that type; an abstract type (Resource,
// Element, ...) admits profiles of the types derived from it.
bool profile_fits(const ValidationPlan& profile, std::string_view code, const definitions::TypeModel& types) {
  if (profile.type == code) return true;
  const definitions::TypeInfo* declared = types.type(code);
  const definitions::TypeInfo* constrained = types.type(profile.type);
  return declared && declared->is_abstract && constrained && constrained->is_a(code);
}

// The types an element path of a FHIR type stands for (Observation.code → CodeableConcept),
// by the base definitions; empty when the path does not resolve there.
std::vector<const definitions::TypeInfo*> types_at(std::string_view path, const definitions::TypeModel& types) {
  std::vector<const definitions::TypeInfo*> out;
  size_t dot = path.find('.');
  const definitions::TypeInfo* cur = types.type(path.substr(0, dot));
  while (cur && dot != std::string_view::npos) {
    size_t next = path.find('.', dot + 1);
    std::string_view seg = path.substr(dot + 1, next == std::string_view::npos ? std::string_view::npos : next - dot - 1);
    const uint32_t* index = cur->by_name.find(seg);
    if (!index) return out;
    const definitions::ElementInfo& e = cur->elements[*index];
    if (next == std::string_view::npos) {
      if (e.inline_type) out.push_back(e.inline_type);
      for (const auto& code : e.type_codes)
        if (const definitions::TypeInfo* t = types.type(code)) out.push_back(t);
      return out;
    }
    cur = e.inline_type ? e.inline_type : e.type_codes.size() == 1 ? types.type(e.type_codes[0]) : nullptr;
    dot = next;
  }
  return out;
}

// A discriminator path must name an element of the sliced element's type. Paths through
// functions (extension('…'), resolve(), ofType()) and $this are not judged here.
void check_discriminators(const model::Node& element, std::string_view path, const definitions::TypeModel& types,
                          IssueList& issues) {
  const model::Node* slicing = element.child("slicing");
  if (!slicing) return;
  // The base definitions know backbone elements' own children; the declared type codes
  // serve elements of other structures (BackboneElement and Element there say nothing).
  std::vector<const definitions::TypeInfo*> sliced = types_at(path, types);
  if (sliced.empty())
    for (const model::Node* t = element.first_child; t; t = t->next) {
      std::string code = t->name == "type" ? definitions::fhir_type_code(text_of(t, "code")) : std::string();
      if (code.empty() || code == "BackboneElement" || code == "Element") continue;
      if (const definitions::TypeInfo* ti = types.type(code)) sliced.push_back(ti);
    }
  if (sliced.empty()) return;
  for (const model::Node* d = slicing->first_child; d; d = d->next) {
    if (d->name != "discriminator") continue;
    const model::Node* dp = d->child("path");
    if (!dp || !dp->has_value()) continue;
    std::string_view head = dp->text.substr(0, dp->text.find('.'));
    if (head.empty() || head == "$this" || head.find('(') != std::string_view::npos) continue;
    bool known = false;
    for (const definitions::TypeInfo* t : sliced) known |= t->by_name.contains(head);
    if (!known)
      add(issues, "invalid",
          fmt::format("The discriminator path '{}' does not appear to be valid for the element that is being sliced '{}'",
                      dp->text, path),
          *dp, "sd-discriminator");
  }
}

void check_elements(const model::Node& list, std::string_view type_name, const ValidationPlan* base,
                    const PlanRegistry& plans, const definitions::TypeModel& types, IssueList& issues) {
  for (const model::Node* e = list.first_child; e; e = e->next) {
    if (e->name != "element") continue;
    std::string_view path = text_of(e, "path");
    std::string_view head = path.substr(0, path.find('.'));
    if (!path.empty() && head != type_name)
      add(issues, "invalid", fmt::format("The path {} must start with the type of the structure {}", path, type_name),
          *e, "sd-path");
    for (const model::Node* t = e->first_child; t; t = t->next) {
      if (t->name != "type") continue;
      std::string code = definitions::fhir_type_code(text_of(t, "code"));
      if (code.empty() || code.find(':') != std::string::npos) continue;
      for (const model::Node* p = t->first_child; p; p = p->next) {
        if (p->name != "profile" || !p->has_value()) continue;
        const ValidationPlan* profile = plans.find(p->text);
        if (profile && !profile_fits(*profile, code, types))
          add(issues, "invalid",
              fmt::format("Profile {} is for type {}, but the {} element has type {}", p->text, profile->type, path,
                          code),
              *p, "sd-type-profile");
      }
    }
    check_discriminators(*e, path, types, issues);
    const model::Node* fixed = fixed_value(*e);
    if (!fixed || !base) continue;
    std::string_view id = text_of(e, "id");
    const PlanElement* inherited = element_by_id(*base, id.empty() ? path : id);
    if (inherited && inherited->fixed && !exactly_matches(*fixed, *inherited->fixed))
      add(issues, "invalid",
          fmt::format("Value is '{}' but is fixed to '{}' in the base definition {}", fixed->text,
                      inherited->fixed->text, base->url),
          *fixed, "sd-fixed");
  }
}

}  // namespace

void check_structure_definition_rules(const model::Node& sd, const PlanRegistry& plans,
                                      const definitions::TypeModel& types, IssueList& issues) {
  const model::Node* type = sd.child("type");
  if (!type || !type->has_value()) return;
  std::string_view t = type->text;
  bool absolute = t.find(':') != std::string_view::npos;
  // The specification's own definitions (its logical patterns: Event, Request, FiveWs ...) are
  // the FHIR namespace themselves.
  bool defined_by_spec = text_of(&sd, "url") == "http://hl7.org/fhir/StructureDefinition/" + std::string(t);
  if (!absolute && !defined_by_spec && !types.type(t))
    add(issues, "invalid",
        fmt::format("The type {} is not legal because it is not defined in the FHIR specification. Other types must "
                    "have a namespace on them",
                    t),
        *type, "sd-type");
  std::string_view base_url = text_of(&sd, "baseDefinition");
  const ValidationPlan* base = base_url.empty() ? nullptr : plans.find(base_url);
  if (base && text_of(&sd, "derivation") == "specialization" && base->type == t)
    add(issues, "invalid",
        fmt::format("The type {} must not be the same as the type in the base structure {} that is being specialised",
                    t, base_url),
        sd, "sd-specialization");
  // A constraint's fixed values must agree with its base's; a specialization defines anew.
  const ValidationPlan* constrained_base = text_of(&sd, "derivation") == "constraint" ? base : nullptr;
  std::string_view type_name = absolute ? last_segment(t) : t;
  for (std::string_view part : {"differential", "snapshot"})
    if (const model::Node* list = sd.child(part))
      check_elements(*list, type_name, part == "differential" ? constrained_base : nullptr, plans, types, issues);
}

}  // namespace renkei::validation
