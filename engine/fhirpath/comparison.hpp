#pragma once
// FHIRPath equality (=), equivalence (~) and ordering (< >) of items, per type. Equality may be
// unknown (nullopt): dates of different precision, quantities of incomparable units.
#include <optional>

#include "fhirpath/value.hpp"

namespace renkei::fhirpath {

std::optional<bool> items_equal(const Item& a, const Item& b);
bool items_equivalent(const Item& a, const Item& b);
// -1/0/1; nullopt when unknown (precision). Throws EvalError for incomparable types.
std::optional<int> items_compare(const Item& a, const Item& b);

// Collection-level operators: = returns empty when either side is empty.
std::optional<bool> collections_equal(const Collection& a, const Collection& b);
bool collections_equivalent(const Collection& a, const Collection& b);

// Whether `c` contains an item equal to `item` (membership, distinct, union).
bool collection_contains(const Collection& c, const Item& item);

}  // namespace renkei::fhirpath
