#pragma once
// Validator: checks a parsed FHIR instance against its base definition, the profiles it
// claims in meta.profile and the profiles asked for. Immutable after construction and safe
// to use from many threads; each call returns its own IssueList.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/issue.hpp"
#include "common/limits.hpp"
#include "fhirpath/expression_cache.hpp"
#include "model/document.hpp"
#include "validation/parsed_definitions.hpp"
#include "validation/global_profiles.hpp"
#include "validation/profile_compiler.hpp"
#include "validation/questionnaire_response.hpp"
#include "validation/terminology.hpp"

namespace renkei::definitions {
class DefinitionStore;
class TypeModel;
}  // namespace renkei::definitions

namespace renkei::validation {

enum class UnknownExtensionPolicy { Error, Warning, Ignore };

// Counters a caller may ask for (benchmarks): filled, not reset, by validate().
struct ValidationStats {
  uint64_t invariants_evaluated = 0;  // constraints evaluated (natively or by FHIRPath)
};

// The HL7 validator's `-bundle RULE PROFILE`: entries of the validated Bundle are checked against
// a profile as well. RULE is `Type` (every entry of that type), `Type:n` (its n-th, from 0) or `n`
// (the n-th entry, from 0).
struct BundleProfileRule {
  std::string resource_type;    // empty: any type
  std::optional<size_t> index;  // of that type, or of all entries when resource_type is empty
  std::string profile;          // canonical, possibly url|version
};

// Parses RULE; nullopt when it is malformed (the caller checks the type name against its TypeModel).
std::optional<BundleProfileRule> parse_bundle_profile_rule(std::string_view rule, std::string_view profile);

struct ValidatorOptions {
  std::vector<std::string> profiles;  // --profile: the root resource must conform to these too
  UnknownExtensionPolicy unknown_extensions = UnknownExtensionPolicy::Warning;
  bool show_values = false;  // let messages quote instance values (may be patient data)
  bool invariants = true;    // evaluate the FHIRPath constraints of the definitions
  // A reference that does not resolve is checked by the type its URL implies: an error with
  // this, a warning without (the HL7 validator's default says nothing).
  bool check_reference_types = false;
  // A relative reference ("Patient/1", "#p1") must resolve to a resource at hand: contained,
  // in the enclosing Bundle or among the resources of the enclosing Parameters (an error
  // otherwise). Off by default: a server may hold the target (the HL7 validator's CHECK_EXISTS).
  bool check_references_exist = false;
  ValidationStats* stats = nullptr;  // not owned; one per thread
  bool best_practice_as_warning = false;  // best-practice constraints are information otherwise
  // A string holding HTML tags (<script>, <img ...>) is an error, as with the HL7 validator's
  // security checks (--security-checks); information otherwise.
  bool security_checks = false;
  // Markdown holding raw HTML tags is an error (the HL7 validator's noHtmlInMarkdown), not a
  // warning (--no-html-in-markdown).
  bool no_html_in_markdown = false;
  // Evaluation steps per constraint (Limits::max_fhirpath_steps, --max-fhirpath-steps): profiles
  // are untrusted input too, and a constraint over budget is an error, not a pass.
  uint64_t max_fhirpath_steps = Limits{}.max_fhirpath_steps;
  std::vector<BundleProfileRule> bundle_profiles;  // --bundle-profile: applied to the root Bundle's entries
  // Information-level issues are wanted (the HL7 validator's -level hints). A caller that drops them
  // (convert keeps errors and warnings) turns this off, and then best-practice constraints, which
  // can only ever say information, are not evaluated at all.
  bool information = true;
  // "Now" for bounds relative to it (a Duration minValue on a date); the clock when unset.
  std::optional<std::chrono::system_clock::time_point> now;
};

class Validator {
 public:
  Validator(const definitions::DefinitionStore& store, const definitions::TypeModel& types);
  ~Validator();

  // Validates a tree read with the same TypeModel; reader issues are not repeated here.
  IssueList validate(const model::Document& doc, const ValidatorOptions& options) const;

  const PlanRegistry& plans() const { return plans_; }

 private:
  const definitions::DefinitionStore& store_;
  const definitions::TypeModel& types_;
  PlanRegistry plans_;
  GlobalProfiles global_profiles_;  // ImplementationGuide.global of the loaded guides
  Terminology terminology_;
  mutable fhirpath::ExpressionCache expressions_;  // internally synchronised
  mutable QuestionnaireCache questionnaires_;      // internally synchronised
  mutable ParsedDefinitions definitions_;          // Measures and Libraries; internally synchronised
  friend class ValidationRun;
};

}  // namespace renkei::validation
