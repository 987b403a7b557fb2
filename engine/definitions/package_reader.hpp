#pragma once
// Reads the files of a FHIR NPM package: a folder holding package/, the package/ folder itself,
// or a .tgz of that layout (read with libarchive, never unpacked to disk). Only what a
// definition loader needs is yielded: package/package.json and the resource files directly in
// package/ (package/other/, package/example/ and other sub-folders hold examples and extras
// that must not become definitions; .index.json is a derived index).
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/issue.hpp"

namespace renkei::definitions {

struct PackageSource {
  std::string location;     // the path the user gave: a .tgz, or a folder
  std::string package_dir;  // folders only: the package/ folder itself
  bool is_archive = false;
};

struct PackageMember {
  std::string name;    // "package/StructureDefinition-Patient.json"
  std::string source;  // where it came from, for issues: a file path or "x.tgz!package/..."
  std::string bytes;   // padded for simdjson (see json_buffer.hpp)
};

enum class MemberRole { Manifest, Resource, Ignored };

// What a member path (relative to the archive root, e.g. "package/x.json") is to a loader.
MemberRole classify_package_member(std::string_view name);

// Resolves a path to a package source; reports and returns nullopt when it is none.
std::optional<PackageSource> locate_package(const std::string& path, IssueList& issues);

// Calls visit for package.json and every resource member, in archive order (folders: by file
// name). A member that cannot be read is reported and skipped. Returns false when the package
// cannot be read as a whole (corrupt or truncated archive, unreadable folder): what was visited
// before must then be discarded by the caller.
bool read_package_members(const PackageSource& source, const std::function<void(PackageMember&&)>& visit,
                          IssueList& issues);

// Reads only package/package.json (an archive is read up to it). nullopt, reported, when absent.
std::optional<PackageMember> read_package_manifest(const PackageSource& source, IssueList& issues);

// Reads a whole JSON file into a padded buffer, refusing files over kMaxDefinitionFileBytes.
std::optional<std::string> read_json_file(const std::string& path, IssueList& issues);

}  // namespace renkei::definitions
