#pragma once
// Helpers shared by the definitions tests: fixture paths, a scratch folder, environment
// overrides, and small .tgz packages written with libarchive.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/issue.hpp"

namespace renkei::definitions::testing {

inline std::string fixture(const std::string& relative) {
  return std::string(RENKEI_SOURCE_DIR) + "/tests/unit/definitions/data/" + relative;
}

inline std::string shared_reference(const std::string& relative) {
  return std::string(RENKEI_SHARED_DIR) + "/reference/" + relative;
}

// A fresh folder under the system temp dir, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("renkei-defs-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string path(const std::string& name = {}) const {
    return name.empty() ? path_.string() : (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

// Sets (or, with nullopt, unsets) an environment variable for the scope of a test.
class EnvOverride {
 public:
  EnvOverride(std::string name, const std::optional<std::string>& value) : name_(std::move(name)) {
    if (const char* old = ::getenv(name_.c_str())) old_ = old;
    if (value) {
      ::setenv(name_.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  ~EnvOverride() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  EnvOverride(const EnvOverride&) = delete;
  EnvOverride& operator=(const EnvOverride&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// Writes a gzip-compressed tar holding the given (member name, content) pairs.
inline void write_tgz(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members) {
  archive* a = archive_write_new();
  ASSERT_NE(a, nullptr);
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const auto& [name, content] : members) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    ASSERT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    ASSERT_EQ(archive_write_data(a, content.data(), content.size()), static_cast<la_ssize_t>(content.size()));
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
}

inline bool any_issue_mentions(const IssueList& issues, Severity severity, const std::string& text) {
  for (const Issue& issue : issues.items()) {
    if (issue.severity == severity && issue.message.find(text) != std::string::npos) return true;
  }
  return false;
}

inline size_t count_issues_mentioning(const IssueList& issues, Severity severity, const std::string& text) {
  size_t n = 0;
  for (const Issue& issue : issues.items()) {
    if (issue.severity == severity && issue.message.find(text) != std::string::npos) ++n;
  }
  return n;
}

inline std::string describe(const IssueList& issues) {
  std::string text;
  for (const Issue& issue : issues.items()) {
    text += std::string(to_string(issue.severity)) + ": " + issue.message + "\n";
  }
  return text;
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace renkei::definitions::testing
