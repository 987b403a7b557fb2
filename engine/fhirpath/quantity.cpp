#include "fhirpath/quantity.hpp"

#include <array>
#include <cstdlib>

namespace renkei::fhirpath {
namespace {

struct Atom {
  std::string_view code;
  std::string_view factor;  // in base units, exact decimal text
  std::string_view base;    // base atom ("g", "m", "s", "mol"), empty = dimensionless
  int exponent;             // power of the base (L = 0.001 m3)
  bool metric;              // accepts SI prefixes
};

constexpr std::array<Atom, 22> kAtoms{{
    {"g", "1", "g", 1, true},         {"m", "1", "m", 1, true},
    {"s", "1", "s", 1, true},         {"mol", "1", "mol", 1, true},
    {"L", "0.001", "m", 3, true},     {"l", "0.001", "m", 3, true},
    {"min", "60", "s", 1, false},     {"h", "3600", "s", 1, false},
    {"d", "86400", "s", 1, false},    {"wk", "604800", "s", 1, false},
    {"mo", "2629800", "s", 1, false}, {"a", "31557600", "s", 1, false},
    {"%", "0.01", "", 0, false},      {"[in_i]", "0.0254", "m", 1, false},
    {"[ft_i]", "0.3048", "m", 1, false}, {"[lb_av]", "453.59237", "g", 1, false},
    {"[oz_av]", "28.349523125", "g", 1, false}, {"[iU]", "1", "[iU]", 1, true},
    {"[IU]", "1", "[iU]", 1, true},   {"eq", "1", "mol", 1, true},
    {"t", "1000000", "g", 1, true},   {"bar", "100000000", "g.m-1.s-2", 1, true},
}};

struct Prefix {
  std::string_view code;
  std::string_view factor;
};
constexpr std::array<Prefix, 10> kPrefixes{{{"k", "1000"},
                                            {"h", "100"},
                                            {"da", "10"},
                                            {"d", "0.1"},
                                            {"c", "0.01"},
                                            {"m", "0.001"},
                                            {"u", "0.000001"},
                                            {"n", "0.000000001"},
                                            {"p", "0.000000000001"},
                                            {"M", "1000000"}}};

struct Term {
  Decimal factor = Decimal::from_integer(1);
  std::map<std::string, int> dims;
};

bool multiply_into(Term& acc, const Term& t, int sign) {
  for (int i = 0; i < (sign < 0 ? 1 : 1); ++i) {
    auto f = sign > 0 ? acc.factor.mul(t.factor) : acc.factor.div(t.factor);
    if (!f) return false;
    acc.factor = *f;
  }
  for (auto& [k, v] : t.dims) {
    acc.dims[k] += sign * v;
    if (acc.dims[k] == 0) acc.dims.erase(k);
  }
  return true;
}

Decimal power(Decimal base, int exp) {
  Decimal r = Decimal::from_integer(1);
  for (int i = 0; i < (exp < 0 ? -exp : exp); ++i) r = r.mul(base).value_or(r);
  if (exp < 0) r = Decimal::from_integer(1).div(r).value_or(r);
  return r;
}

// One symbol with optional exponent: "cm2", "s-1", "10*3", "{beats}".
std::optional<Term> parse_symbol(std::string_view sym) {
  Term t;
  if (sym.empty()) return std::nullopt;
  // Annotations are dimensionless.
  if (sym.front() == '{') return sym.back() == '}' ? std::optional<Term>(t) : std::nullopt;
  if (auto brace = sym.find('{'); brace != std::string_view::npos) sym = sym.substr(0, brace);
  if (sym.starts_with("10*") || sym.starts_with("10^")) {
    int e = std::atoi(std::string(sym.substr(3)).c_str());
    t.factor = power(Decimal::from_integer(10), e);
    return t;
  }
  // Split trailing exponent (digits with optional sign) unless the symbol is a bracket unit.
  size_t end = sym.size();
  while (end > 0 && (std::isdigit(static_cast<unsigned char>(sym[end - 1])))) --end;
  if (end > 0 && (sym[end - 1] == '-' || sym[end - 1] == '+') && end < sym.size()) --end;
  int exponent = 1;
  std::string_view base = sym;
  if (end < sym.size() && end > 0) {
    exponent = std::atoi(std::string(sym.substr(end)).c_str());
    base = sym.substr(0, end);
  }
  if (base == "1" && exponent == 1) return t;
  auto apply = [&](const Atom& a, Decimal prefix) -> Term {
    Term r;
    Decimal f = prefix.mul(*Decimal::parse(a.factor)).value_or(prefix);
    r.factor = power(f, exponent);
    if (!a.base.empty()) {
      if (a.base.find('.') != std::string_view::npos) {  // composite base (bar)
        r.dims["g"] += exponent;
        r.dims["m"] -= exponent;
        r.dims["s"] -= 2 * exponent;
      } else {
        r.dims[std::string(a.base)] += a.exponent * exponent;
      }
    }
    return r;
  };
  for (const Atom& a : kAtoms)
    if (a.code == base) return apply(a, Decimal::from_integer(1));
  for (const Prefix& p : kPrefixes) {
    if (!base.starts_with(p.code)) continue;
    std::string_view rest = base.substr(p.code.size());
    for (const Atom& a : kAtoms)
      if (a.metric && a.code == rest) return apply(a, *Decimal::parse(p.factor));
  }
  // Unknown atom: its own dimension, so it equals only itself.
  t.dims[std::string(base)] += exponent;
  return t;
}

std::optional<Term> parse_ucum(std::string_view unit) {
  Term acc;
  int sign = 1;
  size_t i = 0;
  if (unit.starts_with("/")) {
    sign = -1;
    i = 1;
  }
  while (i <= unit.size()) {
    size_t j = i;
    int depth = 0;
    while (j < unit.size() && (depth > 0 || (unit[j] != '.' && unit[j] != '/'))) {
      if (unit[j] == '[' || unit[j] == '{') ++depth;
      if (unit[j] == ']' || unit[j] == '}') --depth;
      ++j;
    }
    auto term = parse_symbol(unit.substr(i, j - i));
    if (!term || !multiply_into(acc, *term, sign)) return std::nullopt;
    if (j >= unit.size()) break;
    sign = unit[j] == '/' ? -1 : 1;
    i = j + 1;
  }
  return acc;
}

std::string unit_string(const std::map<std::string, int>& dims) {
  std::string out;
  for (auto& [k, v] : dims) {
    if (!out.empty()) out += '.';
    out += k;
    if (v != 1) out += std::to_string(v);
  }
  return out.empty() ? "1" : out;
}

bool is_year_or_month(const Quantity& q) { return q.unit == "year" || q.unit == "month"; }

}  // namespace

std::string_view Quantity::calendar_keyword(std::string_view w) {
  static constexpr std::string_view words[] = {"year", "month", "week", "day", "hour", "minute", "second",
                                               "millisecond"};
  for (std::string_view k : words) {
    if (w == k) return k;
    if (w.size() == k.size() + 1 && w.starts_with(k) && w.back() == 's') return k;
  }
  return {};
}

std::string_view ucum_for_calendar(std::string_view k) {
  if (k == "year") return "a";
  if (k == "month") return "mo";
  if (k == "week") return "wk";
  if (k == "day") return "d";
  if (k == "hour") return "h";
  if (k == "minute") return "min";
  if (k == "second") return "s";
  if (k == "millisecond") return "ms";
  return {};
}

bool Quantity::is_calendar() const { return !calendar_keyword(unit).empty(); }

std::string Quantity::to_string() const {
  if (is_calendar()) return value.to_string() + " " + unit;
  return value.to_string() + " '" + unit + "'";
}

std::optional<Quantity::Canonical> Quantity::canonical() const {
  std::string_view u = is_calendar() ? ucum_for_calendar(unit) : std::string_view(unit);
  auto term = parse_ucum(u);
  if (!term) return std::nullopt;
  auto v = value.mul(term->factor);
  if (!v) return std::nullopt;
  return Canonical{*v, term->dims};
}

std::optional<int> Quantity::compare(const Quantity& o) const {
  if (unit == o.unit) return value.compare(o.value);
  // Calendar years and months have no fixed length: not comparable with other units.
  if (is_year_or_month(*this) || is_year_or_month(o)) return std::nullopt;
  auto a = canonical(), b = o.canonical();
  if (!a || !b || a->dimensions != b->dimensions) return std::nullopt;
  return a->value.compare(b->value);
}

std::optional<bool> Quantity::equals(const Quantity& o) const {
  auto c = compare(o);
  if (!c) return std::nullopt;
  return *c == 0;
}

bool Quantity::equivalent(const Quantity& o) const {
  auto a = canonical(), b = o.canonical();
  if (!a || !b || a->dimensions != b->dimensions) return false;
  int scale = std::min(a->value.trimmed().scale(), b->value.trimmed().scale());
  return a->value.round(scale).compare(b->value.round(scale)) == 0;
}

std::optional<Quantity> Quantity::add(const Quantity& o, bool subtract) const {
  Quantity rhs = o;
  if (subtract) rhs.value = rhs.value.negate();
  if (unit == o.unit) {
    auto v = value.add(rhs.value);
    if (!v) return std::nullopt;
    return Quantity{*v, unit};
  }
  if (is_year_or_month(*this) || is_year_or_month(o)) return std::nullopt;
  auto a = canonical(), b = rhs.canonical();
  if (!a || !b || a->dimensions != b->dimensions) return std::nullopt;
  auto v = a->value.add(b->value);
  if (!v) return std::nullopt;
  return Quantity{*v, unit_string(a->dimensions)};
}

std::optional<Quantity> Quantity::multiply(const Quantity& o) const {
  auto a = canonical(), b = o.canonical();
  if (!a || !b) return std::nullopt;
  auto v = a->value.mul(b->value);
  if (!v) return std::nullopt;
  for (auto& [k, e] : b->dimensions) {
    a->dimensions[k] += e;
    if (a->dimensions[k] == 0) a->dimensions.erase(k);
  }
  return Quantity{*v, unit_string(a->dimensions)};
}

std::optional<Quantity> Quantity::divide(const Quantity& o) const {
  auto a = canonical(), b = o.canonical();
  if (!a || !b) return std::nullopt;
  auto v = a->value.div(b->value);
  if (!v) return std::nullopt;
  for (auto& [k, e] : b->dimensions) {
    a->dimensions[k] -= e;
    if (a->dimensions[k] == 0) a->dimensions.erase(k);
  }
  return Quantity{*v, unit_string(a->dimensions)};
}

}  // namespace renkei::fhirpath
