#include "fhirpath/fhirpath.hpp"

#include "fhirpath/boolean_form.hpp"
#include "fhirpath/evaluator.hpp"
#include "fhirpath/fhir_types.hpp"
#include "fhirpath/focus_children.hpp"
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

EvalResult evaluate_counting(const CompiledExpression& expression, const EvalContext& context, uint64_t* steps) {
  EvalResult result;
  try {
    Evaluator evaluator(context);
    try {
      result.items = evaluator.run(*expression.root);
    } catch (...) {
      if (steps) *steps = evaluator.steps();
      throw;
    }
    if (steps) *steps = evaluator.steps();
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

// The expression's result on an element without children, when that is its result on every
// element lacking the children it reads.
std::optional<CompiledExpression::WithoutChildren> without_children(const CompiledExpression& expression) {
  auto names = focus_child_names(*expression.root);
  if (!names) return std::nullopt;
  model::Node bare;
  EvalContext context;
  context.focus.push_back(Item::of_node(&bare));
  CompiledExpression::WithoutChildren out;
  out.child_names = std::move(*names);
  out.result = evaluate_counting(expression, context, &out.steps);
  if (out.result.over_limit) return std::nullopt;
  return out;
}

}  // namespace

std::shared_ptr<const CompiledExpression> compile(std::string_view expression, IssueList& issues) {
  try {
    auto compiled = std::make_shared<CompiledExpression>();
    compiled->text = std::string(expression);
    compiled->root = parse_expression(expression);
    mark_focus_independent(*compiled->root);
    compiled->without_children = without_children(*compiled);
    compiled->boolean_form = compile_boolean_form(*compiled->root);
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
  if (const BooleanForm* form = expression.boolean_form.get();
      form && form->depth <= context.max_depth && (!form->reads_variables || context.variables.empty())) {
    // The focus as the evaluator takes it: the context's single item, or the resource.
    std::optional<Item> resource;
    if (context.focus.empty() && context.resource) resource = root_item(context.resource, context.types);
    const Item* focus = context.focus.size() == 1 ? &context.focus[0] : resource ? &*resource : nullptr;
    if (focus) {
      BooleanFormInput input{focus, context.resource, context.root_resource, context.types, context.max_steps};
      Truth t = evaluate_boolean_form(*form, input);
      if (t != Truth::Unknown) {
        EvalResult result;
        if (t != Truth::Empty) result.items.push_back(Item::of(t == Truth::True));
        return result;
      }
    }
  }
  return evaluate_counting(expression, context, nullptr);
}

const EvalResult* known_result(const CompiledExpression& expression, const model::Node& focus,
                               const EvalContext& context) {
  const auto& w = expression.without_children;
  if (!w || !context.variables.empty() || w->steps > context.max_steps ||
      context.max_depth < EvalContext{}.max_depth)
    return nullptr;
  for (const std::string& name : w->child_names)
    if (name == focus.resource_type) return nullptr;  // `Patient` on a Patient is the focus itself
  for (const model::Node* c = focus.first_child; c; c = c->next)
    for (const std::string& name : w->child_names)  // `value` also reads valueQuantity
      if (name.empty() || (!c->name.empty() && c->name[0] == name[0] && c->name.starts_with(name))) return nullptr;
  return &w->result;
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
