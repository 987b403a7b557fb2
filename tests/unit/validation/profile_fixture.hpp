#pragma once
// Profiles written by a test as files in an overlay store over R4 core, a Validator over that
// store, and helpers to look at the errors it reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "validation_test_support.hpp"

namespace renkei::validation::testing {

// Profiles as files in an overlay store over R4 core, and a Validator over that store.
struct ProfileFixture {
  std::filesystem::path dir;
  std::unique_ptr<definitions::DefinitionStore> store;
  std::unique_ptr<Validator> validator;
  CoreFixture* core = nullptr;

  ProfileFixture(CoreFixture* fx, const std::vector<std::pair<std::string, std::string_view>>& files) : core(fx) {
    dir = std::filesystem::temp_directory_path() /
          ("renkei-profiles-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir);
    store = std::make_unique<definitions::DefinitionStore>(fx->store);
    for (const auto& [name, json] : files) {
      std::ofstream(dir / name) << json;
      IssueList issues;
      EXPECT_TRUE(store->load_file((dir / name).string(), issues)) << name;
    }
    validator = std::make_unique<Validator>(*store, *fx->types);
  }
  ~ProfileFixture() { std::filesystem::remove_all(dir); }

  IssueList validate(std::string_view json, const std::string& profile, ValidatorOptions vo = {}) const {
    IssueList issues;
    io::ReadOptions ro;
    ro.types = core->types.get();
    auto doc = io::read_json(json, ro, issues);
    EXPECT_TRUE(doc.has_value());
    if (!doc) return issues;
    if (!profile.empty()) vo.profiles = {profile};
    issues.append(validator->validate(*doc, vo));
    return issues;
  }
};

inline std::string errors_of(const IssueList& issues) {
  std::string out;
  for (const Issue& i : issues.items())
    if (i.severity == Severity::Error || i.severity == Severity::Fatal) out += i.expression + ": " + i.message + "\n";
  return out;
}

inline bool any_error_mentions(const IssueList& issues, std::string_view text) {
  for (const Issue& i : issues.items())
    if ((i.severity == Severity::Error || i.severity == Severity::Fatal) &&
        (i.message.find(text) != std::string::npos || i.expression.find(text) != std::string::npos))
      return true;
  return false;
}

}  // namespace renkei::validation::testing
