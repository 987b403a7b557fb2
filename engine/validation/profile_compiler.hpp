#pragma once
// ProfileCompiler: StructureDefinition snapshot → ValidationPlan; PlanRegistry: the plans
// of one engine, compiled on first use and then shared read-only by all threads.
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/issue.hpp"
#include "fhirpath/expression_cache.hpp"
#include "validation/validation_plan.hpp"

namespace renkei::definitions {
class DefinitionStore;
struct ResourceEntry;
}  // namespace renkei::definitions

namespace renkei::validation {

class SnapshotGenerator;

// Compiles one StructureDefinition that has a snapshot. Problems are definition issues.
// Constraints are compiled through `expressions` when given (shared across plans).
std::shared_ptr<const ValidationPlan> compile_profile(const definitions::ResourceEntry& sd, IssueList& issues,
                                                      fhirpath::ExpressionCache* expressions = nullptr);

class PlanRegistry {
 public:
  explicit PlanRegistry(const definitions::DefinitionStore& store, fhirpath::ExpressionCache* expressions = nullptr)
      : store_(store), expressions_(expressions) {}

  // The plan for a canonical URL (url or url|version); nullptr when the profile is unknown
  // or cannot be compiled (the reason is in definition_issues()).
  const ValidationPlan* find(std::string_view canonical) const;
  // The plan of a base type: http://hl7.org/fhir/StructureDefinition/<type>.
  const ValidationPlan* for_type(std::string_view type_name) const;
  IssueList definition_issues() const;
  const definitions::DefinitionStore& store() const { return store_; }

 private:
  const definitions::DefinitionStore& store_;
  fhirpath::ExpressionCache* expressions_;  // the engine's, internally synchronised
  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const ValidationPlan>> plans_;  // null = failed
  mutable IssueList definition_issues_;
  // Profiles that come with only a differential get a generated snapshot, made under its own
  // lock (the generator caches the bases it parsed) and kept by canonical.
  mutable std::mutex snapshot_mutex_;
  mutable std::shared_ptr<SnapshotGenerator> snapshot_generator_;
  mutable std::unordered_map<std::string, std::string> generated_snapshots_;
};

}  // namespace renkei::validation
