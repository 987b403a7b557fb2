#pragma once
// The option parsing every verb shares: its options, the INPUT... positionals, --help.
#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace renkei::cli {

// Parses `args`; positionals go to `inputs`. Returns an exit code when the verb should stop
// here (--help printed: 0; a usage error printed: 2), nullopt to go on.
std::optional<int> parse_command_line(const std::string& verb, const std::vector<std::string>& args,
                                      const boost::program_options::options_description& opts,
                                      std::vector<std::string>& inputs, boost::program_options::variables_map& vm);

}  // namespace renkei::cli
