#include "io/element_order.hpp"

#include <algorithm>
#include <climits>

#include "definitions/type_model.hpp"

namespace renkei::io {

std::vector<ElementGroup> ordered_groups(const model::Node& parent) {
  std::vector<ElementGroup> groups;
  for (const model::Node* c = parent.first_child; c; c = c->next) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const ElementGroup& g) { return g.name == c->name; });
    if (it == groups.end()) {
      groups.push_back({c->name, {c}});
    } else {
      it->items.push_back(c);
    }
  }
  auto order = [](const ElementGroup& g) -> uint32_t {
    const model::Node* n = g.items.front();
    return n->element ? n->element->order : UINT32_MAX;  // unknown elements last, as read
  };
  std::stable_sort(groups.begin(), groups.end(),
                   [&](const ElementGroup& a, const ElementGroup& b) { return order(a) < order(b); });
  return groups;
}

}  // namespace renkei::io
