#include "common/issue.hpp"

#include <algorithm>

namespace renkei {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Fatal: return "fatal";
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Information: return "information";
  }
  return "error";
}

void IssueList::add(Severity s, std::string code, std::string message, std::string expression, uint32_t line,
                    uint32_t column, std::string rule) {
  issues_.push_back(Issue{s, std::move(code), std::move(message), std::move(expression), line, column, std::move(rule)});
}

bool IssueList::has_errors() const {
  return std::any_of(issues_.begin(), issues_.end(),
                     [](const Issue& i) { return i.severity == Severity::Fatal || i.severity == Severity::Error; });
}

size_t IssueList::count(Severity s) const {
  return static_cast<size_t>(std::count_if(issues_.begin(), issues_.end(), [s](const Issue& i) { return i.severity == s; }));
}

}  // namespace renkei
