#pragma once
// Helpers of the API tests, which use only the public header (no engine internals).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace renkei::api_testing {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace renkei::api_testing
