#pragma once
// Renkei's public C++ API: load the FHIR definitions once into an Engine, then validate
// FHIR JSON/XML and convert legacy care forms (CSV/XML) to FHIR documents from any number of threads.
//
//   auto loaded = renkei::Engine::load({.packages = {"jp-core.tgz"}});
//   if (!loaded.ok()) { /* loaded.issues says why */ }
//   renkei::Result r = loaded.engine->validate(bytes, renkei::Format::Auto);
//   if (!r.valid) send(r.operation_outcome_json());
//
//   auto forms = renkei::Engine::load({.profiles_dir = "profiles", .mappings_dir = "mappings"});
//   for (auto& d : forms.engine->convert(csv_bytes).documents)
//     if (!d.rejected) store(d.name, d.content);
//
// The Engine is immutable after load() and safe to share across threads. Bad input never
// throws and never exits the process: it comes back as issues. The header exposes only the
// standard library and renkei::Issue (the shape of an OperationOutcome.issue).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/issue.hpp"

namespace renkei {

enum class Format { Auto, Json, Xml };  // Auto: sniffed from the first byte ('{' or '<')

struct EngineOptions {
  std::vector<std::string> packages;  // FHIR packages (folder or .tgz), or single conformance resource files (.json)
  std::string profiles_dir;           // a folder of StructureDefinitions/ValueSets/... as FHIR JSON (optional)
  std::string definitions_dir;        // FHIR R4 definition bundles; empty = the FHIR package cache or the setup's copy
  std::string mappings_dir;           // legacy-form mappings (the project's mappings/); empty = convert() unavailable
};

enum class UnknownExtensions { Error, Warning, Ignore };

struct ValidateOptions {
  std::vector<std::string> profiles;  // canonical URLs the resource must conform to, beyond its meta.profile
  bool invariants = true;             // evaluate the FHIRPath constraints
  bool show_values = false;           // let messages quote instance values (may be patient data)
  bool best_practice_as_warning = false;
  UnknownExtensions unknown_extensions = UnknownExtensions::Warning;
  size_t max_input_bytes = 0;         // 0 = the default limit (256 MiB)
  uint32_t max_depth = 0;             // 0 = the default nesting limit (256)
  uint32_t max_entries = 0;           // 0 = the default limit of entries per Bundle (1,000,000)
  uint64_t max_fhirpath_steps = 0;    // 0 = the default evaluation budget per constraint (10,000,000)
  std::string source_name;            // names the input in messages and in the OperationOutcome
};

struct Result {
  bool valid = false;  // no issue of severity fatal or error
  std::vector<Issue> issues;
  size_t count(Severity severity) const;
  // The issues as a FHIR OperationOutcome (with line/column extensions).
  std::string operation_outcome_json(bool pretty = false) const;

  std::string source_name;
};

enum class TextEncoding { Auto, Utf8, Cp932 };  // of CSV input; Auto: UTF-8 when valid, else CP932

struct ConvertOptions {
  std::string form;  // form id (e.g. "houmon-kango-keikakusho"); empty = recognised from the input
  TextEncoding encoding = TextEncoding::Auto;
  bool validate = true;           // validate each document against R4 core and the project profiles
  Format output = Format::Json;   // Json or Xml
  bool pretty = false;
  size_t max_input_bytes = 0;     // 0 = the default limit (256 MiB)
  uint32_t max_depth = 0;         // 0 = the default nesting limit of form XML (256)
  std::string source_name;        // names the input in messages
};

// One form instance of the input: a document, or a rejection with the reasons.
struct ConvertedDocument {
  bool rejected = false;
  std::string form;            // the recognised form id
  uint32_t line = 0;           // first line of the record in the input
  std::string name;            // deterministic file name stem for the document
  std::string content;         // the FHIR document Bundle (JSON or XML); empty when rejected
  std::vector<Issue> issues;   // why it was rejected, and warnings of an accepted document
};

struct ConvertResult {
  std::vector<ConvertedDocument> documents;  // in input order; an unreadable input is one rejected entry
  size_t rejected() const;
};

class Engine;

struct LoadResult {
  std::shared_ptr<const Engine> engine;  // null when the definitions could not be loaded
  std::vector<Issue> issues;             // what loading reported (warnings even on success)
  bool ok() const { return engine != nullptr; }
};

class Engine {
 public:
  // Loads FHIR R4 core, the packages and the profiles folder. Never throws for bad files.
  static LoadResult load(const EngineOptions& options);

  // Reads and validates one FHIR resource (a document Bundle, any resource). Thread-safe.
  Result validate(std::string_view bytes, Format format, const ValidateOptions& options = {}) const;

  // Converts one legacy input (a CSV with one or more records, or one form XML) to FHIR documents.
  // Needs EngineOptions::mappings_dir; without it every input is rejected with a message. Thread-safe.
  ConvertResult convert(std::string_view bytes, const ConvertOptions& options = {}) const;

  // Counts of what was loaded, e.g. {"StructureDefinition", 655}.
  std::vector<std::pair<std::string, size_t>> loaded_resources() const;

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  struct Impl;  // defined in the library only

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace renkei
