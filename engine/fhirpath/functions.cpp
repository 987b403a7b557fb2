// FHIRPath functions (N1 §5 and the FHIR additions), dispatched on the FunctionId resolved at
// parse time.
#include <algorithm>
#include <cmath>

#include "fhirpath/boundary.hpp"
#include "fhirpath/comparison.hpp"
#include "fhirpath/string_encoding.hpp"
#include "fhirpath/conversion.hpp"
#include "fhirpath/evaluator.hpp"
#include "fhirpath/fhir_types.hpp"
#include "fhirpath/html_checks.hpp"
#include "fhirpath/reference_resolution.hpp"
#include "fhirpath/regex.hpp"

namespace renkei::fhirpath {
namespace {

Collection boolean(bool b) { return {Item::of(b)}; }

std::optional<std::string> string_of(const Item* item, const char* fn) {
  if (!item) return std::nullopt;
  auto v = to_system(*item);
  if (!v || v->index() != 2) throw EvalError(std::string(fn) + " expects a String");
  return std::get<std::string>(*v);
}

std::optional<int64_t> integer_of(const Item* item, const char* fn) {
  if (!item) return std::nullopt;
  auto v = to_system(*item);
  if (!v || v->index() != 3) throw EvalError(std::string(fn) + " expects an Integer argument");
  return std::get<int64_t>(*v);
}

std::optional<Decimal> number_of(const Item& item, const char* fn, bool* was_integer = nullptr) {
  auto v = to_system(item);
  if (v && v->index() == 3) {
    if (was_integer) *was_integer = true;
    return Decimal::from_integer(std::get<int64_t>(*v));
  }
  if (v && v->index() == 4) {
    if (was_integer) *was_integer = false;
    return std::get<Decimal>(*v);
  }
  throw EvalError(std::string(fn) + " expects a number");
}

// Counts UTF-8 code points, the unit of FHIRPath string positions.
std::vector<size_t> code_point_offsets(const std::string& s) {
  std::vector<size_t> offsets;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) offsets.push_back(i);
  offsets.push_back(s.size());
  return offsets;
}

Collection from_decimal(std::optional<Decimal> d) { return d ? Collection{Item::of(*d)} : Collection{}; }

}  // namespace

Collection Evaluator::eval_function(const AstNode& n, const Collection& focus, const Frame& frame) {
  Collection target;  // a function without a target works on the focus (not copied)
  if (n.has_target) target = eval(*n.children[0], focus, frame);
  const Collection& input = n.has_target ? target : focus;
  auto arg = [&](size_t i) { return eval(n.arg(i), focus, frame); };
  auto single_input = [&]() { return singleton(input, n.name.c_str()); };
  const char* fn = n.name.c_str();
  const definitions::TypeModel* types = ctx_.types;

  switch (n.function) {
    // --- existence
    case FunctionId::Empty: return boolean(input.empty());
    case FunctionId::Exists: {
      if (n.arg_count() == 0) return boolean(!input.empty());
      for (size_t i = 0; i < input.size(); ++i)
        if (singleton_boolean(eval_for_item(n.arg(0), input, i, frame), fn) == true) return boolean(true);
      return boolean(false);
    }
    case FunctionId::All: {
      for (size_t i = 0; i < input.size(); ++i)
        if (singleton_boolean(eval_for_item(n.arg(0), input, i, frame), fn) != true) return boolean(false);
      return boolean(true);
    }
    case FunctionId::AllTrue:
    case FunctionId::AnyTrue:
    case FunctionId::AllFalse:
    case FunctionId::AnyFalse: {
      bool want = n.function == FunctionId::AllTrue || n.function == FunctionId::AnyTrue;
      bool all = n.function == FunctionId::AllTrue || n.function == FunctionId::AllFalse;
      for (const Item& item : input) {
        auto v = to_system(item);
        if (!v || v->index() != 1) throw EvalError(std::string(fn) + " expects Booleans");
        bool match = std::get<bool>(*v) == want;
        if (all && !match) return boolean(false);
        if (!all && match) return boolean(true);
      }
      return boolean(all);
    }
    case FunctionId::SubsetOf:
    case FunctionId::SupersetOf: {
      Collection other = arg(0);
      const Collection& small = n.function == FunctionId::SubsetOf ? input : other;
      const Collection& big = n.function == FunctionId::SubsetOf ? other : input;
      step(small.size() * (big.size() + 1));
      for (const Item& item : small)
        if (!collection_contains(big, item)) return boolean(false);
      return boolean(true);
    }
    case FunctionId::Count: return {Item::of(static_cast<int64_t>(input.size()))};
    case FunctionId::Distinct:
    case FunctionId::IsDistinct: {
      Collection out;
      for (const Item& item : input) {
        step(out.size() + 1);
        if (!collection_contains(out, item)) out.push_back(item);
      }
      if (n.function == FunctionId::IsDistinct) return boolean(out.size() == input.size());
      return out;
    }
    // --- filtering and projection
    case FunctionId::Where: {
      Collection out;
      for (size_t i = 0; i < input.size(); ++i)
        if (singleton_boolean(eval_for_item(n.arg(0), input, i, frame), fn) == true) out.push_back(input[i]);
      return out;
    }
    case FunctionId::Select: {
      Collection out;
      for (size_t i = 0; i < input.size(); ++i) {
        Collection r = eval_for_item(n.arg(0), input, i, frame);
        out.insert(out.end(), r.begin(), r.end());
      }
      return out;
    }
    case FunctionId::Repeat: {
      // Breadth-first until nothing new appears; every item costs a step, so a projection
      // that keeps producing new values stops at the step budget instead of hanging.
      Collection out;
      Collection frontier = input;
      while (!frontier.empty()) {
        Collection next;
        for (size_t i = 0; i < frontier.size(); ++i) {
          for (Item& r : eval_for_item(n.arg(0), frontier, i, frame)) {
            step(out.size() + 1);  // the duplicate scan is charged too: no quadratic escape
            if (collection_contains(out, r)) continue;
            out.push_back(r);
            next.push_back(std::move(r));
          }
        }
        frontier = std::move(next);
      }
      return out;
    }
    case FunctionId::OfType: {
      Collection out;
      TypeSpecifier spec{n.type_namespace, n.type_name};
      for (const Item& item : input)
        if (item_is_type(item, spec, types, ctx_.hl7_validator_compat)) out.push_back(item);
      return out;
    }
    // --- subsetting
    case FunctionId::Single: {
      if (input.size() > 1) throw EvalError("single() on a collection of " + std::to_string(input.size()));
      return input;
    }
    case FunctionId::First: return input.empty() ? Collection{} : Collection{input.front()};
    case FunctionId::Last: return input.empty() ? Collection{} : Collection{input.back()};
    case FunctionId::Tail: return input.size() <= 1 ? Collection{} : Collection(input.begin() + 1, input.end());
    case FunctionId::Skip:
    case FunctionId::Take: {
      Collection a = arg(0);
      auto k = integer_of(singleton(a, fn), fn);
      if (!k) return {};
      int64_t count = std::clamp<int64_t>(*k, 0, static_cast<int64_t>(input.size()));
      if (n.function == FunctionId::Skip) return Collection(input.begin() + count, input.end());
      return Collection(input.begin(), input.begin() + count);
    }
    case FunctionId::Intersect: {
      Collection other = arg(0), out;
      step(input.size() * (other.size() + 1));
      for (const Item& item : input)
        if (collection_contains(other, item) && !collection_contains(out, item)) out.push_back(item);
      return out;
    }
    case FunctionId::Exclude: {
      Collection other = arg(0), out;
      step(input.size() * (other.size() + 1));
      for (const Item& item : input)
        if (!collection_contains(other, item)) out.push_back(item);
      return out;
    }
    // --- combining
    case FunctionId::Union: {
      Collection other = arg(0), out;
      for (const Collection* c : {&input, static_cast<const Collection*>(&other)})
        for (const Item& item : *c) {
          step(out.size() + 1);
          if (!collection_contains(out, item)) out.push_back(item);
        }
      return out;
    }
    case FunctionId::Combine: {
      Collection out = input, other = arg(0);
      out.insert(out.end(), other.begin(), other.end());
      return out;
    }
    // --- conversion
    case FunctionId::Iif: {
      if (input.size() > 1) throw EvalError("iif() on a collection of several items");
      Frame f = frame;
      Collection local_focus = input.empty() ? focus : input;
      if (n.has_target && !input.empty()) f.this_item = &input[0];
      Collection criterion = eval(n.arg(0), n.has_target ? local_focus : focus, f);
      const Item* ci = singleton(criterion, fn);
      auto cv = ci ? to_system(*ci) : std::nullopt;
      if (ci && (!cv || cv->index() != 1)) throw EvalError("iif() criterion must be a Boolean");
      std::optional<bool> c = ci ? std::optional<bool>(std::get<bool>(*cv)) : std::nullopt;
      if (c == true) return eval(n.arg(1), n.has_target ? local_focus : focus, f);
      if (n.arg_count() == 3) return eval(n.arg(2), n.has_target ? local_focus : focus, f);
      return {};
    }
    case FunctionId::ToBoolean: case FunctionId::ConvertsToBoolean:
    case FunctionId::ToInteger: case FunctionId::ConvertsToInteger:
    case FunctionId::ToDecimal: case FunctionId::ConvertsToDecimal:
    case FunctionId::ToDate: case FunctionId::ConvertsToDate:
    case FunctionId::ToDateTime: case FunctionId::ConvertsToDateTime:
    case FunctionId::ToTime: case FunctionId::ConvertsToTime:
    case FunctionId::ToString: case FunctionId::ConvertsToString:
    case FunctionId::ToQuantity: case FunctionId::ConvertsToQuantity: {
      const Item* item = single_input();
      if (!item) return {};
      std::optional<std::string> unit;
      if (n.arg_count() == 1) unit = string_of(singleton(arg(0), fn), fn);
      auto v = to_system(*item);
      std::optional<SystemValue> converted = v ? convert(*v, n.function, unit) : std::nullopt;
      if (is_converts_to(n.function)) return boolean(converted.has_value());
      if (!converted) return {};
      return {Item::of(*converted)};
    }
    // --- strings
    case FunctionId::IndexOf: {
      auto s = string_of(single_input(), fn);
      auto sub = string_of(singleton(arg(0), fn), fn);
      if (!s || !sub) return {};
      size_t pos = s->find(*sub);
      if (pos == std::string::npos) return {Item::of(int64_t{-1})};
      auto offsets = code_point_offsets(*s);
      return {Item::of(static_cast<int64_t>(std::lower_bound(offsets.begin(), offsets.end(), pos) - offsets.begin()))};
    }
    case FunctionId::Substring: {
      auto s = string_of(single_input(), fn);
      auto start = integer_of(singleton(arg(0), fn), fn);
      if (!s || !start) return {};
      auto offsets = code_point_offsets(*s);
      int64_t length = static_cast<int64_t>(offsets.size()) - 1;
      if (*start < 0 || *start >= length) return {};
      int64_t count = length - *start;
      if (n.arg_count() == 2) {
        auto c = integer_of(singleton(arg(1), fn), fn);
        if (c) count = std::clamp<int64_t>(*c, 0, length - *start);
      }
      size_t from = offsets[static_cast<size_t>(*start)], to = offsets[static_cast<size_t>(*start + count)];
      return {Item::of(s->substr(from, to - from))};
    }
    case FunctionId::StartsWith:
    case FunctionId::EndsWith:
    case FunctionId::Contains: {
      auto s = string_of(single_input(), fn);
      auto sub = string_of(singleton(arg(0), fn), fn);
      if (!s || !sub) return {};
      bool r = n.function == FunctionId::StartsWith ? s->starts_with(*sub)
               : n.function == FunctionId::EndsWith ? s->ends_with(*sub)
                                                    : s->find(*sub) != std::string::npos;
      return boolean(r);
    }
    case FunctionId::Upper:
    case FunctionId::Lower: {
      auto s = string_of(single_input(), fn);
      if (!s) return {};
      for (char& c : *s)
        c = static_cast<char>(n.function == FunctionId::Upper ? std::toupper(static_cast<unsigned char>(c))
                                                               : std::tolower(static_cast<unsigned char>(c)));
      return {Item::of(*s)};
    }
    case FunctionId::Replace: {
      auto s = string_of(single_input(), fn);
      auto pattern = string_of(singleton(arg(0), fn), fn);
      auto replacement = string_of(singleton(arg(1), fn), fn);
      if (!s || !pattern || !replacement) return {};
      std::string out;
      if (pattern->empty()) {  // insert between every character
        auto offsets = code_point_offsets(*s);
        out = *replacement;
        for (size_t i = 0; i + 1 < offsets.size(); ++i)
          out += s->substr(offsets[i], offsets[i + 1] - offsets[i]) + *replacement;
        return {Item::of(out)};
      }
      size_t pos = 0;
      for (size_t hit; (hit = s->find(*pattern, pos)) != std::string::npos; pos = hit + pattern->size()) {
        step();
        out += s->substr(pos, hit - pos) + *replacement;
      }
      out += s->substr(pos);
      return {Item::of(out)};
    }
    case FunctionId::Matches:
    case FunctionId::MatchesFull: {
      auto s = string_of(single_input(), fn);
      auto pattern = string_of(singleton(arg(0), fn), fn);
      if (!s || !pattern) return {};
      step(s->size());
      return boolean(
          regex_matches(*s, *pattern, n.function == FunctionId::MatchesFull ? RegexMode::Full : RegexMode::Search));
    }
    case FunctionId::ReplaceMatches: {
      auto s = string_of(single_input(), fn);
      auto pattern = string_of(singleton(arg(0), fn), fn);
      auto replacement = string_of(singleton(arg(1), fn), fn);
      if (!s || !pattern || !replacement) return {};
      step(s->size());
      if (pattern->empty()) return {Item::of(*s)};
      return {Item::of(regex_replace_all(*s, *pattern, *replacement))};
    }
    case FunctionId::Length: {
      auto s = string_of(single_input(), fn);
      if (!s) return {};
      return {Item::of(static_cast<int64_t>(code_point_offsets(*s).size() - 1))};
    }
    case FunctionId::ToChars: {
      auto s = string_of(single_input(), fn);
      if (!s) return {};
      auto offsets = code_point_offsets(*s);
      Collection out;
      for (size_t i = 0; i + 1 < offsets.size(); ++i)
        out.push_back(Item::of(s->substr(offsets[i], offsets[i + 1] - offsets[i])));
      return out;
    }
    case FunctionId::Trim: {
      auto s = string_of(single_input(), fn);
      if (!s) return {};
      size_t b = s->find_first_not_of(" \t\r\n"), e = s->find_last_not_of(" \t\r\n");
      return {Item::of(b == std::string::npos ? std::string() : s->substr(b, e - b + 1))};
    }
    case FunctionId::Split: {
      auto s = string_of(single_input(), fn);
      auto sep = string_of(singleton(arg(0), fn), fn);
      if (!s || !sep) return {};
      Collection out;
      if (sep->empty()) return {Item::of(*s)};
      size_t pos = 0;
      for (size_t hit; (hit = s->find(*sep, pos)) != std::string::npos; pos = hit + sep->size())
        out.push_back(Item::of(s->substr(pos, hit - pos)));
      out.push_back(Item::of(s->substr(pos)));
      return out;
    }
    case FunctionId::Join: {
      std::string sep;
      if (n.arg_count() == 1) sep = string_of(singleton(arg(0), fn), fn).value_or("");
      std::string out;
      for (size_t i = 0; i < input.size(); ++i) {
        auto s = string_of(&input[i], fn);
        if (i) out += sep;
        out += *s;
      }
      return {Item::of(out)};
    }
    // --- math
    case FunctionId::Abs: {
      const Item* item = single_input();
      if (!item) return {};
      auto v = to_system(*item);
      if (v && v->index() == 6) {
        Quantity q = std::get<Quantity>(*v);
        q.value = q.value.abs();
        return {Item::of(q)};
      }
      bool integer = false;
      Decimal d = *number_of(*item, fn, &integer);
      if (integer) return {Item::of(*d.abs().to_int64())};
      return {Item::of(d.abs())};
    }
    case FunctionId::Ceiling:
    case FunctionId::Floor:
    case FunctionId::Truncate: {
      const Item* item = single_input();
      if (!item) return {};
      Decimal d = *number_of(*item, fn);
      Decimal r = n.function == FunctionId::Ceiling ? d.ceiling() : n.function == FunctionId::Floor ? d.floor() : d.truncate();
      auto i = r.to_int64();
      if (!i) throw EvalError("result out of Integer range");
      return {Item::of(*i)};
    }
    case FunctionId::Round: {
      const Item* item = single_input();
      if (!item) return {};
      Decimal d = *number_of(*item, fn);
      int64_t digits = 0;
      if (n.arg_count() == 1) {
        auto p = integer_of(singleton(arg(0), fn), fn);
        if (!p) return {};
        if (*p < 0) throw EvalError("round() precision must be >= 0");
        digits = std::min<int64_t>(*p, Decimal::kMaxScale);
      }
      return {Item::of(d.round(static_cast<int>(digits)))};
    }
    case FunctionId::Exp:
    case FunctionId::Ln:
    case FunctionId::Sqrt: {
      const Item* item = single_input();
      if (!item) return {};
      double x = number_of(*item, fn)->to_double();
      double r = n.function == FunctionId::Exp ? std::exp(x) : n.function == FunctionId::Ln ? std::log(x) : std::sqrt(x);
      return from_decimal(Decimal::from_double(r));
    }
    case FunctionId::Log:
    case FunctionId::Power: {
      const Item* item = single_input();
      Collection a = arg(0);
      const Item* b = singleton(a, fn);
      if (!item || !b) return {};
      bool int_x = false, int_y = false;
      Decimal x = *number_of(*item, fn, &int_x), y = *number_of(*b, fn, &int_y);
      if (n.function == FunctionId::Log)
        return from_decimal(Decimal::from_double(std::log(x.to_double()) / std::log(y.to_double())));
      double r = std::pow(x.to_double(), y.to_double());
      if (int_x && int_y && std::isfinite(r) && std::fabs(r) < 9e18) return {Item::of(static_cast<int64_t>(r))};
      return from_decimal(Decimal::from_double(r));
    }
    // --- tree navigation
    case FunctionId::Children: {
      Collection out;
      for (const Item& item : input) all_children(item, types, out);
      step(out.size());
      return out;
    }
    case FunctionId::Descendants: {
      Collection out;
      for (const Item& item : input) all_children(item, types, out);
      for (size_t i = 0; i < out.size(); ++i) {  // out grows as we go: breadth-first, bounded by the tree
        step();
        all_children(Item(out[i]), types, out);
      }
      return out;
    }
    // --- utility
    case FunctionId::Trace: {
      if (ctx_.trace) {
        auto name = string_of(singleton(arg(0), fn), fn).value_or("");
        if (n.arg_count() == 2) {
          Collection projected;
          for (size_t i = 0; i < input.size(); ++i) {
            Collection r = eval_for_item(n.arg(1), input, i, frame);
            projected.insert(projected.end(), r.begin(), r.end());
          }
          ctx_.trace(name, projected);
        } else {
          ctx_.trace(name, input);
        }
      }
      return input;
    }
    case FunctionId::Now: return {Item::of(current_time())};
    case FunctionId::Today: {
      Temporal t = current_time();
      t.kind = TemporalKind::Date;
      t.precision = TemporalPrecision::Day;
      t.has_timezone = false;
      t.hour = t.minute = t.second = t.millisecond = 0;
      return {Item::of(t)};
    }
    case FunctionId::TimeOfDay: {
      Temporal t = current_time();
      t.kind = TemporalKind::Time;
      t.has_timezone = false;
      return {Item::of(t)};
    }
    case FunctionId::Not: {
      auto b = singleton_boolean(input, fn);
      if (!b) return {};
      return boolean(!*b);
    }
    case FunctionId::Aggregate: {
      Collection total = n.arg_count() == 2 ? arg(1) : Collection{};
      for (size_t i = 0; i < input.size(); ++i) total = eval_for_item(n.arg(0), input, i, frame, &total);
      return total;
    }
    case FunctionId::Is: {
      const Item* item = single_input();
      if (!item) return {};
      return boolean(item_is_type(*item, {n.type_namespace, n.type_name}, types, ctx_.hl7_validator_compat));
    }
    case FunctionId::As: {
      // The HL7 validator filters several items (R4's dom-3 relies on it); the spec says error.
      if (input.size() > 1 && !ctx_.hl7_validator_compat) throw EvalError("as() on a collection of several items");
      Collection out;
      for (const Item& item : input)
        if (item_is_type(item, {n.type_namespace, n.type_name}, types, ctx_.hl7_validator_compat)) out.push_back(item);
      return out;
    }
    case FunctionId::Precision: {
      const Item* item = single_input();
      if (!item) return {};
      auto v = to_system(*item);
      if (v && v->index() == 4) return {Item::of(static_cast<int64_t>(std::get<Decimal>(*v).scale()))};
      if (v && v->index() == 5) return {Item::of(static_cast<int64_t>(std::get<Temporal>(*v).precision_digits()))};
      throw EvalError("precision() expects a Decimal, Date, DateTime or Time");
    }
    case FunctionId::LowBoundary:
    case FunctionId::HighBoundary: {
      const Item* item = single_input();
      if (!item) return {};
      std::optional<int64_t> precision;
      if (n.arg_count() == 1) {
        precision = integer_of(singleton(arg(0), fn), fn);
        if (!precision) return {};
      }
      auto v = to_system(*item);
      if (!v) return {};
      auto r = boundary(*v, precision, n.function == FunctionId::HighBoundary);
      if (!r) return {};
      return {Item::of(*r)};
    }
    case FunctionId::Sort: {
      // Each argument is a sort key; a leading unary minus sorts that key descending.
      struct Key {
        const AstNode* expr;
        bool descending;
      };
      std::vector<Key> keys;
      for (size_t k = 0; k < n.arg_count(); ++k) {
        const AstNode& a = n.arg(k);
        if (a.kind == AstKind::Unary && a.op == BinaryOp::Negate) keys.push_back({a.children[0].get(), true});
        else keys.push_back({&a, false});
      }
      std::vector<std::vector<Collection>> values(input.size());
      for (size_t i = 0; i < input.size(); ++i) {
        if (keys.empty()) values[i].push_back({input[i]});
        for (const Key& k : keys) values[i].push_back(eval_for_item(*k.expr, input, i, frame));
      }
      auto compare_keys = [&](size_t a, size_t b) {
        for (size_t k = 0; k < values[a].size(); ++k) {
          const Collection& x = values[a][k];
          const Collection& y = values[b][k];
          bool descending = !keys.empty() && keys[k].descending;
          if (x.empty() || y.empty()) {
            if (x.empty() != y.empty()) return descending ? !x.empty() : x.empty();
            continue;
          }
          auto c = items_compare(x[0], y[0]).value_or(0);
          if (c != 0) return descending ? c > 0 : c < 0;
        }
        return false;
      };
      std::vector<size_t> order(input.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      step(input.size() * 4);
      std::stable_sort(order.begin(), order.end(), compare_keys);
      Collection out;
      for (size_t i : order) out.push_back(input[i]);
      return out;
    }
    case FunctionId::Encode:
    case FunctionId::Decode:
    case FunctionId::Escape:
    case FunctionId::Unescape: {
      auto s = string_of(single_input(), fn);
      auto format = string_of(singleton(arg(0), fn), fn);
      if (!s || !format) return {};
      auto r = n.function == FunctionId::Encode   ? encode_string(*s, *format)
               : n.function == FunctionId::Decode ? decode_string(*s, *format)
               : n.function == FunctionId::Escape ? escape_string(*s, *format)
                                                  : unescape_string(*s, *format);
      if (!r) return {};
      return {Item::of(*r)};
    }
    case FunctionId::Comparable: {
      const Item* item = single_input();
      Collection a = arg(0);
      const Item* other = singleton(a, fn);
      if (!item || !other) return {};
      auto x = to_system(*item), y = to_system(*other);
      if (!x || !y || x->index() != 6 || y->index() != 6) throw EvalError("comparable() expects Quantities");
      return boolean(std::get<Quantity>(*x).compare(std::get<Quantity>(*y)).has_value());
    }
    // --- FHIR additions
    case FunctionId::Extension: {
      auto url = string_of(singleton(arg(0), fn), fn);
      if (!url) return {};
      Collection out;
      for (const Item& item : input) {
        Collection extensions;
        children_named(item, "extension", types, extensions);
        for (const Item& e : extensions) {
          const model::Node* u = e.node->child("url");
          if (u && u->text == *url) out.push_back(e);
        }
      }
      return out;
    }
    case FunctionId::HasValue: {
      if (input.size() != 1) return boolean(false);
      const Item& item = input[0];
      return boolean(item.node ? item.node->is_primitive() && item.node->has_value() : true);
    }
    case FunctionId::GetValue: {
      if (input.size() != 1) return {};
      const Item& item = input[0];
      if (item.node && !item.node->is_primitive()) return {};
      auto v = to_system(item);
      if (!v) return {};
      return {Item::of(*v)};
    }
    case FunctionId::Resolve: {
      Collection out;
      for (const Item& item : input) {
        step();
        if (const model::Node* target = resolve_reference(item)) out.push_back(root_item(target, types));
      }
      return out;
    }
    case FunctionId::HtmlChecks: {
      for (const Item& item : input) {
        if (!item.node) return boolean(false);
        if (!narrative_is_safe(item.node->text)) return boolean(false);
      }
      return boolean(true);
    }
    case FunctionId::MemberOf: {
      auto url = string_of(singleton(arg(0), fn), fn);
      const Item* item = single_input();
      if (!url || !item) return {};
      if (!ctx_.member_of) throw EvalError("memberOf() needs terminology support that is not configured");
      std::vector<Code> codes;
      auto add_coding = [&](const model::Node* coding) {
        const model::Node* s = coding->child("system");
        const model::Node* c = coding->child("code");
        const model::Node* v = coding->child("version");
        if (c) codes.push_back({s ? s->text : std::string_view(), c->text, v ? v->text : std::string_view()});
      };
      std::string text_holder;
      if (item->node && item->node->is_primitive()) {
        codes.push_back({{}, item->node->text, {}});
      } else if (item->node && item->node->child("coding")) {
        for (const model::Node* c = item->node->first_child; c; c = c->next)
          if (c->name == "coding") add_coding(c);
      } else if (item->node) {
        add_coding(item->node);
      } else if (auto s = to_system(*item); s && s->index() == 2) {
        text_holder = std::get<std::string>(*s);
        codes.push_back({{}, text_holder, {}});
      }
      bool unknown = false;
      for (const Code& c : codes) {
        auto r = ctx_.member_of(c, *url);
        if (r == true) return boolean(true);
        if (!r) unknown = true;
      }
      if (unknown || codes.empty()) return {};
      return boolean(false);
    }
    case FunctionId::ConformsTo: {
      auto url = string_of(singleton(arg(0), fn), fn);
      const Item* item = single_input();
      if (!url || !item) return {};
      if (ctx_.conforms_to) {
        auto r = ctx_.conforms_to(*item, *url);
        if (!r) return {};
        return boolean(*r);
      }
      // Without a validator, only the core resource profiles can be answered.
      constexpr std::string_view core = "http://hl7.org/fhir/StructureDefinition/";
      if (!url->starts_with(core) || !item->node) throw EvalError("conformsTo() cannot check '" + *url + "'");
      std::string_view type(*url);
      type.remove_prefix(core.size());
      return boolean(item_is_type(*item, {"FHIR", type}, types, ctx_.hl7_validator_compat));
    }
    case FunctionId::Unknown: break;
  }
  throw EvalError("function '" + n.name + "' is not implemented");
}

}  // namespace renkei::fhirpath
