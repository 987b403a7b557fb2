#pragma once
// A small owned JSON tree for the mapping data (mapping files, document templates, ConceptMaps).
// These files are read once at start-up, so an owned tree with helpful accessors is worth more than
// simdjson's zero-copy views; simdjson still does the parsing.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace renkei::mapping {

struct JsonMember;

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  std::string text;  // string value; number as written by the parser; "true" / "false"
  std::vector<JsonValue> items;      // Array
  std::vector<JsonMember> members;  // Object, in file order

  bool is_object() const { return kind == Kind::Object; }
  bool is_array() const { return kind == Kind::Array; }
  bool is_string() const { return kind == Kind::String; }
  // Member of an object, or nullptr.
  const JsonValue* get(std::string_view key) const;
  // String member or `fallback` when absent or not a string.
  std::string string_or(std::string_view key, std::string_view fallback = {}) const;
  bool bool_or(std::string_view key, bool fallback) const;
};

// One object member. Not a std::pair<std::string, JsonValue>: a pair of the type being defined is
// an incomplete type that clang with libstdc++ rejects (the fuzz build is clang); the member names
// are a pair's, so code reads the same.
struct JsonMember {
  std::string first;  // the key
  JsonValue second;   // the value
  JsonMember(std::string key, JsonValue value) : first(std::move(key)), second(std::move(value)) {}
};

// Parses JSON text; on failure returns nullopt and sets `error` (simdjson's message).
std::optional<JsonValue> parse_json_value(std::string_view json, std::string& error);

// Replaces every `${name}` in the strings of `value` (keys are left alone) using `variables`.
// Unknown names are collected in `unknown` and left as written.
void expand_variables(JsonValue& value, const std::vector<std::pair<std::string, std::string>>& variables,
                      std::vector<std::string>& unknown);
std::string expand_variables(std::string_view text, const std::vector<std::pair<std::string, std::string>>& variables,
                             std::vector<std::string>& unknown);

}  // namespace renkei::mapping
