#pragma once
// MappingCatalog: everything under mappings/ — variables.json (the canonical base URL and identifier
// systems, referenced as ${name} everywhere), conceptmaps/*.json (FHIR ConceptMaps), templates/*.json
// (one document template per form) and *.json at the top level (one layout per file). Loaded once,
// checked as a whole (every destination parses, every ConceptMap and template exists), then read-only.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/issue.hpp"
#include "mapping/concept_map_table.hpp"
#include "mapping/form_layout.hpp"
#include "mapping/form_template.hpp"

namespace renkei::mapping {

class MappingCatalog {
 public:
  // Loads a mappings/ folder. Problems are errors naming the file; returns nullopt when any.
  static std::optional<MappingCatalog> load(const std::string& dir, IssueList& issues);

  // Adds one more layout file (renkei convert --mapping FILE); it replaces a layout with the same id.
  bool add_layout_file(const std::string& path, IssueList& issues);

  const std::vector<FormLayout>& layouts() const { return layouts_; }
  const FormLayout* layout(std::string_view id) const;
  const FormTemplate* form_template(std::string_view form) const;
  const ConceptMapTable& concept_maps() const { return concept_maps_; }
  const std::vector<std::pair<std::string, std::string>>& variables() const { return variables_; }
  std::string variable(std::string_view name) const;
  // Known form ids (sorted).
  std::vector<std::string> forms() const;

 private:
  bool load_layout(const JsonValue& json, const std::string& file, IssueList& issues, FormLayout& out) const;
  bool load_template(const JsonValue& json, const std::string& file, IssueList& issues, FormTemplate& out) const;
  std::optional<JsonValue> read_json_file(const std::string& path, IssueList& issues) const;

  std::vector<std::pair<std::string, std::string>> variables_;
  ConceptMapTable concept_maps_;
  std::vector<FormTemplate> templates_;
  std::vector<FormLayout> layouts_;
};

// The mappings/ folder of this installation: $RENKEI_MAPPINGS, else <source dir>/mappings when built
// from source (RENKEI_DEFAULT_MAPPINGS), else ./mappings.
std::string default_mappings_dir();

}  // namespace renkei::mapping
