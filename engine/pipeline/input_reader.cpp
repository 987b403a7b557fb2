#include "pipeline/input_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "common/file_util.hpp"

namespace fs = std::filesystem;

namespace renkei::pipeline {

namespace {

std::string lower_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool blank(const std::string& line) {
  return std::all_of(line.begin(), line.end(), [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Sum of the sizes of the regular files under `path` that the reader would visit.
uint64_t measure(const std::string& path, const std::vector<std::string>& extensions) {
  std::error_code ec;
  if (path == "-") return 0;
  if (!fs::is_directory(path, ec)) {
    auto size = fs::file_size(path, ec);
    return ec ? 0 : size;
  }
  uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    if (std::find(extensions.begin(), extensions.end(), lower_extension(it->path())) == extensions.end()) continue;
    auto size = it->file_size(ec);
    if (!ec) total += size;
  }
  return total;
}

}  // namespace

InputReader::InputReader(std::vector<std::string> args, InputOptions options)
    : options_(std::move(options)), pending_(args.begin(), args.end()) {
  if (options_.measure_total)
    for (const auto& a : args) total_ += measure(a, options_.extensions);
}

InputReader::~InputReader() = default;

bool InputReader::is_ndjson(const std::string& path) const {
  return options_.ndjson || lower_extension(path) == ".ndjson";
}

void InputReader::fill_error(InputItem& item, const std::string& name, const std::string& path, uint32_t line,
                             std::string message, const char* rule) {
  item.name = name;
  item.path = path;
  item.line = line;
  item.bytes.clear();
  Issue issue;
  issue.severity = Severity::Fatal;
  issue.code = "exception";
  issue.message = std::move(message);
  issue.rule = rule;
  item.read_error = std::move(issue);
}

// Lists one directory level, sorted, and queues its members ahead of the remaining inputs
// (depth-first, so the order is that of a sorted recursive listing). An unreadable directory
// becomes an item of its own so the batch reports it and continues.
void InputReader::expand_directory(const std::string& dir, InputItem& item, bool& produced) {
  std::error_code ec;
  std::vector<fs::path> members;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec)) {
      members.push_back(it->path());
    } else if (it->is_regular_file(type_ec) &&
               std::find(options_.extensions.begin(), options_.extensions.end(), lower_extension(it->path())) !=
                   options_.extensions.end()) {
      members.push_back(it->path());
    }
  }
  if (ec) {
    fill_error(item, dir, dir, 0, dir + ": cannot read directory: " + ec.message(), "read");
    produced = true;
    return;
  }
  std::sort(members.begin(), members.end());
  for (auto m = members.rbegin(); m != members.rend(); ++m) pending_.push_front(m->string());
}

bool InputReader::next_line(InputItem& item) {
  std::string line;
  while (std::getline(*ndjson_stream_, line)) {
    ++ndjson_line_;
    consumed_.fetch_add(line.size() + 1, std::memory_order_relaxed);
    if (blank(line)) continue;  // a trailing newline or spacing between records is not an item
    if (!line.empty() && line.back() == '\r') line.pop_back();
    item.name = ndjson_name_ + ":" + std::to_string(ndjson_line_);
    item.path = ndjson_path_;
    item.line = ndjson_line_;
    item.bytes = std::move(line);
    item.read_error.reset();
    return true;
  }
  bool failed = ndjson_stream_->bad();
  uint32_t failed_line = ndjson_line_ + 1;
  ndjson_file_.reset();
  ndjson_stream_ = nullptr;
  if (failed) {
    fill_error(item, ndjson_name_ + ":" + std::to_string(failed_line), ndjson_path_, failed_line,
               ndjson_name_ + ": read error at line " + std::to_string(failed_line), "read");
    return true;
  }
  return false;
}

bool InputReader::next(InputItem& item) {
  item = InputItem{};
  item.sequence = sequence_;
  for (;;) {
    if (ndjson_stream_) {
      if (next_line(item)) break;
      continue;
    }
    if (pending_.empty()) return false;
    std::string path = std::move(pending_.front());
    pending_.pop_front();
    std::string name = path == "-" ? "<stdin>" : path;
    std::error_code ec;
    if (path != "-" && fs::is_directory(path, ec)) {
      bool produced = false;
      expand_directory(path, item, produced);
      if (produced) break;
      continue;
    }
    if (is_ndjson(path)) {
      ndjson_path_ = path;
      ndjson_name_ = name;
      ndjson_line_ = 0;
      if (path == "-") {
        ndjson_stream_ = &std::cin;
      } else {
        ndjson_file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
        if (!*ndjson_file_) {
          int err = errno;
          ndjson_file_.reset();
          fill_error(item, name, path, 0, path + ": cannot open: " + std::strerror(err), "read");
          break;
        }
        ndjson_stream_ = ndjson_file_.get();
      }
      continue;
    }
    item.name = name;
    item.path = path;
    try {
      const size_t limit = options_.max_input_bytes;
      uint64_t size = 0;
      if (path == "-") {
        // Read at most one byte past the limit: enough to know the input is over it.
        std::istreambuf_iterator<char> in(std::cin), end;
        for (; in != end && (!limit || item.bytes.size() <= limit); ++in) item.bytes.push_back(*in);
        size = item.bytes.size();
      } else if (std::error_code ec; limit && (size = fs::file_size(path, ec), !ec) && size > limit) {
        // too large: not read at all
      } else {
        item.bytes = read_file(path);
        size = item.bytes.size();
      }
      if (limit && size > limit) {
        std::string what = path == "-" ? "more than " + std::to_string(limit) : std::to_string(size);
        fill_error(item, name, path, 0,
                   "input is " + what + " bytes, over the limit of " + std::to_string(limit) +
                       " (raise it with --max-input-size)",
                   "too-costly");
        item.read_error->code = "too-costly";
      } else {
        consumed_.fetch_add(item.bytes.size(), std::memory_order_relaxed);
      }
    } catch (const std::exception& e) {
      fill_error(item, name, path, 0, e.what(), "read");
    }
    break;
  }
  ++sequence_;
  return true;
}

}  // namespace renkei::pipeline
