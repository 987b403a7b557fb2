#include "pipeline/batch_summary.hpp"

#include <fmt/core.h>

namespace renkei::pipeline {

std::string summary_json(const BatchSummary& s, const std::string& verb) {
  return fmt::format(
      "{{\"command\":\"{}\",\"read\":{},\"written\":{},\"rejected\":{},\"unreadable\":{},\"errors\":{},"
      "\"warnings\":{},\"bytes\":{},\"seconds\":{:.3f}}}\n",
      verb, s.read, s.written, s.rejected, s.unreadable, s.errors, s.warnings, s.bytes, s.seconds);
}

}  // namespace renkei::pipeline
