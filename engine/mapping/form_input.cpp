#include "mapping/form_input.hpp"

#include <map>

#include "legacy/csv_reader.hpp"
#include "legacy/xml_form_reader.hpp"
#include "mapping/mapping_engine.hpp"

namespace renkei::mapping {
namespace {

struct RawRecord {
  std::string_view bytes;  // without the line terminator
  uint32_t line = 0;       // line where it starts
  uint32_t line_count = 1;
  bool unterminated = false;
};

// Splits into CSV records at line breaks outside quotes; completely empty lines are dropped.
std::vector<RawRecord> split_records(std::string_view bytes) {
  std::vector<RawRecord> out;
  size_t start = 0;
  uint32_t line = 1, start_line = 1;
  bool quoted = false;
  size_t i = 0;
  auto finish = [&](size_t end, bool unterminated) {
    if (end > start) out.push_back(RawRecord{bytes.substr(start, end - start), start_line, line - start_line + 1,
                                             unterminated});
  };
  while (i < bytes.size()) {
    char c = bytes[i];
    if (c == '"') {
      quoted = !quoted;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      size_t len = (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
      if (!quoted) {
        finish(i, false);
        start = i + len;
        start_line = line + 1;
      }
      ++line;
      i += len;
      continue;
    }
    ++i;
  }
  if (start < bytes.size()) finish(bytes.size(), quoted);
  return out;
}

// Cells of a raw record split at commas outside quotes, quotes removed (for reading keys of a row that
// could not be decoded). Only ASCII cells are returned as text; others are empty.
std::vector<std::string> raw_cells(std::string_view bytes) {
  std::vector<std::string> cells(1);
  bool quoted = false, ascii = true;
  for (char c : bytes) {
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (c == ',' && !quoted) {
      if (!ascii) cells.back().clear();
      cells.emplace_back();
      ascii = true;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    cells.back() += c;
  }
  if (!ascii) cells.back().clear();
  return cells;
}

void shift_lines(IssueList& issues, int64_t offset) {
  for (Issue& i : issues.items())
    if (i.line) i.line = static_cast<uint32_t>(i.line + offset);
}

InputRead read_csv(std::string_view bytes, const std::string& source, const FormLayout& layout,
                   text::Encoding encoding) {
  InputRead out;
  if (encoding == text::Encoding::Auto) encoding = text::detect_encoding(bytes);
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::vector<RawRecord> raw = split_records(bytes);
  bool has_header = layout.kind == InputKind::CsvWithHeader;
  std::string header_bytes;
  uint32_t header_lines = 0;
  std::vector<std::string> header_names;
  IssueList header_issues;  // warnings of the header row (e.g. an empty name), repeated for every record
  size_t first = 0;
  if (has_header) {
    if (raw.empty()) {
      InputRecord bad;
      bad.record.source = source;
      bad.issues.add(Severity::Error, "structure", "no header row", source, 1, 1, "csv-header");
      out.records.push_back(std::move(bad));
      return out;
    }
    header_bytes = std::string(raw[0].bytes);
    header_lines = raw[0].line_count;
    first = 1;
    legacy::CsvOptions ho;
    ho.encoding = encoding;
    ho.has_header = true;
    auto reader = legacy::CsvReader::from_bytes(header_bytes + "\n", source, ho);
    legacy::FormRow ignored;
    reader.next(ignored);
    header_names = reader.header();
    header_issues = reader.issues();
    if (reader.issues().has_errors()) {
      InputRecord bad;
      bad.record.source = source;
      bad.issues = reader.issues();
      out.records.push_back(std::move(bad));
      return out;
    }
  }
  // Where the key fields sit in a raw row (for rows that cannot be decoded).
  std::vector<int> key_cells;
  for (const std::string& id : layout.key_fields) {
    const FieldSpec* f = layout.field(id);
    int index = -1;
    if (f && !has_header) index = std::stoi(f->source) - 1;
    if (f && has_header)
      for (size_t h = 0; h < header_names.size(); ++h)
        if (header_names[h] == f->source) index = static_cast<int>(h);
    key_cells.push_back(index);
  }

  std::map<std::vector<std::string>, size_t> by_key;
  std::vector<std::string> previous_key;
  auto record_for = [&](const std::vector<std::string>& key, uint32_t line) -> InputRecord& {
    auto [it, inserted] = by_key.emplace(key, out.records.size());
    if (inserted) {
      InputRecord r;
      r.record.source = source;
      r.line = line;
      out.records.push_back(std::move(r));
    }
    return out.records[it->second];
  };
  auto all_blank = [](const std::vector<std::string>& key) {
    for (const auto& k : key)
      if (!k.empty()) return false;
    return true;
  };

  for (size_t r = first; r < raw.size(); ++r) {
    const RawRecord& rr = raw[r];
    // Each record is parsed on its own, headerless (the header was parsed once above); header mode's
    // field names and its field-count warning are applied here, so the result is what a header-mode
    // reader over "header + record" gives, without re-parsing the header for every record. A record
    // that starts with a BOM is the exception: alone it would be the start of a text, where a BOM is
    // legal, so it is read after the header, where the decoder reports it.
    const bool after_header = has_header && rr.bytes.substr(0, 3) == "\xEF\xBB\xBF";
    legacy::CsvOptions o;
    o.encoding = encoding;
    o.has_header = after_header;
    o.check_version_column = false;  // checked per record against the layout's versions
    int64_t offset = static_cast<int64_t>(rr.line) - 1 - (after_header ? header_lines : 0);
    auto reader = legacy::CsvReader::from_bytes(
        after_header ? header_bytes + "\n" + std::string(rr.bytes) : std::string(rr.bytes), source, o);
    legacy::FormRow row;
    bool got = reader.next(row);
    IssueList issues;
    if (has_header && !after_header) {
      issues = header_issues;
      shift_lines(issues, offset - header_lines);  // where the header-mode chunk reader placed them
    }
    IssueList row_issues = reader.issues();
    shift_lines(row_issues, offset);
    issues.append(row_issues);
    if (got && has_header && !after_header) {
      for (size_t c = 0; c < row.fields.size() && c < header_names.size(); ++c) row.fields[c].name = header_names[c];
      if (row.fields.size() != header_names.size())
        issues.add(Severity::Warning, "structure",
                   "row has " + std::to_string(row.fields.size()) + " fields but the header has " +
                       std::to_string(header_names.size()),
                   source, rr.line, 1);
    }
    bool bad = issues.has_errors() || !got;
    if (bad && issues.empty())
      issues.add(Severity::Error, "structure", "row could not be read", source, rr.line, 1, "csv-row");
    std::vector<std::string> key;
    if (!bad) {
      row.line = static_cast<uint32_t>(row.line + offset);
      for (auto& f : row.fields) f.line = static_cast<uint32_t>(f.line + offset);
      key = MappingEngine::raw_keys(row, layout);
    } else {
      std::vector<std::string> cells = raw_cells(rr.bytes);
      for (int index : key_cells)
        key.push_back(index >= 0 && static_cast<size_t>(index) < cells.size()
                          ? std::string(cells[static_cast<size_t>(index)])
                          : std::string());
    }
    if (all_blank(key) && !previous_key.empty()) key = previous_key;  // continuation row
    if (all_blank(key) || (bad && std::any_of(key.begin(), key.end(), [](auto& k) { return k.empty(); }))) {
      // Not attributable to a form instance: a record of its own.
      InputRecord alone;
      alone.record.source = source;
      alone.line = rr.line;
      if (!bad) alone.record.rows.push_back(std::move(row));
      alone.issues = std::move(issues);
      if (!bad)
        alone.issues.add(Severity::Error, "required", "the record keys are missing on this row", source, rr.line, 1,
                         "csv-keys");
      out.records.push_back(std::move(alone));
      continue;
    }
    previous_key = key;
    InputRecord& target = record_for(key, rr.line);
    target.issues.append(issues);
    if (!bad) target.record.rows.push_back(std::move(row));
  }
  return out;
}

InputRead read_xml(std::string_view bytes, const std::string& source, const FormLayout& layout,
                   const Limits& limits) {
  InputRead out;
  legacy::XmlReadOptions options;
  options.record_element = layout.xml_record;
  options.max_depth = limits.max_depth;
  options.max_input_bytes = limits.max_input_bytes;
  legacy::XmlFormReader reader(options);
  IssueList issues = reader.read(bytes, source, [&](legacy::FormRecord&& record) {
    InputRecord r;
    r.line = record.rows.empty() ? 0 : record.rows.front().line;
    r.record = std::move(record);
    out.records.push_back(std::move(r));
  });
  if (issues.has_errors()) {
    InputRecord rest;
    rest.record.source = source;
    rest.issues = std::move(issues);
    for (const Issue& i : rest.issues.items())
      if (i.line) {
        rest.line = i.line;
        break;
      }
    out.records.push_back(std::move(rest));
  }
  return out;
}

}  // namespace

InputRead read_form_input(std::string_view bytes, const std::string& source, const FormLayout& layout,
                          text::Encoding encoding, const Limits& limits) {
  if (layout.kind == InputKind::Xml) return read_xml(bytes, source, layout, limits);
  return read_csv(bytes, source, layout, encoding);
}

}  // namespace renkei::mapping
