#include "validation/profile_compiler.hpp"

#include <algorithm>
#include <charconv>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "io/fhir_reader.hpp"
#include "validation/expression_errata.hpp"

namespace renkei::validation {

namespace {

constexpr std::string_view kProfileElementExt =
    "http://hl7.org/fhir/StructureDefinition/elementdefinition-profile-element";
constexpr std::string_view kFhirTypeExt = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";

std::string_view text_of(const model::Node* n, std::string_view child) {
  const model::Node* c = n ? n->child(child) : nullptr;
  return c ? c->text : std::string_view{};
}

uint32_t parse_uint(std::string_view s, uint32_t fallback) {
  if (s == "*") return UINT32_MAX;
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : fallback;
}

std::string type_code(const model::Node* type) {
  for (const model::Node* c = type->first_child; c; c = c->next) {
    if (c->name != "extension" || text_of(c, "url") != kFhirTypeExt) continue;
    std::string_view v = text_of(c, "valueUrl");
    if (v.empty()) v = text_of(c, "valueUri");
    if (!v.empty()) return std::string(v);
  }
  return definitions::fhir_type_code(text_of(type, "code"));
}

// The id of an element's parent, and the slice this element names, from its id:
// "Patient.extension:race.url" → parent "Patient.extension:race"; "Patient.extension:race"
// → parent "Patient" and it is slice "race" of "Patient.extension".
struct IdParts {
  std::string parent;
  std::string unsliced;  // own id without the trailing ":slice" (the slicing entry)
  std::string slice;
};

IdParts split_id(std::string_view id) {
  IdParts p;
  size_t dot = id.rfind('.');
  // A dot inside a slice name would confuse this; FHIR slice names are tokens without dots.
  std::string_view last = dot == std::string_view::npos ? id : id.substr(dot + 1);
  if (dot != std::string_view::npos) p.parent = std::string(id.substr(0, dot));
  size_t colon = last.find(':');
  if (colon != std::string_view::npos) {
    std::string_view slice = last.substr(colon + 1);
    // Re-slicing ("ext:a/b") hangs off the slice "ext:a".
    size_t slash = slice.rfind('/');
    if (slash != std::string_view::npos) {
      p.unsliced = std::string(id.substr(0, id.size() - (slice.size() - slash)));
      p.slice = std::string(slice.substr(slash + 1));
    } else {
      p.unsliced = std::string(id.substr(0, id.size() - slice.size() - 1));
      p.slice = std::string(slice);
    }
  }
  return p;
}

// R5 additional bindings on an R4 binding. Only the purposes that constrain what an instance
// may hold are kept (required, extensible); one limited to a usage context is not, as the
// context of a validation is not known.
void read_additional_bindings(const model::Node& binding, std::vector<Binding>& out) {
  for (const model::Node* x = binding.first_child; x; x = x->next) {
    if (x->name != "extension" ||
        text_of(x, "url") != "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.binding.additional")
      continue;
    std::string_view purpose, value_set;
    bool in_context = false;
    for (const model::Node* p = x->first_child; p; p = p->next) {
      if (p->name != "extension") continue;
      std::string_view u = text_of(p, "url");
      if (u == "purpose") purpose = text_of(p, "valueCode");
      if (u == "valueSet") value_set = text_of(p, "valueCanonical");
      if (u == "usage") in_context = true;
    }
    if (value_set.empty() || in_context) continue;
    if (purpose == "required") out.push_back({BindingStrength::Required, std::string(value_set)});
    if (purpose == "extensible") out.push_back({BindingStrength::Extensible, std::string(value_set)});
  }
}

}  // namespace

bool PlanElement::allows_type(std::string_view code) const {
  if (types.empty()) return true;
  for (const auto& t : types)
    if (t.code == code) return true;
  return false;
}

std::shared_ptr<const ValidationPlan> compile_profile(const definitions::ResourceEntry& sd, IssueList& issues,
                                                      fhirpath::ExpressionCache* expressions) {
  auto plan = std::make_shared<ValidationPlan>();
  io::ReadOptions ro;
  ro.source_name = sd.source;
  ro.limits.max_depth = 1000;
  IssueList parse_issues;
  auto doc = io::read_json(sd.json, ro, parse_issues);
  if (!doc) {
    issues.add(Severity::Error, "structure", "StructureDefinition " + sd.url + " cannot be read: " +
                                                 (parse_issues.empty() ? "" : parse_issues.items()[0].message));
    return nullptr;
  }
  plan->source = std::move(*doc);
  const model::Node* root = plan->source.root();
  plan->url = sd.url;
  plan->version = sd.version;
  plan->type = sd.type;
  plan->name = sd.name;
  plan->derivation = sd.derivation;
  plan->base_definition = sd.base_definition;
  for (const model::Node* c = root->first_child; c; c = c->next) {
    if (c->name == "context")
      plan->contexts.push_back({std::string(text_of(c, "type")), std::string(text_of(c, "expression"))});
    if (c->name == "extension" && text_of(c, "url") == "http://hl7.org/fhir/StructureDefinition/version-specific-use")
      for (const model::Node* v = c->first_child; v; v = v->next) {
        if (v->name != "extension") continue;
        if (text_of(v, "url") == "startFhirVersion") plan->first_fhir_version = std::string(text_of(v, "valueCode"));
        if (text_of(v, "url") == "endFhirVersion") plan->last_fhir_version = std::string(text_of(v, "valueCode"));
      }
    if (c->name == "contextInvariant" && c->has_value()) {
      ValidationPlan::ContextInvariant inv{std::string(c->text), nullptr};
      IssueList compile_issues;
      inv.compiled = expressions ? expressions->get(inv.expression, compile_issues)
                                 : fhirpath::compile(inv.expression, compile_issues);
      if (!inv.compiled)
        issues.add(Severity::Warning, "processing",
                   "StructureDefinition " + sd.url + ": contextInvariant '" + inv.expression +
                       "' does not compile, so it is not checked" +
                       (compile_issues.empty() ? "" : ": " + compile_issues.items()[0].message));
      plan->context_invariants.push_back(std::move(inv));
    }
  }

  const model::Node* snapshot = root->child("snapshot");
  if (!snapshot) {
    issues.add(Severity::Error, "not-supported", "StructureDefinition " + sd.url + " has no snapshot");
    return nullptr;
  }
  std::unordered_map<std::string, PlanElement*> by_id;
  for (const model::Node* en = snapshot->first_child; en; en = en->next) {
    if (en->name != "element") continue;
    auto e = std::make_unique<PlanElement>();
    e->path = std::string(text_of(en, "path"));
    e->id = std::string(text_of(en, "id"));
    if (e->id.empty()) e->id = e->path;
    e->slice_name = std::string(text_of(en, "sliceName"));
    std::string_view last = std::string_view(e->path).substr(e->path.rfind('.') + 1);
    if (last.size() > 3 && last.substr(last.size() - 3) == "[x]") {
      e->is_choice = true;
      last.remove_suffix(3);
    }
    e->name = std::string(last);
    e->min = parse_uint(text_of(en, "min"), 0);
    e->max = parse_uint(text_of(en, "max"), UINT32_MAX);
    e->is_modifier = text_of(en, "isModifier") == "true";
    e->max_length = parse_uint(text_of(en, "maxLength"), 0);
    e->content_reference = std::string(text_of(en, "contentReference"));
    for (const model::Node* c = en->first_child; c; c = c->next) {
      std::string_view n = c->name;
      if (n == "extension") {
        std::string_view url = text_of(c, "url");
        if (url == "http://hl7.org/fhir/StructureDefinition/minLength")
          e->min_length = parse_uint(text_of(c, "valueInteger"), 0);
        else if (url == "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.mustHaveValue")
          e->must_have_value = text_of(c, "valueBoolean") == "true";
        else if (url == "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.valueAlternatives" &&
                 !text_of(c, "valueCanonical").empty())
          e->value_alternatives.emplace_back(text_of(c, "valueCanonical"));
        else if (url == kNarrativeSourceControlUrl)
          e->narrative_controls.source_level = std::string(text_of(c, "valueCode"));
        else if (url == kNarrativeLanguageControlUrl && !text_of(c, "valueCode").empty())
          e->narrative_controls.languages.emplace_back(text_of(c, "valueCode"));
      } else if (n == "type") {
        TypeRef t;
        t.code = type_code(c);
        for (const model::Node* tc = c->first_child; tc; tc = tc->next) {
          if (tc->name == "profile") {
            t.profiles.emplace_back(tc->text);
            for (const model::Node* x = tc->first_child; x; x = x->next)
              if (x->name == "extension" && text_of(x, "url") == kProfileElementExt)
                t.profile_element = std::string(text_of(x, "valueString"));
          }
          if (tc->name == "targetProfile") t.target_profiles.emplace_back(tc->text);
        }
        e->types.push_back(std::move(t));
      } else if (n.substr(0, 5) == "fixed" && n.size() > 5) {
        e->fixed = c;
        e->fixed_type = std::string(n.substr(5));
      } else if (n.substr(0, 7) == "pattern" && n.size() > 7) {
        e->pattern = c;
        e->pattern_type = std::string(n.substr(7));
      } else if (n.substr(0, 8) == "minValue" && n.size() > 8) {
        e->min_value = c;
      } else if (n.substr(0, 8) == "maxValue" && n.size() > 8) {
        e->max_value = c;
      } else if (n == "binding") {
        Binding b;
        std::string_view s = text_of(c, "strength");
        b.strength = s == "required"     ? BindingStrength::Required
                     : s == "extensible" ? BindingStrength::Extensible
                     : s == "preferred"  ? BindingStrength::Preferred
                                         : BindingStrength::Example;
        b.value_set = std::string(text_of(c, "valueSet"));
        if (!b.value_set.empty()) e->binding = std::move(b);
        read_additional_bindings(*c, e->additional_bindings);
      } else if (n == "constraint") {
        Constraint k;
        k.key = std::string(text_of(c, "key"));
        std::string_view sev = text_of(c, "severity");
        k.severity = sev == "warning" ? Severity::Warning : Severity::Error;
        for (const model::Node* x = c->first_child; x; x = x->next)
          if (x->name == "extension" &&
              text_of(x, "url") == "http://hl7.org/fhir/StructureDefinition/elementdefinition-bestpractice" &&
              text_of(x, "valueBoolean") == "true")
            k.best_practice = true;
        k.human = std::string(text_of(c, "human"));
        k.expression = std::string(corrected_expression(k.key, text_of(c, "expression")));
        k.source = std::string(text_of(c, "source"));
        if (!k.expression.empty()) {
          k.native = k.key == "ele-1"   ? NativeCheck::Ele1
                     : k.key == "ext-1" ? NativeCheck::Ext1
                     : k.key == "txt-2" ? NativeCheck::Txt2
                     : k.key == "dom-3" ? NativeCheck::Dom3
                     : k.key == "bdl-7" ? NativeCheck::Bdl7
                                        : NativeCheck::None;
          if (k.native == NativeCheck::None) {
            IssueList compile_issues;
            k.compiled = expressions ? expressions->get(k.expression, compile_issues)
                                     : fhirpath::compile(k.expression, compile_issues);
            if (!k.compiled && !compile_issues.empty()) k.compile_error = compile_issues.items()[0].message;
          }
          e->constraints.push_back(std::move(k));
        }
      } else if (n == "slicing") {
        Slicing s;
        s.ordered = text_of(c, "ordered") == "true";
        std::string_view rules = text_of(c, "rules");
        s.rules = rules == "closed" ? SlicingRules::Closed : rules == "openAtEnd" ? SlicingRules::OpenAtEnd : SlicingRules::Open;
        for (const model::Node* d = c->first_child; d; d = d->next) {
          if (d->name != "discriminator") continue;
          Discriminator disc;
          std::string_view t = text_of(d, "type");
          disc.type = t == "pattern"   ? DiscriminatorType::Pattern
                      : t == "type"    ? DiscriminatorType::Type
                      : t == "profile" ? DiscriminatorType::Profile
                      : t == "exists"  ? DiscriminatorType::Exists
                      : t == "position" ? DiscriminatorType::Position
                                       : DiscriminatorType::Value;
          disc.path = std::string(text_of(d, "path"));
          s.discriminators.push_back(std::move(disc));
        }
        e->slicing = std::move(s);
      }
    }
    PlanElement* raw = e.get();
    plan->elements.push_back(std::move(e));
    if (!plan->root) {
      plan->root = raw;
      by_id[raw->id] = raw;
      continue;
    }
    IdParts parts = split_id(raw->id);
    if (!parts.slice.empty()) {
      auto it = by_id.find(parts.unsliced);
      if (it == by_id.end()) {
        issues.add(Severity::Warning, "structure", "StructureDefinition " + sd.url + ": slice " + raw->id +
                                                       " has no slicing entry " + parts.unsliced);
      } else {
        it->second->slices.push_back(raw);
      }
      by_id[raw->id] = raw;
      continue;
    }
    auto pit = by_id.find(parts.parent);
    if (pit == by_id.end()) {
      issues.add(Severity::Warning, "structure",
                 "StructureDefinition " + sd.url + ": element " + raw->id + " has no parent " + parts.parent);
      continue;
    }
    PlanElement* parent = pit->second;
    raw->child_index = static_cast<uint32_t>(parent->children.size());
    parent->children.push_back(raw);
    parent->child_by_name.emplace(raw->name, raw);
    by_id[raw->id] = raw;
  }
  // Children of slices: slices inherit their children from the snapshot listing under the
  // slice id (already attached above). contentReference targets are resolved by path.
  for (auto& e : plan->elements) {
    // "#X" names an element of this snapshot; "url#X" one of another definition (the
    // validator looks that up).
    if (e->content_reference.empty() || e->content_reference[0] != '#') continue;
    std::string target = e->content_reference.substr(1);
    auto it = by_id.find(target);
    if (it != by_id.end()) e->content_target = it->second;
  }
  if (!plan->root) {
    issues.add(Severity::Error, "structure", "StructureDefinition " + sd.url + " has an empty snapshot");
    return nullptr;
  }
  for (const auto& e : plan->elements) plan->by_id.emplace(e->id, e.get());
  return plan;
}

}  // namespace renkei::validation
