#pragma once
// Public FHIRPath API: compile an expression once, evaluate it many times, from many threads.
//
//   IssueList issues;
//   auto expr = fhirpath::compile("name.given.exists()", issues);   // nullptr + issue on error
//   fhirpath::EvalContext ctx;  ctx.resource = patient_root;
//   fhirpath::EvalResult r = fhirpath::evaluate(*expr, ctx);          // r.error set on failure
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/issue.hpp"
#include "fhirpath/ast.hpp"
#include "fhirpath/value.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::fhirpath {

struct CompiledExpression;
struct BooleanForm;

// Parses and resolves an expression. On a syntax error returns nullptr and adds an error issue
// (code "invalid", message with line and 1-based column).
std::shared_ptr<const CompiledExpression> compile(std::string_view expression, IssueList& issues);

// A code as memberOf() sees it (from a code, Coding or CodeableConcept's coding).
struct Code {
  std::string_view system;
  std::string_view code;
  std::string_view version;
};
// true / false / nullopt = unknown (value set not available): memberOf() then returns empty.
using MemberOfCallback = std::function<std::optional<bool>(const Code& code, std::string_view valueset_url)>;
using ConformsToCallback = std::function<std::optional<bool>(const Item& item, std::string_view profile_url)>;
using TraceCallback = std::function<void(std::string_view name, const Collection& items)>;

struct EvalContext {
  Collection focus;                          // empty: the resource is the focus
  const model::Node* resource = nullptr;     // %resource (and the default focus)
  const model::Node* root_resource = nullptr;  // %rootResource (defaults to resource)
  std::map<std::string, Collection, std::less<>> variables;  // %name -> value
  const definitions::TypeModel* types = nullptr;
  MemberOfCallback member_of;
  ConformsToCallback conforms_to;
  TraceCallback trace;
  uint64_t max_steps = 10'000'000;
  uint32_t max_depth = 400;  // evaluation recursion bound
  std::optional<Temporal> now;  // fixed now() for reproducible runs; else the clock
  // Evaluate as the HL7 validator does where it is more lenient than the FHIRPath spec
  // (item_is_type on System names, as() over several items): set for invariants.
  bool hl7_validator_compat = false;
};

struct EvalResult {
  Collection items;
  std::string error;  // set when evaluation failed (a constraint error, not a false result)
  bool over_limit = false;  // the failure is a resource limit (steps, nesting, time, memory)
  bool ok() const { return error.empty(); }
};

struct CompiledExpression {
  std::string text;
  std::unique_ptr<AstNode> root;
  // Set when the expression reads its focus only through some of the focus's children
  // (focus_children.hpp): their names, and the result, computed once, on a focus with none.
  struct WithoutChildren {
    std::vector<std::string> child_names;
    EvalResult result;
    uint64_t steps = 0;  // what computing it took, against a caller's lower step budget
  };
  std::optional<WithoutChildren> without_children;
  // Set when the expression is Boolean logic over tests on paths (boolean_form.hpp): evaluate()
  // then first walks the tree, and evaluates the syntax tree only when the walk cannot answer.
  std::shared_ptr<const BooleanForm> boolean_form;
};

EvalResult evaluate(const CompiledExpression& expression, const EvalContext& context);

// The result evaluate() would give for this focus when it is known without evaluating (the
// focus has none of the children the expression reads, and there are no caller-defined
// variables); nullptr otherwise.
const EvalResult* known_result(const CompiledExpression& expression, const model::Node& focus,
                               const EvalContext& context);

// FHIRPath boolean conversion of a result: true/false for a single Boolean (or a single
// non-Boolean item: true), nullopt for empty; an error for several items.
std::optional<bool> to_boolean(const EvalResult& result);

}  // namespace renkei::fhirpath
