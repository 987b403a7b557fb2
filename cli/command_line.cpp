#include "command_line.hpp"

#include <fmt/core.h>

#include <iostream>

#include "commands.hpp"

namespace po = boost::program_options;

namespace renkei::cli {

std::optional<int> parse_command_line(const std::string& verb, const std::vector<std::string>& args,
                                      const po::options_description& opts, std::vector<std::string>& inputs,
                                      po::variables_map& vm) {
  po::options_description hidden;
  hidden.add_options()("input", po::value(&inputs));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("input", -1);
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << opts;
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    fmt::print(stderr, "renkei {}: {}\n", verb, e.what());
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace renkei::cli
