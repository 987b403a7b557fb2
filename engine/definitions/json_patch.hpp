#pragma once
// JSON Patch (RFC 6902: test, replace, add, remove) over an owned JSON tree, for correcting
// published conformance resources from reviewed data files (errata) instead of copying them.
//
// Paths are JSON Pointers (RFC 6901) with one extension that keeps patches readable and safe
// against re-ordered arrays: a segment `name[field=value]` selects, in the array member `name`,
// the one item whose string member `field` equals `value` (zero or several matches are errors),
// e.g. /snapshot/element[id=Bundle]/constraint[key=bdl-9]/expression. `-` appends (add only).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace renkei::definitions {

struct JsonMember;

struct JsonNode {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  std::string text;  // String: the value; Number: as written; Bool: "true" / "false"
  std::vector<JsonNode> items;      // Array
  std::vector<JsonMember> members;  // Object, in document order

  const JsonNode* get(std::string_view key) const;
  JsonNode* get(std::string_view key);
  bool operator==(const JsonNode& other) const;
};

// One object member. Not a std::pair<std::string, JsonNode>: a pair of the type being defined is
// an incomplete type that clang with libstdc++ rejects (the fuzz build is clang); the member names
// are a pair's, so code reads the same.
struct JsonMember {
  std::string first;  // the key
  JsonNode second;    // the value
  JsonMember(std::string key, JsonNode value) : first(std::move(key)), second(std::move(value)) {}
  bool operator==(const JsonMember& other) const = default;
};

// Parses JSON text; nullopt with `error` set when it is not JSON.
std::optional<JsonNode> parse_json_node(std::string_view json, std::string& error);
// Compact JSON text; strings keep their UTF-8, numbers their written form.
std::string to_json_text(const JsonNode& node);

struct JsonPatchOperation {
  std::string op;    // test | replace | add | remove
  std::string path;  // JSON Pointer with [field=value] selectors
  JsonNode value;    // test / replace / add
};

// Reads a JSON Patch document (an array of {op, path, value}); false with `error` when malformed.
bool parse_json_patch(const JsonNode& patch, std::vector<JsonPatchOperation>& out, std::string& error);
// Applies the operations in order to `document`. Stops at the first failing one (a failed test,
// a path that selects nothing) and returns false with `error` naming it; `document` may then be
// partly patched, so callers patch a copy.
bool apply_json_patch(JsonNode& document, const std::vector<JsonPatchOperation>& operations, std::string& error);

}  // namespace renkei::definitions
