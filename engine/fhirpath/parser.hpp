#pragma once
// Recursive-descent FHIRPath parser with the spec's operator precedence. Throws SyntaxError
// (with line and column) for malformed input, unknown functions and wrong argument counts.
#include <memory>
#include <string_view>

#include "fhirpath/ast.hpp"
#include "fhirpath/lexer.hpp"

namespace renkei::fhirpath {

constexpr uint32_t kMaxParseDepth = 200;

std::unique_ptr<AstNode> parse_expression(std::string_view expression);

}  // namespace renkei::fhirpath
