#include "model/document.hpp"

#include <vector>

namespace renkei::model {

Node* Document::make_object(std::string_view name) {
  Node* n = arena_.make<Node>();
  n->name = arena_.copy(name);
  n->kind = NodeKind::Object;
  return n;
}

Node* Document::make_primitive(std::string_view name, std::string_view text, ValueKind kind) {
  Node* n = arena_.make<Node>();
  n->name = arena_.copy(name);
  n->text = arena_.copy(text);
  n->kind = NodeKind::Primitive;
  n->value_kind = kind;
  return n;
}

void Document::append(Node* parent, Node* child) {
  // Repeating elements arrive together, so the last child usually answers the index;
  // scanning every sibling would make long arrays (Bundle.entry) quadratic.
  uint32_t idx = 0;
  if (parent->last_child && parent->last_child->name == child->name) {
    idx = parent->last_child->index + 1;
  } else {
    for (Node* c = parent->first_child; c; c = c->next)
      if (c->name == child->name) ++idx;
  }
  append(parent, child, idx);
}

void Document::append(Node* parent, Node* child, uint32_t index) {
  child->parent = parent;
  child->next = nullptr;
  child->index = index;
  if (parent->last_child)
    parent->last_child->next = child;
  else
    parent->first_child = child;
  parent->last_child = child;
}

static void reindex(Node* parent, std::string_view name) {
  uint32_t idx = 0;
  for (Node* c = parent->first_child; c; c = c->next)
    if (c->name == name) c->index = idx++;
}

void Document::insert_after(Node* parent, Node* prev, Node* child) {
  child->parent = parent;
  if (!prev) {
    child->next = parent->first_child;
    parent->first_child = child;
  } else {
    child->next = prev->next;
    prev->next = child;
  }
  if (!child->next) parent->last_child = child;
  reindex(parent, child->name);
}

void Document::remove(Node* parent, Node* child) {
  Node* prev = nullptr;
  for (Node* c = parent->first_child; c; prev = c, c = c->next) {
    if (c != child) continue;
    if (prev)
      prev->next = c->next;
    else
      parent->first_child = c->next;
    if (parent->last_child == c) parent->last_child = prev;
    c->next = nullptr;
    c->parent = nullptr;
    reindex(parent, child->name);
    return;
  }
}

std::string Document::path_of(const Node* n) {
  std::vector<const Node*> chain;
  for (const Node* p = n; p; p = p->parent) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Node* p = *it;
    if (!p->parent) {
      out += p->resource_type.empty() ? p->name : p->resource_type;
      continue;
    }
    out += '.';
    out += p->name;
    if (p->in_array) {
      out += '[';
      out += std::to_string(p->index);
      out += ']';
    }
  }
  return out;
}

}  // namespace renkei::model
