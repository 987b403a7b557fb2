#include "legacy/record_grouping.hpp"

#include <unordered_map>

namespace renkei::legacy {

GroupingResult group_records(std::vector<FormRow> rows, const std::vector<std::string>& key_columns,
                             const std::string& source) {
  GroupingResult result;
  std::unordered_map<std::string, size_t> record_of_key;
  std::string key;
  for (FormRow& row : rows) {
    key.clear();
    bool complete = true;
    for (const std::string& column : key_columns) {
      const FormField* field = row.find(column);
      if (!field) {
        result.issues.add(Severity::Error, "required", "row lacks key column '" + column + "'", source, row.line, 1,
                          "group-key");
        complete = false;
        break;
      }
      key.append(field->value);
      key.push_back('\x1F');  // value, separator, length: unambiguous even if a value holds the separator
      key.append(std::to_string(field->value.size()));
      key.push_back('\x1F');
    }
    if (!complete) continue;
    auto [it, inserted] = record_of_key.try_emplace(key, result.records.size());
    if (inserted) {
      result.records.emplace_back();
      result.records.back().source = source;
    }
    result.records[it->second].rows.push_back(std::move(row));
  }
  return result;
}

void carry_forward_blanks(FormRecord& record, const CarryForwardRule& rule) {
  for (size_t r = 1; r < record.rows.size(); ++r) {
    const FormRow& previous = record.rows[r - 1];
    FormRow& current = record.rows[r];
    bool same_group = true;
    for (const std::string& column : rule.key_columns) {
      const FormField* a = previous.find(column);
      const FormField* b = current.find(column);
      if (!a || !b || a->value != b->value) {
        same_group = false;
        break;
      }
    }
    if (!same_group) continue;
    for (const std::string& column : rule.filled_columns) {
      const FormField* source = previous.find(column);
      FormField* target = current.find(column);
      if (!source || !target || !target->value.empty()) continue;
      target->value = source->value;
      target->line = source->line;
      target->column = source->column;
      target->carried_forward = true;
    }
  }
}

}  // namespace renkei::legacy
