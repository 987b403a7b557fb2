#pragma once
// Rules on an extension's use beyond the structure its definition gives (the HL7 validator's):
//  - a complex extension's sub-extensions with relative URLs must be ones it defines, even
//    when its slicing is open (open slicing admits absolute-URL extensions, not misspellings);
//  - an extension whose definition is limited to some FHIR versions (version-specific-use)
//    is used in one of them (Renkei validates R4);
//  - the definition's contextInvariant expressions must hold on the element the extension
//    is on (focus: that element; %extension: the extension).
#include <cstdint>
#include <string>
#include <vector>

#include "model/node.hpp"
#include "validation/validation_plan.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::validation {

// Why the definition's version-specific-use excludes FHIR R4 (4.0.1), or empty.
std::string outside_fhir_versions(const ValidationPlan& def);

std::vector<const model::Node*> undefined_sub_extensions(const model::Node& ext, const ValidationPlan& def);

struct ContextInvariantResult {
  const ValidationPlan::ContextInvariant* failed = nullptr;  // the first one that is false
  std::string error;                                         // an evaluation error, if any
};

ContextInvariantResult check_context_invariants(const model::Node& ext, const ValidationPlan& def,
                                                const definitions::TypeModel& types, uint64_t max_steps);

}  // namespace renkei::validation
