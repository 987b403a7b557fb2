#pragma once
// FHIRPath equality (=), equivalence (~) and ordering (< >) of items, per type. Equality may be
// unknown (nullopt): dates of different precision, quantities of incomparable units.
#include <optional>
#include <string_view>

#include "fhirpath/value.hpp"

namespace renkei::fhirpath {

// The String an item stands for when that is its text (a String value, or a string, code, id,
// uri... with a value), without the copy to_system makes: equality of codes and strings
// (status = 'final', distinct()) is the common comparison. nullopt for other items.
std::optional<std::string_view> plain_string(const Item& i);

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
