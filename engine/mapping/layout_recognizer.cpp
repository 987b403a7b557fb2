#include "mapping/layout_recognizer.hpp"

#include <fmt/core.h>

#include <filesystem>

#include "legacy/csv_reader.hpp"

namespace renkei::mapping {
namespace {

// Local name of the root element, or "" when there is none.
std::string xml_root_name(std::string_view bytes) {
  size_t pos = 0;
  while ((pos = bytes.find('<', pos)) != std::string_view::npos) {
    if (pos + 1 < bytes.size() && (bytes[pos + 1] == '?' || bytes[pos + 1] == '!')) {
      ++pos;
      continue;
    }
    size_t end = bytes.find_first_of(" \t\r\n/>", pos + 1);
    if (end == std::string_view::npos) return {};
    std::string_view name = bytes.substr(pos + 1, end - pos - 1);
    if (size_t colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return std::string(name);
  }
  return {};
}

bool six_digits(std::string_view s) {
  if (s.size() != 6) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string known_layouts(const MappingCatalog& catalog, std::string_view form) {
  std::string out;
  for (const FormLayout& l : catalog.layouts())
    if (form.empty() || l.form == form) out += "\n  " + l.describe();
  return out.empty() ? " (none)" : out;
}

}  // namespace

Recognition recognise_layout(const MappingCatalog& catalog, std::string_view bytes, std::string_view file_name,
                             std::string_view form, text::Encoding encoding) {
  std::string base = std::filesystem::path(std::string(file_name)).filename().string();
  std::vector<const FormLayout*> candidates;
  std::string_view first = bytes;
  if (first.substr(0, 3) == "\xEF\xBB\xBF") first.remove_prefix(3);
  size_t lead = first.find_first_not_of(" \t\r\n");
  bool xml = lead != std::string_view::npos && first[lead] == '<';
  std::string what;
  if (xml) {
    std::string root = xml_root_name(first);
    what = "XML with root element <" + root + ">";
    for (const FormLayout& l : catalog.layouts())
      if (l.kind == InputKind::Xml && (l.xml_root == root || l.xml_record == root)) candidates.push_back(&l);
  } else {
    // The first row, read on its own.
    legacy::CsvOptions o;
    o.encoding = encoding;
    o.check_version_column = false;
    o.max_input_bytes = size_t{1} << 30;
    // The first CSV record ends at the first line break outside quotes.
    size_t end = 0;
    for (bool quoted = false; end < first.size(); ++end) {
      if (first[end] == '"') quoted = !quoted;
      else if (!quoted && (first[end] == '\r' || first[end] == '\n')) break;
    }
    std::string line(first.substr(0, end));
    auto reader = legacy::CsvReader::from_bytes(line, std::string(file_name), o);
    legacy::FormRow row;
    if (reader.next(row) && !row.fields.empty()) {
      std::string_view c1 = row.fields[0].value;
      if (six_digits(c1)) {
        what = "CSV without header, version " + std::string(c1) + ", " + std::to_string(row.fields.size()) + " columns";
        for (const FormLayout& l : catalog.layouts())
          if (l.kind == InputKind::Csv && l.column_count == row.fields.size() && l.accepts_version(c1))
            candidates.push_back(&l);
        if (candidates.empty())  // same shape, other version: each record then says why it is rejected
          for (const FormLayout& l : catalog.layouts())
            if (l.kind == InputKind::Csv && l.column_count == row.fields.size()) candidates.push_back(&l);
      } else {
        what = "CSV with a header row of " + std::to_string(row.fields.size()) + " columns";
        size_t best = 0;
        for (const FormLayout& l : catalog.layouts()) {
          if (l.kind != InputKind::CsvWithHeader) continue;
          size_t found = 0;
          for (const FieldSpec& f : l.fields) {
            bool present = false;
            for (const auto& cell : row.fields) present |= cell.value == f.source;
            found += present;
            if (f.required && !present) found = 0;
            if (f.required && !present) break;
          }
          if (found == 0 || found < best) continue;
          if (found > best) candidates.clear();
          best = found;
          candidates.push_back(&l);
        }
      }
    } else {
      what = "an unreadable or empty first row";
      // Say why it is unreadable (undecodable bytes, NUL…): the position, never the bytes.
      for (const Issue& i : reader.issues().items())
        if (i.severity == Severity::Fatal || i.severity == Severity::Error) {
          what = fmt::format("an unreadable first row ({}:{}: {})", i.line, i.column, i.message);
          break;
        }
    }
  }
  if (!form.empty()) std::erase_if(candidates, [&](const FormLayout* l) { return l->form != form; });
  if (candidates.size() > 1) {
    std::vector<const FormLayout*> by_prefix;
    for (const FormLayout* l : candidates)
      for (const std::string& p : l->file_prefixes)
        if (base.rfind(p, 0) == 0) {
          by_prefix.push_back(l);
          break;
        }
    if (!by_prefix.empty()) candidates = by_prefix;
  }
  if (candidates.size() == 1) return {candidates[0], {}};
  if (candidates.empty())
    return {nullptr, "no known layout matches this input (" + what + "); known layouts:" + known_layouts(catalog, form)};
  std::string names;
  for (const FormLayout* l : candidates) names += " " + l->layout;
  return {nullptr, "the input (" + what + ") matches several layouts:" + names +
                       "; name the form with --form or the layout file with --mapping"};
}

}  // namespace renkei::mapping
