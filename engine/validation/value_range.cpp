#include "validation/value_range.hpp"

#include <fmt/core.h>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>

#include "definitions/type_model.hpp"
#include "validation/validation_plan.hpp"

namespace renkei::validation {
namespace {

using std::chrono::sys_seconds;
namespace ch = std::chrono;

std::optional<int> digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// The span of time a date, dateTime or instant stands for: [start, end) at its precision.
std::optional<std::pair<sys_seconds, sys_seconds>> time_span(std::string_view t) {
  auto y = digits(t, 0, 4);
  if (!y) return std::nullopt;
  if (t.size() == 4) {
    auto start = ch::sys_days(ch::year(*y) / 1 / 1);
    return std::pair{sys_seconds(start), sys_seconds(ch::sys_days(ch::year(*y + 1) / 1 / 1))};
  }
  auto m = digits(t, 5, 2);
  if (!m || t[4] != '-') return std::nullopt;
  ch::year_month ym = ch::year(*y) / ch::month(static_cast<unsigned>(*m));
  if (t.size() == 7)
    return std::pair{sys_seconds(ch::sys_days(ym / 1)), sys_seconds(ch::sys_days((ym + ch::months(1)) / 1))};
  auto d = digits(t, 8, 2);
  if (!d || t[7] != '-') return std::nullopt;
  ch::sys_days day(ym / ch::day(static_cast<unsigned>(*d)));
  if (t.size() == 10) return std::pair{sys_seconds(day), sys_seconds(day + ch::days(1))};
  auto hh = digits(t, 11, 2), mm = digits(t, 14, 2);
  if (!hh || !mm || t[10] != 'T') return std::nullopt;
  size_t p = 16;
  int ss = 0;
  if (p < t.size() && t[p] == ':') {
    auto s = digits(t, p + 1, 2);
    if (!s) return std::nullopt;
    ss = *s;
    p += 3;
    if (p < t.size() && t[p] == '.')
      for (++p; p < t.size() && t[p] >= '0' && t[p] <= '9';) ++p;
  }
  sys_seconds at = day + ch::hours(*hh) + ch::minutes(*mm) + ch::seconds(ss);
  if (p < t.size() && (t[p] == '+' || t[p] == '-')) {  // local time at an offset from UTC
    auto oh = digits(t, p + 1, 2), om = digits(t, p + 4, 2);
    if (!oh || !om) return std::nullopt;
    ch::seconds offset = ch::hours(*oh) + ch::minutes(*om);
    at = t[p] == '+' ? at - offset : at + offset;
  }
  return std::pair{at, at + ch::seconds(1)};
}

// now shifted by a UCUM time quantity (a and mo by the calendar), or nullopt for other units.
std::optional<sys_seconds> shifted(sys_seconds now, double amount, std::string_view unit) {
  if ((unit == "a" || unit == "mo") && amount == std::floor(amount)) {
    ch::sys_days today = ch::floor<ch::days>(now);
    ch::year_month_day ymd(today);
    ch::months step = unit == "a" ? ch::months(12 * static_cast<int>(amount)) : ch::months(static_cast<int>(amount));
    ch::year_month ym = ymd.year() / ymd.month() + step;
    ch::day last = (ym / ch::last).day();
    ch::sys_days moved(ym / std::min(ymd.day(), last));  // 29 Feb in a year without one: 28 Feb
    return sys_seconds(moved) + (now - sys_seconds(today));
  }
  double seconds = 0;
  if (unit == "a") seconds = 365.25 * 86400;
  else if (unit == "mo") seconds = 365.25 * 86400 / 12;
  else if (unit == "wk") seconds = 7 * 86400;
  else if (unit == "d") seconds = 86400;
  else if (unit == "h") seconds = 3600;
  else if (unit == "min") seconds = 60;
  else if (unit == "s") seconds = 1;
  else if (unit == "ms") seconds = 0.001;
  else return std::nullopt;
  return now + ch::seconds(static_cast<long long>(std::llround(amount * seconds)));
}

std::string iso(sys_seconds t) {
  ch::sys_days day = ch::floor<ch::days>(t);
  ch::year_month_day ymd(day);
  ch::hh_mm_ss<ch::seconds> hms(t - sys_seconds(day));
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

bool is_temporal(const model::Node& n) {
  if (!n.type) return false;
  std::string_view t = n.type->name;
  return t == "date" || t == "dateTime" || t == "instant";
}

std::string_view child_text(const model::Node& n, std::string_view name) {
  const model::Node* c = n.child(name);
  return c && c->has_value() ? c->text : std::string_view{};
}

// A Duration (or Quantity with a time unit) bound on a date/time element, relative to now.
std::optional<RangeFinding> relative_bound(const model::Node& value, const model::Node& bound, bool is_min,
                                           sys_seconds now) {
  std::string_view amount_text = child_text(bound, "value");
  std::string_view unit = child_text(bound, "code");
  if (unit.empty()) unit = child_text(bound, "unit");
  if (amount_text.empty()) return std::nullopt;
  double amount = std::strtod(std::string(amount_text).c_str(), nullptr);
  auto limit = shifted(now, is_min ? -amount : amount, unit);
  auto span = time_span(value.text);
  if (!limit || !span) return std::nullopt;
  bool out = is_min ? span->second <= *limit : span->first > *limit;
  if (!out) return std::nullopt;
  return RangeFinding{is_min, fmt::format("The date/time value is not legal: {} is {}{} {} now (which is {})",
                                          is_min ? "minValue" : "maxValue", amount_text, unit,
                                          is_min ? "before" : "after", iso(*limit))};
}

// A fixed bound: numbers by value, anything else by its text at the same precision.
std::optional<int> compare_fixed(const model::Node& v, const model::Node& bound) {
  const model::Node* b = bound.is_primitive() ? &bound : bound.child("value");
  if (!b || !b->has_value()) return std::nullopt;
  if (v.value_kind == model::ValueKind::Number && b->value_kind == model::ValueKind::Number) {
    long double x = std::strtold(std::string(v.text).c_str(), nullptr);
    long double y = std::strtold(std::string(b->text).c_str(), nullptr);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (v.text.size() != b->text.size()) return std::nullopt;
  return v.text < b->text ? -1 : v.text > b->text ? 1 : 0;
}

}  // namespace

std::vector<RangeFinding> check_value_range(const model::Node& element, const PlanElement& pe,
                                            std::chrono::system_clock::time_point now) {
  std::vector<RangeFinding> out;
  const model::Node* v = element.is_primitive() ? &element : element.child("value");
  if (!v || !v->has_value()) return out;
  sys_seconds now_s = ch::floor<ch::seconds>(now);
  for (bool is_min : {true, false}) {
    const model::Node* bound = is_min ? pe.min_value : pe.max_value;
    if (!bound) continue;
    if (!bound->is_primitive() && element.is_primitive() && is_temporal(element)) {
      if (auto f = relative_bound(*v, *bound, is_min, now_s)) out.push_back(std::move(*f));
      continue;
    }
    auto r = compare_fixed(*v, *bound);
    if (r && (is_min ? *r < 0 : *r > 0))
      out.push_back({is_min, fmt::format("value is {} the {} allowed by {}", is_min ? "below" : "above",
                                         is_min ? "minimum" : "maximum", pe.path)});
  }
  return out;
}

}  // namespace renkei::validation
