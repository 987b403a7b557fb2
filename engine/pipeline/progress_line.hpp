#pragma once
// The text of the progress display: count, rate and, when the total is known, percent and
// ETA. Formatting only; whoever owns the terminal (the CLI) decides whether and where to draw.
#include <cstdint>
#include <string>

namespace renkei::pipeline {

struct ProgressSnapshot {
  uint64_t items = 0;         // items written so far
  uint64_t bytes_done = 0;    // input bytes consumed
  uint64_t bytes_total = 0;   // 0 = unknown (stdin)
  double seconds = 0;         // since the batch started
};

// e.g. "  12,345 items  4,210/s  63%  ETA 0:07"
std::string progress_line(const ProgressSnapshot& p);

}  // namespace renkei::pipeline
