#pragma once
// Helpers for the FHIRPath unit tests: evaluate an expression and render the result.
#include <gtest/gtest.h>

#include <string>

#include "fhirpath/fhirpath.hpp"

namespace renkei::fhirpath::testing {

inline EvalResult run(std::string_view expression, const EvalContext& context = {}) {
  IssueList issues;
  auto compiled = compile(expression, issues);
  if (!compiled) return EvalResult{{}, "compile: " + (issues.empty() ? std::string() : issues.items()[0].message)};
  return evaluate(*compiled, context);
}

// "a, b, c" of the items' System values; "<error: ...>" on failure.
inline std::string show(std::string_view expression, const EvalContext& context = {}) {
  EvalResult r = run(expression, context);
  if (!r.ok()) return "<error: " + r.error + ">";
  std::string out;
  for (const Item& item : r.items) {
    auto v = to_system(item);
    out += (out.empty() ? "" : ", ") + (v ? to_string_value(*v).value_or("?") : "<node>");
  }
  return out;
}

}  // namespace renkei::fhirpath::testing
