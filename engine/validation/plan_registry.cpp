#include "definitions/definition_store.hpp"
#include "validation/profile_compiler.hpp"

namespace renkei::validation {

const ValidationPlan* PlanRegistry::find(std::string_view canonical) const {
  std::string key(canonical);
  {
    std::shared_lock lock(mutex_);
    auto it = plans_.find(key);
    if (it != plans_.end()) return it->second.get();
  }
  const definitions::ResourceEntry* sd = store_.find("StructureDefinition", canonical);
  std::shared_ptr<const ValidationPlan> plan;
  IssueList issues;
  if (sd) plan = compile_profile(*sd, issues);
  std::unique_lock lock(mutex_);
  auto [it, inserted] = plans_.emplace(key, plan);
  if (inserted) definition_issues_.append(issues);
  return it->second.get();
}

const ValidationPlan* PlanRegistry::for_type(std::string_view type_name) const {
  return find("http://hl7.org/fhir/StructureDefinition/" + std::string(type_name));
}

IssueList PlanRegistry::definition_issues() const {
  std::shared_lock lock(mutex_);
  return definition_issues_;
}

}  // namespace renkei::validation
