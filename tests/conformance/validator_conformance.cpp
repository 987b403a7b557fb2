// Conformance runner: every R4 case of fhir-test-cases/r4-offline-index.json, Renkei's
// verdict (valid = no error or fatal) against the HL7 Java validator's. Prints agreement
// overall and per module, writes the disagreements to a file, and fails when agreement
// drops below the ratchet recorded in validator_ratchet.txt (raised, never lowered).
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "common/file_util.hpp"
#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "io/fhir_reader.hpp"
#include "io/fhir_writer.hpp"
#include "validation/validator.hpp"

using namespace renkei;
namespace fs = std::filesystem;

namespace {

const std::string kShared = std::string(RENKEI_SHARED_DIR) + "/reference/";
const std::string kCases = kShared + "fhir-test-cases/";

struct Tally {
  size_t agree = 0, total = 0;
};

// Loads a supporting conformance resource (JSON or XML) into the overlay store.
void load_supporting(definitions::DefinitionStore& store, const definitions::TypeModel& types, const std::string& path,
                     IssueList& issues) {
  if (!fs::exists(path)) return;
  if (path.size() > 4 && path.substr(path.size() - 4) == ".xml") {
    std::string bytes = read_file(path);
    io::ReadOptions ro;
    ro.types = &types;
    IssueList read_issues;
    auto doc = io::read_xml(bytes, ro, read_issues);
    if (!doc) return;
    fs::path tmp = fs::temp_directory_path() / ("renkei-conf-" + std::to_string(::getpid()) + ".json");
    write_file_atomic(tmp.string(), io::write_json(*doc->root(), {}));
    store.load_file(tmp.string(), issues);
    fs::remove(tmp);
    return;
  }
  store.load_file(path, issues);
}

std::string url_of(const std::string& path, const definitions::TypeModel& types) {
  std::string bytes = read_file(path);
  io::ReadOptions ro;
  ro.types = &types;
  IssueList issues;
  auto format = io::sniff_format(bytes);
  if (!format) return {};
  auto doc = io::read_fhir(bytes, *format, ro, issues);
  if (!doc) return {};
  const model::Node* url = doc->root()->child("url");
  return url ? std::string(url->text) : std::string();
}

struct Verdict {
  bool valid = true;
  IssueList issues;
};

// The manifest's per-case options the Java validator was run with.
struct CaseOptions {
  bool assume_valid_rest_references = false;  // case level
  bool profile_assume_valid_rest_references = false;
  bool allow_comments = false;       // allow-comments: JSON comments
  bool security_checks = false;      // security-checks
  bool no_html_in_markdown = false;  // noHtmlInMarkdown
  std::vector<validation::BundleProfileRule> bundle_profiles;  // bundle-param (Java's -bundle)
  bool references_must_exist = false;  // validateReference CHECK_EXISTS*
};

Verdict validate_file(const validation::Validator& v, const definitions::TypeModel& types, const std::string& path,
                      const std::vector<std::string>& profiles, bool assume_valid_rest_references,
                      const CaseOptions& options) {
  Verdict out;
  std::string bytes;
  try {
    bytes = read_file(path);
  } catch (const std::exception& e) {
    out.issues.add(Severity::Fatal, "exception", e.what());
    out.valid = false;
    return out;
  }
  io::ReadOptions ro;
  ro.types = &types;
  ro.allow_json_comments = options.allow_comments;
  auto format = io::sniff_format(bytes);
  if (!format) {
    out.issues.add(Severity::Fatal, "structure", "not FHIR");
  } else if (auto doc = io::read_fhir(bytes, *format, ro, out.issues)) {
    validation::ValidatorOptions vo;
    vo.profiles = profiles;
    // The Java validator's defaults: an extension it cannot find is an error.
    vo.unknown_extensions = validation::UnknownExtensionPolicy::Error;
    // The suite's assumeValidRestReferences: the type a reference URL implies is checked.
    vo.check_reference_types = assume_valid_rest_references;
    vo.security_checks = options.security_checks;
    vo.no_html_in_markdown = options.no_html_in_markdown;
    vo.bundle_profiles = options.bundle_profiles;
    // The suite's validateReference CHECK_EXISTS[_AND_TYPE]: references must resolve.
    vo.check_references_exist = options.references_must_exist;
    out.issues.append(v.validate(*doc, vo));
  }
  out.valid = !out.issues.has_errors();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string index_path = kCases + "r4-offline-index.json";
  if (!fs::exists(index_path)) {
    std::cout << "conformance: ../shared/reference absent; skipped\n";
    return 0;
  }
  std::string out_path = argc > 1 ? argv[1] : "validator_conformance_disagreements.txt";
  auto t0 = std::chrono::steady_clock::now();
  definitions::DefinitionStore core;
  IssueList load_issues;
  bool ok = fs::exists(kShared + "fhir/hl7.fhir.r4.core-4.0.1.tgz")
                ? core.load_package(kShared + "fhir/hl7.fhir.r4.core-4.0.1.tgz", load_issues)
                : core.load_r4_core(load_issues);
  if (!ok) {
    std::cerr << "conformance: cannot load R4 core\n";
    return 1;
  }
  auto types = definitions::TypeModel::build(core, load_issues);

  simdjson::dom::parser parser;
  simdjson::padded_string json = simdjson::padded_string::load(index_path);
  simdjson::dom::element index = parser.parse(json);
  std::map<std::string, CaseOptions> manifest_options;
  // name -> "supporting5": definitions the Java harness loads for every FHIR version
  std::map<std::string, std::vector<std::string>> manifest_supporting5;
  {
    simdjson::dom::parser mp;
    simdjson::padded_string mjson = simdjson::padded_string::load(kCases + "validator/manifest.json");
    simdjson::dom::element manifest;
    if (mp.parse(mjson).get(manifest) == simdjson::SUCCESS) {
      simdjson::dom::array tcs;
      if (manifest["test-cases"].get(tcs) == simdjson::SUCCESS)
        for (simdjson::dom::element t : tcs) {
          std::string_view n;
          if (t["name"].get(n) != simdjson::SUCCESS) continue;
          auto flag = [](simdjson::simdjson_result<simdjson::dom::element> e) {
            bool b = false;
            return e.get(b) == simdjson::SUCCESS && b;
          };
          CaseOptions& o = manifest_options[std::string(n)];
          o.assume_valid_rest_references = flag(t["assumeValidRestReferences"]);
          o.profile_assume_valid_rest_references = flag(t["profile"]["assumeValidRestReferences"]);
          o.allow_comments = flag(t["allow-comments"]);
          o.security_checks = flag(t["security-checks"]);
          o.no_html_in_markdown = flag(t["noHtmlInMarkdown"]);
          std::string_view rule, profile;
          if (t["bundle-param"]["rule"].get(rule) == simdjson::SUCCESS &&
              t["bundle-param"]["profile"].get(profile) == simdjson::SUCCESS)
            if (auto r = validation::parse_bundle_profile_rule(rule, profile)) o.bundle_profiles.push_back(*r);
          // validateReference CHECK_EXISTS[_AND_TYPE]: references must resolve. CHECK_VALID cases
          // resolve their targets through the Java harness's fetcher (the suite's files), which this
          // runner does not emulate, so they are left as they are.
          std::string_view policy;
          o.references_must_exist =
              t["validateReference"].get(policy) == simdjson::SUCCESS && policy.starts_with("CHECK_EXISTS");
          simdjson::dom::array sup5;
          if (t["supporting5"].get(sup5) == simdjson::SUCCESS)
            for (auto f : sup5) manifest_supporting5[std::string(n)].emplace_back(f.get_string().value());
        }
    }
  }
  std::map<std::string, Tally> by_module;
  Tally overall;
  std::ostringstream disagreements;
  for (simdjson::dom::element c : index["cases"].get_array()) {
    std::string name(c["name"].get_string().value());
    std::string file = kCases + std::string(c["file"].get_string().value());
    std::string module = c["module"].is_null() ? "none" : std::string(c["module"].get_string().value());
    int64_t expected_errors = -1;
    if (c["expected_java"]["errors"].is_int64()) expected_errors = c["expected_java"]["errors"].get_int64().value();
    if (expected_errors < 0) continue;  // no expectation to compare with

    definitions::DefinitionStore store(core);
    IssueList sup_issues;
    simdjson::dom::array supporting;
    if (c["supporting"].get(supporting) == simdjson::SUCCESS)
      for (auto s : supporting) load_supporting(store, *types, kCases + std::string(s.get_string().value()), sup_issues);
    if (auto it = manifest_supporting5.find(name); it != manifest_supporting5.end())
      for (const auto& f : it->second) load_supporting(store, *types, kCases + "validator/" + f, sup_issues);
    // The profile step sees the profile and its own supporting files; the base step does not
    // (an instance claiming that profile in meta.profile then finds it unknown, as in Java).
    definitions::DefinitionStore profile_store(store);
    std::string profile_source, profile_url;
    int64_t profile_expected = -1;
    simdjson::dom::element profile;
    if (c["profile"].get(profile) == simdjson::SUCCESS) {
      std::string source(profile["source"].get_string().value());
      if (profile["expected_java"]["errors"].is_int64())
        profile_expected = profile["expected_java"]["errors"].get_int64().value();
      simdjson::dom::array psup;
      if (profile["supporting"].get(psup) == simdjson::SUCCESS)
        for (auto s : psup)
          load_supporting(profile_store, *types, kCases + std::string(s.get_string().value()), sup_issues);
      if (fs::exists(kCases + source)) {  // a file in the suite, else a canonical URL
        profile_source = kCases + source;
        load_supporting(profile_store, *types, profile_source, sup_issues);
        profile_url = url_of(profile_source, *types);
      } else {
        profile_url = source;
      }
    }
    validation::Validator validator(store, *types);
    validation::Validator profile_validator(profile_store, *types);

    // Options the offline index leaves out are read from the suite's manifest.
    CaseOptions options;
    if (auto it = manifest_options.find(name); it != manifest_options.end()) options = it->second;
    auto check = [&](const std::string& label, const std::vector<std::string>& profiles, int64_t expected) {
      bool rest = profiles.empty() ? options.assume_valid_rest_references : options.profile_assume_valid_rest_references;
      Verdict v =
          validate_file(profiles.empty() ? validator : profile_validator, *types, file, profiles, rest, options);
      bool expected_valid = expected == 0;
      bool agree = v.valid == expected_valid;
      Tally& t = by_module[module];
      ++t.total;
      ++overall.total;
      if (agree) {
        ++t.agree;
        ++overall.agree;
        return;
      }
      disagreements << label << " [" << module << "]: java " << (expected_valid ? "valid" : "invalid") << " ("
                    << expected << " errors), renkei " << (v.valid ? "valid" : "invalid") << "\n";
      for (const Issue& i : v.issues.items())
        if (i.severity == Severity::Error || i.severity == Severity::Fatal)
          disagreements << "    " << i.line << ":" << i.column << " " << i.message << " [" << i.expression << "]\n";
    };
    check(name, {}, expected_errors);
    if (!profile_url.empty() && profile_expected >= 0) check(name + "#profile", {profile_url}, profile_expected);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::ofstream(out_path) << disagreements.str();
  for (const auto& [m, t] : by_module) std::cout << "  " << m << ": agree " << t.agree << " of " << t.total << "\n";
  std::cout << "agree " << overall.agree << " of " << overall.total << " (" << secs << " s); disagreements in "
            << out_path << "\n";

  std::ifstream ratchet_in(std::string(RENKEI_SOURCE_DIR) + "/tests/conformance/validator_ratchet.txt");
  size_t ratchet = 0;
  ratchet_in >> ratchet;
  if (overall.agree < ratchet) {
    std::cout << "FAIL: agreement " << overall.agree << " is below the recorded " << ratchet << "\n";
    return 1;
  }
  if (overall.agree > ratchet)
    std::cout << "agreement is above the ratchet " << ratchet << ": raise tests/conformance/validator_ratchet.txt\n";
  return 0;
}
