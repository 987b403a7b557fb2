#pragma once
// Tree-walking evaluator over a compiled AST. One Evaluator per evaluate() call: it holds the
// step counter, the recursion depth and the per-call now() value.
#include <optional>

#include "fhirpath/eval_error.hpp"
#include "fhirpath/fhirpath.hpp"

namespace renkei::fhirpath {

class Evaluator {
 public:
  explicit Evaluator(const EvalContext& context);
  Collection run(const AstNode& root);
  uint64_t steps() const { return steps_; }

  // Iteration variables visible to an expression.
  struct Frame {
    const Item* this_item = nullptr;
    int64_t index = -1;
    const Collection* total = nullptr;
  };

 private:
  Collection eval(const AstNode& n, const Collection& focus, const Frame& frame);
  Collection eval_uncached(const AstNode& n, const Collection& focus, const Frame& frame);
  Collection eval_binary(const AstNode& n, const Collection& focus, const Frame& frame);
  Collection eval_variable(const AstNode& n);
  Collection eval_function(const AstNode& n, const Collection& focus, const Frame& frame);
  Collection arithmetic(BinaryOp op, const Collection& a, const Collection& b);
  // Evaluates a lambda argument for one item of the input ($this, $index set).
  Collection eval_for_item(const AstNode& arg, const Collection& input, size_t i, const Frame& outer,
                           const Collection* total = nullptr);
  void step(uint64_t n = 1);
  Temporal current_time();

  const EvalContext& ctx_;
  const Collection* context_focus_;  // the context's focus, or resource_focus_
  Collection resource_focus_;
  uint64_t steps_ = 0;
  uint32_t depth_ = 0;
  std::optional<Temporal> now_;
  // Focus-independent subexpressions already computed in this evaluation.
  std::vector<std::pair<const AstNode*, Collection>> hoisted_;
};

// Helpers shared by the operator and function code.
std::optional<bool> singleton_boolean(const Collection& c, const char* what);
const Item* singleton(const Collection& c, const char* what);

}  // namespace renkei::fhirpath
