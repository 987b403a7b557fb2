#include "limit_options.hpp"

namespace po = boost::program_options;

namespace renkei::cli {

void add_limit_options(po::options_description& opts, Limits& limits) {
  opts.add_options()("max-input-size", po::value(&limits.max_input_bytes)->default_value(limits.max_input_bytes),
                     "largest input accepted, in bytes")(
      "max-depth", po::value(&limits.max_depth)->default_value(limits.max_depth), "deepest JSON/XML nesting accepted")(
      "max-entries", po::value(&limits.max_bundle_entries)->default_value(limits.max_bundle_entries),
      "most Bundle entries accepted")(
      "max-fhirpath-steps", po::value(&limits.max_fhirpath_steps)->default_value(limits.max_fhirpath_steps),
      "evaluation steps allowed per FHIRPath expression");
}

}  // namespace renkei::cli
