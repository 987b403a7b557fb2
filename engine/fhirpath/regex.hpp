#pragma once
// Regular expressions for matches(), matchesFull() and replaceMatches(), with ICU: they
// work on Unicode characters (a class like [^　] must not split UTF-8 bytes, as JP profiles'
// invariants need), '.' matches newlines as FHIRPath requires (DOTALL), and a time limit
// stops pathological patterns.
#include <string>
#include <string_view>

namespace renkei::fhirpath {

enum class RegexMode { Search, Full };

// Throws EvalError for an invalid pattern or when the match exceeds its time budget.
bool regex_matches(std::string_view text, std::string_view pattern, RegexMode mode);
std::string regex_replace_all(std::string_view text, std::string_view pattern, std::string_view replacement);

}  // namespace renkei::fhirpath
