#pragma once
// Compiled expressions keyed by their text, so a validator parses each invariant once per
// engine. Thread-safe: lookups take a shared lock, insertions an exclusive one.
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "fhirpath/fhirpath.hpp"

namespace renkei::fhirpath {

class ExpressionCache {
 public:
  // The compiled expression, compiling it on first use. nullptr (with the issues of the
  // failed compile appended to `issues`) for an invalid expression; failures are cached too.
  std::shared_ptr<const CompiledExpression> get(std::string_view expression, IssueList& issues);
  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const CompiledExpression> compiled;
    IssueList issues;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace renkei::fhirpath
