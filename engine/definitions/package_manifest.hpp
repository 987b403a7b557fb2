#pragma once
// package/package.json of a FHIR NPM package: name, version, FHIR version, dependencies.
#include <optional>
#include <string>

#include "common/issue.hpp"
#include "definitions/definition_store.hpp"

namespace renkei::definitions {

// Parses a package.json held in a padded buffer (json_buffer.hpp). PackageInfo::location is left
// empty. Reports (naming `source`) and returns nullopt when the JSON is malformed or has no name
// or version.
std::optional<PackageInfo> parse_package_manifest(std::string& padded_json, const std::string& source,
                                                  IssueList& issues);

}  // namespace renkei::definitions
