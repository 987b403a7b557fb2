#pragma once
// The verbs of the `renkei` command line. Each returns the process exit code:
// 0 success, 1 the inputs have errors, 2 usage or I/O failure.
#include <string>
#include <vector>

namespace renkei::cli {

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;

int run_format(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_profiles(const std::vector<std::string>& args);
int run_convert(const std::vector<std::string>& args);
int run_fhirpath(const std::vector<std::string>& args);

}  // namespace renkei::cli
