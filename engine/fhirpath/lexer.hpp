#pragma once
// Splits a FHIRPath expression into tokens with 1-based line and column.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::fhirpath {

enum class TokenKind : uint8_t {
  Identifier,   // name or keyword (and, div, true, ...)
  Delimited,    // `name`
  String,       // 'text' (unescaped)
  Number,       // 12 or 1.5
  DateTime,     // @2014-01-01T10:00 (text without '@')
  Time,         // @T10:00 (text without "@T")
  Variable,     // %name, %`name`, %'name' (text = name)
  Special,      // $this $index $total (text without '$')
  Symbol,       // . , ( ) [ ] { } + - * / & | = ~ != !~ < > <= >=
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
  uint32_t line = 1;
  uint32_t column = 1;
};

// Thrown by the lexer and the parser; compile() turns it into an Issue.
struct SyntaxError : std::runtime_error {
  SyntaxError(const std::string& message, uint32_t line, uint32_t column)
      : std::runtime_error(message), line(line), column(column) {}
  uint32_t line, column;
};

std::vector<Token> tokenize(std::string_view expression);

}  // namespace renkei::fhirpath
