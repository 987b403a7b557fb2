// JP-CLINS 1.5.2 and JP Core 1.1.2-url: dependencies declared through ImplementationGuide.dependsOn,
// one of them (jpfhir-terminology.r4) published nowhere we can reach.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "definitions/definition_store.hpp"
#include "definitions_test_support.hpp"

namespace renkei::definitions {
namespace {

using testing::count_issues_mentioning;
using testing::describe;
using testing::EnvOverride;
using testing::ScratchDir;

TEST(JpPackages, ClinsPullsInJpCoreAndWarnsOnceAboutTerminology) {
  const std::string core = testing::shared_reference("fhir/hl7.fhir.r4.core-4.0.1.tgz");
  const std::string clins = testing::shared_reference("jp-clins-1.5.2/jp-clins.r4-1.5.2-snap.tgz");
  const std::string jp_core = testing::shared_reference("jp-core-1.1.2-url/jp-core.r4-1.1.2-url.tgz");
  for (const std::string& path : {core, clins, jp_core}) {
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared reference absent: " << path;
  }
  ScratchDir empty_cache;  // only the candidates below may satisfy dependencies
  EnvOverride cache("FHIR_PACKAGE_CACHE", empty_cache.path());
  DefinitionStore store;
  IssueList issues;
  ASSERT_TRUE(store.load_package(core, issues));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(store.load_package(clins, issues)) << describe(issues);
  store.resolve_dependencies({clins, jp_core}, issues);
  std::printf("[ JP-CLINS + JP Core ] loaded and resolved in %.3f s\n", testing::seconds_since(start));

  // JP-CLINS's package.json names it jp-eCSCLINS.r4 and lists only R4 core; its
  // ImplementationGuide adds jp-core.r4 1.1.2-url and jpfhir-terminology.r4 1.2.2-url.
  ASSERT_EQ(store.packages().size(), 3u);
  EXPECT_EQ(store.packages()[1].id, "jp-eCSCLINS.r4");
  EXPECT_EQ(store.packages()[1].version, "1.x.x-temp");
  EXPECT_EQ(store.packages()[2].id, "jp-core.r4");
  EXPECT_EQ(store.packages()[2].version, "1.1.2-url");
  EXPECT_EQ(store.packages()[2].location, jp_core);
  // JP Core also depends on jpfhir-terminology.r4 (1.2.3-url): still one warning for the package.
  EXPECT_EQ(store.missing_packages(), std::vector<std::string>{"jpfhir-terminology.r4"});
  EXPECT_EQ(count_issues_mentioning(issues, Severity::Warning, "jpfhir-terminology.r4"), 1u) << describe(issues);
  EXPECT_FALSE(issues.has_errors()) << describe(issues);

  const auto counts = store.counts_by_type();
  std::printf("[ JP-CLINS + JP Core + R4 core ]");
  for (const auto& [type, count] : counts) std::printf(" %s=%zu", type.c_str(), count);
  std::printf("\n");
  const ResourceEntry* jp_patient = store.find("http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient");
  ASSERT_NE(jp_patient, nullptr);
  EXPECT_EQ(jp_patient->package_id, "jp-core.r4");
  EXPECT_EQ(jp_patient->derivation, "constraint");
  EXPECT_TRUE(jp_patient->has_snapshot);
  // JP-CLINS profiles carry version "1": "|1" finds them exactly.
  const ResourceEntry* clins_patient = store.find("http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Patient_eCS|1");
  ASSERT_NE(clins_patient, nullptr);
  EXPECT_EQ(clins_patient->package_id, "jp-eCSCLINS.r4");
  // Examples shipped at the top of the packages are not definitions.
  EXPECT_EQ(counts.count("Patient"), 0u);
  EXPECT_EQ(store.find_type_definition("Patient")->package_id, "hl7.fhir.r4.core");
}

}  // namespace
}  // namespace renkei::definitions
