#include "definitions/errata.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "common/file_util.hpp"
#include "definitions/json_patch.hpp"

namespace renkei::definitions {
namespace {

namespace fs = std::filesystem;

std::string string_member(const JsonNode& node, std::string_view key) {
  const JsonNode* member = node.get(key);
  return member && member->kind == JsonNode::Kind::String ? member->text : std::string();
}

struct Target {
  std::string resource_type;
  std::string canonical;
  std::vector<JsonPatchOperation> patch;
};

struct Erratum {
  std::string id, title;
  std::vector<Target> targets;
};

std::optional<Erratum> read_erratum(const std::string& file, IssueList& issues) {
  const auto malformed = [&](const std::string& why) {
    issues.add(Severity::Error, "invalid", "erratum " + file + ": " + why, {}, 0, 0, "errata");
    return std::nullopt;
  };
  std::string text;
  try {
    text = read_file(file);
  } catch (const std::exception& e) {
    return malformed(e.what());
  }
  std::string error;
  std::optional<JsonNode> root = parse_json_node(text, error);
  if (!root) return malformed("not JSON: " + error);
  Erratum erratum{string_member(*root, "id"), string_member(*root, "title"), {}};
  const JsonNode* targets = root->get("targets");
  if (erratum.id.empty() || !targets || targets->kind != JsonNode::Kind::Array || targets->items.empty()) {
    return malformed("needs an id and a non-empty targets array");
  }
  for (const JsonNode& node : targets->items) {
    Target target{string_member(node, "resourceType"), string_member(node, "canonical"), {}};
    const JsonNode* patch = node.get("patch");
    if (target.resource_type.empty() || target.canonical.empty() || !patch) {
      return malformed("each target needs resourceType, canonical and patch");
    }
    if (!parse_json_patch(*patch, target.patch, error)) return malformed(target.canonical + ": " + error);
    erratum.targets.push_back(std::move(target));
  }
  return erratum;
}

// The overlay store loads files only: the corrected copies go through one scratch definition
// Bundle, removed again at once.
bool load_corrected(DefinitionStore& overlay, const std::vector<std::string>& resources, IssueList& issues) {
  std::string bundle = R"({"resourceType":"Bundle","type":"collection","entry":[)";
  for (size_t i = 0; i < resources.size(); ++i) {
    if (i) bundle += ',';
    bundle += R"({"resource":)" + resources[i] + "}";
  }
  bundle += "]}";
  std::error_code ec;
  static std::atomic<unsigned> staged{0};  // several overlays may be built at once (tests)
  const fs::path dir = fs::temp_directory_path(ec) /
                       ("renkei-errata-" + std::to_string(::getpid()) + "-" + std::to_string(staged++));
  fs::create_directories(dir, ec);
  const std::string path = (dir / "corrected-definitions.json").string();
  bool loaded = false;
  try {
    write_file_atomic(path, bundle);
    loaded = overlay.load_file(path, issues);
  } catch (const std::exception& e) {
    issues.add(Severity::Error, "exception", std::string("cannot stage corrected definitions: ") + e.what(), {}, 0,
               0, "errata");
  }
  fs::remove_all(dir, ec);
  return loaded;
}

}  // namespace

std::unique_ptr<ErrataOverlay> apply_errata(const std::string& dir, const DefinitionStore& base, IssueList& issues) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    issues.add(Severity::Error, "not-found", "errata folder not found: " + dir, {}, 0, 0, "errata");
    return nullptr;
  }
  std::vector<std::string> files;
  for (const auto& item : fs::directory_iterator(dir, ec)) {
    if (item.path().extension() == ".json") files.push_back(item.path().string());
  }
  std::sort(files.begin(), files.end());
  // Corrected copies by canonical, so that two errata on one resource compose.
  std::vector<std::pair<std::string, JsonNode>> corrected;
  auto overlay = std::make_unique<ErrataOverlay>(base);
  for (const std::string& file : files) {
    std::optional<Erratum> erratum = read_erratum(file, issues);
    if (!erratum) return nullptr;
    AppliedErratum applied{erratum->id, erratum->title, {}};
    for (const Target& target : erratum->targets) {
      const std::string key = target.resource_type + " " + target.canonical;
      auto it = std::find_if(corrected.begin(), corrected.end(), [&](const auto& c) { return c.first == key; });
      JsonNode copy;
      if (it != corrected.end()) {
        copy = it->second;
      } else {
        const ResourceEntry* entry = base.find(target.resource_type, target.canonical);
        if (!entry) {
          issues.add(Severity::Information, "not-found",
                     "erratum " + erratum->id + " not applied to " + target.canonical + ": not loaded", {}, 0, 0,
                     "errata");
          continue;
        }
        std::string error;
        std::optional<JsonNode> parsed = parse_json_node(entry->json, error);
        if (!parsed) {
          issues.add(Severity::Warning, "invalid",
                     "erratum " + erratum->id + " not applied to " + target.canonical + ": " + error, {}, 0, 0,
                     "errata");
          continue;
        }
        copy = std::move(*parsed);
      }
      std::string error;
      if (!apply_json_patch(copy, target.patch, error)) {
        issues.add(Severity::Warning, "business-rule",
                   "erratum " + erratum->id + " does not fit " + target.canonical + " (" + error +
                       "); left uncorrected",
                   {}, 0, 0, "errata");
        continue;
      }
      if (it != corrected.end()) {
        it->second = std::move(copy);
      } else {
        corrected.emplace_back(key, std::move(copy));
      }
      applied.corrected.push_back(target.canonical);
    }
    if (!applied.corrected.empty()) overlay->applied.push_back(std::move(applied));
  }
  if (!corrected.empty()) {
    std::vector<std::string> texts;
    for (const auto& [key, node] : corrected) texts.push_back(to_json_text(node));
    if (!load_corrected(overlay->store, texts, issues)) return nullptr;
  }
  return overlay;
}

std::string default_errata_dir(const std::string& set) {
  if (const char* env = std::getenv("RENKEI_ERRATA"); env && *env) return (fs::path(env) / set).string();
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // Built from source: <repo>/build*/renkei or <repo>/build*/tests/x; installed: <prefix>/bin/renkei.
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (fs::is_directory(dir / "errata" / set, ec)) return (dir / "errata" / set).string();
      if (fs::is_directory(dir / "share" / "renkei" / "errata" / set, ec)) {
        return (dir / "share" / "renkei" / "errata" / set).string();
      }
    }
  }
  return (fs::path("errata") / set).string();
}

}  // namespace renkei::definitions
