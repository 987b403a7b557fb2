#pragma once
// Rules on a StructureDefinition as an instance, beyond its resource structure (the HL7
// validator's StructureDefinition checks):
//  - its type is a FHIR type or, for anything else (logical models), an absolute URL;
//  - every element path starts with the type's name (the last URL segment for a URL);
//  - a slicing discriminator path names an element of the sliced element's type;
//  - a specialization does not have its base's type;
//  - a type profile is a profile of that type (or of a type the element's abstract type admits);
//  - a fixed value of the base definition is not changed by a constraint.
#include "common/issue.hpp"
#include "model/node.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::validation {

class PlanRegistry;

void check_structure_definition_rules(const model::Node& sd, const PlanRegistry& plans,
                                      const definitions::TypeModel& types, IssueList& issues);

}  // namespace renkei::validation
