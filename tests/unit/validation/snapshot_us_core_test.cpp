// US Core 3.1.0 ships snapshots and differentials: regenerating each profile's snapshot
// from its differential must give the published one on what validation uses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "snapshot_test_support.hpp"
#include "validation/snapshot_generator.hpp"
#include "validation_test_support.hpp"

namespace renkei::validation::testing {
namespace {

TEST(SnapshotUsCore, RegeneratedSnapshotsMatchPublished) {
  RENKEI_REQUIRE_CORE();
  std::string tgz = shared("fhir/hl7.fhir.us.core-3.1.0.tgz");
  if (!std::filesystem::exists(tgz)) GTEST_SKIP() << "../shared/reference absent: " << tgz;
  definitions::DefinitionStore us_core(fx->store);
  IssueList load_issues;
  ASSERT_TRUE(us_core.load_package(tgz, load_issues));

  SnapshotGenerator generator(us_core);
  size_t profiles = 0, matched = 0;
  std::string report;
  for (const definitions::ResourceEntry* sd : us_core.all("StructureDefinition")) {
    if (sd->package_id != "hl7.fhir.us.core" || !sd->has_snapshot) continue;
    ++profiles;
    IssueList issues;
    auto generated = generator.generate(*sd, issues);
    std::vector<std::string> differences;
    for (const Issue& i : issues.items()) differences.push_back("  issue: " + i.message);
    if (generated) {
      auto more = summary_differences(snapshot_summary(sd->json), snapshot_summary(*generated));
      differences.insert(differences.end(), more.begin(), more.end());
    } else {
      differences.push_back("  no snapshot generated");
    }
    if (differences.empty()) {
      ++matched;
      continue;
    }
    report += sd->url + "\n";
    for (const auto& d : differences) report += d + "\n";
  }
  std::string summary = "matched " + std::to_string(matched) + " of " + std::to_string(profiles) + " profiles";
  std::ofstream("snapshot_us_core_differences.txt") << summary << "\n" << report;
  std::cout << summary << " (differences in " << std::filesystem::current_path().string()
            << "/snapshot_us_core_differences.txt)\n";
  EXPECT_EQ(profiles, 29u);
  EXPECT_GE(matched, 29u) << report;
}

// R4 core's own constraint profiles (vital signs, extensions, ...): the same comparison.
TEST(SnapshotUsCore, RegeneratedR4CoreProfilesMostlyMatchPublished) {
  RENKEI_REQUIRE_CORE();
  SnapshotGenerator generator(fx->store);
  size_t profiles = 0, matched = 0;
  std::string report;
  for (const definitions::ResourceEntry* sd : fx->store.all("StructureDefinition")) {
    if (sd->derivation != "constraint" || !sd->has_snapshot) continue;
    if (sd->json.find("\"differential\"") == std::string::npos) continue;
    ++profiles;
    IssueList issues;
    auto generated = generator.generate(*sd, issues);
    std::vector<std::string> differences;
    for (const Issue& i : issues.items()) differences.push_back("  issue: " + i.message);
    if (generated) {
      auto more = summary_differences(snapshot_summary(sd->json), snapshot_summary(*generated));
      differences.insert(differences.end(), more.begin(), more.end());
    }
    if (differences.empty()) {
      ++matched;
      continue;
    }
    report += sd->url + "\n";
    for (const auto& d : differences) report += d + "\n";
  }
  std::string summary = "matched " + std::to_string(matched) + " of " + std::to_string(profiles) + " profiles";
  std::ofstream("snapshot_r4_core_differences.txt") << summary << "\n" << report;
  std::cout << "R4 core: " << summary << " (differences in " << std::filesystem::current_path().string()
            << "/snapshot_r4_core_differences.txt)\n";
  EXPECT_GT(profiles, 0u);
  // Older tooling made these (2019): differences in listing sub-extension children are expected.
  EXPECT_GE(matched * 100, profiles * 85) << summary;
}

}  // namespace
}  // namespace renkei::validation::testing
