// Where definitions live on disk: the setup's install folder and the FHIR package cache. The
// shell scripts in scripts/ apply the same rules.
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "definitions/definition_store.hpp"

namespace renkei::definitions {
namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

std::string home_dir() {
  std::string home = environment("HOME");
  if (!home.empty()) return home;
  // No $HOME (daemons, some CI runners): the account's home from the password database.
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_dir) {
    return found->pw_dir;
  }
  return ".";
}

}  // namespace

std::string default_definitions_dir() {
  if (std::string dir = environment("RENKEI_DEFINITIONS"); !dir.empty()) return dir;
  std::string cache = environment("XDG_CACHE_HOME");
  if (cache.empty()) cache = home_dir() + "/.cache";
  return cache + "/renkei/definitions";
}

std::string fhir_package_cache_dir() {
  if (std::string dir = environment("FHIR_PACKAGE_CACHE"); !dir.empty()) return dir;
  return home_dir() + "/.fhir/packages";
}

}  // namespace renkei::definitions
