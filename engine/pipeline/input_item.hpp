#pragma once
// One unit of work in a batch: a whole file, stdin, or one line of an NDJSON file.
#include <cstdint>
#include <optional>
#include <string>

#include "common/issue.hpp"

namespace renkei::pipeline {

struct InputItem {
  uint64_t sequence = 0;  // 0-based position in the batch; output is written in this order
  std::string name;       // "dir/a.json", "<stdin>", or "bulk.ndjson:17" for an NDJSON line
  std::string path;       // the file it came from ("-" for stdin)
  uint32_t line = 0;      // 1-based NDJSON line; 0 when the item is a whole file
  std::string bytes;
  // Set when the input could not be read (missing file, unreadable directory, I/O error);
  // `bytes` is empty then. The message names the input, never its content.
  std::optional<Issue> read_error;

  bool is_ndjson_line() const { return line != 0; }
};

}  // namespace renkei::pipeline
