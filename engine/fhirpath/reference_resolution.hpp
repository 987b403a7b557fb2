#pragma once
// resolve(): finds the resource a Reference (or a reference string) points to inside the
// instance being evaluated: "#id" in the containing resource's contained list, otherwise an
// entry of an enclosing Bundle by fullUrl, by "Type/id", or by an absolute URL ending in it.
#include "fhirpath/value.hpp"

namespace renkei::fhirpath {

const model::Node* resolve_reference(const Item& reference);

}  // namespace renkei::fhirpath
