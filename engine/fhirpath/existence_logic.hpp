#pragma once
// A cheaper compiled form for the commonest shape of FHIR invariants: existence tests on
// child paths joined by boolean operators, such as cpt-2 `value.empty() or system.exists()`,
// dom-6 `text.div.exists()` or bdl-5 `resource.exists() or request.exists() or ...`. They are
// answered by walking the tree, without building collections; the answer is the one the
// evaluator gives (exists()/empty() always yield a Boolean, so the logic is two-valued).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fhirpath/ast.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::fhirpath {

struct ExistenceLogic {
  enum class Kind : uint8_t { Exists, Empty, And, Or, Xor, Implies, Not };
  Kind kind = Kind::Exists;
  std::vector<std::string> path;  // Exists/Empty: the names navigated from the focus
  std::vector<ExistenceLogic> operands;
  uint32_t depth = 0;  // of the expression's syntax tree (the evaluator's nesting), on the root
};

// nullptr when the expression has another shape.
std::unique_ptr<const ExistenceLogic> compile_existence_logic(const AstNode& root);

// The expression's Boolean on a single focus item; nullopt when the evaluator might run out of
// `max_steps` on it (it answers then, with its error).
std::optional<bool> evaluate_existence_logic(const ExistenceLogic& logic, const Item& focus,
                                             const definitions::TypeModel* types, uint64_t max_steps);

}  // namespace renkei::fhirpath
