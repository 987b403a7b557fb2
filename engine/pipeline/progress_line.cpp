#include "pipeline/progress_line.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace renkei::pipeline {

namespace {

std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string duration(double seconds) {
  auto s = static_cast<uint64_t>(std::llround(std::max(0.0, seconds)));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

std::string progress_line(const ProgressSnapshot& p) {
  double rate = p.seconds > 0 ? static_cast<double>(p.items) / p.seconds : 0;
  std::string line = fmt::format("{} items  {}/s", grouped(p.items), grouped(static_cast<uint64_t>(rate)));
  if (p.bytes_total > 0 && p.seconds > 0) {
    double fraction = std::min(1.0, static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total));
    line += fmt::format("  {}%", static_cast<int>(fraction * 100));
    if (fraction > 0) line += "  ETA " + duration(p.seconds * (1 - fraction) / fraction);
  }
  return line;
}

}  // namespace renkei::pipeline
