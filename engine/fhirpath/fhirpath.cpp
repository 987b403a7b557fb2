#include "fhirpath/fhirpath.hpp"

#include "fhirpath/evaluator.hpp"
#include "fhirpath/parser.hpp"

namespace renkei::fhirpath {

namespace {

bool mark_focus_independent(AstNode& n) {
  bool children_independent = true;
  for (auto& c : n.children) children_independent = mark_focus_independent(*c) && children_independent;
  switch (n.kind) {
    case AstKind::Literal:
    case AstKind::EmptySet:
    case AstKind::Variable:
      n.focus_independent = true;
      break;
    case AstKind::Member:
    case AstKind::Indexer:
    case AstKind::Unary:
    case AstKind::Binary:
    case AstKind::TypeTest:
      n.focus_independent = children_independent;
      break;
    case AstKind::Function:
      // With a focus-independent target and arguments that do not look at the outer focus.
      // Lambda arguments see the target's items, so they may use $this freely, but to stay
      // simple only argument-free or constant-argument calls qualify.
      n.focus_independent = n.has_target && children_independent;
      break;
    default:
      n.focus_independent = false;
  }
  return n.focus_independent;
}

}  // namespace

std::shared_ptr<const CompiledExpression> compile(std::string_view expression, IssueList& issues) {
  try {
    auto compiled = std::make_shared<CompiledExpression>();
    compiled->text = std::string(expression);
    compiled->root = parse_expression(expression);
    mark_focus_independent(*compiled->root);
    return compiled;
  } catch (const SyntaxError& e) {
    issues.add(Severity::Error, "invalid",
               "FHIRPath syntax error at line " + std::to_string(e.line) + ", column " + std::to_string(e.column) +
                   ": " + e.what(),
               {}, e.line, e.column);
  }
  return nullptr;
}

EvalResult evaluate(const CompiledExpression& expression, const EvalContext& context) {
  EvalResult result;
  try {
    Evaluator evaluator(context);
    result.items = evaluator.run(*expression.root);
  } catch (const EvalLimitExceeded& e) {
    result.error = e.what();
    result.over_limit = true;
  } catch (const EvalError& e) {
    result.error = e.what();
  } catch (const std::bad_alloc&) {
    result.error = "out of memory evaluating the expression";
    result.over_limit = true;
  }
  return result;
}

std::optional<bool> to_boolean(const EvalResult& result) {
  if (!result.ok()) return std::nullopt;
  try {
    return singleton_boolean(result.items, "boolean result");
  } catch (const EvalError&) {
    return std::nullopt;
  }
}

}  // namespace renkei::fhirpath
