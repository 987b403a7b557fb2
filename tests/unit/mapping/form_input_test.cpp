// read_form_input on CSV with a header row: the header is parsed once per file, yet every row comes out
// as a header-mode CsvReader over the whole file gives it (names, values, positions, field-count warnings).
#include <gtest/gtest.h>

#include <algorithm>

#include "common/file_util.hpp"
#include "legacy/csv_reader.hpp"
#include "mapping/form_input.hpp"
#include "mapping/layout_recognizer.hpp"
#include "mapping/mapping_catalog.hpp"

namespace renkei::mapping {
namespace {

const std::string kSample = "HKKEIKAKU_H_202304_1360000017_utf8.csv";

std::string header_sample() {
  return read_file(std::string(RENKEI_SOURCE_DIR) + "/samples/forms/houmon-kango-keikakusho/" + kSample);
}

std::string csv_cell(const std::string& value) {
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The sample rewritten with its last header name blank and its second data row short of its last cell.
std::string altered_sample() {
  legacy::CsvOptions o;
  o.encoding = text::Encoding::Utf8;
  o.has_header = true;
  auto reader = legacy::CsvReader::from_bytes(header_sample(), kSample, o);
  std::vector<legacy::FormRow> rows;
  legacy::FormRow row;
  while (reader.next(row)) rows.push_back(row);
  std::string csv;
  const auto& header = reader.header();
  for (size_t c = 0; c < header.size(); ++c) csv += (c ? "," : "") + csv_cell(c + 1 == header.size() ? "" : header[c]);
  csv += "\r\n";
  for (size_t r = 0; r < rows.size(); ++r) {
    size_t cells = rows[r].fields.size() - (r == 1 ? 1 : 0);
    for (size_t c = 0; c < cells; ++c) csv += (c ? "," : "") + csv_cell(rows[r].fields[c].value);
    csv += "\r\n";
  }
  return csv;
}

struct Flat {
  uint32_t line;
  std::vector<std::tuple<std::string, std::string, uint32_t, uint32_t>> fields;
  bool operator==(const Flat&) const = default;
};

TEST(FormInput, HeaderCsvRecordsMatchAHeaderModeReaderOverTheFile) {
  IssueList issues;
  auto catalog = MappingCatalog::load(std::string(RENKEI_SOURCE_DIR) + "/mappings", issues);
  ASSERT_TRUE(catalog);
  const std::string csv = altered_sample();
  Recognition recognised = recognise_layout(*catalog, csv, kSample, "", text::Encoding::Utf8);
  ASSERT_TRUE(recognised.layout) << recognised.error;
  ASSERT_EQ(recognised.layout->kind, InputKind::CsvWithHeader);

  InputRead read = read_form_input(csv, kSample, *recognised.layout, text::Encoding::Utf8);
  uint32_t short_row_line = 0;  // where the second data row starts
  {
    std::vector<uint32_t> lines;
    for (const InputRecord& r : read.records)
      for (const auto& row : r.record.rows) lines.push_back(row.line);
    std::sort(lines.begin(), lines.end());
    ASSERT_GE(lines.size(), 2u);
    short_row_line = lines[1];
  }
  std::vector<Flat> got;
  size_t short_row_warnings = 0, records_with_header_warning = 0;
  for (const InputRecord& r : read.records) {
    EXPECT_FALSE(r.rejected());
    for (const auto& row : r.record.rows) {
      Flat f{row.line, {}};
      for (const auto& field : row.fields) f.fields.emplace_back(field.name, field.value, field.line, field.column);
      got.push_back(std::move(f));
    }
    bool header_warning = false;
    for (const Issue& i : r.issues.items()) {
      if (i.message.find("fields but the header has") != std::string::npos) {
        ++short_row_warnings;
        EXPECT_EQ(i.line, short_row_line);
        EXPECT_EQ(i.severity, Severity::Warning);
      }
      header_warning |= i.message.find("empty header name") != std::string::npos;
    }
    records_with_header_warning += header_warning;
  }
  EXPECT_EQ(short_row_warnings, 1u);
  EXPECT_EQ(records_with_header_warning, read.records.size());

  legacy::CsvOptions o;
  o.encoding = text::Encoding::Utf8;
  o.has_header = true;
  auto reader = legacy::CsvReader::from_bytes(csv, kSample, o);
  std::vector<Flat> want;
  legacy::FormRow row;
  while (reader.next(row)) {
    Flat f{row.line, {}};
    for (const auto& field : row.fields) f.fields.emplace_back(field.name, field.value, field.line, field.column);
    want.push_back(std::move(f));
  }
  std::sort(got.begin(), got.end(), [](const Flat& a, const Flat& b) { return a.line < b.line; });
  ASSERT_GE(want.size(), 3u);
  EXPECT_TRUE(got == want);
}

}  // namespace
}  // namespace renkei::mapping
