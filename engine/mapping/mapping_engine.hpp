#pragma once
// MappingEngine: one FormRecord (all rows of one form instance) + its layout → the FHIR resources of the
// document, built by the generic rules of the mapping data (no per-form code). Every problem of the record
// is collected (not only the first), each as `file:line:column: field <label>: <problem>`, and the record is
// rejected when there is any.
#include <optional>
#include <string>
#include <vector>

#include "common/issue.hpp"
#include "legacy/form_record.hpp"
#include "mapping/mapping_catalog.hpp"
#include "mapping/resource_set.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::mapping {

struct MappedForm {
  const FormLayout* layout = nullptr;
  const FormTemplate* form_template = nullptr;
  std::vector<std::string> keys;  // the record keys as parsed (dates in ISO form), in layout order
  std::string source;             // input file
  uint32_t line = 0;              // first line of the record
  ResourceSet resources;
};

struct MappingOutcome {
  std::optional<MappedForm> form;  // absent when the record is rejected
  IssueList issues;
};

class MappingEngine {
 public:
  MappingEngine(const MappingCatalog& catalog, const definitions::TypeModel& types);

  MappingOutcome map(const legacy::FormRecord& record, const FormLayout& layout) const;

  // The raw key values of a record (for grouping rows): empty string where absent.
  static std::vector<std::string> raw_keys(const legacy::FormRow& row, const FormLayout& layout);

 private:
  const MappingCatalog& catalog_;
  const definitions::TypeModel& types_;
};

}  // namespace renkei::mapping
