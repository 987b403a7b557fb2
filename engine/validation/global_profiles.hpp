#pragma once
// ImplementationGuide.global: profiles that every resource of a type must meet, declared by
// the implementation guides among the loaded definitions (as the HL7 validator applies them).
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace renkei::definitions {
class DefinitionStore;
}

namespace renkei::validation {

class GlobalProfiles {
 public:
  explicit GlobalProfiles(const definitions::DefinitionStore& store);

  // The global profiles for a resource type, in the order the guides list them.
  const std::vector<std::string>& for_type(std::string_view resource_type) const;
  bool empty() const { return by_type_.empty(); }

 private:
  std::unordered_map<std::string, std::vector<std::string>> by_type_;
};

}  // namespace renkei::validation
