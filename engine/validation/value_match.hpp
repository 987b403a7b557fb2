#pragma once
// fixed[x] and pattern[x] semantics: a fixed value must be matched exactly (nothing more,
// nothing less); a pattern must be contained (every element of the pattern present with
// the same value; repeating elements match any instance item).
#include "model/node.hpp"

namespace renkei::validation {

bool exactly_matches(const model::Node& instance, const model::Node& fixed);
bool pattern_matches(const model::Node& instance, const model::Node& pattern);

}  // namespace renkei::validation
