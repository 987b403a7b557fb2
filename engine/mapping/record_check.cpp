#include "mapping/record_check.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>

#include "mapping/form_layout.hpp"

namespace renkei::mapping {
namespace {

bool is_dated(FieldType t) { return t == FieldType::Date || t == FieldType::WarekiDate || t == FieldType::Month; }

std::optional<double> to_number(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<RecordCheck> parse_record_check(const JsonValue& json, const FormLayout& layout, std::string& error) {
  RecordCheck check;
  std::string kind = json.string_or("kind");
  std::vector<std::string> roles;
  if (kind == "date-order") {
    check.kind = CheckKind::DateOrder;
    roles = {"first", "then"};
  } else if (kind == "bmi") {
    check.kind = CheckKind::Bmi;
    roles = {"height", "weight", "bmi"};
    const JsonValue* t = json.get("tolerance");
    if (!t || t->kind != JsonValue::Kind::Number || !to_number(t->text) || *to_number(t->text) < 0) {
      error = "check bmi: \"tolerance\" must be a non-negative number (kg/m²)";
      return std::nullopt;
    }
    check.tolerance = *to_number(t->text);
  } else {
    error = "check: unknown kind '" + kind + "' (known: date-order, bmi)";
    return std::nullopt;
  }
  for (const std::string& role : roles) {
    std::string id = json.string_or(role);
    const FieldSpec* spec = layout.field(id);
    if (!spec) {
      error = "check " + kind + ": \"" + role + "\" must name a field of the layout";
      return std::nullopt;
    }
    if (!spec->group.empty()) {
      error = "check " + kind + ": field " + id + " belongs to a repeating group (checks are record-level)";
      return std::nullopt;
    }
    bool fits = check.kind == CheckKind::DateOrder ? is_dated(spec->type) : spec->type == FieldType::Number;
    if (!fits) {
      error = "check " + kind + ": field " + id + " has type " + std::string(to_string(spec->type)) +
              (check.kind == CheckKind::DateOrder ? " (needs date, wareki-date or month)" : " (needs number)");
      return std::nullopt;
    }
    check.fields.push_back(id);
  }
  if (check.kind == CheckKind::DateOrder && layout.field(check.fields[0])->type != layout.field(check.fields[1])->type &&
      (layout.field(check.fields[0])->type == FieldType::Month || layout.field(check.fields[1])->type == FieldType::Month)) {
    error = "check date-order: a month cannot be ordered against a date";
    return std::nullopt;
  }
  return check;
}

std::vector<CheckFailure> evaluate_record_checks(const FormLayout& layout,
                                                 const std::map<std::string, CheckedValue>& values) {
  std::vector<CheckFailure> out;
  for (const RecordCheck& check : layout.checks) {
    std::vector<const CheckedValue*> v;
    for (const std::string& id : check.fields) {
      auto it = values.find(id);
      if (it == values.end()) break;
      v.push_back(&it->second);
    }
    if (v.size() != check.fields.size()) continue;  // a field is blank or invalid (reported on its own)
    const FieldSpec* last = layout.field(check.fields.back());
    if (check.kind == CheckKind::DateOrder) {
      // ISO dates of the same precision order as text.
      if (v[1]->text < v[0]->text)
        out.push_back({last, v[1]->at,
                       fmt::format("is before {} (impossible combination)", layout.field(check.fields[0])->label)});
      continue;
    }
    auto height = to_number(v[0]->text), weight = to_number(v[1]->text), bmi = to_number(v[2]->text);
    if (!height || !weight || !bmi) continue;
    if (*height <= 0 || *weight <= 0) {
      const FieldSpec* bad = layout.field(check.fields[*height <= 0 ? 0 : 1]);
      out.push_back({bad, v[*height <= 0 ? 0 : 1]->at, "must be greater than 0"});
      continue;
    }
    double meters = *height / 100.0;
    double computed = *weight / (meters * meters);
    if (std::fabs(computed - *bmi) > check.tolerance)
      out.push_back({last, v[2]->at,
                     fmt::format("inconsistent with {} and {} (differs from weight / height² by more than {} kg/m²)",
                                 layout.field(check.fields[0])->label, layout.field(check.fields[1])->label,
                                 check.tolerance)});
  }
  return out;
}

}  // namespace renkei::mapping
