#pragma once
// FHIR type knowledge for FHIRPath: the type of each tree element (from the TypeModel when one
// is given, else from choice-name suffixes, resource types and lexical classes), navigation by
// child name including choice elements (value -> valueQuantity), and type tests (is/as/ofType).
#include <optional>
#include <string_view>

#include "fhirpath/value.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::fhirpath {

// The System value of a primitive's lexical text given its FHIR type (may be empty: then the
// JSON lexical class decides, and strings shaped like dates/times become Date/DateTime/Time).
std::optional<SystemValue> primitive_value(std::string_view text, std::string_view fhir_type, model::ValueKind kind);

// An item for a resource (or any) node at the root of navigation.
Item root_item(const model::Node* node, const definitions::TypeModel* types);
// Appends the children of `parent` that FHIRPath calls `name` (choice names included).
void children_named(const Item& parent, std::string_view name, const definitions::TypeModel* types, Collection& out);
// Appends every child element of `parent` in document order.
void all_children(const Item& parent, const definitions::TypeModel* types, Collection& out);

struct TypeSpecifier {
  std::string_view ns;    // "FHIR", "System" or empty
  std::string_view name;  // "Quantity", "string", "Patient"
};
// Whether the item is of the type or a subtype (is / ofType / as semantics).
// With hl7_validator_compat, an unqualified System name also matches the FHIR
// primitive it stands for (a FHIR boolean `is Boolean`): how the HL7 validator evaluates R4
// invariants such as que-7, though the FHIRPath suite says otherwise (testType12).
bool item_is_type(const Item& item, const TypeSpecifier& type, const definitions::TypeModel* types,
                  bool hl7_validator_compat = false);
// Namespace and name of an item's type, for type().
std::pair<std::string_view, std::string> item_type_name(const Item& item);
// True for the names of FHIR primitive types ("string", "dateTime", ...).
bool is_fhir_primitive_type(std::string_view name);

}  // namespace renkei::fhirpath
