#include "legacy/form_record.hpp"

#include <algorithm>
#include <charconv>

namespace renkei::legacy {

std::string canonical_field_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  size_t i = 0;
  while (i < path.size()) {
    if (path.substr(i, 3) == "[1]" && (i + 3 == path.size() || path[i + 3] == '/')) {
      i += 3;
      continue;
    }
    out.push_back(path[i]);
    ++i;
  }
  return out;
}

namespace {

// Names are stored canonically; only a query may spell out `[1]`.
template <typename Row>
auto find_in(Row& row, std::string_view name) -> decltype(&row.fields.front()) {
  std::string canonical;
  if (name.find("[1]") != std::string_view::npos) {
    canonical = canonical_field_path(name);
    name = canonical;
  }
  for (auto& field : row.fields)
    if (field.name == name) return &field;
  return nullptr;
}

}  // namespace

const FormField* FormRow::find(std::string_view name) const { return find_in(*this, name); }
FormField* FormRow::find(std::string_view name) { return find_in(*this, name); }

const FormField* FormRow::column(size_t column_number) const {
  if (column_number == 0 || column_number > fields.size()) return nullptr;
  return &fields[column_number - 1];
}

const FormField* FormRecord::find(std::string_view name, size_t row) const {
  return row < rows.size() ? rows[row].find(name) : nullptr;
}

const FormField* FormRecord::column(size_t column_number, size_t row) const {
  return row < rows.size() ? rows[row].column(column_number) : nullptr;
}

std::string_view FormRecord::value(std::string_view name, size_t row) const {
  const FormField* field = find(name, row);
  return field ? std::string_view(field->value) : std::string_view();
}

size_t FormRecord::occurrences(std::string_view element_path, size_t row) const {
  if (row >= rows.size()) return 0;
  const std::string path = canonical_field_path(element_path);
  size_t count = 0;
  for (const FormField& field : rows[row].fields) {
    std::string_view name = field.name;
    if (!name.starts_with(path)) continue;
    std::string_view rest = name.substr(path.size());
    if (rest.empty() || rest[0] == '/') {
      count = std::max<size_t>(count, 1);
    } else if (rest[0] == '[') {
      size_t index = 0;
      auto [end, ec] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), index);
      if (ec == std::errc() && end < rest.data() + rest.size() && *end == ']' &&
          (end + 1 == rest.data() + rest.size() || end[1] == '/'))
        count = std::max(count, index);
    }
  }
  return count;
}

}  // namespace renkei::legacy
