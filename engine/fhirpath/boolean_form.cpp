#include "fhirpath/boolean_form.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <utility>

#include "fhirpath/comparison.hpp"
#include "fhirpath/fhir_types.hpp"
#include "fhirpath/html_checks.hpp"

namespace renkei::fhirpath {

namespace {

using Kind = BooleanForm::Kind;
using Root = BooleanForm::Root;

// Identifier or Member chain from the focus (`text.div` -> {text, div}), or from %resource /
// %rootResource.
bool collect_path(const AstNode& n, BooleanForm& out) {
  switch (n.kind) {
    case AstKind::Identifier:
      out.root = Root::Focus;
      out.path.push_back(n.name);
      return true;
    case AstKind::Variable:
      if (n.name != "resource" && n.name != "rootResource") return false;
      out.root = n.name == "resource" ? Root::Resource : Root::RootResource;
      return true;
    case AstKind::Member:
      if (!collect_path(*n.children[0], out)) return false;
      out.path.push_back(n.name);
      return true;
    default: return false;
  }
}

// The function's input as a path: its target, or the focus itself when it has none.
bool collect_input(const AstNode& function, BooleanForm& out) {
  if (!function.has_target) return true;
  return collect_path(*function.children[0], out);
}

bool is_string_literal(const AstNode& n) { return n.kind == AstKind::Literal && n.literal.value.index() == 2; }

BooleanForm opaque() { return {}; }

BooleanForm compound(Kind kind, BooleanForm a, BooleanForm b) {
  BooleanForm out;
  out.kind = kind;
  out.operands.push_back(std::move(a));
  out.operands.push_back(std::move(b));
  return out;
}

BooleanForm compile(const AstNode& n) {
  BooleanForm out;
  if (n.kind == AstKind::Binary) {
    switch (n.op) {
      case BinaryOp::And:
      case BinaryOp::Or:
      case BinaryOp::Implies: {
        // The evaluator reads the right operand only when the left one does not decide, so
        // an opaque right operand still leaves cases to the form.
        BooleanForm a = compile(*n.children[0]);
        if (a.kind == Kind::Opaque) return opaque();
        Kind k = n.op == BinaryOp::And ? Kind::And : n.op == BinaryOp::Or ? Kind::Or : Kind::Implies;
        return compound(k, std::move(a), compile(*n.children[1]));
      }
      case BinaryOp::Xor: {
        BooleanForm a = compile(*n.children[0]), b = compile(*n.children[1]);
        if (a.kind == Kind::Opaque || b.kind == Kind::Opaque) return opaque();
        return compound(Kind::Xor, std::move(a), std::move(b));
      }
      case BinaryOp::Eq:
      case BinaryOp::Ne: {
        if (is_string_literal(*n.children[1]) && collect_path(*n.children[0], out)) {
          out.kind = n.op == BinaryOp::Eq ? Kind::Equal : Kind::NotEqual;
          out.text = std::get<std::string>(n.children[1]->literal.value);
          return out;
        }
        // Both sides Boolean forms: `request.exists() = (%resource.type = 'batch' or ...)`.
        BooleanForm a = compile(*n.children[0]), b = compile(*n.children[1]);
        if (a.kind == Kind::Opaque || b.kind == Kind::Opaque) return opaque();
        return compound(n.op == BinaryOp::Eq ? Kind::Same : Kind::Differ, std::move(a), std::move(b));
      }
      default: return opaque();
    }
  }
  if (n.kind != AstKind::Function) return opaque();
  switch (n.function) {
    case FunctionId::Not: {
      if (!n.has_target || n.arg_count() != 0) return opaque();
      BooleanForm a = compile(*n.children[0]);
      if (a.kind == Kind::Opaque) return opaque();
      out.kind = Kind::Not;
      out.operands.push_back(std::move(a));
      return out;
    }
    case FunctionId::Exists:
    case FunctionId::Empty:
    case FunctionId::HasValue:
    case FunctionId::HtmlChecks:
      if (n.arg_count() != 0 || !collect_input(n, out)) return opaque();
      out.kind = n.function == FunctionId::Exists     ? Kind::Exists
                 : n.function == FunctionId::Empty    ? Kind::Empty
                 : n.function == FunctionId::HasValue ? Kind::HasValue
                                                      : Kind::HtmlChecks;
      return out;
    case FunctionId::StartsWith:
    case FunctionId::EndsWith:
    case FunctionId::Contains:
      if (n.arg_count() != 1 || !is_string_literal(n.arg(0)) || !collect_input(n, out)) return opaque();
      out.kind = n.function == FunctionId::StartsWith ? Kind::StartsWith
                 : n.function == FunctionId::EndsWith ? Kind::EndsWith
                                                      : Kind::Contains;
      out.text = std::get<std::string>(n.arg(0).literal.value);
      return out;
    case FunctionId::All: {
      if (!n.has_target || n.arg_count() != 1 || !collect_path(*n.children[0], out)) return opaque();
      BooleanForm criteria = compile(n.arg(0));
      if (criteria.kind == Kind::Opaque) return opaque();
      out.kind = Kind::All;
      out.operands.push_back(std::move(criteria));
      return out;
    }
    default: return opaque();
  }
}

// Sets focus_independent on the form and its operands; returns it.
bool mark_focus_independent(BooleanForm& f) {
  bool operands_independent = true;
  for (BooleanForm& o : f.operands) operands_independent = mark_focus_independent(o) && operands_independent;
  if (f.kind == Kind::Opaque) return false;
  // A test's own path (with All, the items the criteria see) decides; compounds follow operands.
  bool has_path = f.operands.empty() || f.kind == Kind::All;
  f.focus_independent = has_path ? f.root != Root::Focus : operands_independent;
  return f.focus_independent;
}

bool reads_variables(const BooleanForm& f) {
  if (f.kind != Kind::Opaque && f.root != Root::Focus) return true;
  return std::any_of(f.operands.begin(), f.operands.end(), reads_variables);
}

uint32_t ast_depth(const AstNode& n) {
  uint32_t d = 0;
  for (const auto& c : n.children) d = std::max(d, ast_depth(*c));
  return d + 1;
}

Truth truth(bool b) { return b ? Truth::True : Truth::False; }

// Walks the tree for a form. Counts steps the way the evaluator does, or more (one per
// expression node and one per item navigated from), so that where the evaluator could run out
// of steps the walk answers Unknown and the evaluator answers, with its error.
class Walker {
 public:
  Walker(const BooleanFormInput& input, std::deque<Collection>& pool) : in_(input), pool_(pool) {}

  Truth run(const BooleanForm& form) {
    Truth t = value(form, *in_.focus);
    return steps_ > in_.max_steps ? Truth::Unknown : t;
  }

 private:
  Truth value(const BooleanForm& f, const Item& focus) {
    if (!f.focus_independent) return value_on(f, focus);
    for (const auto& [form, t] : independent_)
      if (form == &f) {
        ++steps_;  // the evaluator's step for looking its value up
        return t;
      }
    Truth t = value_on(f, focus);
    independent_.emplace_back(&f, t);
    return t;
  }

  Truth value_on(const BooleanForm& f, const Item& focus) {
    ++steps_;
    switch (f.kind) {
      case Kind::And:
      case Kind::Or:
      case Kind::Implies: {
        // As the evaluator: the right operand only when the left one does not decide.
        Truth a = value(f.operands[0], focus);
        if (a == Truth::Unknown) return a;
        if (f.kind == Kind::And && a == Truth::False) return Truth::False;
        if (f.kind == Kind::Or && a == Truth::True) return Truth::True;
        if (f.kind == Kind::Implies && a == Truth::False) return Truth::True;
        Truth b = value(f.operands[1], focus);
        if (b == Truth::Unknown) return b;
        bool both = a != Truth::Empty && b != Truth::Empty;
        if (f.kind == Kind::And) return b == Truth::False ? Truth::False : both ? Truth::True : Truth::Empty;
        // or: a is false or empty; implies: a is true or empty.
        return b == Truth::True ? Truth::True : both ? Truth::False : Truth::Empty;
      }
      case Kind::Xor:
      case Kind::Same:
      case Kind::Differ: {
        Truth a = value(f.operands[0], focus);
        Truth b = value(f.operands[1], focus);
        if (a == Truth::Unknown || b == Truth::Unknown) return Truth::Unknown;
        if (a == Truth::Empty || b == Truth::Empty) return Truth::Empty;
        return truth((a == b) == (f.kind == Kind::Same));
      }
      case Kind::Not: {
        Truth a = value(f.operands[0], focus);
        if (a == Truth::True) return Truth::False;
        if (a == Truth::False) return Truth::True;
        return a;
      }
      case Kind::Opaque: return Truth::Unknown;
      default: break;
    }
    const size_t mark = used_;
    const Collection* items = select(f, focus);
    Truth t = items ? test(f, *items) : Truth::Unknown;
    used_ = mark;
    return t;
  }

  // A test on the items its path selects.
  Truth test(const BooleanForm& f, const Collection& items) {
    steps_ += 1;  // a literal argument
    switch (f.kind) {
      case Kind::Exists: return truth(!items.empty());
      case Kind::Empty: return truth(items.empty());
      case Kind::HasValue: {
        if (items.size() != 1) return Truth::False;
        const Item& item = items[0];
        return truth(item.node ? item.node->is_primitive() && item.node->has_value() : true);
      }
      case Kind::HtmlChecks:
        for (const Item& item : items)
          if (!item.node || !narrative_is_safe(item.node->text)) return Truth::False;
        return Truth::True;
      case Kind::StartsWith:
      case Kind::EndsWith:
      case Kind::Contains:
      case Kind::Equal:
      case Kind::NotEqual: {
        if (items.empty()) return Truth::Empty;
        bool equality = f.kind == Kind::Equal || f.kind == Kind::NotEqual;
        // Several items: false for equality, an error (not a singleton) for the functions.
        if (items.size() > 1) return equality ? truth(f.kind == Kind::NotEqual) : Truth::Unknown;
        auto s = plain_string(items[0]);
        if (!s) return Truth::Unknown;  // another type's conversion (or error) is the evaluator's
        switch (f.kind) {
          case Kind::StartsWith: return truth(s->starts_with(f.text));
          case Kind::EndsWith: return truth(s->ends_with(f.text));
          case Kind::Contains: return truth(s->find(f.text) != std::string_view::npos);
          case Kind::Equal: return truth(*s == f.text);
          default: return truth(*s != f.text);
        }
      }
      case Kind::All:
        // As the evaluator: false at the first item whose criteria is not true.
        for (const Item& item : items) {
          Truth t = value(f.operands[0], item);
          if (t == Truth::Unknown || steps_ > in_.max_steps) return Truth::Unknown;
          if (t != Truth::True) return Truth::False;
        }
        return Truth::True;
      default: return Truth::Unknown;
    }
  }

  Collection& take() {
    if (used_ == pool_.size()) pool_.emplace_back();
    return pool_[used_++];
  }

  // The items the form's path selects from its root, in a pooled collection (held until the
  // caller resets used_); nullptr past the step budget.
  const Collection* select(const BooleanForm& f, const Item& focus) {
    Collection* current = &take();
    Collection* next = &take();
    current->clear();
    ++steps_;  // the root: an identifier or a variable
    if (f.root == Root::Focus) {
      current->push_back(focus);
    } else {
      const model::Node* r = f.root == Root::RootResource && in_.root_resource ? in_.root_resource : in_.resource;
      if (r) current->push_back(root_item(r, in_.types));
    }
    for (size_t i = 0; i < f.path.size() && !current->empty(); ++i) {
      steps_ += 1 + current->size();
      if (steps_ > in_.max_steps) return nullptr;
      next->clear();
      for (const Item& item : *current) {
        // As the evaluator does: a leading type name selects the resource itself (Patient.name).
        if (i == 0 && f.root == Root::Focus && item.node && item.node->resource_type == f.path[0]) {
          next->push_back(item);
          continue;
        }
        children_named(item, f.path[i], in_.types, *next);
      }
      std::swap(current, next);
    }
    return current;
  }

  const BooleanFormInput& in_;
  std::deque<Collection>& pool_;  // collections reused between evaluations (stable addresses)
  size_t used_ = 0;
  uint64_t steps_ = 0;
  std::vector<std::pair<const BooleanForm*, Truth>> independent_;  // values computed in this walk
};

}  // namespace

std::unique_ptr<const BooleanForm> compile_boolean_form(const AstNode& root) {
  BooleanForm form = compile(root);
  if (form.kind == Kind::Opaque) return nullptr;
  form.depth = ast_depth(root);
  form.reads_variables = reads_variables(form);
  mark_focus_independent(form);
  return std::make_unique<const BooleanForm>(std::move(form));
}

Truth evaluate_boolean_form(const BooleanForm& form, const BooleanFormInput& input) {
  thread_local std::deque<Collection> pool;
  return Walker(input, pool).run(form);
}

}  // namespace renkei::fhirpath
