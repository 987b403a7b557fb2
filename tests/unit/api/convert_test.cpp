// Engine::convert: the library's way to turn legacy forms into FHIR documents, checked against the
// same golden outputs as the CLI (tests/golden), on one Engine shared by several threads.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "api_test_support.hpp"
#include "renkei/renkei.hpp"

namespace fs = std::filesystem;

namespace {

using renkei::api_testing::slurp;


std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

const fs::path kGolden = fs::path(RENKEI_SOURCE_DIR) / "tests/golden";

class EngineConvertTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    renkei::EngineOptions o;
    o.profiles_dir = (fs::path(RENKEI_SOURCE_DIR) / "profiles").string();
    o.mappings_dir = (fs::path(RENKEI_SOURCE_DIR) / "mappings").string();
    loaded_ = new renkei::LoadResult(renkei::Engine::load(o));
  }
  static void TearDownTestSuite() {
    delete loaded_;
    loaded_ = nullptr;
  }
  void SetUp() override {
    if (!loaded_->ok()) GTEST_SKIP() << "FHIR R4 core definitions not installed (run make setup)";
  }
  const renkei::Engine& engine() { return *loaded_->engine; }

  static renkei::ConvertResult convert_case(const renkei::Engine& e, const std::string& name) {
    fs::path dir = kGolden / name;
    fs::path input = fs::exists(dir / "input.csv") ? dir / "input.csv" : dir / "input.xml";
    renkei::ConvertOptions o;
    o.form = trimmed(slurp(dir / "form"));
    o.pretty = true;
    o.source_name = input.filename().string();
    return e.convert(slurp(input), o);
  }

  static renkei::LoadResult* loaded_;
};

renkei::LoadResult* EngineConvertTest::loaded_ = nullptr;

}  // namespace

// The documents are the CLI's, byte for byte: each one appears in the golden expected.json.
TEST_F(EngineConvertTest, DocumentsMatchTheGoldenOutputs) {
  for (const char* name : {"hkh-csv-cp932", "hkk-xml", "hkk-csv-header"}) {
    std::string expected = slurp(kGolden / name / "expected.json");
    auto r = convert_case(engine(), name);
    ASSERT_FALSE(r.documents.empty()) << name;
    EXPECT_EQ(r.rejected(), 0u) << name;
    for (const auto& d : r.documents) {
      EXPECT_FALSE(d.content.empty()) << name;
      EXPECT_NE(expected.find(trimmed(d.content)), std::string::npos) << name << ": document " << d.name;
      EXPECT_FALSE(d.name.empty());
      EXPECT_EQ(d.form, trimmed(slurp(kGolden / name / "form")));
    }
  }
}

// Bad records come back as rejections that name the line and the field, never as exceptions.
TEST_F(EngineConvertTest, BadRecordsAreRejectedWithTheirReasons) {
  auto r = convert_case(engine(), "hkk-bad-input");
  std::string expected = slurp(kGolden / "hkk-bad-input" / "expected.json");
  size_t written = 0;
  for (const auto& d : r.documents) written += !d.rejected;
  EXPECT_EQ(r.documents.size(), 10u);
  EXPECT_EQ(written, 2u);
  EXPECT_EQ(r.rejected(), 8u);
  bool month_error = false;
  for (const auto& d : r.documents)
    for (const auto& i : d.issues)
      month_error |= d.rejected && d.line == 7 && i.message.find("month must be between 1 and 12") != std::string::npos &&
                     i.message.find("計画書作成日") != std::string::npos;
  EXPECT_TRUE(month_error);
}

TEST_F(EngineConvertTest, XmlOutputAndUnrecognisedInput) {
  fs::path dir = kGolden / "hkk-xml";
  renkei::ConvertOptions o;
  o.output = renkei::Format::Xml;
  auto r = engine().convert(slurp(dir / "input.xml"), o);  // form recognised from the input
  ASSERT_FALSE(r.documents.empty());
  for (const auto& d : r.documents) {
    EXPECT_FALSE(d.rejected);
    EXPECT_NE(d.content.find("<Bundle xmlns=\"http://hl7.org/fhir\""), std::string::npos);
    EXPECT_EQ(d.content.find("\"resourceType\""), std::string::npos);
  }

  auto junk = engine().convert("not,a,known\nform,at,all\n");
  ASSERT_EQ(junk.documents.size(), 1u);
  EXPECT_TRUE(junk.documents[0].rejected);
  EXPECT_FALSE(junk.documents[0].issues.empty());

  renkei::ConvertOptions small;
  small.max_input_bytes = 10;
  auto too_big = engine().convert(slurp(dir / "input.xml"), small);
  ASSERT_EQ(too_big.documents.size(), 1u);
  EXPECT_TRUE(too_big.documents[0].rejected);
}

TEST_F(EngineConvertTest, ManyThreadsGetTheSameDocuments) {
  auto reference = convert_case(engine(), "hkh-csv-cp932");
  std::vector<std::string> mismatches(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < mismatches.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        auto r = convert_case(engine(), "hkh-csv-cp932");
        if (r.documents.size() != reference.documents.size()) {
          mismatches[t] += "count differs; ";
          continue;
        }
        for (size_t i = 0; i < r.documents.size(); ++i)
          if (r.documents[i].content != reference.documents[i].content) mismatches[t] += "document differs; ";
      }
    });
  for (auto& th : threads) th.join();
  for (const auto& m : mismatches) EXPECT_EQ(m, "");
}

TEST(EngineConvertWithoutMappings, EveryInputIsRejectedWithAMessage) {
  auto loaded = renkei::Engine::load({});
  if (!loaded.ok()) GTEST_SKIP() << "FHIR R4 core definitions not installed (run make setup)";
  auto r = loaded.engine->convert("a,b\n1,2\n");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_TRUE(r.documents[0].rejected);
  ASSERT_FALSE(r.documents[0].issues.empty());
  EXPECT_NE(r.documents[0].issues[0].message.find("mappings_dir"), std::string::npos);
}
