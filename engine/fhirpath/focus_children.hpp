#pragma once
// Which children of its focus an expression can look at. Invariants such as qty-3
// (`code.empty() or system.exists()`) or dom-2 (`contained.contained.empty()`) read their
// focus only through a few child names; on an element that has none of those children the
// result is known without evaluating, which is most of the time (per-datatype invariants run
// on every Quantity, Period, Timing, … of every resource).
#include <optional>
#include <string>
#include <vector>

#include "fhirpath/ast.hpp"

namespace renkei::fhirpath {

// The names of the focus's children the expression navigates to (an identifier applied to the
// focus, `code` in `code.empty()`), or nullopt when its value may depend on anything else: the
// focus itself ($this, a function applied to the focus), the environment (%resource,
// %context, …), or the evaluation context (type tests, memberOf(), conformsTo(), resolve(),
// now(), trace()). Names inside iterating arguments (`where(system = 'x')`) look at the
// iterated items, not at the focus, so they are not listed.
std::optional<std::vector<std::string>> focus_child_names(const AstNode& root);

}  // namespace renkei::fhirpath
