#pragma once
// The progress bar of a batch: redrawn in place on stderr at most ten times a second, only
// when stderr is a terminal (CI logs and redirected runs stay clean).
#include <chrono>
#include <cstdint>

#include "pipeline/input_reader.hpp"

namespace renkei::cli {

class ProgressDisplay {
 public:
  explicit ProgressDisplay(const pipeline::InputReader& reader);
  ~ProgressDisplay();
  void update(uint64_t items_written);
  void clear();  // before other text goes to stderr
  bool enabled() const { return enabled_; }

 private:
  const pipeline::InputReader& reader_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace renkei::cli
