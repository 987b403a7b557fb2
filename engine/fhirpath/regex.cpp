#include "fhirpath/regex.hpp"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "fhirpath/eval_error.hpp"

namespace renkei::fhirpath {

namespace {

// ICU counts the time limit in steps of roughly a few milliseconds each.
constexpr int32_t kTimeLimit = 200;
// Invariants use a handful of constant patterns; the bound only matters for expressions that
// build patterns from data.
constexpr size_t kCachedPatterns = 128;

// A compiled pattern with a matcher to reuse: compiling is what costs (it dominated invariants
// such as eld-19 or cnl-0 when done per call). One cache per thread, because ICU matchers are
// not thread-safe; an invalid pattern is remembered as a null matcher.
struct MatcherCache {
  icu::UnicodeString empty;  // what idle matchers point at (declared first: outlives them)
  std::unordered_map<std::string, std::unique_ptr<icu::RegexMatcher>> matchers;
};

MatcherCache& matcher_cache() {
  thread_local MatcherCache cache;
  return cache;
}

icu::RegexMatcher* cached_matcher(std::string_view pattern) {
  MatcherCache& cache = matcher_cache();
  auto it = cache.matchers.find(std::string(pattern));
  if (it != cache.matchers.end()) return it->second.get();
  if (cache.matchers.size() >= kCachedPatterns) cache.matchers.clear();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString upattern =
      icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size())));
  auto m = std::make_unique<icu::RegexMatcher>(upattern, UREGEX_DOTALL, status);
  if (U_FAILURE(status)) {
    m.reset();
  } else {
    m->setTimeLimit(kTimeLimit, status);
    m->reset(cache.empty);
  }
  return cache.matchers.emplace(std::string(pattern), std::move(m)).first->second.get();
}

// The pattern's matcher reset to `input` (which must outlive the use of the matcher).
icu::RegexMatcher& matcher(std::string_view text, std::string_view pattern, icu::UnicodeString& input) {
  icu::RegexMatcher* m = cached_matcher(pattern);
  if (!m) throw EvalError("invalid regular expression");
  input = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  m->reset(input);
  return *m;
}

void check(UErrorCode status) {
  if (status == U_REGEX_TIME_OUT) throw EvalLimitExceeded("regular expression took too long (time limit)");
  if (U_FAILURE(status)) throw EvalError("regular expression failed");
}

}  // namespace

bool regex_matches(std::string_view text, std::string_view pattern, RegexMode mode) {
  icu::UnicodeString input;
  icu::RegexMatcher& m = matcher(text, pattern, input);
  UErrorCode status = U_ZERO_ERROR;
  bool found = mode == RegexMode::Full ? m.matches(status) : m.find(0, status);
  m.reset(matcher_cache().empty);  // drop the reference to `input`
  check(status);
  return found;
}

std::string regex_replace_all(std::string_view text, std::string_view pattern, std::string_view replacement) {
  icu::UnicodeString input;
  icu::RegexMatcher& m = matcher(text, pattern, input);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString result = m.replaceAll(
      icu::UnicodeString::fromUTF8(icu::StringPiece(replacement.data(), static_cast<int32_t>(replacement.size()))),
      status);
  m.reset(matcher_cache().empty);
  check(status);
  std::string out;
  result.toUTF8String(out);
  return out;
}

}  // namespace renkei::fhirpath
