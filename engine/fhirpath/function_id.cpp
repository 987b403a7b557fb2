#include "fhirpath/function_id.hpp"

#include <array>
#include <utility>

namespace renkei::fhirpath {
namespace {

struct FunctionEntry {
  std::string_view name;
  FunctionId id;
  Arity arity;
};

constexpr FunctionEntry kFunctions[] = {
    {"empty", FunctionId::Empty, {0, 0}},
    {"exists", FunctionId::Exists, {0, 1}},
    {"all", FunctionId::All, {1, 1}},
    {"allTrue", FunctionId::AllTrue, {0, 0}},
    {"anyTrue", FunctionId::AnyTrue, {0, 0}},
    {"allFalse", FunctionId::AllFalse, {0, 0}},
    {"anyFalse", FunctionId::AnyFalse, {0, 0}},
    {"subsetOf", FunctionId::SubsetOf, {1, 1}},
    {"supersetOf", FunctionId::SupersetOf, {1, 1}},
    {"count", FunctionId::Count, {0, 0}},
    {"distinct", FunctionId::Distinct, {0, 0}},
    {"isDistinct", FunctionId::IsDistinct, {0, 0}},
    {"where", FunctionId::Where, {1, 1}},
    {"select", FunctionId::Select, {1, 1}},
    {"repeat", FunctionId::Repeat, {1, 1}},
    {"ofType", FunctionId::OfType, {1, 1}},
    {"single", FunctionId::Single, {0, 0}},
    {"first", FunctionId::First, {0, 0}},
    {"last", FunctionId::Last, {0, 0}},
    {"tail", FunctionId::Tail, {0, 0}},
    {"skip", FunctionId::Skip, {1, 1}},
    {"take", FunctionId::Take, {1, 1}},
    {"intersect", FunctionId::Intersect, {1, 1}},
    {"exclude", FunctionId::Exclude, {1, 1}},
    {"union", FunctionId::Union, {1, 1}},
    {"combine", FunctionId::Combine, {1, 1}},
    {"iif", FunctionId::Iif, {2, 3}},
    {"toBoolean", FunctionId::ToBoolean, {0, 0}},
    {"convertsToBoolean", FunctionId::ConvertsToBoolean, {0, 0}},
    {"toInteger", FunctionId::ToInteger, {0, 0}},
    {"convertsToInteger", FunctionId::ConvertsToInteger, {0, 0}},
    {"toDecimal", FunctionId::ToDecimal, {0, 0}},
    {"convertsToDecimal", FunctionId::ConvertsToDecimal, {0, 0}},
    {"toDate", FunctionId::ToDate, {0, 0}},
    {"convertsToDate", FunctionId::ConvertsToDate, {0, 0}},
    {"toDateTime", FunctionId::ToDateTime, {0, 0}},
    {"convertsToDateTime", FunctionId::ConvertsToDateTime, {0, 0}},
    {"toTime", FunctionId::ToTime, {0, 0}},
    {"convertsToTime", FunctionId::ConvertsToTime, {0, 0}},
    {"toQuantity", FunctionId::ToQuantity, {0, 1}},
    {"convertsToQuantity", FunctionId::ConvertsToQuantity, {0, 1}},
    {"toString", FunctionId::ToString, {0, 0}},
    {"convertsToString", FunctionId::ConvertsToString, {0, 0}},
    {"indexOf", FunctionId::IndexOf, {1, 1}},
    {"substring", FunctionId::Substring, {1, 2}},
    {"startsWith", FunctionId::StartsWith, {1, 1}},
    {"endsWith", FunctionId::EndsWith, {1, 1}},
    {"contains", FunctionId::Contains, {1, 1}},
    {"upper", FunctionId::Upper, {0, 0}},
    {"lower", FunctionId::Lower, {0, 0}},
    {"replace", FunctionId::Replace, {2, 2}},
    {"matches", FunctionId::Matches, {1, 1}},
    {"matchesFull", FunctionId::MatchesFull, {1, 1}},
    {"replaceMatches", FunctionId::ReplaceMatches, {2, 2}},
    {"length", FunctionId::Length, {0, 0}},
    {"toChars", FunctionId::ToChars, {0, 0}},
    {"trim", FunctionId::Trim, {0, 0}},
    {"split", FunctionId::Split, {1, 1}},
    {"join", FunctionId::Join, {0, 1}},
    {"abs", FunctionId::Abs, {0, 0}},
    {"ceiling", FunctionId::Ceiling, {0, 0}},
    {"exp", FunctionId::Exp, {0, 0}},
    {"floor", FunctionId::Floor, {0, 0}},
    {"ln", FunctionId::Ln, {0, 0}},
    {"log", FunctionId::Log, {1, 1}},
    {"power", FunctionId::Power, {1, 1}},
    {"round", FunctionId::Round, {0, 1}},
    {"sqrt", FunctionId::Sqrt, {0, 0}},
    {"truncate", FunctionId::Truncate, {0, 0}},
    {"children", FunctionId::Children, {0, 0}},
    {"descendants", FunctionId::Descendants, {0, 0}},
    {"trace", FunctionId::Trace, {1, 2}},
    {"now", FunctionId::Now, {0, 0}},
    {"today", FunctionId::Today, {0, 0}},
    {"timeOfDay", FunctionId::TimeOfDay, {0, 0}},
    {"not", FunctionId::Not, {0, 0}},
    {"aggregate", FunctionId::Aggregate, {1, 2}},
    {"is", FunctionId::Is, {1, 1}},
    {"as", FunctionId::As, {1, 1}},
    {"precision", FunctionId::Precision, {0, 0}},
    {"lowBoundary", FunctionId::LowBoundary, {0, 1}},
    {"highBoundary", FunctionId::HighBoundary, {0, 1}},
    {"sort", FunctionId::Sort, {0, 16}},
    {"encode", FunctionId::Encode, {1, 1}},
    {"decode", FunctionId::Decode, {1, 1}},
    {"escape", FunctionId::Escape, {1, 1}},
    {"unescape", FunctionId::Unescape, {1, 1}},
    {"extension", FunctionId::Extension, {1, 1}},
    {"hasValue", FunctionId::HasValue, {0, 0}},
    {"getValue", FunctionId::GetValue, {0, 0}},
    {"resolve", FunctionId::Resolve, {0, 0}},
    {"htmlChecks", FunctionId::HtmlChecks, {0, 0}},
    {"htmlchecks", FunctionId::HtmlChecks, {0, 0}},
    {"memberOf", FunctionId::MemberOf, {1, 1}},
    {"conformsTo", FunctionId::ConformsTo, {1, 1}},
    {"comparable", FunctionId::Comparable, {1, 1}},
};

}  // namespace

FunctionId function_by_name(std::string_view name) {
  for (const auto& f : kFunctions)
    if (f.name == name) return f.id;
  return FunctionId::Unknown;
}

Arity function_arity(FunctionId id) {
  for (const auto& f : kFunctions)
    if (f.id == id) return f.arity;
  return {0, 0};
}

}  // namespace renkei::fhirpath
