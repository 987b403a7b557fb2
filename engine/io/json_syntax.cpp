#include "io/json_syntax.hpp"

#include <vector>

namespace renkei::io {

bool is_json_number(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  return i == n;
}

namespace {

// The end of the comment starting at json[i] ('/' followed by '/' or '*'), or npos when json[i]
// does not start one.
size_t comment_end(std::string_view json, size_t i) {
  if (i + 1 >= json.size() || json[i] != '/') return std::string_view::npos;
  if (json[i + 1] == '/') {
    const size_t eol = json.find('\n', i + 2);
    return eol == std::string_view::npos ? json.size() : eol;
  }
  if (json[i + 1] == '*') {
    const size_t close = json.find("*/", i + 2);
    return close == std::string_view::npos ? json.size() : close + 2;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string> blank_json_comments(std::string_view json) {
  // Most JSON has no '/' outside strings, and none at all is the common case for resources
  // without URLs: look for one before copying anything.
  size_t i = json.find('/');
  if (i == std::string_view::npos) return std::nullopt;
  std::optional<std::string> out;
  bool in_string = false;
  for (i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '/') continue;
    const size_t end = comment_end(json, i);
    if (end == std::string_view::npos) continue;
    if (!out) out.emplace(json);
    for (size_t k = i; k < end; ++k)
      if ((*out)[k] != '\n' && (*out)[k] != '\r') (*out)[k] = ' ';
    i = end - 1;
  }
  return out;
}

size_t skip_json_whitespace_and_comments(std::string_view json, size_t from) {
  size_t i = from;
  while (i < json.size()) {
    const char c = json[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (const size_t end = comment_end(json, i); end != std::string_view::npos) {
      i = end;
    } else {
      break;
    }
  }
  return i;
}

namespace {

class Scanner {
 public:
  Scanner(std::string_view s, uint32_t max_depth) : s_(s), max_depth_(max_depth) {}

  std::optional<JsonSyntaxError> run() {
    ws();
    if (p_ >= s_.size()) return err("empty input: expected a JSON object");
    // Expected-token state machine with an explicit stack: no recursion, any depth.
    enum State { Value, AfterValue, KeyOrEnd, Key, Colon, ValueOrEnd };
    State st = Value;
    std::vector<char> stack;
    for (;;) {
      ws();
      if (p_ >= s_.size()) {
        if (stack.empty() && st == AfterValue) return std::nullopt;
        return err("unexpected end of input (unclosed " + std::string(stack.empty() || stack.back() == '{' ? "object" : "array") + ")");
      }
      char c = s_[p_];
      switch (st) {
        case ValueOrEnd:
          if (c == ']') { ++p_; stack.pop_back(); st = AfterValue; break; }
          [[fallthrough]];
        case Value:
          if (c == '{' || c == '[') {
            if (stack.size() >= max_depth_) {
              auto e = err("nesting deeper than the limit " + std::to_string(max_depth_) + " (raise it with --max-depth)");
              e->too_deep = true;
              return e;
            }
            stack.push_back(c);
            ++p_;
            st = c == '{' ? KeyOrEnd : ValueOrEnd;
          } else if (c == '"') {
            if (auto e = string()) return e;
            st = AfterValue;
          } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = p_;
            while (p_ < s_.size() && (s_[p_] == '-' || s_[p_] == '+' || s_[p_] == '.' || s_[p_] == 'e' ||
                                      s_[p_] == 'E' || (s_[p_] >= '0' && s_[p_] <= '9')))
              ++p_;
            if (!is_json_number(s_.substr(start, p_ - start))) { p_ = start; return err("malformed number"); }
            st = AfterValue;
          } else if (lit("true") || lit("false") || lit("null")) {
            st = AfterValue;
          } else {
            return err(std::string("unexpected character '") + printable(c) + "': expected a value");
          }
          break;
        case AfterValue:
          if (stack.empty()) return err("trailing content after the JSON value");
          if (c == ',') { ++p_; st = stack.back() == '{' ? Key : Value; }
          else if (c == '}' && stack.back() == '{') { ++p_; stack.pop_back(); }
          else if (c == ']' && stack.back() == '[') { ++p_; stack.pop_back(); }
          else return err(std::string("unexpected character '") + printable(c) + "': expected ',' or '" + (stack.back() == '{' ? "}" : "]") + "'");
          break;
        case KeyOrEnd:
          if (c == '}') { ++p_; stack.pop_back(); st = AfterValue; break; }
          [[fallthrough]];
        case Key:
          if (c != '"') return err(std::string("unexpected character '") + printable(c) + "': expected a property name in quotes");
          if (auto e = string()) return e;
          st = Colon;
          break;
        case Colon:
          if (c != ':') return err("expected ':' after the property name");
          ++p_;
          st = Value;
          break;
      }
    }
  }

 private:
  static std::string printable(char c) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) return "\\x" + hex(c);
    return std::string(1, c);
  }
  static std::string hex(char c) {
    const char* d = "0123456789ABCDEF";
    unsigned char u = static_cast<unsigned char>(c);
    return {d[u >> 4], d[u & 15]};
  }
  void ws() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
  }
  bool lit(std::string_view w) {
    if (s_.substr(p_, w.size()) == w) { p_ += w.size(); return true; }
    return false;
  }
  std::optional<JsonSyntaxError> err(std::string m) { return JsonSyntaxError{std::move(m), p_, false}; }

  std::optional<JsonSyntaxError> string() {
    size_t open = p_++;
    while (p_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[p_]);
      if (c == '"') { ++p_; return std::nullopt; }
      if (c == '\\') {
        if (p_ + 1 >= s_.size()) break;
        char e = s_[p_ + 1];
        if (e == 'u') {
          for (int k = 2; k < 6; ++k) {
            char h = p_ + k < s_.size() ? s_[p_ + k] : '\0';
            if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return err("invalid \\u escape");
          }
          p_ += 6;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) return err("invalid escape sequence");
        p_ += 2;
        continue;
      }
      if (c < 0x20) return err("control character in a string (must be escaped)");
      if (c >= 0x80) {
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (len == 0 || c > 0xF4 || p_ + len > s_.size()) return err("invalid UTF-8");
        for (size_t k = 1; k < len; ++k)
          if ((static_cast<unsigned char>(s_[p_ + k]) & 0xC0) != 0x80) return err("invalid UTF-8");
        unsigned char c1 = static_cast<unsigned char>(s_[p_ + 1]);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
          return err("invalid UTF-8");
        p_ += len;
        continue;
      }
      ++p_;
    }
    p_ = open;
    return err("unterminated string");
  }

  std::string_view s_;
  uint32_t max_depth_;
  size_t p_ = 0;
};

}  // namespace

std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view json, uint32_t max_depth) {
  return Scanner(json, max_depth).run();
}

}  // namespace renkei::io
