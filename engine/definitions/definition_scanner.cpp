#include "definitions/definition_scanner.hpp"

#include <simdjson.h>

#include <algorithm>
#include <iterator>

#include "definitions/json_buffer.hpp"

namespace renkei::definitions {

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);

namespace {

namespace od = simdjson::ondemand;

// Canonical resources that define rather than record: the conformance module and the knowledge
// artifacts an IG may ship.
constexpr std::string_view kDefinitionTypes[] = {
    "ActivityDefinition",   "CapabilityStatement", "CodeSystem",         "CompartmentDefinition",
    "ConceptMap",           "ExampleScenario",     "GraphDefinition",    "ImplementationGuide",
    "Library",              "Measure",             "MessageDefinition",  "NamingSystem",
    "OperationDefinition",  "PlanDefinition",      "Questionnaire",      "SearchParameter",
    "StructureDefinition",  "StructureMap",        "TerminologyCapabilities", "TestScript",
    "ValueSet",             "EventDefinition",
};

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string string_or_empty(od::value value) {
  std::string_view text;
  if (value.type() == od::json_type::string && value.get_string().get(text) == simdjson::SUCCESS) {
    return std::string(text);
  }
  return {};
}

void read_depends_on(od::value value, ScannedResource& resource) {
  if (value.type() != od::json_type::array) return;
  for (auto item : value.get_array()) {
    od::value dependency = item.value();
    if (dependency.type() != od::json_type::object) continue;
    std::string package_id;
    std::string version;
    for (auto field : dependency.get_object()) {
      const std::string_view key = field.unescaped_key();
      if (key == "packageId") package_id = string_or_empty(field.value());
      if (key == "version") version = string_or_empty(field.value());
    }
    if (!package_id.empty()) resource.ig_depends_on.emplace_back(std::move(package_id), std::move(version));
  }
}

// One pass over a resource's top-level fields (FHIR does not fix their order, so resourceType
// may come last). Bundle.entry is only located here, as raw text, and walked afterwards.
void read_top_level(od::object object, ScannedResource& resource, std::string_view* bundle_entries) {
  ResourceEntry& e = resource.entry;
  for (auto field : object) {
    const std::string_view key = field.unescaped_key();
    if (key == "resourceType") {
      e.resource_type = string_or_empty(field.value());
    } else if (key == "id") {
      e.id = string_or_empty(field.value());
    } else if (key == "url") {
      e.url = string_or_empty(field.value());
    } else if (key == "version") {
      e.version = string_or_empty(field.value());
    } else if (key == "name") {
      e.name = string_or_empty(field.value());
    } else if (key == "kind") {
      e.kind = string_or_empty(field.value());
    } else if (key == "type") {
      e.type = string_or_empty(field.value());
    } else if (key == "derivation") {
      e.derivation = string_or_empty(field.value());
    } else if (key == "baseDefinition") {
      e.base_definition = string_or_empty(field.value());
    } else if (key == "abstract") {
      od::value value = field.value();
      bool flag = false;
      if (value.type() == od::json_type::boolean && value.get_bool().get(flag) == simdjson::SUCCESS) {
        e.is_abstract = flag;
      }
    } else if (key == "snapshot") {
      e.has_snapshot = true;
    } else if (key == "packageId") {
      resource.ig_package_id = string_or_empty(field.value());
    } else if (key == "dependsOn") {
      read_depends_on(field.value(), resource);
    } else if (key == "entry" && bundle_entries != nullptr) {
      *bundle_entries = simdjson::to_json_string(field.value());
    }
  }
  if (e.resource_type != "StructureDefinition") {
    // kind/type/derivation mean something else (or nothing) elsewhere; ResourceEntry keeps them
    // for StructureDefinitions only.
    e.kind.clear();
    e.type.clear();
    e.derivation.clear();
    e.base_definition.clear();
    e.is_abstract = false;
    e.has_snapshot = false;
  }
  if (e.resource_type != "ImplementationGuide") {
    resource.ig_package_id.clear();
    resource.ig_depends_on.clear();
  }
}

}  // namespace

bool is_definition_resource_type(std::string_view resource_type) {
  const auto* found = std::find(std::begin(kDefinitionTypes), std::end(kDefinitionTypes), resource_type);
  return found != std::end(kDefinitionTypes);
}

struct DefinitionScanner::Parsers {
  od::parser document;  // the file itself
  od::parser entries;   // a Bundle's entry array, while `document` still holds the file
  od::parser resource;  // one entry's resource
};

DefinitionScanner::DefinitionScanner() : parsers_(std::make_unique<Parsers>()) {}
DefinitionScanner::~DefinitionScanner() = default;

DefinitionScanner::Outcome DefinitionScanner::scan(std::string&& bytes, const std::string& source,
                                                   bool split_bundles, std::vector<ScannedResource>& out,
                                                   IssueList& issues) {
  Outcome outcome;
  const size_t first_new = out.size();
  if (std::string_view(bytes).substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.erase(0, kUtf8Bom.size());
  try {
    od::document doc = parsers_->document.iterate(bytes.data(), bytes.size(), bytes.capacity());
    ScannedResource resource;
    std::string_view bundle_entries;
    read_top_level(doc.get_object(), resource, split_bundles ? &bundle_entries : nullptr);
    // Anything after the root object (two documents glued together, garbage) is malformed.
    const char* trailing = nullptr;
    if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
      throw simdjson::simdjson_error(simdjson::TRAILING_CONTENT);
    }
    outcome.resource_type = resource.entry.resource_type;
    if (outcome.resource_type.empty()) {
      issues.add(Severity::Error, "structure", "no resourceType in " + source + ": not a FHIR resource");
      return outcome;
    }
    outcome.parsed = true;
    if (split_bundles && outcome.resource_type == "Bundle") {
      if (bundle_entries.empty()) return outcome;
      // The entry array lies inside `bytes`, whose padding lies after it: parse it in place.
      const size_t readable = static_cast<size_t>(bytes.data() + bytes.capacity() - bundle_entries.data());
      od::document entries = parsers_->entries.iterate(bundle_entries.data(), bundle_entries.size(), readable);
      size_t index = 0;
      for (auto item : entries.get_array()) {
        const std::string entry_source = source + ": Bundle.entry[" + std::to_string(index++) + "]";
        od::value entry = item.value();
        if (entry.type() != od::json_type::object) continue;
        for (auto field : entry.get_object()) {
          if (std::string_view(field.unescaped_key()) != "resource") continue;
          const std::string_view resource_json = simdjson::to_json_string(field.value());
          try {
            ScannedResource entry_resource;
            std::string entry_bytes = padded_copy(resource_json);
            od::document entry_doc =
                parsers_->resource.iterate(entry_bytes.data(), entry_bytes.size(), entry_bytes.capacity());
            read_top_level(entry_doc.get_object(), entry_resource, nullptr);
            if (!is_definition_resource_type(entry_resource.entry.resource_type)) {
              ++outcome.skipped;
              continue;
            }
            entry_resource.entry.source = entry_source;
            entry_resource.entry.json = std::move(entry_bytes);
            out.push_back(std::move(entry_resource));
          } catch (const simdjson::simdjson_error& e) {
            issues.add(Severity::Error, "structure", "malformed JSON in " + entry_source + ": " + e.what());
          }
        }
      }
      return outcome;
    }
    if (!is_definition_resource_type(outcome.resource_type)) {
      ++outcome.skipped;
      return outcome;
    }
    resource.entry.source = source;
    resource.entry.json = std::move(bytes);
    out.push_back(std::move(resource));
  } catch (const simdjson::simdjson_error& e) {
    outcome.parsed = false;
    out.resize(first_new);  // a file that breaks part-way contributes nothing
    issues.add(Severity::Error, "structure", "malformed JSON in " + source + ": " + e.what());
  }
  return outcome;
}

}  // namespace renkei::definitions
