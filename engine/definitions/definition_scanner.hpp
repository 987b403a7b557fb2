#pragma once
// Reads the metadata of conformance resources out of JSON text: one resource, or a Bundle (the
// FHIR definition bundles profiles-*.json, valuesets.json ...) whose entries are taken one by one.
// Only the top-level fields are read; nested content is skipped by simdjson On-Demand, and each
// resource keeps its own JSON text for the stages that need the rest.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/issue.hpp"
#include "definitions/definition_store.hpp"

namespace renkei::definitions {

struct ScannedResource {
  ResourceEntry entry;  // provenance fields other than `source` are left to the caller
  // ImplementationGuide only: its declared packageId and dependsOn (packageId, version); IG
  // packages such as JP-CLINS list dependencies only there, not in package.json.
  std::string ig_package_id;
  std::vector<std::pair<std::string, std::string>> ig_depends_on;
};

// Resource types indexed as definitions; anything else (examples) is skipped.
bool is_definition_resource_type(std::string_view resource_type);

class DefinitionScanner {
 public:
  DefinitionScanner();
  ~DefinitionScanner();
  DefinitionScanner(const DefinitionScanner&) = delete;
  DefinitionScanner& operator=(const DefinitionScanner&) = delete;

  struct Outcome {
    bool parsed = false;      // false: malformed JSON, reported
    size_t skipped = 0;       // resources that are not definitions
    std::string resource_type;  // of the top-level resource
  };

  // `bytes` must be a padded buffer (json_buffer.hpp); it becomes the entry's json for a single
  // resource. With split_bundles a Bundle's entry resources are scanned instead of the Bundle.
  // Definitions found are appended to `out`; issues name `source` (and the entry index).
  Outcome scan(std::string&& bytes, const std::string& source, bool split_bundles,
               std::vector<ScannedResource>& out, IssueList& issues);

 private:
  struct Parsers;
  std::unique_ptr<Parsers> parsers_;
};

}  // namespace renkei::definitions
