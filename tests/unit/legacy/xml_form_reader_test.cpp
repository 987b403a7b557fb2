#include "legacy/xml_form_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "text/encoding.hpp"

namespace renkei::legacy {
namespace {

const Issue* first_fatal(const IssueList& issues) {
  for (const Issue& issue : issues.items())
    if (issue.severity == Severity::Fatal) return &issue;
  return nullptr;
}

// Synthetic people only.
const std::string kPlans = R"(<?xml version="1.0" encoding="UTF-8"?>
<訪問看護計画書一覧 版="202208">
  <訪問看護計画書 id="p1">
    <利用者>
      <氏名>山田 太郎</氏名>
      <フリガナ>ヤマダ タロウ</フリガナ>
      <生年月日>昭和15年3月2日</生年月日>
    </利用者>
    <計画>
      <問題点><年月日>20240401</年月日><解決策>転倒予防、歩行器を使用</解決策></問題点>
      <問題点><年月日>20240415</年月日><解決策>服薬確認
1日3回</解決策></問題点>
    </計画>
    <備考/>
  </訪問看護計画書>
  <訪問看護計画書 id="p2">
    <利用者><氏名>佐藤 花子</氏名></利用者>
  </訪問看護計画書>
</訪問看護計画書一覧>
)";

TEST(XmlFormReader, YieldsOneRecordPerRecordElementWithPaths) {
  XmlFormReader reader({"訪問看護計画書"});
  IssueList issues;
  std::vector<FormRecord> records = reader.read_all(kPlans, "plans.xml", issues);
  ASSERT_TRUE(issues.empty()) << issues.items().front().message;
  ASSERT_EQ(records.size(), 2u);
  const FormRecord& plan = records[0];
  EXPECT_EQ(plan.value("訪問看護計画書/@id"), "p1");
  EXPECT_EQ(plan.value("訪問看護計画書/利用者/氏名"), "山田 太郎");
  const FormField* name = plan.find("訪問看護計画書/利用者/氏名");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->line, 5u);
  EXPECT_EQ(plan.position(*name).file, "plans.xml");
  EXPECT_EQ(plan.occurrences("訪問看護計画書/計画/問題点"), 2u);
  EXPECT_EQ(plan.value("訪問看護計画書/計画/問題点/解決策"), "転倒予防、歩行器を使用");
  EXPECT_EQ(plan.value("訪問看護計画書/計画/問題点[1]/解決策"), "転倒予防、歩行器を使用");
  EXPECT_EQ(plan.value("訪問看護計画書/計画/問題点[2]/解決策"), "服薬確認\n1日3回");
  EXPECT_EQ(plan.value("訪問看護計画書/計画/問題点[2]/年月日"), "20240415");
  ASSERT_NE(plan.find("訪問看護計画書/備考"), nullptr);  // empty element: present, empty
  EXPECT_EQ(plan.value("訪問看護計画書/備考"), "");
  EXPECT_EQ(plan.find("訪問看護計画書/計画"), nullptr);  // container only
  EXPECT_EQ(plan.occurrences("訪問看護計画書/計画/問題点[3]"), 0u);
  EXPECT_EQ(records[1].value("訪問看護計画書/利用者/氏名"), "佐藤 花子");
  EXPECT_EQ(records[1].rows.front().line, 16u);
}

TEST(XmlFormReader, RootIsTheRecordWhenNoElementNamed) {
  XmlFormReader reader({});
  IssueList issues;
  auto records = reader.read_all("<報告書><訪問日>20240401</訪問日></報告書>", "r.xml", issues);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].value("報告書/訪問日"), "20240401");
}

TEST(XmlFormReader, MissingRecordElementIsAWarning) {
  XmlFormReader reader({"訪問看護報告書"});
  IssueList issues;
  auto records = reader.read_all(kPlans, "plans.xml", issues);
  EXPECT_TRUE(records.empty());
  EXPECT_EQ(issues.count(Severity::Warning), 1u);
}

TEST(XmlFormReader, ShiftJisDeclaredInputIsDecoded) {
  text::EncodeResult sjis =
      text::encode_utf8_to_cp932("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<計画書><氏名>髙橋 ①子</氏名></計画書>");
  ASSERT_TRUE(sjis.ok());
  XmlFormReader reader({});
  IssueList issues;
  auto records = reader.read_all(sjis.bytes, "sjis.xml", issues);
  ASSERT_EQ(records.size(), 1u) << (issues.empty() ? "" : issues.items().front().message);
  EXPECT_EQ(records[0].value("計画書/氏名"), "髙橋 ①子");
}

TEST(XmlFormReader, DoctypeIsRejected) {
  XmlFormReader reader({});
  IssueList issues;
  auto records = reader.read_all("<?xml version=\"1.0\"?>\n<!DOCTYPE 計画書>\n<計画書/>", "d.xml", issues);
  EXPECT_TRUE(records.empty());
  const Issue* fatal = first_fatal(issues);
  ASSERT_NE(fatal, nullptr);
  EXPECT_EQ(fatal->rule, "xml-doctype");
  EXPECT_EQ(fatal->line, 2u);
  EXPECT_EQ(fatal->expression, "d.xml");
}

TEST(XmlFormReader, ExternalEntityIsRejectedWithoutBeingRead) {
  // If the entity were resolved, the file's content would appear in the record.
  const std::string secret_path = ::testing::TempDir() + "renkei_xxe_secret.txt";
  { std::ofstream(secret_path) << "SECRET"; }
  const std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY xxe SYSTEM \"file://" + secret_path +
                          "\"> ]>\n<r><氏名>&xxe;</氏名></r>";
  XmlFormReader reader({});
  IssueList issues;
  auto records = reader.read_all(xml, "xxe.xml", issues);
  EXPECT_TRUE(records.empty());
  ASSERT_NE(first_fatal(issues), nullptr);
  for (const Issue& issue : issues.items()) EXPECT_EQ(issue.message.find("SECRET"), std::string::npos);
  std::remove(secret_path.c_str());
}

TEST(XmlFormReader, ExternalDtdIsNotFetched) {
  XmlFormReader reader({});
  IssueList issues;
  auto records = reader.read_all(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n<r/>", "dtd.xml", issues);
  EXPECT_TRUE(records.empty());
  ASSERT_NE(first_fatal(issues), nullptr);
  EXPECT_EQ(first_fatal(issues)->rule, "xml-doctype");
}

TEST(XmlFormReader, BillionLaughsIsRejectedQuickly) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    std::string prev = "&lol" + std::to_string(i - 1) + ";";
    xml += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) xml += prev;
    xml += "\">\n";
  }
  xml += "]>\n<lolz>&lol9;</lolz>";
  XmlFormReader reader({});
  IssueList issues;
  const auto start = std::chrono::steady_clock::now();
  auto records = reader.read_all(xml, "lol.xml", issues);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(records.empty());
  ASSERT_NE(first_fatal(issues), nullptr);
  EXPECT_NE(first_fatal(issues)->message.find("DOCTYPE"), std::string::npos);
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(XmlFormReader, DoctypeAfterALongPrologIsStillRejectedByTheParser) {
  // The prolog pre-scan looks at the first 64 KiB; past that the SAX LexicalHandler refuses the DTD.
  const std::string secret_path = ::testing::TempDir() + "renkei_xxe_secret2.txt";
  { std::ofstream(secret_path) << "SECRET"; }
  std::string xml = "<?xml version=\"1.0\"?>\n<!--" + std::string(70000, 'x') + "-->\n";
  xml += "<!DOCTYPE r [ <!ENTITY xxe SYSTEM \"file://" + secret_path + "\"> ]>\n<r>&xxe;</r>";
  XmlFormReader reader({});
  IssueList issues;
  auto records = reader.read_all(xml, "long.xml", issues);
  EXPECT_TRUE(records.empty());
  const Issue* fatal = first_fatal(issues);
  ASSERT_NE(fatal, nullptr);
  EXPECT_EQ(fatal->rule, "xml-doctype");
  EXPECT_EQ(fatal->line, 3u);
  for (const Issue& issue : issues.items()) EXPECT_EQ(issue.message.find("SECRET"), std::string::npos);
  std::remove(secret_path.c_str());
}

TEST(XmlFormReader, NestingDepthIsBounded) {
  XmlReadOptions options;
  options.max_depth = 50;
  XmlFormReader reader(options);
  std::string deep;
  for (int i = 0; i < 60; ++i) deep += "<a>";
  for (int i = 0; i < 60; ++i) deep += "</a>";
  IssueList issues;
  auto records = reader.read_all(deep, "deep.xml", issues);
  EXPECT_TRUE(records.empty());
  const Issue* fatal = first_fatal(issues);
  ASSERT_NE(fatal, nullptr);
  EXPECT_EQ(fatal->rule, "max-depth");
  EXPECT_EQ(fatal->line, 1u);
  EXPECT_GT(fatal->column, 150u);  // at the 51st start tag

  std::string shallow;
  for (int i = 0; i < 50; ++i) shallow += "<a>";
  shallow += "x";
  for (int i = 0; i < 50; ++i) shallow += "</a>";
  IssueList ok_issues;
  EXPECT_EQ(reader.read_all(shallow, "ok.xml", ok_issues).size(), 1u);
  EXPECT_TRUE(ok_issues.empty());
}

TEST(XmlFormReader, InputSizeIsBounded) {
  XmlReadOptions options;
  options.max_input_bytes = 16;
  XmlFormReader reader(options);
  IssueList issues;
  reader.read_all("<r><a>0123456789</a></r>", "big.xml", issues);
  ASSERT_NE(first_fatal(issues), nullptr);
  EXPECT_EQ(first_fatal(issues)->rule, "max-input-size");
}

TEST(XmlFormReader, MalformedXmlReportsLineAndColumnAfterEarlierRecords) {
  XmlFormReader reader({"計画書"});
  IssueList issues;
  auto records = reader.read_all("<一覧>\n<計画書><氏名>a</氏名></計画書>\n<計画書><氏名>b</計画書>\n</一覧>", "bad.xml", issues);
  EXPECT_EQ(records.size(), 1u);  // the complete record before the error was delivered
  const Issue* fatal = first_fatal(issues);
  ASSERT_NE(fatal, nullptr);
  EXPECT_EQ(fatal->line, 3u);
  EXPECT_GT(fatal->column, 0u);
}

TEST(XmlFormReader, ReadsFilesAndConcurrentCallsAreIndependent) {
  const std::string path = ::testing::TempDir() + "renkei_plans.xml";
  { std::ofstream(path, std::ios::binary) << kPlans; }
  XmlFormReader reader({"訪問看護計画書"});
  std::vector<size_t> counts(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < counts.size(); ++t)
    threads.emplace_back([&, t] {
      size_t n = 0;
      IssueList issues = reader.read_file(path, [&](FormRecord&&) { ++n; });
      counts[t] = issues.empty() ? n : 0;
    });
  for (auto& thread : threads) thread.join();
  for (size_t n : counts) EXPECT_EQ(n, 2u);
  std::remove(path.c_str());
  IssueList missing = reader.read_file("/nonexistent/plans.xml", [](FormRecord&&) {});
  ASSERT_NE(first_fatal(missing), nullptr);
}

}  // namespace
}  // namespace renkei::legacy
