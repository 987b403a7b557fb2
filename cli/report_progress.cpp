#include "report_progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include "pipeline/progress_line.hpp"

namespace renkei::cli {

ProgressDisplay::ProgressDisplay(const pipeline::InputReader& reader)
    : reader_(reader), enabled_(::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()), last_(start_) {}

ProgressDisplay::~ProgressDisplay() { clear(); }

void ProgressDisplay::update(uint64_t items_written) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  pipeline::ProgressSnapshot p;
  p.items = items_written;
  p.bytes_done = reader_.bytes_consumed();
  p.bytes_total = reader_.total_bytes();
  p.seconds = std::chrono::duration<double>(now - start_).count();
  fmt::print(stderr, "\r\033[K{}", pipeline::progress_line(p));
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressDisplay::clear() {
  if (!drawn_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace renkei::cli
