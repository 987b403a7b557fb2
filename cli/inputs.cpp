#include "inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include "common/file_util.hpp"

namespace fs = std::filesystem;

namespace renkei::cli {

std::vector<std::string> expand_inputs(const std::vector<std::string>& args, const std::vector<std::string>& extensions) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (a != "-" && fs::is_directory(a, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(a, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        std::string ext = it->path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
        if (std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(a);
    }
  }
  return out;
}

namespace {

InputTooLarge too_large(const std::string& name, size_t max_bytes) {
  return InputTooLarge(name + ": input is over the limit of " + std::to_string(max_bytes) +
                            " bytes (raise it with --max-input-size)");
}

}  // namespace

std::string read_input(const std::string& path, size_t max_bytes) {
  if (path == "-") {
    std::string bytes;
    char chunk[1 << 16];
    while (std::cin.read(chunk, sizeof chunk) || std::cin.gcount() > 0) {
      bytes.append(chunk, static_cast<size_t>(std::cin.gcount()));
      if (bytes.size() > max_bytes) throw too_large("<stdin>", max_bytes);
    }
    return bytes;
  }
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) throw too_large(path, max_bytes);
  return read_file(path);
}

}  // namespace renkei::cli
