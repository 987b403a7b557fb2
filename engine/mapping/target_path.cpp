#include "mapping/target_path.hpp"

#include <cctype>

namespace renkei::mapping {
namespace {

bool valid_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

bool valid_key(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c == '[' || c == ']' || c == '.') return false;
  return true;
}

// Splits "name[key]" into its parts.
bool split_step(std::string_view text, std::string& name, std::optional<std::string>& key, std::string& error) {
  size_t open = text.find('[');
  if (open == std::string_view::npos) {
    name = std::string(text);
    key.reset();
  } else {
    if (text.back() != ']') {
      error = "'[' without a closing ']' at the end of the step";
      return false;
    }
    name = std::string(text.substr(0, open));
    std::string_view k = text.substr(open + 1, text.size() - open - 2);
    if (!valid_key(k)) {
      error = "empty or malformed key in '[]'";
      return false;
    }
    key = std::string(k);
  }
  if (!valid_name(name)) {
    error = "malformed element name '" + name + "'";
    return false;
  }
  return true;
}

}  // namespace

std::string TargetPath::to_string() const {
  std::string out = resource_label();
  for (const PathStep& s : steps) {
    out += '.';
    out += s.element;
    if (s.key) out += "[" + *s.key + "]";
  }
  return out;
}

std::string bind_number(std::string_view text, std::string_view n) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t at = text.find("{n}", pos);
    if (at == std::string_view::npos) break;
    out.append(text.substr(pos, at - pos));
    out.append(n);
    pos = at + 3;
  }
  out.append(text.substr(pos));
  return out;
}

TargetPath TargetPath::bind(std::string_view n) const {
  TargetPath p = *this;
  p.role = bind_number(role, n);
  for (PathStep& s : p.steps)
    if (s.key) s.key = bind_number(*s.key, n);
  return p;
}

bool TargetPath::has_wildcard() const {
  if (role.find('*') != std::string::npos) return true;
  for (const PathStep& s : steps)
    if (s.key && s.key->find('*') != std::string::npos) return true;
  return false;
}

bool TargetPath::has_number() const {
  if (role.find("{n}") != std::string::npos) return true;
  for (const PathStep& s : steps)
    if (s.key && s.key->find("{n}") != std::string::npos) return true;
  return false;
}

std::optional<TargetPath> parse_target_path(std::string_view text, std::string& error) {
  // Split on '.' outside brackets (keys never contain '.').
  std::vector<std::string_view> parts;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[') ++depth;
    else if (text[i] == ']') --depth;
    else if (text[i] == '.' && depth == 0) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  TargetPath path;
  std::optional<std::string> role;
  if (!split_step(parts[0], path.resource_type, role, error)) {
    error = "resource: " + error;
    return std::nullopt;
  }
  if (!std::isupper(static_cast<unsigned char>(path.resource_type[0]))) {
    error = "the path must start with a resource type, e.g. Patient[patient]";
    return std::nullopt;
  }
  if (role) {
    path.role = *role;
  } else {
    for (char c : path.resource_type) path.role += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    PathStep step;
    if (!split_step(parts[i], step.element, step.key, error)) {
      error = "step " + std::to_string(i) + ": " + error;
      return std::nullopt;
    }
    path.steps.push_back(std::move(step));
  }
  return path;
}

bool glob_match(std::string_view pattern, std::string_view text, std::string* bound) {
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == text;
  std::string_view prefix = pattern.substr(0, star), rest = pattern.substr(star + 1);
  if (text.size() < prefix.size() || text.substr(0, prefix.size()) != prefix) return false;
  // Shortest match for the first '*' that lets the rest match.
  for (size_t len = 0; prefix.size() + len <= text.size(); ++len) {
    if (glob_match(rest, text.substr(prefix.size() + len), nullptr)) {
      if (bound) *bound = std::string(text.substr(prefix.size(), len));
      return true;
    }
  }
  return false;
}

}  // namespace renkei::mapping
