#pragma once
// Limits::max_bundle_entries (--max-entries), applied by the FHIR readers to every Bundle in the
// tree, nested ones included: a Bundle over the limit is refused before any validation work.
#include <cstdint>
#include <string>

#include "model/node.hpp"

namespace renkei::io {

// The first Bundle (in document order) with more than `max_entries` entries, or nullopt.
const model::Node* find_bundle_over_entry_limit(const model::Node& root, uint32_t max_entries);

// The error for such a Bundle: names the limit and the flag that raises it.
std::string bundle_entry_limit_message(uint32_t max_entries);

}  // namespace renkei::io
