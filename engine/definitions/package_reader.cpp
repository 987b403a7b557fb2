#include "definitions/package_reader.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include "definitions/json_buffer.hpp"

namespace renkei::definitions {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPackagePrefix = "package/";
constexpr std::string_view kManifestName = "package/package.json";

std::string size_limit_message(std::string_view what) {
  return std::string(what) + " is larger than " + std::to_string(kMaxDefinitionFileBytes >> 20) +
         " MiB; definition files that big are refused";
}

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

std::string archive_message(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "unknown libarchive error";
}

// Archive member names sometimes start with "./".
std::string_view normalized_member_name(const char* raw) {
  std::string_view name = raw ? raw : "";
  while (name.substr(0, 2) == "./") name.remove_prefix(2);
  return name;
}

enum class DataRead { Ok, TooLarge, Failed };

// Reads the current member's data into a padded buffer.
DataRead read_member_data(archive* a, archive_entry* entry, std::string& out) {
  if (archive_entry_size_is_set(entry)) {
    const la_int64_t declared = archive_entry_size(entry);
    if (declared < 0 || static_cast<uint64_t>(declared) > kMaxDefinitionFileBytes) return DataRead::TooLarge;
    out = make_padded_buffer(static_cast<size_t>(declared));
    size_t filled = 0;
    while (filled < out.size()) {
      const la_ssize_t n = archive_read_data(a, out.data() + filled, out.size() - filled);
      if (n < 0) return DataRead::Failed;
      if (n == 0) break;
      filled += static_cast<size_t>(n);
    }
    if (filled != out.size()) return DataRead::Failed;  // truncated
    return DataRead::Ok;
  }
  // Size not recorded in the header: read in chunks, still bounded.
  std::string data;
  char chunk[1 << 16];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, chunk, sizeof chunk);
    if (n < 0) return DataRead::Failed;
    if (n == 0) break;
    if (data.size() + static_cast<size_t>(n) > kMaxDefinitionFileBytes) return DataRead::TooLarge;
    data.append(chunk, static_cast<size_t>(n));
  }
  out = padded_copy(data);
  return DataRead::Ok;
}

// visit returns false to stop early.
bool read_archive(const PackageSource& source, bool manifest_only,
                  const std::function<bool(PackageMember&&)>& visit, IssueList& issues) {
  ArchivePtr a(archive_read_new());
  if (!a) {
    issues.add(Severity::Error, "exception", "cannot allocate a libarchive reader for " + source.location);
    return false;
  }
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), source.location.c_str(), size_t{1} << 16) != ARCHIVE_OK) {
    issues.add(Severity::Error, "exception",
               "cannot read package archive " + source.location + ": " + archive_message(a.get()));
    return false;
  }
  archive_entry* entry = nullptr;
  for (;;) {
    const int status = archive_read_next_header(a.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    // ARCHIVE_WARN flags header oddities (unknown extended attributes); the member is usable.
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
      issues.add(Severity::Error, "structure",
                 "corrupt or truncated package archive " + source.location + ": " + archive_message(a.get()));
      return false;
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const std::string_view name = normalized_member_name(archive_entry_pathname(entry));
    const MemberRole role = classify_package_member(name);
    if (role == MemberRole::Ignored || (manifest_only && role != MemberRole::Manifest)) continue;
    PackageMember member{std::string(name), source.location + "!" + std::string(name), {}};
    switch (read_member_data(a.get(), entry, member.bytes)) {
      case DataRead::Ok:
        break;
      case DataRead::TooLarge:
        issues.add(Severity::Error, "too-costly", size_limit_message(member.source) + ": skipped");
        continue;  // libarchive skips the unread data on the next header
      case DataRead::Failed:
        issues.add(Severity::Error, "structure",
                   "corrupt or truncated package archive " + source.location + " in member " + member.name + ": " +
                       archive_message(a.get()));
        return false;
    }
    if (!visit(std::move(member))) break;
  }
  return true;
}

bool read_folder(const PackageSource& source, bool manifest_only,
                 const std::function<bool(PackageMember&&)>& visit, IssueList& issues) {
  std::error_code ec;
  std::vector<std::string> file_names;
  for (fs::directory_iterator it(source.package_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) file_names.push_back(it->path().filename().string());
  }
  if (ec) {
    issues.add(Severity::Error, "exception", "cannot list package folder " + source.package_dir + ": " + ec.message());
    return false;
  }
  // Directory order is arbitrary; the first of two conflicting definitions wins, so make it stable.
  std::sort(file_names.begin(), file_names.end());
  for (const std::string& file_name : file_names) {
    const std::string name = std::string(kPackagePrefix) + file_name;
    const MemberRole role = classify_package_member(name);
    if (role == MemberRole::Ignored || (manifest_only && role != MemberRole::Manifest)) continue;
    const std::string path = (fs::path(source.package_dir) / file_name).string();
    std::optional<std::string> bytes = read_json_file(path, issues);
    if (!bytes) continue;
    if (!visit(PackageMember{name, path, std::move(*bytes)})) break;
  }
  return true;
}

}  // namespace

MemberRole classify_package_member(std::string_view name) {
  if (name == kManifestName) return MemberRole::Manifest;
  if (name.substr(0, kPackagePrefix.size()) != kPackagePrefix) return MemberRole::Ignored;
  const std::string_view file_name = name.substr(kPackagePrefix.size());
  // Sub-folders (other/, example/, openapi/, xml/ ...) and hidden files such as .index.json.
  if (file_name.empty() || file_name.find('/') != std::string_view::npos || file_name.front() == '.') {
    return MemberRole::Ignored;
  }
  constexpr std::string_view kJson = ".json";
  if (file_name.size() <= kJson.size() || file_name.substr(file_name.size() - kJson.size()) != kJson) {
    return MemberRole::Ignored;
  }
  return MemberRole::Resource;
}

std::optional<PackageSource> locate_package(const std::string& path, IssueList& issues) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    issues.add(Severity::Error, "not-found", "package not found: " + path);
    return std::nullopt;
  }
  if (fs::is_regular_file(status)) return PackageSource{path, {}, true};
  if (fs::is_directory(status)) {
    const fs::path folder(path);
    if (fs::is_directory(folder / "package", ec)) return PackageSource{path, (folder / "package").string(), false};
    if (fs::is_regular_file(folder / "package.json", ec)) return PackageSource{path, path, false};
    issues.add(Severity::Error, "not-found",
               "not a FHIR package (neither package/ nor package.json inside): " + path);
    return std::nullopt;
  }
  issues.add(Severity::Error, "not-found", "not a file or folder: " + path);
  return std::nullopt;
}

bool read_package_members(const PackageSource& source, const std::function<void(PackageMember&&)>& visit,
                          IssueList& issues) {
  const auto visit_all = [&visit](PackageMember&& member) {
    visit(std::move(member));
    return true;
  };
  return source.is_archive ? read_archive(source, false, visit_all, issues)
                           : read_folder(source, false, visit_all, issues);
}

std::optional<PackageMember> read_package_manifest(const PackageSource& source, IssueList& issues) {
  std::optional<PackageMember> manifest;
  const auto take_manifest = [&manifest](PackageMember&& member) {
    manifest = std::move(member);
    return false;  // nothing else is needed
  };
  const bool readable = source.is_archive ? read_archive(source, true, take_manifest, issues)
                                          : read_folder(source, true, take_manifest, issues);
  if (readable && !manifest) {
    issues.add(Severity::Error, "not-found", "no package/package.json in package " + source.location);
  }
  return readable ? std::move(manifest) : std::nullopt;
}

std::optional<std::string> read_json_file(const std::string& path, IssueList& issues) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    issues.add(Severity::Error, "exception", "cannot read " + path + ": " + ec.message());
    return std::nullopt;
  }
  if (size > kMaxDefinitionFileBytes) {
    issues.add(Severity::Error, "too-costly", size_limit_message(path) + ": skipped");
    return std::nullopt;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    issues.add(Severity::Error, "exception", "cannot open " + path + ": " + std::strerror(errno));
    return std::nullopt;
  }
  std::string bytes = make_padded_buffer(static_cast<size_t>(size));
  const size_t got = std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (std::ferror(file.get())) {
    issues.add(Severity::Error, "exception", "read error in " + path);
    return std::nullopt;
  }
  bytes.resize(got);  // the file shrank meanwhile: keep what is there (capacity stays padded)
  return bytes;
}

}  // namespace renkei::definitions
