#pragma once
// Definition resources the validator reads as element trees (a MeasureReport's Measure, the
// Libraries of a Measure): resolved from the DefinitionStore by canonical, parsed once and kept
// for the cache's life. Thread-safe; intended to live as long as the Validator that uses it.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "model/document.hpp"

namespace renkei::definitions {
class DefinitionStore;
class TypeModel;
}  // namespace renkei::definitions

namespace renkei::validation {

class ParsedDefinitions {
 public:
  // The parsed resource of that type the store holds under `canonical` ("url" or "url|version"),
  // or nullptr. A held resource that does not parse is remembered as nullptr too.
  const model::Node* find(const definitions::DefinitionStore& store, const definitions::TypeModel& types,
                          std::string_view resource_type, std::string_view canonical);

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<model::Document>, std::less<>> parsed_;  // by type|url|version
};

// Where a definition named by a resource is looked for: a contained resource ("#id"), an entry
// of the enclosing Bundle with that url, then the store (through the cache when given).
struct DefinitionLookup {
  const definitions::DefinitionStore* store = nullptr;
  const definitions::TypeModel* types = nullptr;
  ParsedDefinitions* cache = nullptr;
};
const model::Node* resolve_definition(const model::Node& from, std::string_view resource_type,
                                      std::string_view canonical, const DefinitionLookup& lookup);

}  // namespace renkei::validation
