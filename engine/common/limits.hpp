#pragma once
// Resource limits applied to untrusted input. Every limit has a safe default and a CLI flag;
// exceeding one is an error that names the limit and the flag that raises it.
#include <cstddef>
#include <cstdint>

namespace renkei {

struct Limits {
  size_t max_input_bytes = size_t{256} << 20;  // --max-input-size
  uint32_t max_depth = 256;                    // --max-depth (JSON/XML nesting)
  uint32_t max_bundle_entries = 1'000'000;     // --max-entries
  uint64_t max_fhirpath_steps = 10'000'000;    // --max-fhirpath-steps
};

}  // namespace renkei
