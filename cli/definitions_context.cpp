#include "definitions_context.hpp"

#include <fmt/core.h>

#include <filesystem>

namespace renkei::cli {

void print_issues(const std::string& file, const IssueList& issues) {
  for (const Issue& i : issues.items()) {
    std::string where = file;
    if (i.line) where += fmt::format(":{}:{}", i.line, i.column);
    fmt::print(stderr, "{}: {}: {}{}\n", where, to_string(i.severity), i.message,
               i.expression.empty() ? "" : " [" + i.expression + "]");
  }
}

std::unique_ptr<DefinitionsContext> load_definitions(const std::vector<std::string>& packages, bool verbose) {
  auto ctx = std::make_unique<DefinitionsContext>();
  IssueList issues;
  bool ok = ctx->store.load_r4_core(issues);
  // A package is a folder or .tgz; a .json/.xml file is a single conformance resource or a
  // definition Bundle.
  for (const auto& p : packages) {
    bool single = p.size() > 5 && (p.substr(p.size() - 5) == ".json" || p.substr(p.size() - 4) == ".xml");
    // A plain folder of conformance resources (like profiles/) rather than an NPM package.
    namespace fs = std::filesystem;
    bool plain_folder = fs::is_directory(p) && !fs::exists(fs::path(p) / "package.json") &&
                        !fs::exists(fs::path(p) / "package" / "package.json");
    ok = (single         ? ctx->store.load_file(p, issues)
          : plain_folder ? ctx->store.load_folder(p, issues)
                         : ctx->store.load_package(p, issues)) &&
         ok;
  }
  if (ok) ctx->store.resolve_dependencies(packages, issues);
  if (ok) ctx->types = definitions::TypeModel::build(ctx->store, issues);
  IssueList shown;
  for (const Issue& i : issues.items())
    if (verbose || i.severity != Severity::Information) shown.add(i);
  print_issues("renkei", shown);
  if (!ok || !ctx->types) return nullptr;
  return ctx;
}

}  // namespace renkei::cli
