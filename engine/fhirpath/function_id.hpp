#pragma once
// Every FHIRPath function the engine knows, resolved from its name once at parse time.
#include <cstdint>
#include <string_view>

namespace renkei::fhirpath {

enum class FunctionId : uint16_t {
  Unknown,
  // existence
  Empty, Exists, All, AllTrue, AnyTrue, AllFalse, AnyFalse, SubsetOf, SupersetOf, Count, Distinct, IsDistinct,
  // filtering and projection
  Where, Select, Repeat, OfType,
  // subsetting
  Single, First, Last, Tail, Skip, Take, Intersect, Exclude,
  // combining
  Union, Combine,
  // conversion
  Iif, ToBoolean, ConvertsToBoolean, ToInteger, ConvertsToInteger, ToDecimal, ConvertsToDecimal, ToDate,
  ConvertsToDate, ToDateTime, ConvertsToDateTime, ToTime, ConvertsToTime, ToQuantity, ConvertsToQuantity,
  ToString, ConvertsToString,
  // string
  IndexOf, Substring, StartsWith, EndsWith, Contains, Upper, Lower, Replace, Matches, MatchesFull, ReplaceMatches, Length,
  ToChars, Trim, Split, Join,
  // math
  Abs, Ceiling, Exp, Floor, Ln, Log, Power, Round, Sqrt, Truncate,
  // tree navigation
  Children, Descendants,
  // utility
  Trace, Now, Today, TimeOfDay, Not, Aggregate, Is, As, Precision, LowBoundary, HighBoundary, Sort,
  Encode, Decode, Escape, Unescape,
  // FHIR additions
  Extension, HasValue, GetValue, Resolve, HtmlChecks, MemberOf, ConformsTo, Comparable,
};

// Resolves a function name; Unknown when the engine does not implement it.
FunctionId function_by_name(std::string_view name);
// Allowed argument counts (inclusive).
struct Arity {
  uint8_t min, max;
};
Arity function_arity(FunctionId id);

}  // namespace renkei::fhirpath
