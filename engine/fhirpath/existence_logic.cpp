#include "fhirpath/existence_logic.hpp"

#include <algorithm>

#include "fhirpath/fhir_types.hpp"

namespace renkei::fhirpath {

namespace {

// Identifier or Member chain from the focus: `text.div` -> {text, div}.
bool collect_path(const AstNode& n, std::vector<std::string>& path) {
  if (n.kind == AstKind::Identifier) {
    path.push_back(n.name);
    return true;
  }
  if (n.kind == AstKind::Member && collect_path(*n.children[0], path)) {
    path.push_back(n.name);
    return true;
  }
  return false;
}

std::optional<ExistenceLogic> compile(const AstNode& n) {
  ExistenceLogic out;
  if (n.kind == AstKind::Binary) {
    switch (n.op) {
      case BinaryOp::And: out.kind = ExistenceLogic::Kind::And; break;
      case BinaryOp::Or: out.kind = ExistenceLogic::Kind::Or; break;
      case BinaryOp::Xor: out.kind = ExistenceLogic::Kind::Xor; break;
      case BinaryOp::Implies: out.kind = ExistenceLogic::Kind::Implies; break;
      default: return std::nullopt;
    }
    for (const auto& c : n.children) {
      auto operand = compile(*c);
      if (!operand) return std::nullopt;
      out.operands.push_back(std::move(*operand));
    }
    return out;
  }
  if (n.kind != AstKind::Function || !n.has_target || n.arg_count() != 0) return std::nullopt;
  if (n.function == FunctionId::Not) {
    auto operand = compile(*n.children[0]);
    if (!operand) return std::nullopt;
    out.kind = ExistenceLogic::Kind::Not;
    out.operands.push_back(std::move(*operand));
    return out;
  }
  if (n.function != FunctionId::Exists && n.function != FunctionId::Empty) return std::nullopt;
  out.kind = n.function == FunctionId::Exists ? ExistenceLogic::Kind::Exists : ExistenceLogic::Kind::Empty;
  if (!collect_path(*n.children[0], out.path)) return std::nullopt;
  return out;
}

// Walks like the evaluator (whole collections, no short circuit) and counts its steps the
// way the evaluator does, or more: one per expression node and one per item navigated from.
// Where the evaluator could run out of steps, the walk says so and the evaluator answers.
class Walker {
 public:
  Walker(const definitions::TypeModel* types, uint64_t max_steps, std::vector<Collection>& scratch)
      : types_(types), max_steps_(max_steps), levels_(scratch) {}

  std::optional<bool> value(const ExistenceLogic& e, const Item& focus) {
    using Kind = ExistenceLogic::Kind;
    switch (e.kind) {
      case Kind::Exists:
      case Kind::Empty: {
        steps_ += 1 + e.path.size();  // the function and each name
        auto found = reaches(focus, e.path);
        if (!found) return std::nullopt;
        return e.kind == Kind::Exists ? *found : !*found;
      }
      case Kind::Not: {
        ++steps_;
        auto v = value(e.operands[0], focus);
        if (!v) return std::nullopt;
        return !*v;
      }
      default: break;
    }
    ++steps_;
    auto a = value(e.operands[0], focus);
    auto b = value(e.operands[1], focus);
    if (!a || !b) return std::nullopt;
    switch (e.kind) {
      case Kind::And: return *a && *b;
      case Kind::Or: return *a || *b;
      case Kind::Xor: return *a != *b;
      default: return !*a || *b;  // implies
    }
  }

 private:
  // Does navigating the path from `focus` select anything? nullopt past the step budget.
  std::optional<bool> reaches(const Item& focus, const std::vector<std::string>& path) {
    if (levels_.size() < 2) levels_.resize(2);
    Collection& current = levels_[0];
    Collection& next = levels_[1];
    current.assign(1, focus);
    for (size_t i = 0; i < path.size() && !current.empty(); ++i) {
      steps_ += current.size();
      if (steps_ > max_steps_) return std::nullopt;
      next.clear();
      for (const Item& item : current) {
        // As the evaluator does: a leading type name selects the resource itself (Patient.name).
        if (i == 0 && item.node && item.node->resource_type == path[0]) {
          next.push_back(item);
          continue;
        }
        children_named(item, path[i], types_, next);
      }
      current.swap(next);
    }
    return !current.empty();
  }

  const definitions::TypeModel* types_;
  uint64_t max_steps_;
  uint64_t steps_ = 0;
  std::vector<Collection>& levels_;  // two collections, reused between evaluations
};

uint32_t ast_depth(const AstNode& n) {
  uint32_t d = 0;
  for (const auto& c : n.children) d = std::max(d, ast_depth(*c));
  return d + 1;
}

}  // namespace

std::unique_ptr<const ExistenceLogic> compile_existence_logic(const AstNode& root) {
  auto logic = compile(root);
  if (!logic) return nullptr;
  logic->depth = ast_depth(root);
  return std::make_unique<const ExistenceLogic>(std::move(*logic));
}

std::optional<bool> evaluate_existence_logic(const ExistenceLogic& logic, const Item& focus,
                                             const definitions::TypeModel* types, uint64_t max_steps) {
  thread_local std::vector<Collection> scratch;
  return Walker(types, max_steps, scratch).value(logic, focus);
}

}  // namespace renkei::fhirpath
