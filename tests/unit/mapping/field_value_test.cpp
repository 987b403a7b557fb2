#include <gtest/gtest.h>

#include "mapping/field_value.hpp"

namespace renkei::mapping {
namespace {

FieldSpec spec(FieldType type) {
  FieldSpec s;
  s.id = "x";
  s.label = "項目";
  s.type = type;
  return s;
}

TEST(FieldValue, DatesAndSentinels) {
  ConceptMapTable none;
  EXPECT_EQ(parse_field(spec(FieldType::Date), "20230401", none).value.text, "2023-04-01");
  EXPECT_EQ(parse_field(spec(FieldType::Date), "00000000", none).status, FieldParse::Status::Empty);
  EXPECT_EQ(parse_field(spec(FieldType::Date), "20231345", none).status, FieldParse::Status::Error);
  EXPECT_EQ(parse_field(spec(FieldType::Date), "昭和15年3月2日", none).status, FieldParse::Status::Error);
  EXPECT_EQ(parse_field(spec(FieldType::WarekiDate), "昭和15年3月2日", none).value.text, "1940-03-02");
  EXPECT_EQ(parse_field(spec(FieldType::Month), "202304", none).value.text, "2023-04");
  EXPECT_EQ(parse_field(spec(FieldType::Time), "9999", none).status, FieldParse::Status::Empty);
}

TEST(FieldValue, KanaIsNormalisedAndChecked) {
  ConceptMapTable none;
  auto r = parse_field(spec(FieldType::Kana), "ｱｵﾔﾏ　ﾀﾛｳ", none);
  ASSERT_EQ(r.status, FieldParse::Status::Value) << r.error;
  EXPECT_EQ(r.value.text, "アオヤマ タロウ");
  EXPECT_EQ(r.value.family, "アオヤマ");
  EXPECT_EQ(r.value.given, "タロウ");
  EXPECT_EQ(parse_field(spec(FieldType::Kana), "きのした", none).value.text, "キノシタ");
  auto bad = parse_field(spec(FieldType::Kana), "Yamada", none);
  EXPECT_EQ(bad.status, FieldParse::Status::Error);
  EXPECT_EQ(bad.error.find("Yamada"), std::string::npos);
}

TEST(FieldValue, CodesGoThroughTheConceptMap) {
  ConceptMapTable maps;
  std::string error;
  auto cm = parse_json_value(R"({"resourceType":"ConceptMap","url":"u","group":[{"target":"t",
      "element":[{"code":"21","target":[{"code":"21","display":"要介護1","equivalence":"equivalent"}]}]}]})", error);
  IssueList issues;
  ASSERT_TRUE(maps.add(*cm, "cm.json", issues));
  FieldSpec s = spec(FieldType::Code);
  s.concept_map = "u";
  auto r = parse_field(s, "２１", maps);  // full-width digits
  ASSERT_EQ(r.status, FieldParse::Status::Value);
  EXPECT_EQ(r.value.coding->system, "t");
  EXPECT_EQ(r.value.coding->display, "要介護1");
  EXPECT_EQ(parse_field(s, "29", maps).status, FieldParse::Status::Error);
}

TEST(FieldValue, TextKeepsContentWithLfLineBreaksAndNamesSplit) {
  ConceptMapTable none;
  EXPECT_EQ(parse_field(spec(FieldType::Text), "a,\r\nb", none).value.text, "a,\nb");
  auto n = parse_field(spec(FieldType::PersonName), "緑川　花子", none);
  EXPECT_EQ(n.value.text, "緑川 花子");
  EXPECT_EQ(n.value.family, "緑川");
  EXPECT_EQ(n.value.given, "花子");
  FieldSpec flag = spec(FieldType::Flag);
  flag.true_values = {"1"};
  flag.false_values = {"2"};
  EXPECT_EQ(parse_field(flag, "2", none).value.text, "false");
  EXPECT_EQ(parse_field(flag, "3", none).status, FieldParse::Status::Error);
}

}  // namespace
}  // namespace renkei::mapping
