#pragma once
// Record checks: declarative rules over several fields of one form instance, declared in a layout's
// `checks` array, for combinations that each field alone cannot catch (退院日 before 入院日, a BMI that does
// not fit the height and weight). Kinds:
//   {"kind": "date-order", "first": FIELD, "then": FIELD}          then ≥ first (date / wareki-date / month)
//   {"kind": "bmi", "height": FIELD, "weight": FIELD, "bmi": FIELD, "tolerance": 1.0}
//                                    |bmi − weight[kg] / (height[m])²| ≤ tolerance (height in cm)
// A check runs only when all its fields have a valid value. Messages name the fields, never their values.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "legacy/form_record.hpp"
#include "mapping/json_value.hpp"

namespace renkei::mapping {

struct FormLayout;
struct FieldSpec;

enum class CheckKind { DateOrder, Bmi };

struct RecordCheck {
  CheckKind kind = CheckKind::DateOrder;
  std::vector<std::string> fields;  // DateOrder: first, then; Bmi: height, weight, bmi
  double tolerance = 0;             // Bmi: allowed difference in kg/m²
};

// A parsed record-level value and where it was read.
struct CheckedValue {
  std::string text;  // FHIR lexical form (dates ISO, numbers as decimals)
  const legacy::FormField* at = nullptr;
};

struct CheckFailure {
  const FieldSpec* field = nullptr;  // the field the message is about (reported at its position)
  const legacy::FormField* at = nullptr;
  std::string message;
};

// Reads one `checks` item; the fields must exist in `layout`, be record-level and of a fitting type.
std::optional<RecordCheck> parse_record_check(const JsonValue& json, const FormLayout& layout, std::string& error);

std::vector<CheckFailure> evaluate_record_checks(const FormLayout& layout,
                                                 const std::map<std::string, CheckedValue>& values);

}  // namespace renkei::mapping
