#pragma once
// The children of a node grouped by name (a repeating element's items together), in
// definition order when the tree is typed, else in first-appearance order. Both writers
// use it so that JSON and XML list elements the same way.
#include <string_view>
#include <vector>

#include "model/node.hpp"

namespace renkei::io {

struct ElementGroup {
  std::string_view name;
  std::vector<const model::Node*> items;
};

std::vector<ElementGroup> ordered_groups(const model::Node& parent);

// The same order without a vector per group: the children in `out` (cleared first; reuse it across
// calls and no allocation is needed once it is large enough), each group's items consecutive, so a
// group is a run of one name.
void ordered_children(const model::Node& parent, std::vector<const model::Node*>& out);

}  // namespace renkei::io
