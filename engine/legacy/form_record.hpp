#pragma once
// FormRecord: what the legacy readers (CsvReader, XmlFormReader) hand to the form mappings. One record is
// one form instance (one care plan, one report …) with the provenance of every value, so that a mapping
// error can cite file, line and column without repeating the value.
//
// Shape:
//   FormRecord { source file, rows[] }
//   FormRow    { line, fields[] }                    fields keep input order
//   FormField  { name, value (UTF-8), line, column, carried_forward }
//
// CSV: every CSV row is a FormRow. A record holds one row, or — after group_records() — all rows of one
// form, e.g. the repeating 課題 / 目標 rows of a plan keyed by NO columns. Field names are the 1-based column
// number as text ("1", "2", …) for headerless files, or the header name for files with a header row. In both
// modes `column(n, row)` addresses the n-th cell.
//
// XML: a record holds a single FormRow whose fields are the leaf elements and attributes of the record
// element, named by slash path from the record element: `訪問看護計画書/利用者/氏名`, attributes as
// `…/要素/@属性`. Repeated elements carry a 1-based index from the second occurrence on:
// `訪問看護計画書/計画/問題点[2]/解決策`; `[1]` may be written or omitted when querying.
// `occurrences("訪問看護計画書/計画/問題点")` tells how many times an element repeats.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::legacy {

struct SourcePosition {
  std::string file;
  uint32_t line = 0;    // 1-based; 0 = unknown
  uint32_t column = 0;  // 1-based, in characters of the decoded text
};

struct FormField {
  std::string name;
  std::string value;
  uint32_t line = 0;
  uint32_t column = 0;
  bool carried_forward = false;  // value copied from an earlier row by carry_forward_blanks(); position is that row's
};

struct FormRow {
  uint32_t line = 0;  // line where the row starts
  std::vector<FormField> fields;

  // First field with this name (XML paths are compared with `[1]` steps removed), or nullptr.
  const FormField* find(std::string_view name) const;
  FormField* find(std::string_view name);
  // The n-th field, 1-based, or nullptr when the row is shorter.
  const FormField* column(size_t column_number) const;
};

struct FormRecord {
  std::string source;  // file name as given to the reader (never patient data)
  std::vector<FormRow> rows;

  const FormField* find(std::string_view name, size_t row = 0) const;
  const FormField* column(size_t column_number, size_t row = 0) const;
  // Value or "" when absent; use find() to tell an absent field from an empty one.
  std::string_view value(std::string_view name, size_t row = 0) const;
  // How many times the XML element at `element_path` occurs in row `row` (0 when absent).
  size_t occurrences(std::string_view element_path, size_t row = 0) const;
  SourcePosition position(const FormField& field) const { return {source, field.line, field.column}; }
};

// Removes `[1]` index steps so that `a/b[1]/c` and `a/b/c` name the same field.
std::string canonical_field_path(std::string_view path);

}  // namespace renkei::legacy
