#pragma once
// The --max-* flags shared by every verb that reads untrusted input (docs/security.md).
#include <boost/program_options.hpp>

#include "common/limits.hpp"

namespace renkei::cli {

void add_limit_options(boost::program_options::options_description& opts, Limits& limits);

}  // namespace renkei::cli
