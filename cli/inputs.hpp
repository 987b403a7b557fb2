#pragma once
// Expands the INPUT arguments of a verb: files as given, directories recursively in sorted
// order (so runs are deterministic), and "-" for stdin.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::cli {

// Files under directories are kept when their extension is one of `extensions`
// (e.g. {".json", ".xml"}). Unreadable paths are returned too: reading them reports the error.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args, const std::vector<std::string>& extensions);

// An input over --max-input-size: bad input (exit 1), not an I/O failure.
struct InputTooLarge : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads a file, or stdin for "-". Throws std::runtime_error naming the input, also when it is
// larger than `max_bytes` (checked before reading, so a huge file is never loaded).
std::string read_input(const std::string& path, size_t max_bytes = SIZE_MAX);

}  // namespace renkei::cli
