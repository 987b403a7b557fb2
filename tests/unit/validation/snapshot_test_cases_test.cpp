// fhir-test-cases: the StructureDefinitions the R4 validator cases use as profiles or
// supporting definitions, where they come without a snapshot, generate without errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "validation/snapshot_generator.hpp"
#include "validation_test_support.hpp"

namespace renkei::validation::testing {
namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Files named as "profile" sources or "supporting" in r4-offline-index.json.
std::set<std::string> indexed_definition_files(const std::string& index_json) {
  std::set<std::string> files;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(index_json).get(root)) return files;
  auto add_supporting = [&](simdjson::dom::element e) {
    simdjson::dom::array list;
    if (e["supporting"].get_array().get(list)) return;
    for (simdjson::dom::element s : list) {
      std::string_view f;
      if (!s.get_string().get(f)) files.emplace(f);
    }
  };
  simdjson::dom::array cases;
  if (root["cases"].get_array().get(cases)) return files;
  for (simdjson::dom::element c : cases) {
    add_supporting(c);
    simdjson::dom::element profile;
    if (c["profile"].get(profile)) continue;
    std::string_view source;
    if (!profile["source"].get_string().get(source)) files.emplace(source);
    add_supporting(profile);
  }
  return files;
}

TEST(SnapshotTestCases, DifferentialOnlyProfilesGenerate) {
  RENKEI_REQUIRE_CORE();
  const std::filesystem::path base = std::string(RENKEI_SHARED_DIR) + "/reference/fhir-test-cases";
  if (!std::filesystem::exists(base / "r4-offline-index.json"))
    GTEST_SKIP() << "../shared/reference absent: " << (base / "r4-offline-index.json").string();

  // Every indexed definition goes into one overlay store: profiles build on each other.
  definitions::DefinitionStore store(fx->store);
  std::vector<std::string> without_snapshot;
  for (const std::string& rel : indexed_definition_files(read_file(base / "r4-offline-index.json"))) {
    std::filesystem::path p = base / rel;
    if (p.extension() != ".json" || !std::filesystem::exists(p)) continue;
    std::string json = read_file(p);
    if (json.find("\"StructureDefinition\"") == std::string::npos) continue;
    IssueList load_issues;
    store.load_file(p.string(), load_issues);
    if (json.find("\"snapshot\"") == std::string::npos) without_snapshot.push_back(rel);
  }
  ASSERT_FALSE(without_snapshot.empty());

  SnapshotGenerator generator(store);
  size_t generated = 0;
  std::string failures;
  for (const std::string& rel : without_snapshot) {
    IssueList issues;
    auto json = generator.generate(read_file(base / rel), issues);
    if (json && !issues.has_errors() && json->find("\"snapshot\"") != std::string::npos) {
      ++generated;
      continue;
    }
    failures += rel + "\n";
    for (const Issue& i : issues.items()) failures += "  " + i.message + "\n";
  }
  std::cout << "generated " << generated << " of " << without_snapshot.size()
            << " differential-only StructureDefinitions\n";
  EXPECT_EQ(generated, without_snapshot.size()) << failures;
}

}  // namespace
}  // namespace renkei::validation::testing
