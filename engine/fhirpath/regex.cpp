#include "fhirpath/regex.hpp"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <memory>

#include "fhirpath/eval_error.hpp"

namespace renkei::fhirpath {

namespace {

// ICU counts the time limit in steps of roughly a few milliseconds each.
constexpr int32_t kTimeLimit = 200;

std::unique_ptr<icu::RegexMatcher> matcher(std::string_view text, std::string_view pattern, icu::UnicodeString& input) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString upattern = icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size())));
  input = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  auto m = std::make_unique<icu::RegexMatcher>(upattern, input, UREGEX_DOTALL, status);
  if (U_FAILURE(status)) throw EvalError("invalid regular expression");
  m->setTimeLimit(kTimeLimit, status);
  return m;
}

void check(UErrorCode status) {
  if (status == U_REGEX_TIME_OUT) throw EvalLimitExceeded("regular expression took too long (time limit)");
  if (U_FAILURE(status)) throw EvalError("regular expression failed");
}

}  // namespace

bool regex_matches(std::string_view text, std::string_view pattern, RegexMode mode) {
  icu::UnicodeString input;
  auto m = matcher(text, pattern, input);
  UErrorCode status = U_ZERO_ERROR;
  bool found = mode == RegexMode::Full ? m->matches(status) : m->find(0, status);
  check(status);
  return found;
}

std::string regex_replace_all(std::string_view text, std::string_view pattern, std::string_view replacement) {
  icu::UnicodeString input;
  auto m = matcher(text, pattern, input);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString result = m->replaceAll(
      icu::UnicodeString::fromUTF8(icu::StringPiece(replacement.data(), static_cast<int32_t>(replacement.size()))),
      status);
  check(status);
  std::string out;
  result.toUTF8String(out);
  return out;
}

}  // namespace renkei::fhirpath
