#pragma once
// An evaluation error (wrong types, too many items, step budget exhausted). evaluate() catches
// it and returns it as EvalResult::error.
#include <stdexcept>
#include <string>

namespace renkei::fhirpath {

struct EvalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace renkei::fhirpath
