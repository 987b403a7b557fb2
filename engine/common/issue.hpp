#pragma once
// Issues: what every part of the engine reports about its input. They map 1:1 onto
// OperationOutcome.issue so that the CLI and the API never translate twice.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace renkei {

enum class Severity : uint8_t { Fatal, Error, Warning, Information };

std::string_view to_string(Severity s);

struct Issue {
  Severity severity = Severity::Error;
  std::string code;        // OperationOutcome IssueType code: structure, invalid, required, value, code-invalid, ...
  std::string message;     // never contains patient data unless the caller asked for values
  std::string expression;  // FHIRPath location, e.g. Bundle.entry[2].resource.name[0]
  uint32_t line = 0;       // 1-based; 0 = unknown
  uint32_t column = 0;
  std::string rule;        // constraint key or check name (SARIF ruleId)
};

class IssueList {
 public:
  void add(Issue issue) { issues_.push_back(std::move(issue)); }
  void add(Severity s, std::string code, std::string message, std::string expression = {}, uint32_t line = 0,
           uint32_t column = 0, std::string rule = {});
  const std::vector<Issue>& items() const { return issues_; }
  std::vector<Issue>& items() { return issues_; }
  bool has_errors() const;  // any fatal or error
  size_t count(Severity s) const;
  bool empty() const { return issues_.empty(); }
  void append(const IssueList& other) { issues_.insert(issues_.end(), other.issues_.begin(), other.issues_.end()); }

 private:
  std::vector<Issue> issues_;
};

}  // namespace renkei
