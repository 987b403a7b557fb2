#include "io/element_order.hpp"

#include <algorithm>
#include <climits>

#include "definitions/type_model.hpp"

namespace renkei::io {
namespace {

// Where a child goes: its group's definition order, then the group's first appearance, then its own
// position. All three together are unique, so an unstable sort gives the stable grouping.
struct Placement {
  uint32_t order;
  uint32_t group;
  uint32_t position;
  const model::Node* node;
  bool operator<(const Placement& o) const {
    if (order != o.order) return order < o.order;
    if (group != o.group) return group < o.group;
    return position < o.position;
  }
};

}  // namespace

void ordered_children(const model::Node& parent, std::vector<const model::Node*>& out) {
  thread_local std::vector<Placement> placements;
  placements.clear();
  uint32_t position = 0;
  for (const model::Node* c = parent.first_child; c; c = c->next, ++position) {
    Placement p{UINT32_MAX, position, position, c};
    // The group's head decides its order (unknown elements last, as read); items of a repeating
    // element usually follow one another, so the search back is short.
    auto same = std::find_if(placements.rbegin(), placements.rend(),
                             [&](const Placement& q) { return q.node->name == c->name; });
    if (same != placements.rend()) {
      p.order = same->order;
      p.group = same->group;
    } else if (c->element) {
      p.order = c->element->order;
    }
    placements.push_back(p);
  }
  if (!std::is_sorted(placements.begin(), placements.end())) std::sort(placements.begin(), placements.end());
  out.clear();
  for (const Placement& p : placements) out.push_back(p.node);
}

std::vector<ElementGroup> ordered_groups(const model::Node& parent) {
  std::vector<const model::Node*> children;
  ordered_children(parent, children);
  std::vector<ElementGroup> groups;
  for (const model::Node* c : children) {
    if (groups.empty() || groups.back().name != c->name) groups.push_back({c->name, {}});
    groups.back().items.push_back(c);
  }
  return groups;
}

}  // namespace renkei::io
