#pragma once
// An evaluation error (wrong types, too many items, step budget exhausted). evaluate() catches
// it and returns it as EvalResult::error.
#include <stdexcept>
#include <string>

namespace renkei::fhirpath {

struct EvalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A resource limit (step budget, nesting, regex time) stopped the evaluation: the expression may be
// fine, the input or the expression is too costly. Callers report it as an error, not a finding.
struct EvalLimitExceeded : EvalError {
  using EvalError::EvalError;
};

}  // namespace renkei::fhirpath
