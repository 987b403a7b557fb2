#pragma once
// InputReader: turns the INPUT arguments of a batch into a stream of InputItems, lazily, so
// that a batch of a million files or a 10 GB NDJSON file is never held in memory at once.
// Files are taken as given; directories are walked recursively with each directory's
// entries in sorted order (deterministic runs); "-" is stdin; files ending in .ndjson (or
// every input, with `ndjson`) yield one item per non-blank line.
#include <atomic>
#include <cstdint>
#include <deque>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/input_item.hpp"

namespace renkei::pipeline {

struct InputOptions {
  std::vector<std::string> extensions = {".json", ".xml", ".ndjson"};  // kept when found in a directory
  bool ndjson = false;          // treat every input as NDJSON (e.g. stdin from a bulk export)
  bool measure_total = false;   // walk the inputs up front so total_bytes() is known (for an ETA)
  size_t max_input_bytes = 0;   // a larger file (or stdin) is an item with a read error, never read whole; 0 = no limit
};

class InputReader {
 public:
  InputReader(std::vector<std::string> args, InputOptions options);
  ~InputReader();
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;

  // Fills `item` with the next input; false at the end. Never throws for unreadable input:
  // such an item carries read_error instead of bytes.
  bool next(InputItem& item);

  // Bytes of input consumed so far and in total (0 = unknown, e.g. stdin). Safe to read
  // from another thread (the progress display) while next() runs.
  uint64_t bytes_consumed() const { return consumed_.load(std::memory_order_relaxed); }
  uint64_t total_bytes() const { return total_; }

 private:
  bool is_ndjson(const std::string& path) const;
  void expand_directory(const std::string& dir, InputItem& item, bool& produced);
  bool next_line(InputItem& item);
  void fill_error(InputItem& item, const std::string& name, const std::string& path, uint32_t line,
                  std::string message, const char* rule);

  InputOptions options_;
  std::deque<std::string> pending_;  // paths still to visit, in output order
  std::unique_ptr<std::ifstream> ndjson_file_;
  std::istream* ndjson_stream_ = nullptr;  // the open NDJSON input (file or stdin)
  std::string ndjson_path_, ndjson_name_;
  uint32_t ndjson_line_ = 0;
  uint64_t sequence_ = 0;
  std::atomic<uint64_t> consumed_{0};
  uint64_t total_ = 0;
};

}  // namespace renkei::pipeline
