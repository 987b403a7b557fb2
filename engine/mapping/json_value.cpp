#include "mapping/json_value.hpp"

#include <fmt/core.h>
#include <simdjson.h>

namespace renkei::mapping {
namespace {

JsonValue convert(simdjson::dom::element e) {
  JsonValue v;
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY:
      v.kind = JsonValue::Kind::Array;
      for (simdjson::dom::element item : e.get_array()) v.items.push_back(convert(item));
      break;
    case simdjson::dom::element_type::OBJECT:
      v.kind = JsonValue::Kind::Object;
      for (auto field : e.get_object()) v.members.emplace_back(std::string(field.key), convert(field.value));
      break;
    case simdjson::dom::element_type::INT64:
      v.kind = JsonValue::Kind::Number;
      v.text = std::to_string(int64_t(e.get_int64()));
      break;
    case simdjson::dom::element_type::UINT64:
      v.kind = JsonValue::Kind::Number;
      v.text = std::to_string(uint64_t(e.get_uint64()));
      break;
    case simdjson::dom::element_type::DOUBLE:
      v.kind = JsonValue::Kind::Number;
      v.text = fmt::format("{}", double(e.get_double()));
      break;
    case simdjson::dom::element_type::STRING:
      v.kind = JsonValue::Kind::String;
      v.text = std::string(std::string_view(e.get_string()));
      break;
    case simdjson::dom::element_type::BOOL:
      v.kind = JsonValue::Kind::Bool;
      v.text = bool(e.get_bool()) ? "true" : "false";
      break;
    case simdjson::dom::element_type::NULL_VALUE:
      break;
  }
  return v;
}

}  // namespace

const JsonValue* JsonValue::get(std::string_view key) const {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

std::string JsonValue::string_or(std::string_view key, std::string_view fallback) const {
  const JsonValue* v = get(key);
  return v && v->is_string() ? v->text : std::string(fallback);
}

bool JsonValue::bool_or(std::string_view key, bool fallback) const {
  const JsonValue* v = get(key);
  return v && v->kind == Kind::Bool ? v->text == "true" : fallback;
}

std::optional<JsonValue> parse_json_value(std::string_view json, std::string& error) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  auto code = parser.parse(padded).get(root);
  if (code) {
    error = simdjson::error_message(code);
    return std::nullopt;
  }
  return convert(root);
}

std::string expand_variables(std::string_view text, const std::vector<std::pair<std::string, std::string>>& variables,
                             std::vector<std::string>& unknown) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = text.find("${", pos);
    if (start == std::string_view::npos) break;
    size_t end = text.find('}', start + 2);
    if (end == std::string_view::npos) break;
    out.append(text.substr(pos, start - pos));
    std::string_view name = text.substr(start + 2, end - start - 2);
    bool found = false;
    for (const auto& [k, v] : variables)
      if (k == name) {
        out += v;
        found = true;
        break;
      }
    if (!found) {
      unknown.emplace_back(name);
      out.append(text.substr(start, end + 1 - start));
    }
    pos = end + 1;
  }
  out.append(text.substr(pos));
  return out;
}

void expand_variables(JsonValue& value, const std::vector<std::pair<std::string, std::string>>& variables,
                      std::vector<std::string>& unknown) {
  if (value.is_string() && value.text.find("${") != std::string::npos)
    value.text = expand_variables(value.text, variables, unknown);
  for (JsonValue& item : value.items) expand_variables(item, variables, unknown);
  for (auto& [k, v] : value.members) expand_variables(v, variables, unknown);
}

}  // namespace renkei::mapping
