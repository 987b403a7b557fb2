#pragma once
// Expands the INPUT arguments of a verb: files as given, directories recursively in sorted
// order (so runs are deterministic), and "-" for stdin.
#include <string>
#include <vector>

namespace renkei::cli {

// Files under directories are kept when their extension is one of `extensions`
// (e.g. {".json", ".xml"}). Unreadable paths are returned too: reading them reports the error.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args, const std::vector<std::string>& extensions);

// Reads a file, or stdin for "-". Throws std::runtime_error naming the input.
std::string read_input(const std::string& path);

}  // namespace renkei::cli
