#pragma once
// Known errors in the FHIRPath of published core constraints, corrected before they are
// compiled, as the HL7 validator corrects them. Only the exact published text is replaced, so a
// profile that writes its own expression under the same key is evaluated as written.
#include <string_view>

namespace renkei::validation {

// The expression to evaluate for constraint `key` published as `expression`.
std::string_view corrected_expression(std::string_view key, std::string_view expression);

}  // namespace renkei::validation
