#include "io/bundle_entry_limit.hpp"

#include <string_view>

namespace renkei::io {

const model::Node* find_bundle_over_entry_limit(const model::Node& root, uint32_t max_entries) {
  // Iterative pre-order walk over the parent/sibling links: no recursion, so no stack
  // exhaustion however deep the tree was allowed to be.
  const model::Node* n = &root;
  while (n) {
    if (n->resource_type == std::string_view("Bundle")) {
      uint64_t entries = 0;
      for (const model::Node* c = n->first_child; c; c = c->next)
        if (c->name == std::string_view("entry") && ++entries > max_entries) return n;
    }
    if (n->first_child) {
      n = n->first_child;
      continue;
    }
    while (n && n != &root && !n->next) n = n->parent;
    n = (n && n != &root) ? n->next : nullptr;
  }
  return nullptr;
}

std::string bundle_entry_limit_message(uint32_t max_entries) {
  return "Bundle has more entries than the limit of " + std::to_string(max_entries) + " (raise it with --max-entries)";
}

}  // namespace renkei::io
