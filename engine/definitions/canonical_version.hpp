#pragma once
// FHIR canonical references ("url|version") and the version ordering used to pick the newest of
// several loaded versions of one canonical resource or package.
#include <string_view>

namespace renkei::definitions {

struct CanonicalReference {
  std::string_view url;
  std::string_view version;  // empty when the reference names no version
};

// Splits "url|version" at the last '|'.
CanonicalReference split_canonical(std::string_view canonical);

// Orders versions semver-style: numeric segments compare as numbers, "1.0.0-ballot" comes before
// "1.0.0", an empty version comes before any other. <0, 0 or >0 like strcmp.
int compare_versions(std::string_view a, std::string_view b);

// Whether a loaded version satisfies a requested one: equal, or a partial request (major or
// major.minor, optionally with a trailing ".x") that `available` extends with a '.', or a request
// for any version (empty, "current", "dev", "latest").
bool version_matches(std::string_view requested, std::string_view available);

}  // namespace renkei::definitions
