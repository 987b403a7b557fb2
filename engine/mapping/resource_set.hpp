#pragma once
// ResourceSet: the FHIR resources of one form instance while they are being built from its fields, in one
// element-tree arena. Paths (target_path.hpp) are resolved against the FHIR type definitions (TypeModel),
// so the builder knows which elements repeat, which are primitives and what JSON kind their values have;
// a path the definitions do not allow is an error of the mapping, not silently written.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapping/field_value.hpp"
#include "mapping/json_value.hpp"
#include "mapping/target_path.hpp"
#include "model/document.hpp"

namespace renkei::definitions {
class TypeModel;
struct TypeInfo;
}  // namespace renkei::definitions

namespace renkei::mapping {

struct BuiltResource {
  std::string type;
  std::string role;
  model::Node* root = nullptr;  // a Node named "resource" with resource_type set
  const definitions::TypeInfo* type_info = nullptr;  // of `type`, looked up once
};

class ResourceSet {
 public:
  explicit ResourceSet(const definitions::TypeModel& types);
  ResourceSet(ResourceSet&&) noexcept = default;
  ResourceSet& operator=(ResourceSet&&) noexcept = default;

  // Writes a value at `path` (no wildcards; {n} already bound), creating the resource, keyed items and
  // intermediate elements. Complex leaves take the value in their natural slot: CodeableConcept → coding
  // (coded values) or text, Coding → system/code/display, Reference → reference, Annotation → text,
  // Identifier / Quantity → value, HumanName / Address → text. False + `error` when the path is not allowed
  // or a single-valued element is written twice.
  bool set(const TargetPath& path, const FieldValue& value, std::string_view part_text, std::string& error);

  // Merges a FHIR JSON fragment into `node` (of type `type`); {n} in strings is replaced by `n`. Existing
  // single-valued elements keep their value (input data wins over template defaults).
  bool merge(model::Node* node, const definitions::TypeInfo* type, const JsonValue& fragment, std::string_view n,
             std::string& error);

  struct Match {
    model::Node* node = nullptr;
    const definitions::TypeInfo* type = nullptr;
    std::string binding;  // what the first '*' of the pattern matched
    const BuiltResource* resource = nullptr;
  };
  // Existing nodes a pattern (wildcards allowed) reaches, in creation order.
  std::vector<Match> match(const TargetPath& pattern) const;

  const BuiltResource* find(std::string_view type, std::string_view role) const;
  const std::vector<BuiltResource>& resources() const { return resources_; }
  model::Document& document() { return *doc_; }
  const definitions::TypeModel& types() const { return *types_; }

 private:
  BuiltResource& resource(const std::string& type, const std::string& role, std::string& error);
  model::Node* add_child(model::Node* parent, std::string_view name, const definitions::TypeInfo* type,
                         bool in_array);
  model::Node* add_primitive(model::Node* parent, std::string_view name, const definitions::TypeInfo* type,
                             bool in_array, std::string_view text);
  bool set_leaf(model::Node* parent, const definitions::TypeInfo* parent_type, const PathStep& step,
                const FieldValue& value, std::string_view text, std::string& error);

  const definitions::TypeModel* types_;
  std::unique_ptr<model::Document> doc_;
  std::vector<BuiltResource> resources_;
  // Keyed items: (parent node, element name) → (key, item) in creation order.
  std::map<std::pair<const model::Node*, std::string>, std::vector<std::pair<std::string, model::Node*>>> keyed_;
};

}  // namespace renkei::mapping
