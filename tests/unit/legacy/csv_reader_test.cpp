#include "legacy/csv_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "text/encoding.hpp"

namespace renkei::legacy {
namespace {

CsvReadResult read(const std::string& bytes, CsvOptions options = {}) {
  CsvReader reader = CsvReader::from_bytes(bytes, "plan.csv", options);
  return read_all_rows(reader);
}

const Issue* first_issue(const IssueList& issues, Severity severity) {
  for (const Issue& issue : issues.items())
    if (issue.severity == severity) return &issue;
  return nullptr;
}

// Synthetic people only.
const std::string kPlanCsv =
    "202208,131001,0000012345,20240401,ﾔﾏﾀﾞ ﾀﾛｳ,山田 太郎,\"転倒予防のため、歩行器を使用する。\r\n"
    "夜間は\"\"見守り\"\"を行う\"\r\n"
    "202208,131001,0000067890,20240402,ｻﾄｳ ﾊﾅｺ,佐藤 花子,\"\"\n"
    "202208,131001,0000067890,20240402,,,\"服薬確認,1日3回\"\r\n";

TEST(CsvReader, QuotedMultiLineFreeTextWithCommasAndQuotes) {
  CsvReadResult r = read(kPlanCsv);
  ASSERT_TRUE(r.issues.empty()) << r.issues.items().front().message;
  ASSERT_EQ(r.rows.size(), 3u);
  const FormRow& first = r.rows[0];
  ASSERT_EQ(first.fields.size(), 7u);
  EXPECT_EQ(first.column(6)->value, "山田 太郎");
  EXPECT_EQ(first.column(7)->value, "転倒予防のため、歩行器を使用する。\r\n夜間は\"見守り\"を行う");
  EXPECT_EQ(first.find("7")->value, first.column(7)->value);
  EXPECT_EQ(first.line, 1u);
  // Columns count characters: "ﾔﾏﾀﾞ ﾀﾛｳ" is 8 characters (24 bytes) and starts at column 35.
  EXPECT_EQ(first.column(5)->column, 35u);
  EXPECT_EQ(first.column(6)->column, 44u);
  // The second row starts after the two physical lines of the first one.
  EXPECT_EQ(r.rows[1].line, 3u);
  EXPECT_EQ(r.rows[1].column(7)->value, "");
  EXPECT_EQ(r.rows[2].line, 4u);
  EXPECT_EQ(r.rows[2].column(7)->value, "服薬確認,1日3回");
  EXPECT_EQ(r.rows[2].column(7)->column, 37u);
}

TEST(CsvReader, Cp932InputGivesTheSameRowsAndPositions) {
  const text::EncodeResult cp932 = text::encode_utf8_to_cp932(kPlanCsv);
  ASSERT_TRUE(cp932.ok());
  CsvReader reader = CsvReader::from_bytes(cp932.bytes, "plan.csv");
  CsvReadResult r = read_all_rows(reader);
  EXPECT_EQ(reader.encoding(), text::Encoding::Cp932);
  CsvReadResult expected = read(kPlanCsv);
  ASSERT_EQ(r.rows.size(), expected.rows.size());
  for (size_t i = 0; i < r.rows.size(); ++i) {
    ASSERT_EQ(r.rows[i].fields.size(), expected.rows[i].fields.size());
    EXPECT_EQ(r.rows[i].line, expected.rows[i].line);
    for (size_t c = 0; c < r.rows[i].fields.size(); ++c) {
      EXPECT_EQ(r.rows[i].fields[c].value, expected.rows[i].fields[c].value);
      EXPECT_EQ(r.rows[i].fields[c].line, expected.rows[i].fields[c].line);
      EXPECT_EQ(r.rows[i].fields[c].column, expected.rows[i].fields[c].column);
    }
  }
}

TEST(CsvReader, Cp932TrailBytesNeverSplitFields) {
  // 表 0x955C, ソ 0x835C, 能 0x945C have 0x5C as trail byte; CP932 trail bytes (0x40–0xFC) never equal
  // '"' 0x22, ',' 0x2C, CR or LF, so splitting the decoded text gives the rows of the original bytes.
  const text::EncodeResult cp932 = text::encode_utf8_to_cp932("202208,\"表示,ソース\"\r\n202208,能力\r\n");
  ASSERT_TRUE(cp932.ok());
  ASSERT_NE(cp932.bytes.find("\x95\x5C"), std::string::npos);
  CsvReadResult r = read(cp932.bytes);
  ASSERT_TRUE(r.issues.empty());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].column(2)->value, "表示,ソース");
  EXPECT_EQ(r.rows[1].column(2)->value, "能力");
  EXPECT_EQ(r.rows[1].line, 2u);
}

TEST(CsvReader, SmallChunksGiveTheSameResult) {
  // Chunk sizes that split CRLF pairs, quotes and multi-byte characters.
  const text::EncodeResult cp932 = text::encode_utf8_to_cp932(kPlanCsv);
  CsvReadResult expected = read(kPlanCsv);
  for (const std::string* input : {&kPlanCsv, &cp932.bytes}) {
    for (size_t chunk : {1u, 2u, 3u, 5u, 7u}) {
      CsvOptions options;
      options.chunk_bytes = chunk;
      CsvReadResult r = read(*input, options);
      ASSERT_TRUE(r.issues.empty()) << "chunk " << chunk << ": " << r.issues.items().front().message << " at "
                                    << r.issues.items().front().line << ":" << r.issues.items().front().column;
      ASSERT_EQ(r.rows.size(), expected.rows.size()) << "chunk " << chunk;
      for (size_t i = 0; i < r.rows.size(); ++i)
        for (size_t c = 0; c < r.rows[i].fields.size(); ++c) {
          EXPECT_EQ(r.rows[i].fields[c].value, expected.rows[i].fields[c].value);
          EXPECT_EQ(r.rows[i].fields[c].column, expected.rows[i].fields[c].column);
        }
    }
  }
}

TEST(CsvReader, MixedLineEndingsAndBlankLines) {
  CsvReadResult r = read("202208,1\r\n202208,2\n202208,3\r202208,4\r\n\r\n\n202208,5");
  ASSERT_TRUE(r.issues.empty());
  ASSERT_EQ(r.rows.size(), 5u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(r.rows[i].line, i + 1);
  EXPECT_EQ(r.rows[4].line, 7u);
  EXPECT_EQ(r.rows[4].column(2)->value, "5");
}

TEST(CsvReader, EmptyFieldsAndTrailingComma) {
  CsvReadResult r = read("202208,,\"\",x,\n");
  ASSERT_EQ(r.rows.size(), 1u);
  ASSERT_EQ(r.rows[0].fields.size(), 5u);
  EXPECT_EQ(r.rows[0].column(2)->value, "");
  EXPECT_EQ(r.rows[0].column(4)->value, "x");
  EXPECT_EQ(r.rows[0].column(5)->value, "");
  EXPECT_EQ(r.rows[0].column(6), nullptr);
}

TEST(CsvReader, VersionColumnIsCheckedPerRow) {
  CsvReader reader = CsvReader::from_bytes("202208,a\nVERSION,b\n202213,c\n202407,d\n202208,e\n", "plan.csv");
  FormRow row;
  std::vector<bool> ok;
  while (reader.next(row)) ok.push_back(reader.row_ok());
  EXPECT_EQ(ok, (std::vector<bool>{true, false, false, false, true}));
  ASSERT_EQ(reader.issues().items().size(), 3u);
  const Issue& bad = reader.issues().items()[0];
  EXPECT_EQ(bad.line, 2u);
  EXPECT_EQ(bad.column, 1u);
  EXPECT_EQ(bad.expression, "plan.csv");
  EXPECT_NE(reader.issues().items()[2].message.find("must not mix versions"), std::string::npos);
}

TEST(CsvReader, UnterminatedQuoteReportsWhereItOpened) {
  CsvReadResult r = read("202208,\"ok\"\n202208,x,\"never closed\nmore text\n");
  ASSERT_EQ(r.rows.size(), 1u);
  const Issue* fatal = first_issue(r.issues, Severity::Fatal);
  ASSERT_NE(fatal, nullptr);
  EXPECT_EQ(fatal->line, 2u);
  EXPECT_EQ(fatal->column, 10u);
  EXPECT_NE(fatal->message.find("unterminated"), std::string::npos);
}

TEST(CsvReader, RunawayQuoteIsBoundedByMaxRecordBytes) {
  CsvOptions options;
  options.max_record_bytes = 64;
  options.chunk_bytes = 16;
  std::string input = "202208,\"";
  for (int i = 0; i < 100; ++i) input += "長い自由記載,\n";
  CsvReadResult r = read(input, options);
  const Issue* fatal = first_issue(r.issues, Severity::Fatal);
  ASSERT_NE(fatal, nullptr);
  EXPECT_NE(fatal->message.find("maximum record size"), std::string::npos);
  EXPECT_EQ(fatal->line, 1u);
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsAnErrorUnlessLenient) {
  const std::string input = "202208,身長 5'6\" 程度,x\n";
  CsvReadResult strict = read(input);
  ASSERT_EQ(strict.rows.size(), 1u);
  const Issue* error = first_issue(strict.issues, Severity::Error);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->line, 1u);
  EXPECT_EQ(error->column, 14u);
  CsvOptions lenient;
  lenient.lenient_quotes = true;
  CsvReadResult r = read(input, lenient);
  EXPECT_TRUE(r.issues.empty());
  EXPECT_EQ(r.rows[0].column(2)->value, "身長 5'6\" 程度");
  EXPECT_EQ(r.rows[0].column(3)->value, "x");
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  CsvReadResult r = read("202208,\"a\"b,c\n");
  ASSERT_EQ(r.rows.size(), 1u);
  const Issue* error = first_issue(r.issues, Severity::Error);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->column, 11u);
  EXPECT_EQ(r.rows[0].column(3)->value, "c");
}

TEST(CsvReader, NulByteIsFatalWithPosition) {
  CsvReadResult r = read(std::string("202208,a\n202208,b") + '\0' + "c\n");
  ASSERT_EQ(r.rows.size(), 1u);
  const Issue* fatal = first_issue(r.issues, Severity::Fatal);
  ASSERT_NE(fatal, nullptr);
  EXPECT_EQ(fatal->line, 2u);
  EXPECT_EQ(fatal->column, 9u);
}

TEST(CsvReader, InvalidCp932IsFatalWithPositionAfterEarlierRows) {
  text::EncodeResult first = text::encode_utf8_to_cp932("202208,山田\r\n202208,佐");
  ASSERT_TRUE(first.ok());
  CsvReadResult r = read(first.bytes + "\x85\x40\r\n");
  ASSERT_EQ(r.rows.size(), 1u);
  const Issue* fatal = first_issue(r.issues, Severity::Fatal);
  ASSERT_NE(fatal, nullptr);
  EXPECT_EQ(fatal->line, 2u);
  EXPECT_EQ(fatal->column, 9u);
  EXPECT_EQ(fatal->expression, "plan.csv");
}

TEST(CsvReader, HeaderModeAddressesByNameWithBomAndSpaces) {
  CsvOptions options;
  options.has_header = true;
  CsvReader reader = CsvReader::from_bytes(
      "\xEF\xBB\xBF 保険者番号 ,被保険者番号,\u3000氏名\u3000,訪問日\r\n"
      "131001,0000012345,山田 太郎,20240401\r\n"
      "131001,0000067890,佐藤 花子\r\n",
      "vendor.csv", options);
  FormRow row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(reader.header(), (std::vector<std::string>{"保険者番号", "被保険者番号", "氏名", "訪問日"}));
  EXPECT_EQ(row.find("氏名")->value, "山田 太郎");
  EXPECT_EQ(row.find("訪問日")->value, "20240401");
  EXPECT_EQ(row.find("訪問日")->line, 2u);
  EXPECT_EQ(row.column(2)->value, "0000012345");
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.find("訪問日"), nullptr);
  EXPECT_TRUE(reader.row_ok());  // a short row is a warning, not an error
  EXPECT_EQ(reader.issues().count(Severity::Warning), 1u);
  EXPECT_FALSE(reader.next(row));
  EXPECT_FALSE(reader.failed());
}

TEST(CsvReader, DuplicateHeaderIsFatal) {
  CsvOptions options;
  options.has_header = true;
  CsvReadResult r = read("氏名,生年月日, 氏名\n山田,19400302,山田\n", options);
  EXPECT_TRUE(r.rows.empty());
  const Issue* fatal = first_issue(r.issues, Severity::Fatal);
  ASSERT_NE(fatal, nullptr);
  EXPECT_EQ(fatal->line, 1u);
  EXPECT_EQ(fatal->column, 9u);  // where the cell " 氏名" starts
}

TEST(CsvReader, MaxInputSizeIsEnforcedWhileStreaming) {
  CsvOptions options;
  options.chunk_bytes = 8;
  options.max_input_bytes = 20;
  CsvReadResult r = read("202208,1\n202208,2\n202208,3\n202208,4\n", options);
  EXPECT_NE(first_issue(r.issues, Severity::Fatal), nullptr);
  EXPECT_LT(r.rows.size(), 4u);
}

TEST(CsvReader, ReadsFromStreamAndFile) {
  std::istringstream in("202208,a\n");
  CsvReader reader(in, "stream.csv");
  FormRow row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.column(2)->value, "a");
  CsvReader missing = CsvReader::from_file("/nonexistent/dir/plan.csv");
  EXPECT_FALSE(missing.next(row));
  EXPECT_TRUE(missing.failed());
}

}  // namespace
}  // namespace renkei::legacy
