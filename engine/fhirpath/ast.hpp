#pragma once
// The parsed form of a FHIRPath expression. Function names are resolved to FunctionId while
// parsing, so evaluation never compares names; every node keeps its 1-based source column.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fhirpath/function_id.hpp"
#include "fhirpath/value.hpp"

namespace renkei::fhirpath {

enum class AstKind : uint8_t {
  Literal,     // value
  EmptySet,    // {}
  Identifier,  // name: member of the focus (or the resource type at the root)
  Member,      // children[0].name
  Function,    // function on children[0] (the target; absent = $this) with args children[1..]
  Indexer,     // children[0][children[1]]
  Unary,       // op '+' / '-'
  Binary,      // op, children[0], children[1]
  TypeTest,    // is / as with type_namespace.type_name
  Variable,    // %name
  This,        // $this
  Index,       // $index
  Total,       // $total
};

enum class BinaryOp : uint8_t {
  None, Mul, Div, IntDiv, Mod, Add, Sub, Concat, Union, Lt, Gt, Le, Ge, Eq, Equiv, Ne, NotEquiv, In, Contains,
  And, Or, Xor, Implies, Is, As, Negate
};

struct AstNode {
  AstKind kind = AstKind::Literal;
  BinaryOp op = BinaryOp::None;
  FunctionId function = FunctionId::Unknown;
  bool has_target = false;  // Function: children[0] is the target
  // The value does not depend on the focus ($this, $index, identifiers): `%resource.type`.
  // Set after parsing; the evaluator computes such subexpressions once per evaluation,
  // which turns `entry.all(... %resource.type ...)` from O(n²) into O(n).
  bool focus_independent = false;
  uint32_t column = 0;
  std::string name;            // identifier, variable or function name
  std::string type_namespace;  // TypeTest / type arguments: "FHIR", "System" or empty
  std::string type_name;
  Item literal;
  std::vector<std::unique_ptr<AstNode>> children;

  // Function arguments (after the target when there is one).
  size_t arg_count() const { return children.size() - (has_target ? 1 : 0); }
  const AstNode& arg(size_t i) const { return *children[i + (has_target ? 1 : 0)]; }
};

}  // namespace renkei::fhirpath
