#include "fhirpath/fhirpath.hpp"

#include "fhirpath/evaluator.hpp"
#include "fhirpath/parser.hpp"

namespace renkei::fhirpath {

std::shared_ptr<const CompiledExpression> compile(std::string_view expression, IssueList& issues) {
  try {
    auto compiled = std::make_shared<CompiledExpression>();
    compiled->text = std::string(expression);
    compiled->root = parse_expression(expression);
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
  } catch (const EvalError& e) {
    result.error = e.what();
  } catch (const std::bad_alloc&) {
    result.error = "out of memory evaluating the expression";
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
