#pragma once
// Helpers for the snapshot generator tests: an element-by-element summary of a snapshot on
// what validation uses, so a generated snapshot can be compared with a published one.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "io/fhir_reader.hpp"
#include "io/fhir_writer.hpp"

namespace renkei::validation::testing {

inline std::string child_string(const model::Node* n, std::string_view name) {
  return std::string(model::child_text(n, name));
}

inline std::string value_text(const model::Node* v) {
  return v->is_primitive() ? std::string(v->text) : io::write_json(*v, {});
}

// One line per snapshot element: id, path, slice name, cardinality, types with profiles,
// fixed/pattern, binding, slicing and constraint keys.
inline std::vector<std::string> snapshot_summary(std::string_view sd_json) {
  IssueList issues;
  io::ReadOptions ro;
  ro.limits.max_depth = 1000;
  auto doc = io::read_json(sd_json, ro, issues);
  std::vector<std::string> lines;
  if (!doc) return lines;
  const model::Node* snapshot = doc->root()->child("snapshot");
  if (!snapshot) return lines;
  for (const model::Node* e = snapshot->first_child; e; e = e->next) {
    if (e->name != "element") continue;
    std::string line = child_string(e, "id") + " path=" + child_string(e, "path");
    if (e->child("sliceName")) line += " slice=" + child_string(e, "sliceName");
    line += " " + child_string(e, "min") + ".." + child_string(e, "max");
    // Properties in a fixed order, whatever order the JSON lists them in.
    std::string types, values, binding, slicing;
    std::set<std::string> keys;
    for (const model::Node* c = e->first_child; c; c = c->next) {
      std::string_view n = c->name;
      if (n == "type") {
        types += " type=" + child_string(c, "code");
        for (const model::Node* p = c->first_child; p; p = p->next)
          if (p->name == "profile" || p->name == "targetProfile")
            types += " " + std::string(p->name) + "=" + std::string(p->text);
      } else if ((n.substr(0, 5) == "fixed" && n.size() > 5) || (n.substr(0, 7) == "pattern" && n.size() > 7)) {
        values += " " + std::string(n) + "=" + value_text(c);
      } else if (n == "binding") {
        binding = " binding=" + child_string(c, "strength") + ":" + child_string(c, "valueSet");
      } else if (n == "slicing") {
        slicing = " slicing=" + child_string(c, "rules");
        for (const model::Node* d = c->first_child; d; d = d->next)
          if (d->name == "discriminator") slicing += " disc=" + child_string(d, "type") + ":" + child_string(d, "path");
      } else if (n == "constraint") {
        keys.insert(child_string(c, "key"));
      }
    }
    line += types + values + binding + slicing;
    if (!keys.empty()) {
      line += " constraints=";
      for (const auto& k : keys) line += k + ",";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// The differences between two summaries, as readable lines (empty when they agree).
inline std::vector<std::string> summary_differences(const std::vector<std::string>& expected,
                                                    const std::vector<std::string>& actual) {
  std::vector<std::string> out;
  size_t n = std::max(expected.size(), actual.size());
  for (size_t i = 0; i < n; ++i) {
    std::string_view e = i < expected.size() ? std::string_view(expected[i]) : "(none)";
    std::string_view a = i < actual.size() ? std::string_view(actual[i]) : "(none)";
    if (e == a) continue;
    out.push_back("  #" + std::to_string(i) + "\n    published: " + std::string(e) + "\n    generated: " + std::string(a));
  }
  return out;
}

}  // namespace renkei::validation::testing
