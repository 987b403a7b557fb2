#include "definitions/package_manifest.hpp"

#include <simdjson.h>

#include "definitions/json_buffer.hpp"

namespace renkei::definitions {

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);

namespace {

namespace od = simdjson::ondemand;

std::string string_or_empty(od::value value) {
  std::string_view text;
  if (value.type() == od::json_type::string && value.get_string().get(text) == simdjson::SUCCESS) {
    return std::string(text);
  }
  return {};
}

std::string first_string_of_array(od::value value) {
  if (value.type() != od::json_type::array) return {};
  for (auto item : value.get_array()) {
    std::string text = string_or_empty(item.value());
    if (!text.empty()) return text;
  }
  return {};
}

}  // namespace

std::optional<PackageInfo> parse_package_manifest(std::string& padded_json, const std::string& source,
                                                  IssueList& issues) {
  PackageInfo info;
  try {
    od::parser parser;
    od::document doc = parser.iterate(padded_json.data(), padded_json.size(), padded_json.capacity());
    for (auto field : doc.get_object()) {
      const std::string_view key = field.unescaped_key();
      if (key == "name") {
        info.id = string_or_empty(field.value());
      } else if (key == "version") {
        info.version = string_or_empty(field.value());
      } else if (key == "fhirVersions" || key == "fhir-version-list") {
        // Both spellings occur in published packages (R4 core uses the older one).
        if (info.fhir_version.empty()) info.fhir_version = first_string_of_array(field.value());
      } else if (key == "dependencies") {
        od::value dependencies = field.value();
        if (dependencies.type() != od::json_type::object) continue;
        for (auto dependency : dependencies.get_object()) {
          std::string id(std::string_view(dependency.unescaped_key()));
          info.dependencies.emplace_back(std::move(id), string_or_empty(dependency.value()));
        }
      }
    }
  } catch (const simdjson::simdjson_error& e) {
    issues.add(Severity::Error, "structure", "malformed package manifest " + source + ": " + e.what());
    return std::nullopt;
  }
  if (info.id.empty() || info.version.empty()) {
    issues.add(Severity::Error, "required", "package manifest " + source + " has no name or no version");
    return std::nullopt;
  }
  return info;
}

}  // namespace renkei::definitions
