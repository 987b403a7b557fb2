#pragma once
// A cheaper compiled form for the commonest shapes of FHIR invariants: Boolean logic over tests
// on child paths, such as cpt-2 `value.empty() or system.exists()`, bdl-8
// `fullUrl.contains('/_history/').not()`, bdl-1 `total.empty() or (type = 'searchset')` or
// bdl-3 `entry.all(request.exists() = (%resource.type = 'batch' or ...))`. They are answered by
// walking the tree, without the evaluator's collections of intermediate results.
//
// Every answer is the evaluator's: three-valued logic, empty propagation and short circuits as
// the evaluator has them. Where the form cannot tell what the evaluator would do (a test on
// several items, which is an error; a value that is not a plain String; any other
// subexpression, kept opaque; a step budget that may run out) it answers Unknown and the
// evaluator runs. An opaque right operand of and/or/implies still lets the form answer when the
// left operand decides, as the evaluator then skips it: ref-1
// `reference.startsWith('#').not() or (...)` on a reference that is not local.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fhirpath/ast.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::fhirpath {

struct BooleanForm {
  enum class Kind : uint8_t {
    Exists, Empty, HasValue, HtmlChecks,  // path.f(): Boolean
    StartsWith, EndsWith, Contains,       // path.f('text'): Boolean or empty
    Equal, NotEqual,                      // path = 'text', path != 'text'
    Same, Differ,                         // operands[0] = / != operands[1]
    All,                                  // path.all(operands[0])
    And, Or, Xor, Implies, Not,
    Opaque,                               // any other expression: the evaluator's business
  };
  // Where a path starts: the focus (an identifier; a leading type name selects the resource),
  // %resource or %rootResource.
  enum class Root : uint8_t { Focus, Resource, RootResource };

  Kind kind = Kind::Opaque;
  Root root = Root::Focus;
  std::vector<std::string> path;  // names navigated from the root
  std::string text;               // the String literal of the tests that take one
  std::vector<BooleanForm> operands;
  // Reads no path from the focus (`%resource.type = 'batch'`): the walk computes it once, as the
  // evaluator does, so that entry.all(...) stays linear in the entries.
  bool focus_independent = false;
  // On the outermost form only:
  uint32_t depth = 0;            // of the expression's syntax tree (the evaluator's nesting)
  bool reads_variables = false;  // %resource / %rootResource, which caller variables could shadow
};

// nullptr when the expression has no such form, or only an opaque one.
std::unique_ptr<const BooleanForm> compile_boolean_form(const AstNode& root);

enum class Truth : uint8_t { False, True, Empty, Unknown };

struct BooleanFormInput {
  const Item* focus = nullptr;  // the single focus item
  const model::Node* resource = nullptr;
  const model::Node* root_resource = nullptr;
  const definitions::TypeModel* types = nullptr;
  uint64_t max_steps = 0;
};

// The expression's value on the focus: a Boolean, empty, or Unknown when the evaluator must
// answer (including when it might run out of steps: it answers then, with its error).
Truth evaluate_boolean_form(const BooleanForm& form, const BooleanFormInput& input);

}  // namespace renkei::fhirpath
