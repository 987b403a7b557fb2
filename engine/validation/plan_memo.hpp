#pragma once
// PlanMemo: one validation run's answers of the PlanRegistry. The registry is shared by all threads
// (a lock and a URL string per question); a document asks the same few questions hundreds of times
// (each Extension's definition, each data type's base plan), so a run keeps what it was told.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "validation/profile_compiler.hpp"

namespace renkei::definitions {
struct TypeInfo;
}

namespace renkei::validation {

class PlanMemo {
 public:
  explicit PlanMemo(const PlanRegistry& registry) : registry_(registry) {}

  // PlanRegistry::find, remembered by canonical.
  const ValidationPlan* find(std::string_view canonical) {
    if (auto it = by_url_.find(canonical); it != by_url_.end()) return it->second;
    const ValidationPlan* p = registry_.find(canonical);
    by_url_.emplace(std::string(canonical), p);
    return p;
  }

  // PlanRegistry::for_type, remembered by type name.
  const ValidationPlan* for_type(std::string_view type_name) {
    if (auto it = by_type_name_.find(type_name); it != by_type_name_.end()) return it->second;
    const ValidationPlan* p = registry_.for_type(type_name);
    by_type_name_.emplace(std::string(type_name), p);
    return p;
  }

  // The base plan of a data type; asked for nearly every element, so a small direct-mapped table
  // answers before the map does.
  const ValidationPlan* for_type(const definitions::TypeInfo* t, std::string_view type_name) {
    Slot& slot = slots_[(reinterpret_cast<uintptr_t>(t) >> 4) % slots_.size()];
    if (slot.type == t) return slot.plan;
    const ValidationPlan* p = for_type(type_name);
    slot = Slot{t, p};
    return p;
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Memo = std::unordered_map<std::string, const ValidationPlan*, Hash, std::equal_to<>>;
  struct Slot {
    const definitions::TypeInfo* type = nullptr;
    const ValidationPlan* plan = nullptr;
  };

  const PlanRegistry& registry_;
  Memo by_url_;
  Memo by_type_name_;
  std::array<Slot, 64> slots_{};
};

}  // namespace renkei::validation
