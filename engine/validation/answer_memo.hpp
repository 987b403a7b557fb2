#pragma once
// AnswerMemo: a bounded, thread-safe memo of answers keyed by a tuple of strings (a ValueSet,
// a system, a code, a display). Terminology answers depend only on the immutable definitions,
// so an entry never goes stale; the same few codes recur in every document of a batch, and a
// hit costs one hash and a shared lock instead of the canonical resolution, membership test and
// concept lookup. Past `capacity` entries answers are computed and not kept, so that free-text
// parts (displays) cannot grow it without bound.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace renkei::validation {

template <typename Value>
class AnswerMemo {
 public:
  using Answer = std::shared_ptr<const Value>;

  explicit AnswerMemo(size_t capacity) : capacity_(capacity) {}

  // The memoised answer for the parts, or compute()'s (called outside the lock on a miss;
  // two threads may compute the same answer once each, the first one is kept).
  template <typename Compute>
  Answer get(std::initializer_list<std::string_view> parts, Compute&& compute) const {
    thread_local std::string key;  // reused: no allocation per lookup
    build_key(parts, key);
    {
      std::shared_lock lock(mutex_);
      if (auto it = answers_.find(std::string_view(key)); it != answers_.end()) return it->second;
    }
    Answer answer = std::make_shared<const Value>(compute());
    build_key(parts, key);  // compute() may have used this thread's key for another memo
    std::unique_lock lock(mutex_);
    if (answers_.size() >= capacity_) return answer;
    return answers_.try_emplace(key, std::move(answer)).first->second;
  }

 private:
  // Each part prefixed by its length, so that no two tuples share a key.
  static void build_key(std::initializer_list<std::string_view> parts, std::string& key) {
    key.clear();
    for (std::string_view part : parts) {
      const auto size = static_cast<uint32_t>(part.size());
      key.append(reinterpret_cast<const char*>(&size), sizeof size);
      key.append(part);
    }
  }

  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };

  size_t capacity_;
  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::string, Answer, KeyHash, std::equal_to<>> answers_;
};

}  // namespace renkei::validation
