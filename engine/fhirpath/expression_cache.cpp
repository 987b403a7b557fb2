#include "fhirpath/expression_cache.hpp"

#include <mutex>

namespace renkei::fhirpath {

std::shared_ptr<const CompiledExpression> ExpressionCache::get(std::string_view expression, IssueList& issues) {
  std::string key(expression);
  {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      issues.append(it->second.issues);
      return it->second.compiled;
    }
  }
  // Compile outside the lock; if two threads race, the first insertion wins.
  Entry entry;
  entry.compiled = compile(expression, entry.issues);
  std::unique_lock lock(mutex_);
  auto [it, inserted] = entries_.emplace(std::move(key), std::move(entry));
  issues.append(it->second.issues);
  return it->second.compiled;
}

size_t ExpressionCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace renkei::fhirpath
