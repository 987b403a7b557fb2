#include "fhirpath/focus_children.hpp"

#include <algorithm>

namespace renkei::fhirpath {

namespace {

// Arguments evaluated once per item of the function's input ($this = that item); the others
// are evaluated against the same focus as the function itself.
bool iterates_argument(FunctionId f, size_t arg) {
  switch (f) {
    case FunctionId::Exists:
    case FunctionId::All:
    case FunctionId::Where:
    case FunctionId::Select:
    case FunctionId::Repeat:
    case FunctionId::Aggregate: return arg == 0;
    case FunctionId::Sort: return true;
    default: return false;
  }
}

// Functions whose value depends on the evaluation context, not only on their input.
bool reads_context(FunctionId f) {
  switch (f) {
    case FunctionId::Is:
    case FunctionId::As:
    case FunctionId::OfType:
    case FunctionId::MemberOf:
    case FunctionId::ConformsTo:
    case FunctionId::Resolve:
    case FunctionId::Now:
    case FunctionId::Today:
    case FunctionId::TimeOfDay:
    case FunctionId::Trace:
    case FunctionId::Unknown: return true;
    default: return false;
  }
}

// Constant environment variables: the same value whatever the focus and the resource.
bool constant_variable(const std::string& name) {
  return name == "ucum" || name == "sct" || name == "loinc" || name.starts_with("vs-") || name.starts_with("ext-");
}

// `at_focus`: the node is evaluated against the expression's own focus (not an iterated item).
bool collect(const AstNode& n, bool at_focus, std::vector<std::string>& names) {
  switch (n.kind) {
    case AstKind::Literal:
    case AstKind::EmptySet: return true;
    case AstKind::Identifier:
      if (at_focus && std::find(names.begin(), names.end(), n.name) == names.end()) names.push_back(n.name);
      return true;
    case AstKind::This:
    case AstKind::Index:
    case AstKind::Total: return !at_focus;
    case AstKind::Variable: return constant_variable(n.name);
    case AstKind::TypeTest: return false;
    case AstKind::Function: {
      if (reads_context(n.function)) return false;
      if (!n.has_target && at_focus) return false;  // applied to the focus itself
      if (n.has_target && !collect(*n.children[0], at_focus, names)) return false;
      for (size_t i = 0; i < n.arg_count(); ++i)
        if (!collect(n.arg(i), at_focus && !(n.has_target && iterates_argument(n.function, i)), names)) return false;
      return true;
    }
    case AstKind::Member:  // the member name applies to children[0]'s items, not to the focus
    case AstKind::Indexer:
    case AstKind::Unary:
    case AstKind::Binary:
      for (const auto& c : n.children)
        if (!collect(*c, at_focus, names)) return false;
      return true;
  }
  return false;
}

}  // namespace

std::optional<std::vector<std::string>> focus_child_names(const AstNode& root) {
  std::vector<std::string> names;
  if (!collect(root, true, names)) return std::nullopt;
  return names;
}

}  // namespace renkei::fhirpath
