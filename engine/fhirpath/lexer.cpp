#include "fhirpath/lexer.hpp"

#include <cctype>

namespace renkei::fhirpath {
namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {  // from a surrogate pair
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      skip_space_and_comments();
      Token t;
      t.line = line_;
      t.column = column();
      if (pos_ >= s_.size()) {
        out.push_back(t);
        return out;
      }
      char c = s_[pos_];
      if (is_ident_start(c)) {
        size_t start = pos_;
        while (pos_ < s_.size() && is_ident_char(s_[pos_])) ++pos_;
        t.kind = TokenKind::Identifier;
        t.text = std::string(s_.substr(start, pos_ - start));
      } else if (c == '`') {
        t.kind = TokenKind::Delimited;
        t.text = quoted('`');
      } else if (c == '\'') {
        t.kind = TokenKind::String;
        t.text = quoted('\'');
      } else if (is_digit(c)) {
        size_t start = pos_;
        while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
        if (pos_ + 1 < s_.size() && s_[pos_] == '.' && is_digit(s_[pos_ + 1])) {
          ++pos_;
          while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
        }
        t.kind = TokenKind::Number;
        t.text = std::string(s_.substr(start, pos_ - start));
      } else if (c == '@') {
        ++pos_;
        if (pos_ < s_.size() && s_[pos_] == 'T') {
          ++pos_;
          t.kind = TokenKind::Time;
          t.text = time_chars();
        } else {
          t.kind = TokenKind::DateTime;
          t.text = datetime_chars();
        }
        if (t.text.empty()) throw SyntaxError("malformed date/time literal", t.line, t.column);
      } else if (c == '%') {
        ++pos_;
        t.kind = TokenKind::Variable;
        if (pos_ < s_.size() && (s_[pos_] == '`' || s_[pos_] == '\'')) {
          t.text = quoted(s_[pos_]);
        } else {
          size_t start = pos_;
          while (pos_ < s_.size() && is_ident_char(s_[pos_])) ++pos_;
          t.text = std::string(s_.substr(start, pos_ - start));
        }
        if (t.text.empty()) throw SyntaxError("'%' must be followed by a name", t.line, t.column);
      } else if (c == '$') {
        ++pos_;
        size_t start = pos_;
        while (pos_ < s_.size() && is_ident_char(s_[pos_])) ++pos_;
        t.kind = TokenKind::Special;
        t.text = std::string(s_.substr(start, pos_ - start));
        if (t.text != "this" && t.text != "index" && t.text != "total")
          throw SyntaxError("unknown special variable '$" + t.text + "'", t.line, t.column);
      } else {
        t.kind = TokenKind::Symbol;
        std::string_view two = s_.substr(pos_, 2);
        if (two == "!=" || two == "!~" || two == "<=" || two == ">=") {
          t.text = std::string(two);
          pos_ += 2;
        } else if (std::string_view(".,()[]{}+-*/&|=~<>").find(c) != std::string_view::npos) {
          t.text = std::string(1, c);
          ++pos_;
        } else {
          throw SyntaxError(std::string("unexpected character '") + c + "'", t.line, t.column);
        }
      }
      out.push_back(std::move(t));
    }
  }

 private:
  uint32_t column() const { return static_cast<uint32_t>(pos_ - line_start_ + 1); }

  void advance_newline() {
    ++line_;
    line_start_ = pos_ + 1;
  }

  void skip_space_and_comments() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        advance_newline();
        ++pos_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (s_.substr(pos_, 2) == "//") {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (s_.substr(pos_, 2) == "/*") {
        uint32_t l = line_, col = column();
        size_t end = s_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) throw SyntaxError("unterminated comment", l, col);
        for (; pos_ < end + 2; ++pos_)
          if (s_[pos_] == '\n') advance_newline();
      } else {
        return;
      }
    }
  }

  std::string quoted(char quote) {
    uint32_t l = line_, col = column();
    ++pos_;
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      char c = s_[pos_++];
      if (c == '\n') advance_newline();
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      switch (e) {
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          // Exactly four hex digits (std::stoul would throw on "\\uzzzz" and accept "\\u+1 x");
          // a surrogate pair makes one character, a lone surrogate is not text.
          uint32_t cp = hex4(l, col);
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            uint32_t low = hex4(l, col);
            if (low < 0xDC00 || low > 0xDFFF) throw SyntaxError("unpaired surrogate in \\u escape", l, col);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            throw SyntaxError("unpaired surrogate in \\u escape", l, col);
          }
          append_utf8(out, cp);
          break;
        }
        case '\\': case '/': case '\'': case '"': case '`': out += e; break;
        default: throw SyntaxError(std::string("invalid escape '\\") + e + "'", l, col);
      }
    }
    if (pos_ >= s_.size()) throw SyntaxError("unterminated string or identifier", l, col);
    ++pos_;
    return out;
  }

  // The four hex digits of a \\u escape at pos_.
  uint32_t hex4(uint32_t l, uint32_t col) {
    if (pos_ + 4 > s_.size()) throw SyntaxError("bad \\u escape (four hex digits expected)", l, col);
    uint32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      const int digit = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
      if (digit < 0) throw SyntaxError("bad \\u escape (four hex digits expected)", l, col);
      cp = cp << 4 | static_cast<uint32_t>(digit);
    }
    return cp;
  }

  std::string time_chars() {
    size_t start = pos_;
    while (pos_ < s_.size() && (is_digit(s_[pos_]) || s_[pos_] == ':' ||
                                (s_[pos_] == '.' && pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1]))))
      ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  std::string datetime_chars() {
    size_t start = pos_;
    while (pos_ < s_.size() && (is_digit(s_[pos_]) || s_[pos_] == '-')) {
      // A '-' only belongs to the date when digits follow (@2014-01 - 1 'mo' is a subtraction).
      if (s_[pos_] == '-' && !(pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1]))) break;
      ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == 'T') {
      ++pos_;
      time_chars();
      if (pos_ < s_.size() && s_[pos_] == 'Z') {
        ++pos_;
      } else if (pos_ + 5 < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-') && is_digit(s_[pos_ + 1]) &&
                 is_digit(s_[pos_ + 2]) && s_[pos_ + 3] == ':') {
        pos_ += 6;
      }
    }
    return std::string(s_.substr(start, pos_ - start));
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  uint32_t line_ = 1;
};

}  // namespace

std::vector<Token> tokenize(std::string_view expression) { return Lexer(expression).run(); }

}  // namespace renkei::fhirpath
