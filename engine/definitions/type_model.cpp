#include "definitions/type_model.hpp"

#include <simdjson.h>

#include <climits>

#include "definitions/definition_store.hpp"

namespace renkei::definitions {

namespace {

constexpr std::string_view kFhirTypeExt = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
constexpr std::string_view kCorePrefix = "http://hl7.org/fhir/StructureDefinition/";

std::string capitalize(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

uint32_t parse_max(std::string_view m) {
  if (m == "*") return UINT32_MAX;
  uint32_t v = 0;
  for (char c : m) {
    if (c < '0' || c > '9') return UINT32_MAX;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  return v;
}

// A type code as it should be used for dispatch: R4 writes the System types of Element.id
// and friends as FHIRPath URLs with the FHIR type in an extension.
std::string type_code(simdjson::dom::element type) {
  simdjson::dom::array exts;
  if (type["extension"].get(exts) == simdjson::SUCCESS) {
    for (auto ext : exts) {
      std::string_view url, value;
      if (ext["url"].get(url) == simdjson::SUCCESS && url == kFhirTypeExt &&
          (ext["valueUrl"].get(value) == simdjson::SUCCESS || ext["valueUri"].get(value) == simdjson::SUCCESS))
        return std::string(value);
    }
  }
  std::string_view code;
  if (type["code"].get(code) == simdjson::SUCCESS) return fhir_type_code(code);
  return {};
}

}  // namespace

std::string fhir_type_code(std::string_view code) {
  constexpr std::string_view sys = "http://hl7.org/fhirpath/System.";
  if (code.substr(0, sys.size()) == sys) {
    std::string_view s = code.substr(sys.size());
    if (s == "String") return "string";
    if (s == "Boolean") return "boolean";
    if (s == "Integer") return "integer";
    if (s == "Decimal") return "decimal";
    if (s == "Date") return "date";
    if (s == "DateTime") return "dateTime";
    if (s == "Time") return "time";
  }
  return std::string(code);
}

const ElementInfo* TypeInfo::find(std::string_view child_name, std::string_view* choice_type) const {
  const Child c = child(child_name);
  if (c.element && choice_type && !c.choice_type.empty()) *choice_type = c.choice_type;
  return c.element;
}

TypeInfo::Child TypeInfo::child(std::string_view child_name) const {
  if (const uint32_t* i = by_name.find(child_name)) {
    const ElementInfo& e = elements[*i];
    if (!e.is_choice) return {&e, {}, e.value_type};
  }
  if (const uint32_t* i = by_choice_name.find(child_name)) {
    const ChoiceName& c = choice_names[*i];
    return {&elements[c.index], c.type_code, c.type};
  }
  return {};
}

namespace {

model::ValueKind json_value_kind(const TypeInfo& t) {
  if (t.kind != TypeKind::Primitive) return model::ValueKind::None;
  if (t.name == "boolean") return model::ValueKind::Boolean;
  if (t.name == "integer" || t.name == "decimal" || t.name == "positiveInt" || t.name == "unsignedInt" ||
      t.name == "integer64")
    return model::ValueKind::Number;
  if (t.name == "xhtml") return model::ValueKind::Xhtml;
  return model::ValueKind::String;
}

}  // namespace

bool TypeInfo::is_a(std::string_view type_name) const {
  for (const TypeInfo* t = this; t; t = t->base)
    if (t->name == type_name) return true;
  return false;
}

const TypeInfo* TypeModel::type(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

const TypeInfo* TypeModel::type_of(const ElementInfo& element, std::string_view choice_type) const {
  if (!choice_type.empty()) return type(choice_type);
  return element.value_type;
}

std::shared_ptr<const TypeModel> TypeModel::build(const DefinitionStore& store, IssueList& issues) {
  auto model = std::make_shared<TypeModel>();
  simdjson::dom::parser parser;
  struct Pending {
    TypeInfo* owner;
    size_t index;           // of the element in owner->elements (the vector still grows)
    std::string reference;  // contentReference path, e.g. Questionnaire.item
  };
  std::vector<Pending> content_refs;
  std::vector<std::pair<TypeInfo*, std::string>> bases;
  std::unordered_map<std::string, TypeInfo*> by_path;  // backbone path -> its inline type

  for (const ResourceEntry* sd : store.all("StructureDefinition")) {
    if (sd->kind == "logical") continue;
    if (sd->derivation == "constraint") continue;
    if (sd->url.substr(0, kCorePrefix.size()) != kCorePrefix) continue;
    if (sd->type.empty() || model->by_name_.count(sd->type)) continue;
    simdjson::dom::element root;
    if (parser.parse(sd->json).get(root) != simdjson::SUCCESS) {
      issues.add(Severity::Error, "structure", "cannot parse StructureDefinition " + sd->url);
      continue;
    }
    simdjson::dom::array elements;
    if (root["snapshot"]["element"].get(elements) != simdjson::SUCCESS) {
      issues.add(Severity::Warning, "incomplete", "StructureDefinition " + sd->url + " has no snapshot; type skipped");
      continue;
    }
    auto info = std::make_unique<TypeInfo>();
    info->name = sd->type;
    info->url = sd->url;
    info->is_abstract = sd->is_abstract;
    info->kind = sd->kind == "primitive-type" ? TypeKind::Primitive
                 : sd->kind == "resource"     ? TypeKind::Resource
                                              : TypeKind::Complex;
    TypeInfo* owner_root = info.get();
    by_path[info->name] = owner_root;
    if (!sd->base_definition.empty()) {
      std::string_view b = sd->base_definition;
      bases.emplace_back(owner_root, std::string(b.substr(b.rfind('/') + 1)));
    }
    std::vector<std::unique_ptr<TypeInfo>> inline_types;
    uint32_t order = 0;
    for (auto el : elements) {
      std::string_view path, id;
      if (el["path"].get(path) != simdjson::SUCCESS) continue;
      if (el["id"].get(id) == simdjson::SUCCESS && id.find(':') != std::string_view::npos) continue;  // slices
      size_t dot = path.rfind('.');
      if (dot == std::string_view::npos) continue;  // the root element
      std::string parent_path(path.substr(0, dot));
      auto parent_it = by_path.find(parent_path);
      if (parent_it == by_path.end()) continue;
      TypeInfo* owner = parent_it->second;
      std::string_view name = path.substr(dot + 1);
      if (owner->kind == TypeKind::Primitive && name == "value") continue;  // the value is the node's text
      ElementInfo e;
      e.path = std::string(path);
      e.order = order++;
      if (name.size() > 3 && name.substr(name.size() - 3) == "[x]") {
        e.is_choice = true;
        name.remove_suffix(3);
      }
      e.name = std::string(name);
      int64_t min = 0;
      if (el["min"].get(min) == simdjson::SUCCESS) e.min = static_cast<uint32_t>(min);
      std::string_view max;
      if (el["max"].get(max) == simdjson::SUCCESS) e.max = parse_max(max);
      simdjson::dom::array reps;
      if (el["representation"].get(reps) == simdjson::SUCCESS)
        for (auto r : reps) {
          std::string_view rv;
          if (r.get(rv) == simdjson::SUCCESS && rv == "xmlAttr") e.xml_attribute = true;
        }
      simdjson::dom::array types;
      if (el["type"].get(types) == simdjson::SUCCESS) {
        for (auto t : types) {
          std::string code = type_code(t);
          if (!code.empty()) e.type_codes.push_back(code);
          simdjson::dom::array targets;
          if (t["targetProfile"].get(targets) == simdjson::SUCCESS)
            for (auto tp : targets) {
              std::string_view v;
              if (tp.get(v) == simdjson::SUCCESS) e.target_profiles.emplace_back(v);
            }
        }
      }
      std::string_view content_ref;
      bool has_ref = el["contentReference"].get(content_ref) == simdjson::SUCCESS;
      owner->elements.push_back(std::move(e));
      if (has_ref) {
        content_refs.push_back({owner, owner->elements.size() - 1, std::string(content_ref.substr(content_ref.find('#') + 1))});
      } else if (owner->elements.back().type_codes.size() == 1 &&
                 (owner->elements.back().type_codes[0] == "BackboneElement" ||
                  owner->elements.back().type_codes[0] == "Element") &&
                 info->kind != TypeKind::Primitive) {
        auto backbone = std::make_unique<TypeInfo>();
        backbone->name = std::string(path);
        backbone->kind = TypeKind::Complex;
        by_path[backbone->name] = backbone.get();
        inline_types.push_back(std::move(backbone));
      }
    }
    model->by_name_[owner_root->name] = owner_root;
    model->types_.push_back(std::move(info));
    for (auto& t : inline_types) model->types_.push_back(std::move(t));
  }

  // Element vectors are final now: link inline types, content references, bases; build maps.
  for (auto& t : model->types_) {
    for (auto& e : t->elements) {
      if (e.inline_type || e.type_codes.size() != 1) continue;
      auto it = by_path.find(e.path);
      if (it != by_path.end() && it->second != t.get() && (e.type_codes[0] == "BackboneElement" || e.type_codes[0] == "Element"))
        e.inline_type = it->second;
    }
  }
  for (auto& p : content_refs) {
    ElementInfo& e = p.owner->elements[p.index];
    auto it = by_path.find(p.reference);
    if (it == by_path.end()) {
      issues.add(Severity::Warning, "not-found", "contentReference #" + p.reference + " of " + e.path + " not found");
      continue;
    }
    e.inline_type = it->second;
    e.type_codes = {"BackboneElement"};
  }
  for (auto& [t, base] : bases) t->base = model->type(base);
  model->element_type_ = model->type("Element");
  for (auto& t : model->types_) {
    // Inline types inherit from BackboneElement/Element for is_a checks.
    if (!t->base && t->name.find('.') != std::string::npos) t->base = model->type("BackboneElement");
    t->value_kind_ = json_value_kind(*t);
    std::vector<std::pair<std::string_view, uint32_t>> names;
    for (uint32_t i = 0; i < t->elements.size(); ++i) {
      ElementInfo& e = t->elements[i];
      e.value_type = e.inline_type ? e.inline_type : e.type_codes.size() == 1 ? model->type(e.type_codes[0]) : nullptr;
      if (e.is_choice)
        for (const auto& code : e.type_codes)
          t->choice_names.push_back({e.name + capitalize(code), i, code, model->type(code)});
      names.emplace_back(e.name, i);  // for a choice, the bare name ("value") answers FHIRPath's `value`
    }
    t->by_name.build(names);
    names.clear();
    for (uint32_t i = 0; i < t->choice_names.size(); ++i) names.emplace_back(t->choice_names[i].name, i);
    t->by_choice_name.build(names);  // choice_names is final: the index keeps views of its names
  }
  return model;
}

}  // namespace renkei::definitions
