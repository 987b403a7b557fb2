#pragma once
// The FHIR element tree. One shape for JSON and XML: every element is a Node with its
// children in document order; repeated elements are sibling nodes with the same name.
// Primitive values are kept as their exact lexical text (so "1.50" stays "1.50"), and a
// primitive may also carry `id` and `extension` children (JSON's `_name`).
#include <cstdint>
#include <string_view>

namespace renkei::definitions {
struct TypeInfo;
struct ElementInfo;
}  // namespace renkei::definitions

namespace renkei::model {

enum class NodeKind : uint8_t {
  Object,     // complex datatype, backbone element, or resource (resource_type set)
  Primitive,  // has (or may lack) a value; children only id / extension
};

// The lexical class of a primitive value, as JSON needs it.
enum class ValueKind : uint8_t { None, String, Number, Boolean, Xhtml };

struct Node {
  std::string_view name;           // element name without [x] expansion removed: "valueQuantity", "birthDate"
  std::string_view text;           // primitive lexical value (UTF-8, unescaped); XHTML markup for div
  std::string_view resource_type;  // set on resource roots ("Patient"), empty otherwise
  // Set when the tree is read with a TypeModel: this element's definition in its parent's type
  // and the type of its value (for choice elements the chosen type, e.g. Quantity).
  const definitions::ElementInfo* element = nullptr;
  const definitions::TypeInfo* type = nullptr;
  Node* parent = nullptr;
  Node* first_child = nullptr;
  Node* last_child = nullptr;
  Node* next = nullptr;
  uint32_t line = 0;    // 1-based source position, 0 = unknown (built in memory)
  uint32_t column = 0;
  uint32_t index = 0;   // position among same-name siblings (FHIRPath [n])
  NodeKind kind = NodeKind::Object;
  ValueKind value_kind = ValueKind::None;
  bool in_array = false;  // element repeats (JSON array; XML: from the definition's max)

  bool is_resource() const { return !resource_type.empty(); }
  bool is_primitive() const { return kind == NodeKind::Primitive; }
  bool has_value() const { return value_kind != ValueKind::None; }

  // First child with this name, or nullptr. Linear: nodes have few children.
  const Node* child(std::string_view n) const {
    for (const Node* c = first_child; c; c = c->next)
      if (c->name == n) return c;
    return nullptr;
  }
  Node* child(std::string_view n) {
    for (Node* c = first_child; c; c = c->next)
      if (c->name == n) return c;
    return nullptr;
  }
  size_t child_count() const {
    size_t n = 0;
    for (const Node* c = first_child; c; c = c->next) ++n;
    return n;
  }
};

// The value of n's first child with this name when that child is a primitive with a value, else
// empty (also when n is null): the common "read a field" of resource-level rules.
inline std::string_view child_text(const Node* n, std::string_view name) {
  const Node* c = n ? n->child(name) : nullptr;
  return c && c->has_value() ? c->text : std::string_view{};
}

}  // namespace renkei::model
