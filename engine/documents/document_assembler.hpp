#pragma once
// DocumentAssembler: the resources of one mapped form → a FHIR `document` Bundle. It gives every resource
// its deterministic urn:uuid fullUrl (document_ids.hpp), resolves the "@Type[role]" references of the
// template (a pattern with '*' yields one reference per match; a reference to a resource the input did not
// produce is dropped), builds the Composition's sections with generated narrative, and wraps everything in
// a Bundle with identifier, timestamp (from Composition.date, +09:00 when the input has a date only) and
// meta.profile. Composition first, the other resources in the order the mapping created them.
#include <optional>
#include <string>

#include "common/issue.hpp"
#include "mapping/mapping_engine.hpp"
#include "model/document.hpp"

namespace renkei::documents {

struct AssembledDocument {
  model::Document bundle;  // untyped tree (built in memory); type it with type_generated_tree (generated_tree.hpp)
  std::string bundle_uuid;
  std::string file_stem;   // <output_prefix>-<bundle uuid>
};

class DocumentAssembler {
 public:
  // Consumes the mapped form (its arena becomes the Bundle's). Returns nullopt with errors when the
  // template cannot be satisfied (no Composition, no date).
  std::optional<AssembledDocument> assemble(mapping::MappedForm&& form, IssueList& issues) const;
};

}  // namespace renkei::documents
