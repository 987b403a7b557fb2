#include "fhirpath/fhir_types.hpp"

#include <array>
#include <cctype>

#include "definitions/type_model.hpp"

namespace renkei::fhirpath {
namespace {

constexpr std::array<std::string_view, 20> kPrimitiveTypes{
    "boolean", "integer", "string", "decimal", "uri", "url", "canonical", "base64Binary", "instant", "date",
    "dateTime", "time", "code", "oid", "id", "markdown", "unsignedInt", "positiveInt", "uuid", "xhtml"};

// Complex types that may follow a choice element's name (valueQuantity) when no TypeModel says.
constexpr std::array<std::string_view, 38> kComplexTypes{
    "Address", "Age", "Annotation", "Attachment", "CodeableConcept", "Coding", "ContactPoint", "Count",
    "Distance", "Duration", "HumanName", "Identifier", "Money", "Period", "Quantity", "Range", "Ratio",
    "Reference", "SampledData", "Signature", "Timing", "ContactDetail", "Contributor", "DataRequirement",
    "Expression", "ParameterDefinition", "RelatedArtifact", "TriggerDefinition", "UsageContext", "Dosage",
    "Meta", "Base64Binary", "Instant", "Canonical", "Markdown", "Oid", "Uuid", "Uri"};

// The FHIR type named by a choice suffix ("Quantity", "String" -> "string", "DateTime" -> "dateTime").
std::string_view choice_suffix_type(std::string_view suffix) {
  if (suffix.empty() || !std::isupper(static_cast<unsigned char>(suffix[0]))) return {};
  for (std::string_view p : kPrimitiveTypes)
    if (p.size() == suffix.size() && std::tolower(static_cast<unsigned char>(suffix[0])) == p[0] &&
        suffix.substr(1) == p.substr(1))
      return p;
  for (std::string_view c : kComplexTypes)
    if (c == suffix) return c;
  return {};
}

bool looks_like_date(std::string_view t) {
  return t.size() >= 7 && std::isdigit(static_cast<unsigned char>(t[0])) && t[4] == '-' &&
         std::isdigit(static_cast<unsigned char>(t[5]));
}

bool looks_like_time(std::string_view t) {
  return t.size() >= 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0])) &&
         std::isdigit(static_cast<unsigned char>(t[3]));
}

// The item for a child node, typed from the parent's type when a TypeModel is present.
Item child_item(const Item& parent, const model::Node* child, const definitions::TypeModel* types) {
  if (child->is_resource()) return root_item(child, types);
  if (types && parent.type_info && child->element && child->type && parent.node == child->parent &&
      parent.type_info == parent.node->type) {
    // The tree was annotated from this type: the child's definition and type are on the node
    // (what find() and type_of() below would look up again).
    const definitions::ElementInfo* e = child->element;
    std::string_view name = e->inline_type ? std::string_view("BackboneElement") : std::string_view(child->type->name);
    if (e->inline_type && e->type_codes.size() == 1) name = e->type_codes[0];
    return Item::of_node(child, name, child->type);
  }
  if (types && parent.type_info) {
    const definitions::TypeInfo::Child match = parent.type_info->child(child->name);
    const definitions::ElementInfo* e = match.element;
    const std::string_view choice = match.choice_type;
    if (e) {
      const definitions::TypeInfo* info = e->inline_type ? e->inline_type : match.type;
      if (info) {
        std::string_view name = e->inline_type ? std::string_view("BackboneElement") : std::string_view(info->name);
        if (e->inline_type && e->type_codes.size() == 1) name = e->type_codes[0];
        return Item::of_node(child, name, info);
      }
      if (!choice.empty()) return Item::of_node(child, choice_suffix_type(choice));
    }
  }
  // Without definitions: the few things the instance itself tells.
  std::string_view type;
  if (child->name == "extension" || child->name == "modifierExtension") type = "Extension";
  return Item::of_node(child, type);
}

// Without a TypeModel: is `child` the choice element `name` (valueQuantity for value)?
bool is_choice_of(std::string_view child, std::string_view name) {
  return child.size() > name.size() && child.starts_with(name) &&
         !choice_suffix_type(child.substr(name.size())).empty();
}

}  // namespace

bool is_fhir_primitive_type(std::string_view name) {
  for (std::string_view p : kPrimitiveTypes)
    if (p == name) return true;
  return false;
}

std::optional<SystemValue> primitive_value(std::string_view text, std::string_view type, model::ValueKind kind) {
  if (type == "boolean" || (type.empty() && kind == model::ValueKind::Boolean)) {
    if (text == "true") return SystemValue(true);
    if (text == "false") return SystemValue(false);
    return std::nullopt;
  }
  if (type == "integer" || type == "positiveInt" || type == "unsignedInt" ||
      (type.empty() && kind == model::ValueKind::Number && text.find_first_of(".eE") == std::string_view::npos)) {
    auto d = Decimal::parse(text);
    if (d) {
      if (auto i = d->to_int64()) return SystemValue(*i);
    }
    return std::nullopt;
  }
  if (type == "decimal" || (type.empty() && kind == model::ValueKind::Number)) {
    auto d = Decimal::parse(text);
    if (d) return SystemValue(*d);
    return std::nullopt;
  }
  if (type == "date") {
    if (auto t = Temporal::parse_date(text)) return SystemValue(*t);
  } else if (type == "dateTime" || type == "instant") {
    if (auto t = Temporal::parse_datetime(text)) return SystemValue(*t);
  } else if (type == "time") {
    if (auto t = Temporal::parse_time(text)) return SystemValue(*t);
  } else if (type.empty() && kind == model::ValueKind::String) {
    if (looks_like_date(text)) {
      bool has_time = text.find('T') != std::string_view::npos;
      if (auto t = has_time ? Temporal::parse_datetime(text) : Temporal::parse_date(text)) return SystemValue(*t);
    } else if (looks_like_time(text)) {
      if (auto t = Temporal::parse_time(text)) return SystemValue(*t);
    }
  }
  return SystemValue(std::string(text));
}

Item root_item(const model::Node* node, const definitions::TypeModel* types) {
  if (node->is_resource()) {
    const definitions::TypeInfo* info = types ? types->type(node->resource_type) : nullptr;
    return Item::of_node(node, node->resource_type, info);
  }
  return Item::of_node(node);
}

void children_named(const Item& parent, std::string_view name, const definitions::TypeModel* types,
                    Collection& out) {
  const model::Node* p = parent.node;
  if (!p) return;
  // Looked up only when a child's name extends `name` (valueQuantity for value).
  const definitions::ElementInfo* choice_element = nullptr;
  bool choice_looked_up = false;
  auto choice = [&]() {
    if (!choice_looked_up && types && parent.type_info) {
      // find() resolves instance names (valueQuantity); the bare choice name is in by_name.
      const uint32_t* i = parent.type_info->by_name.find(name);
      if (i && parent.type_info->elements[*i].is_choice) choice_element = &parent.type_info->elements[*i];
    }
    choice_looked_up = true;
    return choice_element;
  };
  for (const model::Node* c = p->first_child; c; c = c->next) {
    if (!name.empty() && (c->name.empty() || c->name[0] != name[0])) continue;  // the cheap test first
    if (c->name == name) {
      out.push_back(child_item(parent, c, types));
    } else if (c->name.size() > name.size() && c->name.starts_with(name)) {
      if (choice()) {
        std::string_view choice;
        if (parent.type_info->find(c->name, &choice) == choice_element && !choice.empty())
          out.push_back(child_item(parent, c, types));
      } else if ((!types || !parent.type_info) && is_choice_of(c->name, name)) {
        Item item = child_item(parent, c, types);
        if (item.fhir_type.empty()) item.fhir_type = choice_suffix_type(c->name.substr(name.size()));
        out.push_back(item);
      }
    }
  }
}

void all_children(const Item& parent, const definitions::TypeModel* types, Collection& out) {
  if (!parent.node) return;
  for (const model::Node* c = parent.node->first_child; c; c = c->next) {
    Item item = child_item(parent, c, types);
    if (item.fhir_type.empty() && !(types && parent.type_info)) {
      // valueQuantity-style names still reveal their type.
      for (size_t i = 1; i < c->name.size(); ++i) {
        if (std::isupper(static_cast<unsigned char>(c->name[i]))) {
          item.fhir_type = choice_suffix_type(c->name.substr(i));
          break;
        }
      }
    }
    out.push_back(item);
  }
}

std::pair<std::string_view, std::string> item_type_name(const Item& item) {
  if (item.node) {
    if (!item.fhir_type.empty()) return {"FHIR", std::string(item.fhir_type)};
    if (item.node->is_primitive()) {
      switch (item.node->value_kind) {
        case model::ValueKind::Boolean: return {"FHIR", "boolean"};
        case model::ValueKind::Number:
          return {"FHIR", item.node->text.find_first_of(".eE") == std::string_view::npos ? "integer" : "decimal"};
        default: return {"FHIR", "string"};
      }
    }
    return {"FHIR", "Element"};
  }
  return {"System", std::string(system_type_name(item.system_type()))};
}

bool item_is_type(const Item& item, const TypeSpecifier& spec, const definitions::TypeModel* types,
                  bool hl7_validator_compat) {
  if (!item.node) {
    if (spec.ns == "FHIR") return false;
    return system_type_name(item.system_type()) == spec.name;
  }
  if (spec.ns == "System") return false;
  std::string_view type = item.fhir_type;
  if (type.empty() && item.node->is_primitive()) return item_type_name(item).second == spec.name;
  if (type == spec.name) return true;
  if (item.node->is_primitive()) {
    if (hl7_validator_compat && spec.ns.empty() && !spec.name.empty() && !type.empty() && spec.name[0] >= 'A' && spec.name[0] <= 'Z' &&
        spec.name.substr(1) == type.substr(1) && spec.name[0] - 'A' + 'a' == type[0])
      return true;
    return false;  // otherwise FHIR primitives match their exact type only
  }
  if (item.type_info && item.type_info->is_a(spec.name)) return true;
  if (types && !type.empty()) {
    if (const definitions::TypeInfo* info = types->type(type)) return info->is_a(spec.name);
  }
  // Without definitions, the resource hierarchy is still known.
  if (item.node->is_resource()) {
    if (spec.name == "Resource") return true;
    if (spec.name == "DomainResource")
      return type != "Bundle" && type != "Binary" && type != "Parameters";
  }
  return false;
}

}  // namespace renkei::fhirpath
