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

}  // namespace renkei::io
