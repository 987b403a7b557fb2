#include "common/json_escape.hpp"
#include "definitions/json_patch.hpp"

#include <simdjson.h>

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

namespace renkei::definitions {
namespace {

namespace od = simdjson::ondemand;

bool read_value(od::value value, JsonNode& out, std::string& error);

bool read_value(od::value value, JsonNode& out, std::string& error) {
  od::json_type type;
  if (auto e = value.type().get(type)) {
    error = simdjson::error_message(e);
    return false;
  }
  switch (type) {
    case od::json_type::object: {
      out.kind = JsonNode::Kind::Object;
      od::object object;
      if (auto e = value.get_object().get(object)) return error = simdjson::error_message(e), false;
      for (auto field : object) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return error = simdjson::error_message(e), false;
        JsonNode member;
        if (!read_value(field.value(), member, error)) return false;
        out.members.emplace_back(std::string(key), std::move(member));
      }
      return true;
    }
    case od::json_type::array: {
      out.kind = JsonNode::Kind::Array;
      od::array array;
      if (auto e = value.get_array().get(array)) return error = simdjson::error_message(e), false;
      for (auto item : array) {
        JsonNode node;
        od::value item_value;
        if (auto e = item.get(item_value)) return error = simdjson::error_message(e), false;
        if (!read_value(item_value, node, error)) return false;
        out.items.push_back(std::move(node));
      }
      return true;
    }
    case od::json_type::string: {
      out.kind = JsonNode::Kind::String;
      std::string_view text;
      if (auto e = value.get_string().get(text)) return error = simdjson::error_message(e), false;
      out.text = text;
      return true;
    }
    case od::json_type::number: {
      out.kind = JsonNode::Kind::Number;
      std::string_view token = value.raw_json_token();
      while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                                token.back() == '\t')) {
        token.remove_suffix(1);
      }
      out.text = token;
      return true;
    }
    case od::json_type::boolean: {
      out.kind = JsonNode::Kind::Bool;
      bool flag = false;
      if (auto e = value.get_bool().get(flag)) return error = simdjson::error_message(e), false;
      out.text = flag ? "true" : "false";
      return true;
    }
    case od::json_type::null:
      out.kind = JsonNode::Kind::Null;
      return true;
  }
  return true;
}


void write_node(const JsonNode& node, std::string& out) {
  switch (node.kind) {
    case JsonNode::Kind::Null: out += "null"; break;
    case JsonNode::Kind::Bool:
    case JsonNode::Kind::Number: out += node.text; break;
    case JsonNode::Kind::String: append_json_string(out, node.text); break;
    case JsonNode::Kind::Array:
      out += '[';
      for (size_t i = 0; i < node.items.size(); ++i) {
        if (i) out += ',';
        write_node(node.items[i], out);
      }
      out += ']';
      break;
    case JsonNode::Kind::Object:
      out += '{';
      for (size_t i = 0; i < node.members.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, node.members[i].first);
        out += ':';
        write_node(node.members[i].second, out);
      }
      out += '}';
      break;
  }
}

// RFC 6901 unescaping of one reference token.
std::string unescape_token(std::string_view token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// One step of a path: a member name, an array index / "-", or a member name plus a selector.
struct Step {
  std::string name;
  bool has_selector = false;
  std::string field, value;
};

bool split_path(std::string_view path, std::vector<Step>& steps, std::string& error) {
  if (path.empty()) return true;  // the whole document
  if (path.front() != '/') {
    error = "path '" + std::string(path) + "' does not start with '/'";
    return false;
  }
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    // A selector value may itself contain '/' (canonical URLs): skip to the closing bracket.
    const size_t open = path.find('[', start);
    if (open != std::string_view::npos && (end == std::string_view::npos || open < end)) {
      const size_t close = path.find(']', open);
      if (close == std::string_view::npos) {
        error = "unclosed '[' in path '" + std::string(path) + "'";
        return false;
      }
      end = path.find('/', close);
    }
    if (end == std::string_view::npos) end = path.size();
    std::string_view token = path.substr(start, end - start);
    Step step;
    const size_t bracket = token.find('[');
    if (bracket != std::string_view::npos && token.back() == ']') {
      std::string_view selector = token.substr(bracket + 1, token.size() - bracket - 2);
      const size_t equals = selector.find('=');
      if (equals == std::string_view::npos) {
        error = "selector '[" + std::string(selector) + "]' has no '='";
        return false;
      }
      step.name = unescape_token(token.substr(0, bracket));
      step.has_selector = true;
      step.field = std::string(selector.substr(0, equals));
      step.value = std::string(selector.substr(equals + 1));
    } else {
      step.name = unescape_token(token);
    }
    steps.push_back(std::move(step));
    start = end + 1;
  }
  return true;
}

std::optional<size_t> parse_index(std::string_view token) {
  size_t index = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (ec != std::errc() || ptr != token.data() + token.size() || token.empty()) return std::nullopt;
  return index;
}

// Resolves one step from `node`; nullptr with `error` when it selects nothing.
JsonNode* step_into(JsonNode& node, const Step& step, std::string& error) {
  if (node.kind == JsonNode::Kind::Array && !step.has_selector) {
    auto index = parse_index(step.name);
    if (!index || *index >= node.items.size()) {
      error = "no array item '" + step.name + "'";
      return nullptr;
    }
    return &node.items[*index];
  }
  JsonNode* member = node.get(step.name);
  if (!member) {
    error = "no member '" + step.name + "'";
    return nullptr;
  }
  if (!step.has_selector) return member;
  if (member->kind != JsonNode::Kind::Array) {
    error = "'" + step.name + "' is not an array";
    return nullptr;
  }
  JsonNode* found = nullptr;
  for (JsonNode& item : member->items) {
    const JsonNode* field = item.get(step.field);
    if (!field || field->kind != JsonNode::Kind::String || field->text != step.value) continue;
    if (found) {
      error = "several items of '" + step.name + "' have " + step.field + "=" + step.value;
      return nullptr;
    }
    found = &item;
  }
  if (!found) error = "no item of '" + step.name + "' has " + step.field + "=" + step.value;
  return found;
}

}  // namespace

const JsonNode* JsonNode::get(std::string_view key) const {
  for (const auto& [name, value] : members) {
    if (name == key) return &value;
  }
  return nullptr;
}

JsonNode* JsonNode::get(std::string_view key) {
  return const_cast<JsonNode*>(static_cast<const JsonNode&>(*this).get(key));
}

bool JsonNode::operator==(const JsonNode& other) const {
  return kind == other.kind && text == other.text && items == other.items && members == other.members;
}

std::optional<JsonNode> parse_json_node(std::string_view json, std::string& error) {
  od::parser parser;
  simdjson::padded_string padded(json);
  od::document document;
  if (auto e = parser.iterate(padded).get(document)) {
    error = simdjson::error_message(e);
    return std::nullopt;
  }
  od::value root;
  if (auto e = document.get_value().get(root)) {
    error = simdjson::error_message(e);
    return std::nullopt;
  }
  JsonNode node;
  if (!read_value(root, node, error)) return std::nullopt;
  return node;
}

std::string to_json_text(const JsonNode& node) {
  std::string out;
  write_node(node, out);
  return out;
}

bool parse_json_patch(const JsonNode& patch, std::vector<JsonPatchOperation>& out, std::string& error) {
  if (patch.kind != JsonNode::Kind::Array) {
    error = "a JSON Patch is an array of operations";
    return false;
  }
  for (size_t i = 0; i < patch.items.size(); ++i) {
    const JsonNode& item = patch.items[i];
    const JsonNode* op = item.get("op");
    const JsonNode* path = item.get("path");
    if (!op || op->kind != JsonNode::Kind::String || !path || path->kind != JsonNode::Kind::String) {
      error = fmt::format("operation {} needs string members op and path", i);
      return false;
    }
    static constexpr std::string_view kKnown[] = {"test", "replace", "add", "remove"};
    if (std::find(std::begin(kKnown), std::end(kKnown), op->text) == std::end(kKnown)) {
      error = fmt::format("operation {}: unsupported op '{}'", i, op->text);
      return false;
    }
    JsonPatchOperation operation{op->text, path->text, {}};
    if (const JsonNode* value = item.get("value")) {
      operation.value = *value;
    } else if (op->text != "remove") {
      error = fmt::format("operation {} ({}) needs a value", i, op->text);
      return false;
    }
    out.push_back(std::move(operation));
  }
  return true;
}

bool apply_json_patch(JsonNode& document, const std::vector<JsonPatchOperation>& operations, std::string& error) {
  for (const JsonPatchOperation& operation : operations) {
    std::vector<Step> steps;
    if (!split_path(operation.path, steps, error)) return false;
    const auto fail = [&](const std::string& why) {
      error = operation.op + " " + operation.path + ": " + why;
      return false;
    };
    if (steps.empty()) {
      if (operation.op == "test") {
        if (!(document == operation.value)) return fail("the document differs");
      } else if (operation.op == "replace" || operation.op == "add") {
        document = operation.value;
      } else {
        return fail("cannot remove the whole document");
      }
      continue;
    }
    JsonNode* parent = &document;
    std::string why;
    for (size_t i = 0; i + 1 < steps.size(); ++i) {
      parent = step_into(*parent, steps[i], why);
      if (!parent) return fail(why);
    }
    const Step& last = steps.back();
    if (operation.op == "add" && !last.has_selector) {
      if (parent->kind == JsonNode::Kind::Array) {
        if (last.name == "-") {
          parent->items.push_back(operation.value);
          continue;
        }
        auto index = parse_index(last.name);
        if (!index || *index > parent->items.size()) return fail("index out of range");
        parent->items.insert(parent->items.begin() + static_cast<std::ptrdiff_t>(*index), operation.value);
        continue;
      }
      if (parent->kind != JsonNode::Kind::Object) return fail("the parent is neither an object nor an array");
      if (JsonNode* existing = parent->get(last.name)) {
        *existing = operation.value;
      } else {
        parent->members.emplace_back(last.name, operation.value);
      }
      continue;
    }
    if (operation.op == "remove" && !last.has_selector) {
      if (parent->kind == JsonNode::Kind::Array) {
        auto index = parse_index(last.name);
        if (!index || *index >= parent->items.size()) return fail("index out of range");
        parent->items.erase(parent->items.begin() + static_cast<std::ptrdiff_t>(*index));
        continue;
      }
      auto it = std::find_if(parent->members.begin(), parent->members.end(),
                             [&](const auto& member) { return member.first == last.name; });
      if (it == parent->members.end()) return fail("no member '" + last.name + "'");
      parent->members.erase(it);
      continue;
    }
    JsonNode* target = step_into(*parent, last, why);
    if (!target) return fail(why);
    if (operation.op == "test") {
      if (!(*target == operation.value)) return fail("the value differs from the one the patch was written for");
    } else if (operation.op == "replace") {
      *target = operation.value;
    } else if (operation.op == "remove") {  // a selected array item
      JsonNode* array = parent->get(last.name);
      array->items.erase(array->items.begin() + (target - array->items.data()));
    } else {
      return fail("add needs a plain member name, index or '-' as its last step");
    }
  }
  return true;
}

}  // namespace renkei::definitions
