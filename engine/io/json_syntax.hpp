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

// JSON with comments ('//' to the end of the line, '/* ... */'), as the HL7 validator accepts
// when asked: a copy with every comment blanked to spaces (line breaks kept, so lines and
// columns stay those of the input), or nullopt when there is no comment outside the strings.
// An unterminated block comment is blanked to the end.
std::optional<std::string> blank_json_comments(std::string_view json);
// The offset of the first byte that is neither whitespace nor part of a comment.
size_t skip_json_whitespace_and_comments(std::string_view json, size_t from = 0);
bool is_json_number(std::string_view s);

}  // namespace renkei::io
