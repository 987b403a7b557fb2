#pragma once
#include <string>
#include <string_view>

namespace renkei {

// Reads a whole file; throws std::runtime_error naming the path on failure.
std::string read_file(const std::string& path);

// Writes via a temporary file in the same directory and renames it, so a killed run never
// leaves a half-written file behind.
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace renkei
