#include "fhirpath/evaluator.hpp"

#include <chrono>
#include <ctime>

#include "fhirpath/comparison.hpp"
#include "fhirpath/fhir_types.hpp"

namespace renkei::fhirpath {

const Item* singleton(const Collection& c, const char* what) {
  if (c.empty()) return nullptr;
  if (c.size() > 1) throw EvalError(std::string(what) + " expects a single item but got " + std::to_string(c.size()));
  return &c[0];
}

std::optional<bool> singleton_boolean(const Collection& c, const char* what) {
  const Item* item = singleton(c, what);
  if (!item) return std::nullopt;
  auto v = to_system(*item);
  if (v && v->index() == 1) return std::get<bool>(*v);
  return true;  // a single non-Boolean item counts as true (FHIRPath §4.5 singleton evaluation)
}

Evaluator::Evaluator(const EvalContext& context) : ctx_(context), context_focus_(&ctx_.focus) {
  if (ctx_.focus.empty() && ctx_.resource) {
    resource_focus_.push_back(root_item(ctx_.resource, ctx_.types));
    context_focus_ = &resource_focus_;
  }
}

Collection Evaluator::run(const AstNode& root) {
  Frame frame;
  if (!context_focus_->empty()) frame.this_item = &(*context_focus_)[0];
  return eval(root, *context_focus_, frame);
}

void Evaluator::step(uint64_t n) {
  steps_ += n;
  if (steps_ > ctx_.max_steps)
    throw EvalLimitExceeded("evaluation exceeded the step budget of " + std::to_string(ctx_.max_steps) +
                    " (--max-fhirpath-steps)");
}

Temporal Evaluator::current_time() {
  if (ctx_.now) return *ctx_.now;
  if (!now_) {
    auto tp = std::chrono::system_clock::now();
    std::time_t tt = std::chrono::system_clock::to_time_t(tp);
    std::tm local{};
    localtime_r(&tt, &local);
    Temporal t;
    t.kind = TemporalKind::DateTime;
    t.precision = TemporalPrecision::Millisecond;
    t.year = local.tm_year + 1900;
    t.month = local.tm_mon + 1;
    t.day = local.tm_mday;
    t.hour = local.tm_hour;
    t.minute = local.tm_min;
    t.second = local.tm_sec;
    t.millisecond =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count() % 1000);
    t.has_timezone = true;
    t.tz_offset_minutes = static_cast<int>(local.tm_gmtoff / 60);
    now_ = t;
  }
  return *now_;
}

Collection Evaluator::eval_for_item(const AstNode& arg, const Collection& input, size_t i, const Frame& outer,
                                    const Collection* total) {
  Collection focus{input[i]};
  Frame frame = outer;
  frame.this_item = &input[i];
  frame.index = static_cast<int64_t>(i);
  if (total) frame.total = total;
  return eval(arg, focus, frame);
}

Collection Evaluator::eval(const AstNode& n, const Collection& focus, const Frame& frame) {
  step();
  struct DepthGuard {
    explicit DepthGuard(Evaluator& e) : e(e) {
      if (++e.depth_ > e.ctx_.max_depth) throw EvalLimitExceeded("evaluation nested too deeply");
    }
    ~DepthGuard() { --e.depth_; }
    Evaluator& e;
  } guard(*this);

  if (n.focus_independent && (n.kind == AstKind::Member || n.kind == AstKind::Function || n.kind == AstKind::Binary)) {
    for (const auto& [node, value] : hoisted_)
      if (node == &n) return value;
    Collection value = eval_uncached(n, focus, frame);
    hoisted_.emplace_back(&n, value);
    return value;
  }
  return eval_uncached(n, focus, frame);
}

Collection Evaluator::eval_uncached(const AstNode& n, const Collection& focus, const Frame& frame) {
  switch (n.kind) {
    case AstKind::Literal: return {n.literal};
    case AstKind::EmptySet: return {};
    case AstKind::This: return frame.this_item ? Collection{*frame.this_item} : Collection{};
    case AstKind::Index:
      if (frame.index < 0) throw EvalError("$index used outside an iterating function");
      return {Item::of(frame.index)};
    case AstKind::Total:
      if (!frame.total) throw EvalError("$total used outside aggregate()");
      return *frame.total;
    case AstKind::Variable: return eval_variable(n);
    case AstKind::Identifier:
    case AstKind::Member: {
      Collection parents;  // an identifier navigates from the focus itself (not copied)
      if (n.kind == AstKind::Member) parents = eval(*n.children[0], focus, frame);
      const Collection& input = n.kind == AstKind::Member ? parents : focus;
      Collection out;
      for (const Item& item : input) {
        step();
        // A leading type name selects the resource itself: Patient.name on a Patient.
        if (n.kind == AstKind::Identifier && item.node && item.node->resource_type == n.name) {
          out.push_back(item);
          continue;
        }
        children_named(item, n.name, ctx_.types, out);
      }
      return out;
    }
    case AstKind::Indexer: {
      Collection input = eval(*n.children[0], focus, frame);
      Collection index = eval(*n.children[1], focus, frame);
      const Item* i = singleton(index, "indexer");
      if (!i) return {};
      auto v = to_system(*i);
      if (!v || v->index() != 3) throw EvalError("an index must be an Integer");
      int64_t k = std::get<int64_t>(*v);
      if (k < 0 || k >= static_cast<int64_t>(input.size())) return {};
      return {input[static_cast<size_t>(k)]};
    }
    case AstKind::Unary: {
      Collection v = eval(*n.children[0], focus, frame);
      if (n.op != BinaryOp::Negate) return v;
      const Item* item = singleton(v, "unary minus");
      if (!item) return {};
      auto s = to_system(*item);
      if (!s) throw EvalError("unary minus needs a number or a Quantity");
      switch (s->index()) {
        case 3: return {Item::of(-std::get<int64_t>(*s))};
        case 4: return {Item::of(std::get<Decimal>(*s).negate())};
        case 6: {
          Quantity q = std::get<Quantity>(*s);
          q.value = q.value.negate();
          return {Item::of(q)};
        }
        default: throw EvalError("unary minus needs a number or a Quantity");
      }
    }
    case AstKind::TypeTest: {
      Collection v = eval(*n.children[0], focus, frame);
      TypeSpecifier spec{n.type_namespace, n.type_name};
      if (n.op == BinaryOp::Is) {
        const Item* item = singleton(v, "is");
        if (!item) return {};
        return {Item::of(item_is_type(*item, spec, ctx_.types, ctx_.hl7_validator_compat))};
      }
      if (v.size() > 1 && !ctx_.hl7_validator_compat)
        throw EvalError("as expects a single item but got " + std::to_string(v.size()));
      Collection out;
      for (const Item& item : v)
        if (item_is_type(item, spec, ctx_.types, ctx_.hl7_validator_compat)) out.push_back(item);
      return out;
    }
    case AstKind::Binary: return eval_binary(n, focus, frame);
    case AstKind::Function: return eval_function(n, focus, frame);
  }
  return {};
}

Collection Evaluator::eval_variable(const AstNode& n) {
  const std::string& name = n.name;
  if (auto it = ctx_.variables.find(name); it != ctx_.variables.end()) return it->second;
  if (name == "resource") {
    if (ctx_.resource) return {root_item(ctx_.resource, ctx_.types)};
    return {};
  }
  if (name == "rootResource") {
    const model::Node* r = ctx_.root_resource ? ctx_.root_resource : ctx_.resource;
    if (r) return {root_item(r, ctx_.types)};
    return {};
  }
  if (name == "context") return *context_focus_;
  if (name == "ucum") return {Item::of(std::string("http://unitsofmeasure.org"))};
  if (name == "sct") return {Item::of(std::string("http://snomed.info/sct"))};
  if (name == "loinc") return {Item::of(std::string("http://loinc.org"))};
  if (name.starts_with("vs-")) return {Item::of("http://hl7.org/fhir/ValueSet/" + name.substr(3))};
  if (name.starts_with("ext-")) return {Item::of("http://hl7.org/fhir/StructureDefinition/" + name.substr(4))};
  throw EvalError("undefined environment variable %" + name);
}

Collection Evaluator::eval_binary(const AstNode& n, const Collection& focus, const Frame& frame) {
  BinaryOp op = n.op;
  // Boolean operators evaluate both sides (no errors hide behind short circuits except for
  // the cases three-valued logic already decides).
  if (op == BinaryOp::And || op == BinaryOp::Or || op == BinaryOp::Xor || op == BinaryOp::Implies) {
    auto a = singleton_boolean(eval(*n.children[0], focus, frame), "boolean operator");
    if (op == BinaryOp::And && a == false) return {Item::of(false)};
    if (op == BinaryOp::Or && a == true) return {Item::of(true)};
    if (op == BinaryOp::Implies && a == false) return {Item::of(true)};
    auto b = singleton_boolean(eval(*n.children[1], focus, frame), "boolean operator");
    auto result = [](std::optional<bool> v) { return v ? Collection{Item::of(*v)} : Collection{}; };
    switch (op) {
      case BinaryOp::And:
        if (b == false) return result(false);
        if (a && b) return result(true);
        return {};
      case BinaryOp::Or:
        if (b == true) return result(true);
        if (a && b) return result(false);
        return {};
      case BinaryOp::Xor:
        if (a && b) return result(*a != *b);
        return {};
      default:  // implies, a is true or unknown
        if (b == true) return result(true);
        if (a && b) return result(false);
        return {};
    }
  }
  Collection a = eval(*n.children[0], focus, frame);
  Collection b = eval(*n.children[1], focus, frame);
  switch (op) {
    case BinaryOp::Union: {
      Collection out;
      for (const Collection* c : {&a, &b})
        for (const Item& item : *c) {
          step(out.size() + 1);
          if (!collection_contains(out, item)) out.push_back(item);
        }
      return out;
    }
    case BinaryOp::Eq:
    case BinaryOp::Ne: {
      auto e = collections_equal(a, b);
      if (!e) return {};
      return {Item::of(op == BinaryOp::Eq ? *e : !*e)};
    }
    case BinaryOp::Equiv: return {Item::of(collections_equivalent(a, b))};
    case BinaryOp::NotEquiv: return {Item::of(!collections_equivalent(a, b))};
    case BinaryOp::Lt:
    case BinaryOp::Gt:
    case BinaryOp::Le:
    case BinaryOp::Ge: {
      const Item* x = singleton(a, "comparison");
      const Item* y = singleton(b, "comparison");
      if (!x || !y) return {};
      auto c = items_compare(*x, *y);
      if (!c) return {};
      bool r = op == BinaryOp::Lt ? *c < 0 : op == BinaryOp::Gt ? *c > 0 : op == BinaryOp::Le ? *c <= 0 : *c >= 0;
      return {Item::of(r)};
    }
    case BinaryOp::In:
    case BinaryOp::Contains: {
      const Collection& element = op == BinaryOp::In ? a : b;
      const Collection& container = op == BinaryOp::In ? b : a;
      const Item* x = singleton(element, op == BinaryOp::In ? "in" : "contains");
      if (!x) return {};
      step(container.size());
      return {Item::of(collection_contains(container, *x))};
    }
    case BinaryOp::Concat: {
      if (a.size() > 1 || b.size() > 1) throw EvalError("& expects single strings");
      std::string out;
      for (const Collection* c : {&a, &b}) {
        if (c->empty()) continue;
        auto v = to_system((*c)[0]);
        if (!v || v->index() != 2) throw EvalError("& expects strings");
        out += std::get<std::string>(*v);
      }
      return {Item::of(out)};
    }
    default: return arithmetic(op, a, b);
  }
}

Collection Evaluator::arithmetic(BinaryOp op, const Collection& a, const Collection& b) {
  const Item* x = singleton(a, "arithmetic");
  const Item* y = singleton(b, "arithmetic");
  if (!x || !y) return {};
  auto p = to_system(*x), q = to_system(*y);
  if (!p || !q) throw EvalError("arithmetic needs primitive values");
  auto one = [](std::optional<Decimal> d) { return d ? Collection{Item::of(*d)} : Collection{}; };
  auto number = [](const SystemValue& v) -> std::optional<Decimal> {
    if (v.index() == 3) return Decimal::from_integer(std::get<int64_t>(v));
    if (v.index() == 4) return std::get<Decimal>(v);
    return std::nullopt;
  };
  // Integer arithmetic stays Integer (except '/').
  if (p->index() == 3 && q->index() == 3 && op != BinaryOp::Div) {
    int64_t i = std::get<int64_t>(*p), j = std::get<int64_t>(*q), r = 0;
    switch (op) {
      case BinaryOp::Add:
        if (__builtin_add_overflow(i, j, &r)) throw EvalError("integer overflow");
        return {Item::of(r)};
      case BinaryOp::Sub:
        if (__builtin_sub_overflow(i, j, &r)) throw EvalError("integer overflow");
        return {Item::of(r)};
      case BinaryOp::Mul:
        if (__builtin_mul_overflow(i, j, &r)) throw EvalError("integer overflow");
        return {Item::of(r)};
      case BinaryOp::IntDiv:
        if (j == 0) return {};
        return {Item::of(i / j)};
      case BinaryOp::Mod:
        if (j == 0) return {};
        return {Item::of(i % j)};
      default: break;
    }
  }
  auto m = number(*p), k = number(*q);
  if (m && k) {
    switch (op) {
      case BinaryOp::Add: return one(m->add(*k));
      case BinaryOp::Sub: return one(m->sub(*k));
      case BinaryOp::Mul: return one(m->mul(*k));
      case BinaryOp::Div: return one(m->div(*k));
      case BinaryOp::IntDiv: {
        auto d = m->div_truncated(*k);
        if (!d) return {};
        return {Item::of(*d->to_int64())};
      }
      case BinaryOp::Mod: return one(m->mod(*k));
      default: break;
    }
  }
  if (p->index() == 2 && q->index() == 2 && op == BinaryOp::Add)
    return {Item::of(std::get<std::string>(*p) + std::get<std::string>(*q))};
  // Date/time arithmetic with a duration quantity.
  if (p->index() == 5 && q->index() == 6 && (op == BinaryOp::Add || op == BinaryOp::Sub)) {
    const Quantity& d = std::get<Quantity>(*q);
    std::string_view unit = Quantity::calendar_keyword(d.unit);
    if (unit.empty()) {
      static const std::pair<std::string_view, std::string_view> ucum[] = {
          {"wk", "week"}, {"d", "day"}, {"h", "hour"},
          {"min", "minute"}, {"s", "second"}, {"ms", "millisecond"}};
      for (auto& [code, word] : ucum)
        if (d.unit == code) unit = word;
    }
    if (unit.empty()) throw EvalError("cannot add a quantity in '" + d.unit + "' to a date/time");
    auto t = std::get<Temporal>(*p).add(op == BinaryOp::Sub ? d.value.negate() : d.value, unit);
    if (!t) return {};
    return {Item::of(*t)};
  }
  // Quantity arithmetic (numbers count as unit '1').
  auto as_quantity = [](const SystemValue& v) -> std::optional<Quantity> {
    if (v.index() == 6) return std::get<Quantity>(v);
    if (v.index() == 3) return Quantity{Decimal::from_integer(std::get<int64_t>(v)), "1"};
    if (v.index() == 4) return Quantity{std::get<Decimal>(v), "1"};
    return std::nullopt;
  };
  if (p->index() == 6 || q->index() == 6) {
    auto u = as_quantity(*p), w = as_quantity(*q);
    if (u && w) {
      std::optional<Quantity> r;
      switch (op) {
        case BinaryOp::Add: r = u->add(*w, false); break;
        case BinaryOp::Sub: r = u->add(*w, true); break;
        case BinaryOp::Mul:
          if (u->unit == "1" || w->unit == "1") {  // scaling keeps the unit as written
            auto v = u->value.mul(w->value);
            if (v) r = Quantity{*v, u->unit == "1" ? w->unit : u->unit};
          } else {
            r = u->multiply(*w);
          }
          break;
        case BinaryOp::Div:
          if (w->unit == "1") {
            auto v = u->value.div(w->value);
            if (v) r = Quantity{*v, u->unit};
          } else {
            r = u->divide(*w);
          }
          break;
        default: break;
      }
      if (!r) return {};
      return {Item::of(*r)};
    }
  }
  throw EvalError("operator not defined for " + std::string(system_type_name(type_of(*p))) + " and " +
                  std::string(system_type_name(type_of(*q))));
}

}  // namespace renkei::fhirpath
