#pragma once
// References between the resources of a Parameters resource (an operation's input or output:
// $member-match sends a Patient and the Coverage that points at it). Like Bundle entries, the
// resources in parameter[.part]*.resource resolve relative references "Type/id" among themselves.
#include <string_view>

#include "model/node.hpp"

namespace renkei::validation {

// The resource "Type/id" (optionally "/_history/v") refers to among the resources of the
// Parameters that encloses `from`; nullptr when there is none or no such Parameters.
const model::Node* resolve_in_parameters(const model::Node& from, std::string_view reference);

}  // namespace renkei::validation
