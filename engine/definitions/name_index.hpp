#pragma once
// NameIndex: element names of one type -> element index, for the per-node lookups of the
// readers and FHIRPath. An open-addressing table of power-of-two size with a hash of a
// name's first and last bytes: one probe for almost every name, no division, no node
// chasing (std::unordered_map spent most of a lookup on those). Immutable after build.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace renkei::definitions {

class NameIndex {
 public:
  // The names must outlive the index; a repeated name keeps its last value.
  void build(const std::vector<std::pair<std::string_view, uint32_t>>& entries) {
    size_t size = 4;
    while (size < entries.size() * 2) size *= 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    count_ = 0;
    for (const auto& [name, value] : entries) {
      Slot* slot = &slots_[hash(name) & mask_];
      while (slot->used && slot->name != name) slot = &slots_[(static_cast<size_t>(slot - slots_.data()) + 1) & mask_];
      if (!slot->used) ++count_;
      *slot = Slot{name, value, true};
    }
  }

  // The value for the name, or nullptr.
  const uint32_t* find(std::string_view name) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = hash(name) & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (!slot.used) return nullptr;
      if (slot.name == name) return &slot.value;
    }
  }
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  size_t size() const { return count_; }

 private:
  struct Slot {
    std::string_view name;
    uint32_t value = 0;
    bool used = false;
  };

  // Fixed-size loads only (a variable-length copy goes through the stack and stalls the
  // load that follows): 8+8 bytes from both ends, 4+4, or three single bytes.
  static uint64_t hash(std::string_view s) {
    const size_t n = s.size();
    const char* p = s.data();
    uint64_t a = 0, b = 0;
    if (n >= 8) {
      a = load<uint64_t>(p);
      b = load<uint64_t>(p + n - 8);
    } else if (n >= 4) {
      a = load<uint32_t>(p);
      b = load<uint32_t>(p + n - 4);
    } else if (n > 0) {
      a = (uint64_t{static_cast<unsigned char>(p[0])} << 16) | (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
          static_cast<unsigned char>(p[n - 1]);
    }
    const uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  }
  template <typename Word>
  static uint64_t load(const char* p) {
    Word w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace renkei::definitions
