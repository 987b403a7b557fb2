#include "fhirpath/value.hpp"

#include "fhirpath/fhir_types.hpp"

namespace renkei::fhirpath {

std::string_view system_type_name(SystemType t) {
  switch (t) {
    case SystemType::Boolean: return "Boolean";
    case SystemType::String: return "String";
    case SystemType::Integer: return "Integer";
    case SystemType::Decimal: return "Decimal";
    case SystemType::Date: return "Date";
    case SystemType::DateTime: return "DateTime";
    case SystemType::Time: return "Time";
    case SystemType::Quantity: return "Quantity";
    case SystemType::None: break;
  }
  return {};
}

SystemType type_of(const SystemValue& v) {
  switch (v.index()) {
    case 1: return SystemType::Boolean;
    case 2: return SystemType::String;
    case 3: return SystemType::Integer;
    case 4: return SystemType::Decimal;
    case 5: {
      auto k = std::get<Temporal>(v).kind;
      return k == TemporalKind::Date ? SystemType::Date
             : k == TemporalKind::DateTime ? SystemType::DateTime
                                           : SystemType::Time;
    }
    case 6: return SystemType::Quantity;
    default: return SystemType::None;
  }
}

SystemType Item::system_type() const { return node ? SystemType::None : type_of(value); }

std::optional<SystemValue> to_system(const Item& item) {
  if (!item.node) {
    if (item.value.index() == 0) return std::nullopt;
    return item.value;
  }
  const model::Node* n = item.node;
  if (!n->is_primitive()) {
    if (item.fhir_type == "Quantity" || item.fhir_type == "Age" || item.fhir_type == "Duration" ||
        item.fhir_type == "Distance" || item.fhir_type == "Count" || item.fhir_type == "SimpleQuantity" ||
        item.fhir_type == "MoneyQuantity" || (item.fhir_type.empty() && n->child("value") && n->child("code"))) {
      const model::Node* v = n->child("value");
      if (!v || !v->has_value()) return std::nullopt;
      auto d = Decimal::parse(v->text);
      if (!d) return std::nullopt;
      Quantity q{*d, "1"};
      const model::Node* code = n->child("code");
      const model::Node* unit = n->child("unit");
      const model::Node* system = n->child("system");
      bool ucum = !system || system->text == "http://unitsofmeasure.org";
      if (code && code->has_value() && ucum) {
        q.unit = std::string(code->text);
      } else if (unit && unit->has_value()) {
        std::string_view k = Quantity::calendar_keyword(unit->text);
        q.unit = k.empty() ? std::string(unit->text) : std::string(k);
      }
      return q;
    }
    return std::nullopt;
  }
  if (!n->has_value()) return std::nullopt;
  return primitive_value(n->text, item.fhir_type, n->value_kind);
}

std::optional<std::string> to_string_value(const SystemValue& v) {
  switch (v.index()) {
    case 1: return std::get<bool>(v) ? "true" : "false";
    case 2: return std::get<std::string>(v);
    case 3: return std::to_string(std::get<int64_t>(v));
    case 4: return std::get<Decimal>(v).to_string();
    case 5: return std::get<Temporal>(v).to_string();
    case 6: return std::get<Quantity>(v).to_string();
    default: return std::nullopt;
  }
}

}  // namespace renkei::fhirpath
