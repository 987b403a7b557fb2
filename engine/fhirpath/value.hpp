#pragma once
// FHIRPath values: a collection of items; each item is an element of the tree (with its FHIR
// type when known) or a System value (Boolean, String, Integer, Decimal, Date, DateTime, Time,
// Quantity).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fhirpath/decimal.hpp"
#include "fhirpath/quantity.hpp"
#include "fhirpath/temporal.hpp"
#include "model/node.hpp"

namespace renkei::definitions {
struct TypeInfo;
}

namespace renkei::fhirpath {

enum class SystemType : uint8_t { None, Boolean, String, Integer, Decimal, Date, DateTime, Time, Quantity };

std::string_view system_type_name(SystemType t);  // "Boolean", ...

using SystemValue = std::variant<std::monostate, bool, std::string, int64_t, Decimal, Temporal, Quantity>;

struct Item {
  const model::Node* node = nullptr;          // set for tree elements
  std::string_view fhir_type;                 // "HumanName", "date", "Patient"; empty = unknown
  const definitions::TypeInfo* type_info = nullptr;  // when a TypeModel is in use
  SystemValue value;                          // set for System values

  static Item of_node(const model::Node* n, std::string_view type = {}, const definitions::TypeInfo* info = nullptr) {
    Item i;
    i.node = n;
    i.fhir_type = type;
    i.type_info = info;
    return i;
  }
  static Item of(SystemValue v) {
    Item i;
    i.value = std::move(v);
    return i;
  }
  bool is_node() const { return node != nullptr; }
  SystemType system_type() const;  // of `value` (None for nodes)
};

using Collection = std::vector<Item>;

// The System value an item stands for: its own value, a primitive node's value converted by
// FHIR type (or lexical class without a TypeModel), or a Quantity node's value and code.
// nullopt for complex nodes and primitives without a value.
std::optional<SystemValue> to_system(const Item& item);
SystemType type_of(const SystemValue& v);

// Canonical string for an item as toString() defines it.
std::optional<std::string> to_string_value(const SystemValue& v);

}  // namespace renkei::fhirpath
