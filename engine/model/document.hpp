#pragma once
// A parsed FHIR instance: the arena that owns every node and string, and the root resource.
#include <string>
#include <string_view>

#include "model/arena.hpp"
#include "model/node.hpp"

namespace renkei::model {

class Document {
 public:
  Document() = default;
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;

  Arena& arena() { return arena_; }
  Node* root() const { return root_; }
  void set_root(Node* n) { root_ = n; }

  // Builders. Strings passed in are copied into the arena unless noted.
  Node* make_object(std::string_view name);
  Node* make_primitive(std::string_view name, std::string_view text, ValueKind kind);
  // Appends `child` as the last child of `parent` and sets its same-name index.
  static void append(Node* parent, Node* child);
  // The same when the caller knows the index (a reader placing the n-th item of an array).
  static void append(Node* parent, Node* child, uint32_t index);
  // Inserts `child` after `prev` (or first when prev is null).
  static void insert_after(Node* parent, Node* prev, Node* child);
  static void remove(Node* parent, Node* child);

  // FHIRPath-style location of a node: Bundle.entry[0].resource.name[1].given[0]
  static std::string path_of(const Node* n);

 private:
  Arena arena_;
  Node* root_ = nullptr;
};

}  // namespace renkei::model
