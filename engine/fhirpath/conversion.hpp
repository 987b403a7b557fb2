#pragma once
// The toX()/convertsToX() conversions of FHIRPath N1 §5.5.
#include <optional>
#include <string>

#include "fhirpath/function_id.hpp"
#include "fhirpath/value.hpp"

namespace renkei::fhirpath {

// Converts a value as the function `fn` (toInteger or convertsToInteger, ...) defines; nullopt
// when the value does not convert. `unit` is toQuantity's optional argument.
std::optional<SystemValue> convert(const SystemValue& v, FunctionId fn, const std::optional<std::string>& unit);
bool is_converts_to(FunctionId fn);

// Parses a Quantity as toQuantity() reads strings: "5.4 'mg'", "1 day", "10".
std::optional<Quantity> parse_quantity_string(std::string_view s);

}  // namespace renkei::fhirpath
