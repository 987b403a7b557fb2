// Record checks (layout `checks`): date order and BMI against height and weight, and their load-time errors.
#include <gtest/gtest.h>

#include "mapping/form_layout.hpp"
#include "mapping/json_value.hpp"
#include "mapping/record_check.hpp"

namespace renkei::mapping {
namespace {

FieldSpec field(std::string id, std::string label, FieldType type, std::string group = {}) {
  FieldSpec f;
  f.id = std::move(id);
  f.label = std::move(label);
  f.source = f.id;
  f.type = type;
  f.group = std::move(group);
  return f;
}

FormLayout layout_with_fields() {
  FormLayout l;
  l.fields = {field("admission", "入院日", FieldType::Date), field("discharge", "退院日", FieldType::Date),
              field("month", "対象年月", FieldType::Month), field("height", "身長", FieldType::Number),
              field("weight", "体重", FieldType::Number), field("bmi", "BMI", FieldType::Number),
              field("note", "備考", FieldType::Text), field("visit", "訪問日", FieldType::Date, "visits")};
  return l;
}

std::optional<RecordCheck> parse(const FormLayout& l, std::string_view json, std::string& error) {
  std::string jerr;
  auto j = parse_json_value(json, jerr);
  EXPECT_TRUE(j) << jerr;
  return parse_record_check(*j, l, error);
}

TEST(RecordCheck, RejectsChecksThatCannotWork) {
  FormLayout l = layout_with_fields();
  std::string error;
  EXPECT_FALSE(parse(l, R"({"kind":"sum"})", error));
  EXPECT_NE(error.find("unknown kind"), std::string::npos);
  EXPECT_FALSE(parse(l, R"({"kind":"date-order","first":"admission","then":"nope"})", error));
  EXPECT_FALSE(parse(l, R"({"kind":"date-order","first":"admission","then":"note"})", error));
  EXPECT_NE(error.find("needs date"), std::string::npos);
  EXPECT_FALSE(parse(l, R"({"kind":"date-order","first":"admission","then":"visit"})", error));
  EXPECT_NE(error.find("repeating group"), std::string::npos);
  EXPECT_FALSE(parse(l, R"({"kind":"date-order","first":"admission","then":"month"})", error));
  EXPECT_FALSE(parse(l, R"({"kind":"bmi","height":"height","weight":"weight","bmi":"bmi"})", error));
  EXPECT_NE(error.find("tolerance"), std::string::npos);
  EXPECT_FALSE(parse(l, R"({"kind":"bmi","height":"height","weight":"admission","bmi":"bmi","tolerance":1})", error));
  EXPECT_TRUE(parse(l, R"({"kind":"bmi","height":"height","weight":"weight","bmi":"bmi","tolerance":0.5})", error));
}

TEST(RecordCheck, DateOrderReportsTheLaterFieldWithoutValues) {
  FormLayout l = layout_with_fields();
  std::string error;
  l.checks.push_back(*parse(l, R"({"kind":"date-order","first":"admission","then":"discharge"})", error));
  legacy::FormField at;
  std::map<std::string, CheckedValue> values{{"admission", {"2023-05-01", nullptr}}, {"discharge", {"2023-04-30", &at}}};
  auto failures = evaluate_record_checks(l, values);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].field->id, "discharge");
  EXPECT_EQ(failures[0].at, &at);
  EXPECT_NE(failures[0].message.find("入院日"), std::string::npos);
  EXPECT_EQ(failures[0].message.find("2023"), std::string::npos);  // no patient data
  values["discharge"].text = "2023-05-01";                          // same day is fine
  EXPECT_TRUE(evaluate_record_checks(l, values).empty());
  values.erase("discharge");                                        // blank: nothing to compare
  EXPECT_TRUE(evaluate_record_checks(l, values).empty());
}

TEST(RecordCheck, BmiMustFitHeightAndWeightWithinTheTolerance) {
  FormLayout l = layout_with_fields();
  std::string error;
  l.checks.push_back(*parse(l, R"({"kind":"bmi","height":"height","weight":"weight","bmi":"bmi","tolerance":1.0})", error));
  // 42.5 kg / 1.50² = 18.9
  std::map<std::string, CheckedValue> values{{"height", {"150.0", nullptr}}, {"weight", {"42.5", nullptr}}, {"bmi", {"18.9", nullptr}}};
  EXPECT_TRUE(evaluate_record_checks(l, values).empty());
  values["bmi"].text = "19.8";
  EXPECT_TRUE(evaluate_record_checks(l, values).empty());
  values["bmi"].text = "20.0";
  auto failures = evaluate_record_checks(l, values);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].field->id, "bmi");
  EXPECT_NE(failures[0].message.find("inconsistent with 身長 and 体重"), std::string::npos);
  values["height"].text = "0";
  failures = evaluate_record_checks(l, values);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].field->id, "height");
}

}  // namespace
}  // namespace renkei::mapping
