#pragma once
// A small iterative JSON grammar check that pin-points the first syntax error. simdjson
// says *that* a document is malformed; users need to know *where*.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::io {

struct JsonSyntaxError {
  std::string message;
  size_t offset = 0;
  bool too_deep = false;
};

std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view json, uint32_t max_depth);
bool is_json_number(std::string_view s);

}  // namespace renkei::io
