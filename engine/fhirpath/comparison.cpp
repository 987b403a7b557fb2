#include "fhirpath/comparison.hpp"

#include <algorithm>
#include <cctype>

#include "fhirpath/eval_error.hpp"

namespace renkei::fhirpath {
namespace {

bool is_number(const SystemValue& v) { return v.index() == 3 || v.index() == 4; }

Decimal as_decimal(const SystemValue& v) {
  return v.index() == 3 ? Decimal::from_integer(std::get<int64_t>(v)) : std::get<Decimal>(v);
}

// Structural equality of complex elements: same children, same names, equal values, in order.
bool nodes_equal(const model::Node* a, const model::Node* b, bool equivalent) {
  if (a == b) return true;
  if (a->is_primitive() != b->is_primitive()) return false;
  if (a->is_primitive()) {
    if (a->text != b->text && !equivalent) return false;
  }
  const model::Node* x = a->first_child;
  const model::Node* y = b->first_child;
  for (; x && y; x = x->next, y = y->next) {
    if (equivalent && (x->name == "id")) {
      continue;
    }
    if (x->name != y->name || !nodes_equal(x, y, equivalent)) return false;
  }
  return !x && !y;
}

std::string normalize_whitespace_lower(std::string_view s) {
  std::string r;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !r.empty()) r += ' ';
    space = false;
    r += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return r;
}

bool is_temporal(const SystemValue& v) { return v.index() == 5; }

// FHIR primitive types whose FHIRPath value is their text as a String (primitive_value).
bool is_plain_string_type(std::string_view t) {
  return t == "string" || t == "code" || t == "id" || t == "uri" || t == "url" || t == "canonical" ||
         t == "markdown" || t == "oid" || t == "uuid" || t == "base64Binary";
}

}  // namespace

std::optional<std::string_view> plain_string(const Item& i) {
  if (!i.node) {
    if (i.value.index() == 2) return std::string_view(std::get<std::string>(i.value));
    return std::nullopt;
  }
  if (!i.node->is_primitive() || !i.node->has_value() || !is_plain_string_type(i.fhir_type)) return std::nullopt;
  return i.node->text;
}

std::optional<bool> items_equal(const Item& a, const Item& b) {
  if (a.node && b.node && !a.node->is_primitive() && !b.node->is_primitive() &&
      !(a.fhir_type == "Quantity" && b.fhir_type == "Quantity"))
    return nodes_equal(a.node, b.node, false);
  if (const auto s = plain_string(a))
    if (const auto t = plain_string(b)) return *s == *t;
  auto x = to_system(a), y = to_system(b);
  if (!x || !y) {
    if (a.node && b.node) return nodes_equal(a.node, b.node, false);
    return false;
  }
  if (is_number(*x) && is_number(*y)) {
    if (x->index() == 3 && y->index() == 3) return std::get<int64_t>(*x) == std::get<int64_t>(*y);
    return as_decimal(*x).compare(as_decimal(*y)) == 0;
  }
  if (x->index() != y->index()) return false;
  switch (x->index()) {
    case 1: return std::get<bool>(*x) == std::get<bool>(*y);
    case 2: return std::get<std::string>(*x) == std::get<std::string>(*y);
    case 5: {
      const auto& s = std::get<Temporal>(*x);
      const auto& t = std::get<Temporal>(*y);
      if ((s.kind == TemporalKind::Time) != (t.kind == TemporalKind::Time)) return false;
      auto c = s.compare(t);
      if (!c) return std::nullopt;
      return *c == 0;
    }
    case 6: return std::get<Quantity>(*x).equals(std::get<Quantity>(*y));
    default: return false;
  }
}

bool items_equivalent(const Item& a, const Item& b) {
  if (a.node && b.node && !a.node->is_primitive() && !b.node->is_primitive() &&
      !(a.fhir_type == "Quantity" && b.fhir_type == "Quantity"))
    return nodes_equal(a.node, b.node, true);
  auto x = to_system(a), y = to_system(b);
  if (!x || !y) return a.node && b.node && nodes_equal(a.node, b.node, true);
  if (is_number(*x) && is_number(*y)) {
    Decimal p = as_decimal(*x), q = as_decimal(*y);
    int scale = std::min(p.trimmed().scale(), q.trimmed().scale());
    return p.round(scale).compare(q.round(scale)) == 0;
  }
  if (x->index() != y->index()) return false;
  switch (x->index()) {
    case 1: return std::get<bool>(*x) == std::get<bool>(*y);
    case 2:
      return normalize_whitespace_lower(std::get<std::string>(*x)) ==
             normalize_whitespace_lower(std::get<std::string>(*y));
    case 5: {
      const auto& s = std::get<Temporal>(*x);
      const auto& t = std::get<Temporal>(*y);
      if ((s.kind == TemporalKind::Time) != (t.kind == TemporalKind::Time)) return false;
      auto c = s.compare(t);
      return c && *c == 0;
    }
    case 6: return std::get<Quantity>(*x).equivalent(std::get<Quantity>(*y));
    default: return false;
  }
}

std::optional<int> items_compare(const Item& a, const Item& b) {
  auto x = to_system(a), y = to_system(b);
  if (!x || !y) throw EvalError("cannot compare elements that are not primitive values");
  if (is_number(*x) && is_number(*y)) return as_decimal(*x).compare(as_decimal(*y));
  if (x->index() == 2 && y->index() == 2) {
    int c = std::get<std::string>(*x).compare(std::get<std::string>(*y));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (is_temporal(*x) && is_temporal(*y)) {
    const auto& s = std::get<Temporal>(*x);
    const auto& t = std::get<Temporal>(*y);
    if ((s.kind == TemporalKind::Time) != (t.kind == TemporalKind::Time))
      throw EvalError("cannot compare a Time with a Date or DateTime");
    return s.compare(t);
  }
  if (x->index() == 6 && y->index() == 6) return std::get<Quantity>(*x).compare(std::get<Quantity>(*y));
  throw EvalError("cannot compare " + std::string(system_type_name(type_of(*x))) + " with " +
                  std::string(system_type_name(type_of(*y))));
}

std::optional<bool> collections_equal(const Collection& a, const Collection& b) {
  if (a.empty() || b.empty()) return std::nullopt;
  if (a.size() != b.size()) return false;
  bool unknown = false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto e = items_equal(a[i], b[i]);
    if (!e) unknown = true;
    else if (!*e) return false;
  }
  if (unknown) return std::nullopt;
  return true;
}

bool collections_equivalent(const Collection& a, const Collection& b) {
  if (a.empty() && b.empty()) return true;
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size(), false);
  for (const Item& x : a) {
    bool found = false;
    for (size_t j = 0; j < b.size() && !found; ++j) {
      if (!used[j] && items_equivalent(x, b[j])) used[j] = found = true;
    }
    if (!found) return false;
  }
  return true;
}

bool collection_contains(const Collection& c, const Item& item) {
  for (const Item& x : c) {
    if (item.node && x.node == item.node) return true;
    auto e = items_equal(x, item);
    if (e && *e) return true;
  }
  return false;
}

}  // namespace renkei::fhirpath
