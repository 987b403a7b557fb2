#pragma once
// One mapping file = one form × input layout (× CSV versions): where each field is read from, how it is
// parsed and checked, and where it goes in FHIR (see docs/forms/mapping-language.md). Loaded from
// mappings/*.json; the shape of the file is documented there, this is its in-memory form.
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "mapping/record_check.hpp"
#include "mapping/target_path.hpp"

namespace renkei::mapping {

enum class InputKind {
  Csv,            // headerless, fields addressed by 1-based column number; column 1 = CSV version YYYYMM
  CsvWithHeader,  // first row names the columns; fields addressed by header name
  Xml,            // fields addressed by slash path from the record element
};

enum class FieldType {
  Text,        // free text; line breaks normalised to LF
  Code,        // translated through a ConceptMap; unknown code = error
  Date,        // 西暦 YYYYMMDD (00000000 = no date)
  WarekiDate,  // any form text::parse_date accepts: 和暦 (昭和15年3月2日, S15.3.2, R2年4月 …) or 西暦
  Month,       // YYYYMM (000000 = none) → YYYY-MM
  Time,        // HHMM / HH:MM (9999 = none) → HH:MM:SS
  Number,      // decimal number
  Flag,        // one of true_values / false_values → true / false
  Kana,        // フリガナ: half-width → full-width, hiragana → katakana, then must be katakana
  PersonName,  // 氏名: "姓 名" (full- or half-width space) → parts family / given / text
};

std::string_view to_string(InputKind k);
std::string_view to_string(FieldType t);

struct Destination {
  TargetPath path;
  std::string part;    // which part of the value: family | given | text (names); code | display | system (codes)
  std::string format;  // optional template, "{value}" replaced, e.g. "{value}T00:00:00+09:00"
};

struct FieldSpec {
  std::string id;      // name used inside the mapping (keys, groups)
  std::string label;   // Japanese item name, used in messages: "field 被保険者番号: …"
  std::string source;  // column number, header name or XML path (relative to the group element in a group)
  FieldType type = FieldType::Text;
  bool required = false;
  std::string pattern;                 // ECMAScript regex the trimmed raw value must match (ASCII codes, ids)
  std::shared_ptr<const std::regex> regex;
  std::string concept_map;             // canonical URL (Code)
  std::vector<std::string> true_values, false_values;  // Flag
  std::string group;                   // id of the repeating group, empty for record-level fields
  std::vector<Destination> to;
};

// A repeating group: CSV rows told apart by a NO column, or repeated XML elements with a number child or
// attribute. Each instance binds {n} in the destinations of the group's fields to its NO (leading zeros
// dropped), so the CSV row NO 2 and the XML element with no="2" land in the same place.
struct GroupSpec {
  std::string id;
  std::string label;
  std::string number_source;  // CSV: column of the NO; XML: path of the number relative to the element
  std::string xml_element;    // XML only: path of the repeated element from the record root
};

struct FormLayout {
  std::string file;    // where it was loaded from
  std::string form;    // e.g. houmon-kango-keikakusho
  std::string layout;  // e.g. renkei-hkk-csv-202208
  std::string title;
  InputKind kind = InputKind::Csv;
  std::vector<std::string> versions;  // accepted CSV / layout versions
  std::string version_source;         // where the version is read ("1" for headerless CSV)
  size_t column_count = 0;            // CSV: number of columns of a row (recognition and checks)
  std::vector<std::string> file_prefixes;  // recognition by file name
  std::string xml_root;                    // XML: root element local name
  std::string xml_record;                  // XML: record element local name (one form per element)
  std::vector<std::string> key_fields;     // field ids grouping rows into one form instance
  std::vector<FieldSpec> fields;
  std::vector<GroupSpec> groups;
  std::vector<RecordCheck> checks;  // rules over several record-level fields (record_check.hpp)

  const FieldSpec* field(std::string_view id) const;
  const GroupSpec* group(std::string_view id) const;
  bool accepts_version(std::string_view v) const;
  std::string describe() const;  // "renkei-hkk-csv-202208 (訪問看護計画書, CSV without header, versions 202208, 33 columns)"
};

}  // namespace renkei::mapping
