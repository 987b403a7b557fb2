#pragma once
// Search parameter types, as the HL7 Java validator checks them: a SearchParameter keeps the
// type of the SearchParameter it is derivedFrom, and a CapabilityStatement's
// rest.resource.searchParam has the type of the SearchParameter its definition names (both
// when that definition resolves).
#include "common/issue.hpp"
#include "model/document.hpp"
#include "validation/parsed_definitions.hpp"

namespace renkei::validation {

// The validator's entry point: SearchParameter and CapabilityStatement; others: nothing.
void check_search_parameter_rules(const model::Node& resource, const DefinitionLookup& lookup, IssueList& issues);

}  // namespace renkei::validation
