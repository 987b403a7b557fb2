#pragma once
// lowBoundary()/highBoundary(): the least and greatest values a Decimal, Quantity, Date,
// DateTime or Time of limited precision could stand for, at a requested precision.
#include <optional>

#include "fhirpath/value.hpp"

namespace renkei::fhirpath {

// nullopt when the value has no boundary at that precision (e.g. a negative precision).
std::optional<SystemValue> boundary(const SystemValue& value, std::optional<int64_t> precision, bool high);

}  // namespace renkei::fhirpath
