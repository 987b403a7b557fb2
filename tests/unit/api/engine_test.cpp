#include "api_test_support.hpp"
#include "renkei/renkei.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace {

using renkei::api_testing::slurp;


void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    loaded_ = new renkei::LoadResult(renkei::Engine::load({}));
  }
  static void TearDownTestSuite() {
    delete loaded_;
    loaded_ = nullptr;
  }
  void SetUp() override {
    if (!loaded_->ok()) GTEST_SKIP() << "FHIR R4 core definitions not installed (run make setup)";
  }
  const renkei::Engine& engine() { return *loaded_->engine; }

  // A mix of good and bad documents: the sample, and variants with planted faults.
  static std::vector<std::string> documents() {
    std::string sample = slurp(fs::path(RENKEI_SOURCE_DIR) / "samples/fhir/discharge-summary-document.json");
    std::vector<std::string> docs;
    docs.push_back(sample);
    std::string bad_status = sample;
    replace_all(bad_status, "\"status\": \"final\"", "\"status\": \"done\"");
    docs.push_back(bad_status);
    std::string unknown = sample;
    replace_all(unknown, "\"type\": \"document\"", "\"type\": \"document\", \"foo\": 1");
    docs.push_back(unknown);
    docs.push_back("{\"resourceType\":\"Patient\",\"birthDate\":\"1974-13-45\"}");
    docs.push_back("{\"resourceType\":\"Patient\",\"active\":true}");
    docs.push_back("{\"resourceType\":\"Patient\",");   // truncated JSON
    docs.push_back("neither json nor xml");
    docs.push_back("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>");
    return docs;
  }

  static renkei::LoadResult* loaded_;
};

renkei::LoadResult* EngineTest::loaded_ = nullptr;

std::string fingerprint(const renkei::Result& r) {
  std::string s = r.valid ? "valid\n" : "invalid\n";
  for (const auto& i : r.issues)
    s += std::string(renkei::to_string(i.severity)) + "|" + i.code + "|" + i.rule + "|" + i.expression + "|" +
         std::to_string(i.line) + ":" + std::to_string(i.column) + "|" + i.message + "\n";
  return s;
}

}  // namespace

TEST_F(EngineTest, SampleDocumentIsValid) {
  auto docs = documents();
  auto r = engine().validate(docs[0], renkei::Format::Json);
  EXPECT_TRUE(r.valid) << fingerprint(r);
  EXPECT_NE(r.operation_outcome_json().find("\"resourceType\":\"OperationOutcome\""), std::string::npos);
}

TEST_F(EngineTest, BadInputComesBackAsIssuesNotExceptions) {
  auto docs = documents();
  auto bad_date = engine().validate(docs[3], renkei::Format::Auto);
  EXPECT_FALSE(bad_date.valid);
  auto truncated = engine().validate(docs[5], renkei::Format::Auto);
  EXPECT_FALSE(truncated.valid);
  EXPECT_GE(truncated.count(renkei::Severity::Fatal) + truncated.count(renkei::Severity::Error), 1u);
  auto garbage = engine().validate(docs[6], renkei::Format::Auto);
  EXPECT_FALSE(garbage.valid);
  auto xml = engine().validate(docs[7], renkei::Format::Auto);
  EXPECT_TRUE(xml.valid) << fingerprint(xml);
  auto xml_as_json = engine().validate(docs[7], renkei::Format::Json);
  EXPECT_FALSE(xml_as_json.valid);
}

TEST_F(EngineTest, ProfilesAndInvariantOptionsArePassedThrough) {
  renkei::ValidateOptions o;
  o.profiles = {"http://example.org/no-such-profile"};
  auto r = engine().validate("{\"resourceType\":\"Patient\",\"active\":true}", renkei::Format::Json, o);
  EXPECT_FALSE(r.issues.empty());
  o.profiles.clear();
  o.invariants = false;
  auto docs = documents();
  EXPECT_TRUE(engine().validate(docs[0], renkei::Format::Json, o).valid);
}

TEST_F(EngineTest, LimitsArePassedThrough) {
  auto docs = documents();
  renkei::ValidateOptions o;
  o.max_entries = 2;  // the sample document has more entries
  auto r = engine().validate(docs[0], renkei::Format::Json, o);
  EXPECT_FALSE(r.valid);
  bool entries = false;
  for (const auto& i : r.issues) entries |= i.message.find("--max-entries") != std::string::npos;
  EXPECT_TRUE(entries);

  o = {};
  o.max_fhirpath_steps = 3;  // far too few for the document's invariants
  r = engine().validate(docs[0], renkei::Format::Json, o);
  EXPECT_FALSE(r.valid);
  bool steps = false;
  for (const auto& i : r.issues) steps |= i.message.find("--max-fhirpath-steps") != std::string::npos;
  EXPECT_TRUE(steps);
}

// The Engine is shared by N threads; every thread must get exactly the single-thread verdicts.
TEST_F(EngineTest, ManyThreadsOverOneEngineMatchSingleThreadResults) {
  auto docs = documents();
  std::vector<std::string> expected;
  for (const auto& d : docs) expected.push_back(fingerprint(engine().validate(d, renkei::Format::Auto)));
  constexpr int kThreads = 4, kRounds = 12;
  std::vector<std::string> mismatches(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round)
        for (size_t i = 0; i < docs.size(); ++i) {
          size_t k = (i + static_cast<size_t>(t)) % docs.size();  // threads start on different documents
          if (fingerprint(engine().validate(docs[k], renkei::Format::Auto)) != expected[k])
            mismatches[t] += "document " + std::to_string(k) + " differs; ";
        }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], "") << "thread " << t;
}

TEST(EngineLoad, MissingPackageIsReportedNotThrown) {
  renkei::EngineOptions o;
  o.packages = {"/nonexistent/package.tgz"};
  renkei::LoadResult r;
  EXPECT_NO_THROW(r = renkei::Engine::load(o));
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.issues.empty());
}
