#pragma once
// TypeModel: the shape of every FHIR type (primitive, complex, resource) read from the base
// StructureDefinitions' snapshots. The readers use it to tell arrays from single values, JSON
// numbers from strings and choice-type names; the writers use it for definition order;
// FHIRPath uses it for type tests. Built once, immutable, shared by all threads.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/issue.hpp"
#include "definitions/name_index.hpp"
#include "model/node.hpp"

namespace renkei::definitions {

class DefinitionStore;
struct TypeInfo;

// An ElementDefinition.type.code as a FHIR type name: R4 writes the System types of
// Element.id and friends as FHIRPath URLs (http://hl7.org/fhirpath/System.String → string).
std::string fhir_type_code(std::string_view code);

enum class TypeKind : uint8_t { Primitive, Complex, Resource, Logical };

struct ElementInfo {
  std::string name;                     // "name"; for a choice "value[x]" this is "value"
  std::string path;                     // "Patient.contact.name"
  uint32_t order = 0;                   // position in the definition (writers sort by it)
  uint32_t min = 0;
  uint32_t max = 1;                     // UINT32_MAX for "*"
  bool is_choice = false;
  bool xml_attribute = false;           // Element.id, Extension.url: XML attributes
  std::vector<std::string> type_codes;  // "HumanName", "string", "BackboneElement", "Resource", ...
  std::vector<std::string> target_profiles;  // Reference(...) / canonical(...) targets
  const TypeInfo* inline_type = nullptr;     // backbone elements and contentReference targets
  // The type of the element's value when it has exactly one (inline_type or the one type
  // code's TypeInfo), resolved at build so that readers need no lookup per node.
  const TypeInfo* value_type = nullptr;
  bool is_array() const { return max > 1; }
};

struct TypeInfo {
  std::string name;  // "Patient", "HumanName", "string", or "Patient.contact" for a backbone
  std::string url;
  TypeKind kind = TypeKind::Complex;
  bool is_abstract = false;
  const TypeInfo* base = nullptr;  // Patient -> DomainResource -> Resource
  std::vector<ElementInfo> elements;  // in definition order (inherited ones included)

  // Resolves a child name as it appears in an instance. For choice elements the expanded
  // name ("valueQuantity") finds "value[x]" and sets *choice_type to "Quantity".
  const ElementInfo* find(std::string_view child_name, std::string_view* choice_type = nullptr) const;
  // find() plus the TypeInfo of the child's value (the choice's type for an expanded choice
  // name); type is null when the element has several types and the name does not pick one.
  struct Child {
    const ElementInfo* element = nullptr;
    std::string_view choice_type;
    const TypeInfo* type = nullptr;
  };
  Child child(std::string_view child_name) const;
  // JSON lexical class of a primitive type's value (boolean, number or string).
  model::ValueKind value_kind() const { return value_kind_; }
  bool is_a(std::string_view type_name) const;  // walks base

  // Filled by TypeModel::build.
  struct ChoiceName {
    std::string name;            // "valueQuantity"
    uint32_t index;              // of the choice element
    std::string type_code;       // "Quantity" for valueQuantity
    const TypeInfo* type;        // its TypeInfo (null when the model lacks it)
  };
  NameIndex by_name;                 // name -> element index (a choice's bare name too: "value")
  std::vector<ChoiceName> choice_names;  // valueQuantity -> (value[x], Quantity)
  NameIndex by_choice_name;          // expanded choice name -> index in choice_names
  model::ValueKind value_kind_ = model::ValueKind::None;
};

class TypeModel {
 public:
  // Builds from the store's type-defining StructureDefinitions (derivation specialization).
  static std::shared_ptr<const TypeModel> build(const DefinitionStore& store, IssueList& issues);

  const TypeInfo* type(std::string_view name) const;  // "Patient", "HumanName", "string"
  size_t size() const { return types_.size(); }
  // For each node in a tree parsed without definitions: the TypeInfo of an element's value.
  // element/choice_type come from TypeInfo::find on the parent's type.
  const TypeInfo* type_of(const ElementInfo& element, std::string_view choice_type) const;
  // The Element type (the children of a primitive: id, extension); null if not held.
  const TypeInfo* element_type() const { return element_type_; }

 private:
  const TypeInfo* element_type_ = nullptr;
  std::vector<std::unique_ptr<TypeInfo>> types_;
  std::unordered_map<std::string_view, const TypeInfo*> by_name_;
};

}  // namespace renkei::definitions
