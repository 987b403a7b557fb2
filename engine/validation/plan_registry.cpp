#include "definitions/definition_store.hpp"
#include "validation/profile_compiler.hpp"
#include "validation/snapshot_generator.hpp"

namespace renkei::validation {

const ValidationPlan* PlanRegistry::find(std::string_view canonical) const {
  std::string key(canonical);
  {
    std::shared_lock lock(mutex_);
    auto it = plans_.find(key);
    if (it != plans_.end()) return it->second.get();
  }
  const definitions::ResourceEntry* sd = store_.find("StructureDefinition", canonical);
  // Spellings of one canonical (with or without |version) share one plan, so a plan's identity
  // is the profile's identity.
  const std::string resolved_key = sd ? sd->url + "|" + sd->version : std::string();
  if (sd && resolved_key != key) {
    std::unique_lock lock(mutex_);
    if (auto it = plans_.find(resolved_key); it != plans_.end()) {
      auto shared = it->second;
      plans_.emplace(key, shared);
      return shared.get();
    }
  }
  std::shared_ptr<const ValidationPlan> plan;
  IssueList issues;
  if (sd && sd->has_snapshot) {
    plan = compile_profile(*sd, issues, expressions_);
  } else if (sd) {
    // Differential only: generate the snapshot once, then compile that.
    definitions::ResourceEntry with_snapshot = *sd;
    with_snapshot.json.clear();
    {
      std::lock_guard lock(snapshot_mutex_);
      auto cached = generated_snapshots_.find(sd->url + "|" + sd->version);
      if (cached != generated_snapshots_.end()) {
        with_snapshot.json = cached->second;
      } else {
        if (!snapshot_generator_) snapshot_generator_ = std::make_shared<SnapshotGenerator>(store_);
        if (auto json = snapshot_generator_->generate(*sd, issues)) {
          with_snapshot.json = *json;
          generated_snapshots_.emplace(sd->url + "|" + sd->version, std::move(*json));
        }
      }
    }
    with_snapshot.has_snapshot = !with_snapshot.json.empty();
    if (with_snapshot.has_snapshot) plan = compile_profile(with_snapshot, issues, expressions_);
  }
  std::unique_lock lock(mutex_);
  if (sd && resolved_key != key) {
    // Another spelling may have compiled it meanwhile: keep the first.
    auto [rit, rinserted] = plans_.emplace(resolved_key, plan);
    if (rinserted) definition_issues_.append(issues);
    plan = rit->second;
    plans_.emplace(key, plan);
    return plan.get();
  }
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
