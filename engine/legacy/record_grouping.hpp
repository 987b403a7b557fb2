#pragma once
// Turning CSV rows into form records. The care-data CSVs write one form as several rows: rows that share
// the key columns (e.g. 保険者番号 + 被保険者番号 + 作成日) belong to one form, and repeating groups are rows
// told apart by NO columns (課題NO, 援助目標NO, 援助内容NO …), where 「NO以外の項目は最初の行のみに内容を記載して
// 2回目以降は空欄」 — the non-NO items are written on the group's first row only (research/legacy-forms.md §1).
// Columns are named as in FormRow (column number "1", "2", … or header name).
#include <string>
#include <vector>

#include "common/issue.hpp"
#include "legacy/form_record.hpp"

namespace renkei::legacy {

struct GroupingResult {
  std::vector<FormRecord> records;  // in order of each key's first appearance; rows keep input order
  IssueList issues;                 // rows lacking a key column (they are left out)
};

// Groups rows by the values of `key_columns`. Rows of one key need not be adjacent. All rows are held in
// memory, so call it per file (or per batch of a sorted file), not on unbounded input.
GroupingResult group_records(std::vector<FormRow> rows, const std::vector<std::string>& key_columns,
                             const std::string& source);

// One level of a repeating group: while a row has the same values in `key_columns` as the row before it,
// a blank (empty) cell of `filled_columns` takes that row's value; the field is marked carried_forward and
// keeps the position of the cell the value came from. An empty `key_columns` carries within the whole
// record. Apply outer levels first, e.g. {課題NO → 課題}, then {課題NO, 援助目標NO → 長期目標, 短期目標, …}.
struct CarryForwardRule {
  std::vector<std::string> key_columns;
  std::vector<std::string> filled_columns;
};

void carry_forward_blanks(FormRecord& record, const CarryForwardRule& rule);

}  // namespace renkei::legacy
