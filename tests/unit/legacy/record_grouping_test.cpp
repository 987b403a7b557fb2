#include "legacy/record_grouping.hpp"

#include <gtest/gtest.h>

#include "legacy/csv_reader.hpp"

namespace renkei::legacy {
namespace {

// A 2表-like layout (synthetic people): 1 CSVバージョン, 2 保険者番号, 3 被保険者番号, 4 作成日,
// 5 課題NO, 6 課題, 7 援助目標NO, 8 長期目標, 9 援助内容NO, 10 サービス内容.
const char* kPlan2Csv =
    "202208,131001,0000012345,20240401,1,転倒の危険がある,1,安全に歩行できる,1,歩行訓練\r\n"
    "202208,131001,0000012345,20240401,1,,1,,2,手すりの設置\r\n"
    "202208,131001,0000067890,20240402,1,服薬管理が難しい,1,飲み忘れがない,1,服薬確認\r\n"
    "202208,131001,0000012345,20240401,2,入浴が困難,1,清潔を保てる,1,入浴介助\r\n"
    "202208,131001,0000012345,20240401,2,,2,,1,\"清拭\"\r\n";

std::vector<FormRow> rows_of(const char* csv) {
  CsvReader reader = CsvReader::from_bytes(csv, "UP2KYO.CSV");
  CsvReadResult r = read_all_rows(reader);
  EXPECT_TRUE(r.issues.empty());
  return r.rows;
}

TEST(GroupRecords, GroupsByKeyInOrderOfFirstAppearance) {
  GroupingResult g = group_records(rows_of(kPlan2Csv), {"2", "3", "4"}, "UP2KYO.CSV");
  EXPECT_TRUE(g.issues.empty());
  ASSERT_EQ(g.records.size(), 2u);
  ASSERT_EQ(g.records[0].rows.size(), 4u);  // non-adjacent rows of the same key are collected
  EXPECT_EQ(g.records[0].value("3"), "0000012345");
  EXPECT_EQ(g.records[0].rows[2].line, 4u);
  ASSERT_EQ(g.records[1].rows.size(), 1u);
  EXPECT_EQ(g.records[1].value("3"), "0000067890");
  EXPECT_EQ(g.records[1].source, "UP2KYO.CSV");
}

TEST(GroupRecords, KeysAreNotConfusedByConcatenation) {
  GroupingResult g = group_records(rows_of("202208,12,3\n202208,1,23\n"), {"2", "3"}, "x.csv");
  EXPECT_EQ(g.records.size(), 2u);
}

TEST(GroupRecords, RowWithoutKeyColumnIsReported) {
  GroupingResult g = group_records(rows_of("202208,1,a\n202208\n"), {"2", "3"}, "x.csv");
  ASSERT_EQ(g.records.size(), 1u);
  ASSERT_EQ(g.issues.items().size(), 1u);
  EXPECT_EQ(g.issues.items()[0].line, 2u);
}

TEST(CarryForward, FillsBlanksOnlyWithinTheSameNoGroup) {
  GroupingResult g = group_records(rows_of(kPlan2Csv), {"2", "3", "4"}, "UP2KYO.CSV");
  FormRecord& plan = g.records[0];
  carry_forward_blanks(plan, {{"5"}, {"6"}});            // 課題NO → 課題
  carry_forward_blanks(plan, {{"5", "7"}, {"8"}});       // 課題NO + 援助目標NO → 長期目標
  // Row 2 (same 課題NO 1, same 援助目標NO 1): both carried from row 1.
  EXPECT_EQ(plan.value("6", 1), "転倒の危険がある");
  EXPECT_EQ(plan.value("8", 1), "安全に歩行できる");
  const FormField* carried = plan.find("6", 1);
  EXPECT_TRUE(carried->carried_forward);
  EXPECT_EQ(carried->line, 1u);  // provenance points at the cell the value came from
  EXPECT_EQ(plan.position(*carried).file, "UP2KYO.CSV");
  EXPECT_FALSE(plan.find("10", 1)->carried_forward);
  // Row 3 starts 課題NO 2: its own values stay.
  EXPECT_EQ(plan.value("6", 2), "入浴が困難");
  // Row 4: same 課題NO 2 → 課題 carried; new 援助目標NO 2 → 長期目標 stays blank.
  EXPECT_EQ(plan.value("6", 3), "入浴が困難");
  EXPECT_EQ(plan.value("8", 3), "");
  EXPECT_FALSE(plan.find("8", 3)->carried_forward);
}

TEST(CarryForward, EmptyKeyCarriesAcrossTheRecord) {
  GroupingResult g = group_records(rows_of("202208,A,x\n202208,A,\n202208,A,\n202208,A,y\n"), {"2"}, "x.csv");
  carry_forward_blanks(g.records[0], {{}, {"3"}});
  EXPECT_EQ(g.records[0].value("3", 2), "x");
  EXPECT_EQ(g.records[0].value("3", 3), "y");
}

}  // namespace
}  // namespace renkei::legacy
