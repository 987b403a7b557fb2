#include "fhirpath/conversion.hpp"

#include <algorithm>
#include <cctype>

namespace renkei::fhirpath {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool is_integer_text(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_decimal_text(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  auto dot = s.find('.');
  if (dot == std::string_view::npos) return is_integer_text(s);
  return dot > 0 && is_integer_text(s.substr(0, dot)) && dot + 1 < s.size() && is_integer_text(s.substr(dot + 1)) &&
         s[dot + 1] != '+' && s[dot + 1] != '-';
}

std::optional<Decimal> as_decimal(const SystemValue& v) {
  if (v.index() == 3) return Decimal::from_integer(std::get<int64_t>(v));
  if (v.index() == 4) return std::get<Decimal>(v);
  return std::nullopt;
}

FunctionId target_of(FunctionId fn) {
  switch (fn) {
    case FunctionId::ConvertsToBoolean: return FunctionId::ToBoolean;
    case FunctionId::ConvertsToInteger: return FunctionId::ToInteger;
    case FunctionId::ConvertsToDecimal: return FunctionId::ToDecimal;
    case FunctionId::ConvertsToDate: return FunctionId::ToDate;
    case FunctionId::ConvertsToDateTime: return FunctionId::ToDateTime;
    case FunctionId::ConvertsToTime: return FunctionId::ToTime;
    case FunctionId::ConvertsToString: return FunctionId::ToString;
    case FunctionId::ConvertsToQuantity: return FunctionId::ToQuantity;
    default: return fn;
  }
}

}  // namespace

bool is_converts_to(FunctionId fn) { return target_of(fn) != fn; }

std::optional<Quantity> parse_quantity_string(std::string_view s) {
  size_t space = s.find(' ');
  std::string_view number = s.substr(0, space);
  if (!is_decimal_text(number)) return std::nullopt;
  auto d = Decimal::parse(number);
  if (!d) return std::nullopt;
  if (space == std::string_view::npos) return Quantity{*d, "1"};
  std::string_view unit = s.substr(space + 1);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (unit.size() >= 2 && unit.front() == '\'' && unit.back() == '\'')
    return Quantity{*d, std::string(unit.substr(1, unit.size() - 2))};
  std::string_view k = Quantity::calendar_keyword(unit);
  if (!k.empty()) return Quantity{*d, std::string(k)};
  return std::nullopt;
}

std::optional<SystemValue> convert(const SystemValue& v, FunctionId fn, const std::optional<std::string>& unit) {
  const std::string* text = v.index() == 2 ? &std::get<std::string>(v) : nullptr;
  switch (target_of(fn)) {
    case FunctionId::ToBoolean: {
      if (v.index() == 1) return v;
      if (v.index() == 3) {
        int64_t i = std::get<int64_t>(v);
        if (i == 0 || i == 1) return SystemValue(i == 1);
        return std::nullopt;
      }
      if (v.index() == 4) {
        const Decimal& d = std::get<Decimal>(v);
        if (d.compare(Decimal::from_integer(1)) == 0) return SystemValue(true);
        if (d.is_zero()) return SystemValue(false);
        return std::nullopt;
      }
      if (text) {
        std::string s = lower(*text);
        if (s == "true" || s == "t" || s == "yes" || s == "y" || s == "1" || s == "1.0") return SystemValue(true);
        if (s == "false" || s == "f" || s == "no" || s == "n" || s == "0" || s == "0.0") return SystemValue(false);
      }
      return std::nullopt;
    }
    case FunctionId::ToInteger: {
      if (v.index() == 3) return v;
      if (v.index() == 1) return SystemValue(int64_t{std::get<bool>(v) ? 1 : 0});
      if (text && is_integer_text(*text)) {
        auto d = Decimal::parse(*text);
        auto i = d ? d->to_int64() : std::nullopt;
        if (i && *i >= INT32_MIN && *i <= INT32_MAX) return SystemValue(*i);
      }
      return std::nullopt;
    }
    case FunctionId::ToDecimal: {
      if (auto d = as_decimal(v)) return SystemValue(*d);
      if (v.index() == 1) return SystemValue(Decimal::from_integer(std::get<bool>(v) ? 1 : 0));
      if (text && is_decimal_text(*text)) {
        if (auto d = Decimal::parse(*text)) return SystemValue(*d);
      }
      return std::nullopt;
    }
    case FunctionId::ToDate: {
      if (v.index() == 5) {
        Temporal t = std::get<Temporal>(v);
        if (t.kind == TemporalKind::Time) return std::nullopt;
        t.kind = TemporalKind::Date;
        t.precision = std::min(t.precision, TemporalPrecision::Day);
        t.has_timezone = false;
        t.hour = t.minute = t.second = t.millisecond = 0;
        return SystemValue(t);
      }
      if (text) {
        if (auto t = Temporal::parse_date(*text)) return SystemValue(*t);
        if (auto t = Temporal::parse_datetime(*text)) return convert(SystemValue(*t), FunctionId::ToDate, unit);
      }
      return std::nullopt;
    }
    case FunctionId::ToDateTime: {
      if (v.index() == 5) {
        Temporal t = std::get<Temporal>(v);
        if (t.kind == TemporalKind::Time) return std::nullopt;
        t.kind = TemporalKind::DateTime;
        return SystemValue(t);
      }
      if (text) {
        if (auto t = Temporal::parse_datetime(*text)) return SystemValue(*t);
      }
      return std::nullopt;
    }
    case FunctionId::ToTime: {
      if (v.index() == 5) {
        if (std::get<Temporal>(v).kind == TemporalKind::Time) return v;
        return std::nullopt;
      }
      if (text) {
        std::string_view s = *text;
        if (s.starts_with("T")) s.remove_prefix(1);
        if (auto t = Temporal::parse_time(s)) return SystemValue(*t);
      }
      return std::nullopt;
    }
    case FunctionId::ToString: {
      auto s = to_string_value(v);
      if (!s) return std::nullopt;
      return SystemValue(*s);
    }
    case FunctionId::ToQuantity: {
      std::optional<Quantity> q;
      if (v.index() == 6) q = std::get<Quantity>(v);
      else if (auto d = as_decimal(v)) q = Quantity{*d, "1"};
      else if (v.index() == 1) q = Quantity{Decimal::parse(std::get<bool>(v) ? "1.0" : "0.0").value(), "1"};
      else if (text) q = parse_quantity_string(*text);
      if (!q) return std::nullopt;
      if (unit && *unit != q->unit) {
        Quantity target{Decimal::from_integer(1), *unit};
        auto from = q->canonical(), to = target.canonical();
        if (!from || !to || from->dimensions != to->dimensions) return std::nullopt;
        auto value = from->value.div(to->value);
        if (!value) return std::nullopt;
        q = Quantity{*value, *unit};
      }
      return SystemValue(*q);
    }
    default: return std::nullopt;
  }
}

}  // namespace renkei::fhirpath
