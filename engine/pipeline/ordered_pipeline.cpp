#include "pipeline/ordered_pipeline.hpp"

namespace renkei::pipeline {

unsigned default_jobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace renkei::pipeline
