#include "definitions/definition_store.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "definitions_test_support.hpp"

namespace renkei::definitions {
namespace {

using testing::any_issue_mentions;
using testing::count_issues_mentioning;
using testing::describe;
using testing::EnvOverride;
using testing::fixture;
using testing::ScratchDir;

constexpr const char* kWidget = "http://example.org/fhir/StructureDefinition/widget";
constexpr const char* kColours = "http://example.org/fhir/shared-colours";

DefinitionStore load_canonical_fixtures(IssueList& issues) {
  DefinitionStore store;
  EXPECT_TRUE(store.load_folder(fixture("canonical"), issues));
  return store;
}

TEST(DefinitionStore, ExtractsMetadataAndKeepsTheJsonText) {
  IssueList issues;
  const DefinitionStore store = load_canonical_fixtures(issues);
  EXPECT_FALSE(issues.has_errors()) << describe(issues);
  const ResourceEntry* gizmo = store.find("http://hl7.org/fhir/StructureDefinition/Gizmo");
  ASSERT_NE(gizmo, nullptr);
  EXPECT_EQ(gizmo->resource_type, "StructureDefinition");
  EXPECT_EQ(gizmo->id, "Gizmo");
  EXPECT_EQ(gizmo->version, "4.0.1");
  EXPECT_EQ(gizmo->name, "Gizmo");
  EXPECT_EQ(gizmo->kind, "resource");
  EXPECT_EQ(gizmo->type, "Gizmo");
  EXPECT_EQ(gizmo->derivation, "specialization");  // read although it precedes resourceType
  EXPECT_EQ(gizmo->base_definition, "http://hl7.org/fhir/StructureDefinition/DomainResource");
  EXPECT_TRUE(gizmo->is_abstract);
  EXPECT_TRUE(gizmo->has_snapshot);
  EXPECT_EQ(gizmo->package_id, "");
  EXPECT_NE(gizmo->source.find("StructureDefinition-b-gizmo.json"), std::string::npos);
  EXPECT_EQ(gizmo->json.front(), '{');
  EXPECT_NE(gizmo->json.find("\"snapshot\""), std::string::npos);

  const ResourceEntry* value_set = store.find("ValueSet", kColours);
  ASSERT_NE(value_set, nullptr);
  EXPECT_EQ(value_set->kind, "");  // StructureDefinition-only fields stay empty
  EXPECT_FALSE(value_set->has_snapshot);
  const ResourceEntry* widget = store.find(std::string(kWidget) + "|1.0.0");
  ASSERT_NE(widget, nullptr);
  EXPECT_FALSE(widget->has_snapshot);
  EXPECT_FALSE(widget->is_abstract);
}

TEST(DefinitionStore, ResolvesCanonicalVersions) {
  IssueList issues;
  const DefinitionStore store = load_canonical_fixtures(issues);
  const auto version_of = [&store](const std::string& canonical) -> std::string {
    const ResourceEntry* e = store.find(canonical);
    return e ? e->version : "<none>";
  };
  const std::string widget = kWidget;
  EXPECT_EQ(version_of(widget), "2.0.0-ballot");  // newest: 2.0.0-ballot > 1.10.0 > 1.2.0 > 1.0.0
  EXPECT_EQ(version_of(widget + "|1"), "1.10.0");  // newest 1.x.y, numerically
  EXPECT_EQ(version_of(widget + "|1.2"), "1.2.0");
  EXPECT_EQ(version_of(widget + "|1.0.0"), "1.0.0");
  EXPECT_EQ(version_of(widget + "|2"), "2.0.0-ballot");
  EXPECT_EQ(version_of(widget + "|1.1"), "<none>");
  EXPECT_EQ(version_of(widget + "|3"), "<none>");
  EXPECT_EQ(version_of("http://example.org/fhir/StructureDefinition/unknown"), "<none>");
  EXPECT_EQ(store.all("StructureDefinition").size(), 7u);
}

TEST(DefinitionStore, ResolvesByResourceTypeWhenUrlsCollide) {
  IssueList issues;
  const DefinitionStore store = load_canonical_fixtures(issues);
  const ResourceEntry* code_system = store.find("CodeSystem", kColours);
  const ResourceEntry* value_set = store.find("ValueSet", std::string(kColours) + "|1.0.0");
  ASSERT_NE(code_system, nullptr);
  ASSERT_NE(value_set, nullptr);
  EXPECT_EQ(code_system->resource_type, "CodeSystem");
  EXPECT_EQ(value_set->resource_type, "ValueSet");
  EXPECT_EQ(store.find("ConceptMap", kColours), nullptr);
  EXPECT_EQ(store.find("ValueSet", std::string(kColours) + "|2.0.0"), nullptr);
}

TEST(DefinitionStore, FindsTypeDefinitionsNotProfiles) {
  IssueList issues;
  const DefinitionStore store = load_canonical_fixtures(issues);
  // The profile on Gizmo is loaded first (file order) but only the specialization defines Gizmo.
  const ResourceEntry* gizmo = store.find_type_definition("Gizmo");
  ASSERT_NE(gizmo, nullptr);
  EXPECT_EQ(gizmo->url, "http://hl7.org/fhir/StructureDefinition/Gizmo");
  const ResourceEntry* gadget = store.find_type_definition("Gadget");  // a logical model, not at a core URL
  ASSERT_NE(gadget, nullptr);
  EXPECT_EQ(gadget->url, "http://example.org/fhir/StructureDefinition/Gadget");
  EXPECT_EQ(store.find_type_definition("Basic"), nullptr);  // only profiled here, never defined
  EXPECT_EQ(store.find_type_definition("Widget"), nullptr);
}

TEST(DefinitionStore, SplitsDefinitionBundlesAndIgnoresTheirExamples) {
  IssueList issues;
  DefinitionStore store;
  ASSERT_TRUE(store.load_file(fixture("bundle/definitions-bundle.json"), issues)) << describe(issues);
  EXPECT_TRUE(issues.empty()) << describe(issues);
  const auto counts = store.counts_by_type();
  EXPECT_EQ(counts, (std::map<std::string, size_t>{{"CodeSystem", 1}, {"ValueSet", 1}}));
  const ResourceEntry* sizes = store.find("http://example.org/fhir/ValueSet/sizes|3.0");
  ASSERT_NE(sizes, nullptr);
  EXPECT_NE(sizes->source.find("Bundle.entry[1]"), std::string::npos);
  // The entry's own JSON text: starts at its resource object, not at the Bundle.
  EXPECT_EQ(sizes->json.substr(0, 1), "{");
  EXPECT_NE(sizes->json.find("\"compose\""), std::string::npos);
  EXPECT_EQ(sizes->json.find("\"Bundle\""), std::string::npos);
  EXPECT_EQ(sizes->json.find("\"Patient\""), std::string::npos);
}

TEST(DefinitionStore, FirstLoadedWinsAndOnlyDifferingDuplicatesWarn) {
  IssueList issues;
  DefinitionStore store = load_canonical_fixtures(issues);
  const size_t before = store.all().size();
  IssueList duplicate_issues;
  EXPECT_TRUE(store.load_folder(fixture("duplicates/identical"), duplicate_issues));
  EXPECT_TRUE(duplicate_issues.empty()) << describe(duplicate_issues);
  EXPECT_TRUE(store.load_folder(fixture("duplicates/different"), duplicate_issues));
  ASSERT_EQ(duplicate_issues.items().size(), 1u) << describe(duplicate_issues);
  const Issue& warning = duplicate_issues.items().front();
  EXPECT_EQ(warning.severity, Severity::Warning);
  EXPECT_EQ(warning.code, "duplicate");
  EXPECT_NE(warning.message.find(std::string(kWidget) + "|1.0.0"), std::string::npos);
  EXPECT_NE(warning.message.find("canonical/StructureDefinition-widget-1.0.0.json"), std::string::npos);
  EXPECT_NE(warning.message.find("different/StructureDefinition-widget-1.0.0.json"), std::string::npos);
  EXPECT_EQ(store.all().size(), before);
  const ResourceEntry* kept = store.find(std::string(kWidget) + "|1.0.0");
  ASSERT_NE(kept, nullptr);
  EXPECT_NE(kept->source.find("canonical/"), std::string::npos);
}

TEST(DefinitionStore, LoadsAPackageFolderWithoutExamplesOrExtras) {
  IssueList issues;
  DefinitionStore store;
  ASSERT_TRUE(store.load_package(fixture("packages/example.ig"), issues)) << describe(issues);
  EXPECT_TRUE(issues.empty()) << describe(issues);
  ASSERT_EQ(store.packages().size(), 1u);
  const PackageInfo& package = store.packages().front();
  EXPECT_EQ(package.id, "example.ig");
  EXPECT_EQ(package.version, "0.3.0");
  EXPECT_EQ(package.fhir_version, "4.0.1");
  EXPECT_EQ(package.location, fixture("packages/example.ig"));
  // package.json first, then what only ImplementationGuide.dependsOn names.
  const std::vector<std::pair<std::string, std::string>> expected_dependencies{
      {"hl7.fhir.r4.core", "4.0.1"}, {"example.base", "1.1.0"}, {"example.absent", "1.0.0"}, {"example.tools", "1.0"}};
  EXPECT_EQ(package.dependencies, expected_dependencies);
  EXPECT_EQ(store.counts_by_type(),
            (std::map<std::string, size_t>{{"ImplementationGuide", 1}, {"StructureDefinition", 1}}));
  EXPECT_EQ(store.find("http://example.org/fhir/ig/ValueSet/example-only"), nullptr);
  EXPECT_EQ(store.find("http://example.org/fhir/ig/ValueSet/other-only"), nullptr);
  const ResourceEntry* extension = store.find("http://example.org/fhir/ig/StructureDefinition/ig-extension");
  ASSERT_NE(extension, nullptr);
  EXPECT_EQ(extension->package_id, "example.ig");
  EXPECT_EQ(extension->package_version, "0.3.0");

  // Loading the same id#version again adds nothing.
  IssueList again;
  EXPECT_TRUE(store.load_package(fixture("packages/example.ig/package"), again));
  EXPECT_EQ(store.packages().size(), 1u);
  EXPECT_TRUE(any_issue_mentions(again, Severity::Information, "already loaded"));
}

TEST(DefinitionStore, LoadsCachedPackagesByExactOrPartialVersion) {
  ScratchDir empty_cache;
  EnvOverride cache("FHIR_PACKAGE_CACHE", empty_cache.path());
  const auto loaded_version = [](const std::string& version) -> std::string {
    DefinitionStore store;
    store.add_package_search_folder(fixture("cache"));
    IssueList issues;
    if (!store.load_cached_package("example.base", version, issues)) return "<absent>";
    EXPECT_FALSE(issues.has_errors()) << describe(issues);
    return store.packages().at(0).version;
  };
  EXPECT_EQ(loaded_version("1.0.0"), "1.0.0");
  EXPECT_EQ(loaded_version("1"), "1.1.0");
  EXPECT_EQ(loaded_version("1.0"), "1.0.0");
  EXPECT_EQ(loaded_version("2.0"), "2.0.0");
  EXPECT_EQ(loaded_version("current"), "2.0.0");
  EXPECT_EQ(loaded_version("3"), "<absent>");
  EXPECT_EQ(loaded_version("1.0.1"), "<absent>");

  // The cache named by $FHIR_PACKAGE_CACHE is searched too, before the extra folders.
  EnvOverride fixture_cache("FHIR_PACKAGE_CACHE", fixture("cache"));
  EXPECT_EQ(fhir_package_cache_dir(), fixture("cache"));
  DefinitionStore store;
  IssueList issues;
  ASSERT_TRUE(store.load_cached_package("example.tools", "1.0", issues)) << describe(issues);
  EXPECT_EQ(store.packages().at(0).version, "1.0.3");
  EXPECT_EQ(store.packages().at(0).fhir_version, "4.0.1");  // from "fhir-version-list"
  EXPECT_NE(store.find("http://example.org/fhir/tools/CodeSystem/tool-kinds"), nullptr);
}

TEST(DefinitionStore, ResolvesDependenciesAndWarnsOncePerMissingPackage) {
  ScratchDir empty_cache;
  EnvOverride cache("FHIR_PACKAGE_CACHE", empty_cache.path());
  DefinitionStore store;
  store.add_package_search_folder(fixture("cache"));
  IssueList issues;
  ASSERT_TRUE(store.load_package(fixture("packages/example.ig"), issues));
  store.resolve_dependencies({}, issues);
  std::vector<std::string> loaded;
  for (const PackageInfo& p : store.packages()) loaded.push_back(p.id + "#" + p.version);
  EXPECT_EQ(loaded, (std::vector<std::string>{"example.ig#0.3.0", "example.base#1.1.0", "example.tools#1.0.3"}));
  // example.absent is named twice (package.json and dependsOn) and R4 core is not loaded here:
  // one warning each.
  EXPECT_EQ(store.missing_packages(), (std::vector<std::string>{"hl7.fhir.r4.core", "example.absent"}));
  EXPECT_EQ(count_issues_mentioning(issues, Severity::Warning, "example.absent"), 1u) << describe(issues);
  EXPECT_EQ(count_issues_mentioning(issues, Severity::Warning, "hl7.fhir.r4.core"), 1u) << describe(issues);
  EXPECT_EQ(issues.count(Severity::Warning), 2u) << describe(issues);
  EXPECT_NE(store.find("http://example.org/fhir/base/StructureDefinition/base-extension|1.1.0"), nullptr);

  // Resolving again changes nothing and repeats no warning.
  IssueList second;
  store.resolve_dependencies({}, second);
  EXPECT_TRUE(second.empty()) << describe(second);
  EXPECT_EQ(store.packages().size(), 3u);
}

TEST(DefinitionStore, CandidatePackagesAreChosenByTheirManifest) {
  ScratchDir empty_cache;
  EnvOverride cache("FHIR_PACKAGE_CACHE", empty_cache.path());
  DefinitionStore store;
  IssueList issues;
  ASSERT_TRUE(store.load_package(fixture("packages/example.ig"), issues));
  // Folder names say nothing: 2.0.0 does not match the requested 1.1.0, 1.1.0 does.
  store.resolve_dependencies({fixture("cache/example.base#2.0.0"), fixture("cache/example.base#1.1.0/package"),
                              fixture("broken/not-an-archive.tgz")},
                             issues);
  ASSERT_GE(store.packages().size(), 2u);
  EXPECT_EQ(store.packages()[1].id, "example.base");
  EXPECT_EQ(store.packages()[1].version, "1.1.0");
  EXPECT_EQ(store.packages()[1].location, fixture("cache/example.base#1.1.0/package"));
  // example.tools has no candidate and no cache here.
  EXPECT_NE(std::find(store.missing_packages().begin(), store.missing_packages().end(), "example.tools"),
            store.missing_packages().end());
}

TEST(DefinitionStore, BrokenInputsGiveIssuesNotCrashes) {
  DefinitionStore store;
  for (const char* name : {"truncated.json", "trailing.json", "array.json", "no-resource-type.json"}) {
    IssueList issues;
    EXPECT_FALSE(store.load_file(fixture(std::string("broken/") + name), issues)) << name;
    EXPECT_TRUE(any_issue_mentions(issues, Severity::Error, name)) << name << "\n" << describe(issues);
  }
  IssueList issues;
  EXPECT_FALSE(store.load_file(fixture("broken/does-not-exist.json"), issues));
  EXPECT_TRUE(any_issue_mentions(issues, Severity::Error, "does-not-exist.json"));
  EXPECT_FALSE(store.load_folder(fixture("broken/no-such-folder"), issues));
  EXPECT_FALSE(store.load_package(fixture("broken/not-an-archive.tgz"), issues));
  EXPECT_FALSE(store.load_package(fixture("broken/package-no-manifest"), issues));
  EXPECT_TRUE(any_issue_mentions(issues, Severity::Error, "package.json"));
  EXPECT_TRUE(store.all().empty());
  EXPECT_TRUE(store.packages().empty());

  // A package with one malformed member keeps the rest and names the member.
  IssueList member_issues;
  EXPECT_TRUE(store.load_package(fixture("broken/package-bad-member"), member_issues));
  EXPECT_TRUE(any_issue_mentions(member_issues, Severity::Error, "ValueSet-bad.json")) << describe(member_issues);
  EXPECT_NE(store.find("http://example.org/fhir/badmember/ValueSet/good"), nullptr);

  // A non-definition file is noted, not an error.
  IssueList example_issues;
  EXPECT_TRUE(store.load_file(fixture("packages/example.ig/package/Patient-example.json"), example_issues));
  EXPECT_FALSE(example_issues.has_errors());
  EXPECT_TRUE(any_issue_mentions(example_issues, Severity::Information, "Patient"));
}

TEST(DefinitionStore, ArchiveWithoutManifestOrWithBadJsonIsReported) {
  ScratchDir scratch;
  const std::string no_manifest = scratch.path("no-manifest.tgz");
  testing::write_tgz(no_manifest, {{"package/ValueSet-a.json", R"({"resourceType":"ValueSet","url":"http://x/a"})"}});
  const std::string bad_manifest = scratch.path("bad-manifest.tgz");
  testing::write_tgz(bad_manifest, {{"package/package.json", R"({"name": "x", "version": )"}});
  const std::string nameless = scratch.path("nameless.tgz");
  testing::write_tgz(nameless, {{"package/package.json", R"({"description": "no name"})"}});
  DefinitionStore store;
  for (const std::string& path : {no_manifest, bad_manifest, nameless}) {
    IssueList issues;
    EXPECT_FALSE(store.load_package(path, issues)) << path;
    EXPECT_TRUE(issues.has_errors()) << path;
    EXPECT_TRUE(any_issue_mentions(issues, Severity::Error, std::filesystem::path(path).filename().string()))
        << describe(issues);
  }
  EXPECT_TRUE(store.all().empty());
}

TEST(DefinitionStore, ConstLookupsAreSafeFromManyThreads) {
  IssueList issues;
  const DefinitionStore store = load_canonical_fixtures(issues);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, &failures] {
      for (int i = 0; i < 2000; ++i) {
        const ResourceEntry* newest = store.find(kWidget);
        const ResourceEntry* partial = store.find(std::string(kWidget) + "|1");
        const ResourceEntry* type = store.find_type_definition("Gizmo");
        if (!newest || !partial || !type || partial->version != "1.10.0" || store.all("ValueSet").size() != 1 ||
            store.counts_by_type().at("StructureDefinition") != 7) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(DefinitionLocations, EnvironmentOverridesAndDefaults) {
  {
    EnvOverride definitions("RENKEI_DEFINITIONS", std::string("/opt/defs"));
    EXPECT_EQ(default_definitions_dir(), "/opt/defs");
  }
  {
    EnvOverride definitions("RENKEI_DEFINITIONS", std::nullopt);
    EnvOverride xdg("XDG_CACHE_HOME", std::string("/tmp/xdg"));
    EXPECT_EQ(default_definitions_dir(), "/tmp/xdg/renkei/definitions");
  }
  {
    EnvOverride definitions("RENKEI_DEFINITIONS", std::nullopt);
    EnvOverride xdg("XDG_CACHE_HOME", std::nullopt);
    EnvOverride home("HOME", std::string("/home/nurse"));
    EXPECT_EQ(default_definitions_dir(), "/home/nurse/.cache/renkei/definitions");
    EnvOverride cache("FHIR_PACKAGE_CACHE", std::nullopt);
    EXPECT_EQ(fhir_package_cache_dir(), "/home/nurse/.fhir/packages");
  }
  EnvOverride cache("FHIR_PACKAGE_CACHE", std::string("/srv/fhir-cache"));
  EXPECT_EQ(fhir_package_cache_dir(), "/srv/fhir-cache");
}

}  // namespace
}  // namespace renkei::definitions
