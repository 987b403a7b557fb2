#pragma once
// A bump allocator: a parsed resource is many small nodes and strings that live and die
// together, so one arena per document replaces thousands of mallocs and frees.
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <vector>

namespace renkei::model {

class Arena {
 public:
  explicit Arena(size_t first_block = 16 * 1024) : next_block_(first_block) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) noexcept = default;
  Arena& operator=(Arena&&) noexcept = default;

  void* allocate(size_t size, size_t align) {
    size_t p = (pos_ + align - 1) & ~(align - 1);
    if (!blocks_.empty() && p + size <= cap_) {
      pos_ = p + size;
      return blocks_.back().get() + p;
    }
    return allocate_slow(size, align);
  }

  template <typename T, typename... Args>
  T* make(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
  }

  std::string_view copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  size_t bytes_reserved() const { return reserved_; }

 private:
  void* allocate_slow(size_t size, size_t align) {
    size_t block = std::max(next_block_, size + align);
    blocks_.emplace_back(new char[block]);
    reserved_ += block;
    cap_ = block;
    next_block_ = std::min<size_t>(block * 2, size_t{4} << 20);
    size_t base = reinterpret_cast<size_t>(blocks_.back().get());
    size_t p = ((base + align - 1) & ~(align - 1)) - base;
    pos_ = p + size;
    return blocks_.back().get() + p;
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t pos_ = 0;
  size_t cap_ = 0;
  size_t next_block_;
  size_t reserved_ = 0;
};

}  // namespace renkei::model
