// renkei profiles list: the forms Renkei converts (from mappings/) and the project's
// conformance resources (from profiles/), so users can see what --form and --profile take.
#include <fmt/core.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "definitions/definition_store.hpp"
#include "mapping/mapping_catalog.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace renkei::cli {

int run_profiles(const std::vector<std::string>& args) {
  po::options_description opts("renkei profiles list [options]");
  std::string mappings_dir, profiles_dir, action;
  opts.add_options()("help,h", "show this help")("mappings", po::value(&mappings_dir), "mappings folder")(
      "profiles", po::value(&profiles_dir), "project profiles folder (default: next to mappings/)");
  po::options_description hidden;
  hidden.add_options()("action", po::value(&action));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("action", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    fmt::print(stderr, "renkei profiles: {}\n", e.what());
    return kExitUsage;
  }
  if (vm.count("help") || action != "list") {
    std::cout << opts;
    return action.empty() || vm.count("help") ? kExitOk : kExitUsage;
  }
  if (mappings_dir.empty()) mappings_dir = mapping::default_mappings_dir();
  if (profiles_dir.empty()) profiles_dir = (fs::path(mappings_dir).parent_path() / "profiles").string();
  IssueList issues;
  auto catalog = mapping::MappingCatalog::load(mappings_dir, issues);
  if (!catalog) {
    for (const auto& i : issues.items()) fmt::print(stderr, "renkei: {}: {}\n", to_string(i.severity), i.message);
    return kExitUsage;
  }
  fmt::print("Forms (renkei convert --form NAME):\n");
  for (const std::string& form : catalog->forms()) {
    const mapping::FormTemplate* t = catalog->form_template(form);
    fmt::print("  {:<28} {}\n", form, t ? t->title : "");
    if (t && !t->bundle_profile.empty()) fmt::print("  {:<28} Bundle profile {}\n", "", t->bundle_profile);
    for (const auto& l : catalog->layouts())
      if (l.form == form) fmt::print("  {:<28}   layout {}\n", "", l.describe());
  }
  definitions::DefinitionStore store;
  IssueList profile_issues;
  if (store.load_folder(profiles_dir, profile_issues)) {
    fmt::print("\nProject conformance resources ({}):\n", profiles_dir);
    for (const char* type : {"StructureDefinition", "CodeSystem", "ValueSet", "NamingSystem"}) {
      for (const definitions::ResourceEntry* e : store.all(type))
        fmt::print("  {:<20} {}{}\n", type, e->url.empty() ? e->name : e->url,
                   e->type.empty() ? "" : fmt::format(" ({})", e->type));
    }
  }
  return kExitOk;
}

}  // namespace renkei::cli
