#pragma once
// Terminology: checks codes against the ValueSets and CodeSystems held in a DefinitionStore.
//
// A ValueSet is compiled once, lazily, into a membership test over its compose (include /
// exclude by system, listed concepts, filters, nested ValueSets) rather than an expanded list,
// so "all codes of system S" costs nothing to represent. Membership is three-valued: when a
// part of the definition cannot be evaluated (a CodeSystem that is not held, an external
// terminology such as LOINC, a cycle of nested ValueSets) the answer is NotChecked with the
// reason, never a silent pass.
//
// Thread-safe after construction: compiled ValueSets and indexed CodeSystems are cached under a
// mutex and immutable once cached. Messages name ValueSets and systems, never the code or the
// display being checked (the caller decides whether to show values).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "definitions/definition_store.hpp"

namespace renkei::validation {

enum class CodeStatus : uint8_t {
  Valid,        // in the ValueSet (and, when its system is held, defined there)
  Invalid,      // not in the ValueSet
  UnknownCode,  // the system is held completely but does not define the code
  NotChecked,   // the ValueSet, or a CodeSystem its answer depends on, is not available
};
std::string_view to_string(CodeStatus status);

struct CodeValidationResult {
  CodeStatus status = CodeStatus::NotChecked;
  // False when a display was given, the concept was found in a held CodeSystem, and the
  // display matches neither its display nor any designation (ASCII case ignored). The caller
  // reports a warning.
  bool display_ok = true;
  // The reason lies in the definitions (a cycle of nested ValueSets, an unparseable resource,
  // an unsupported filter), not in the instance: report it once, as a definition problem.
  bool definition_problem = false;
  std::string message;           // why the status is not Valid; empty when Valid
  std::string system;            // the system the code was resolved in (set for bare codes too)
  std::string expected_display;  // the concept's display when display_ok is false
};

// Terminologies distributed outside FHIR packages. A CodeSystem resource a package ships for one
// of them is never taken as complete (JP-CLINS carries an http://loinc.org CodeSystem of two
// concepts marked "complete"): a code found there is valid, any other code is NotChecked.
//  - international: LOINC (http://loinc.org), SNOMED CT (http://snomed.info/sct), UCUM
//    (http://unitsofmeasure.org), RxNorm, ICD-9/ICD-10 and national variants
//    (http://hl7.org/fhir/sid/icd-*), ATC, NDC, CVX, CPT, DICOM
//    (http://dicom.nema.org/resources/ontology/DCM), UNII, NUCC, BCP-47, BCP-13 (MIME types),
//    ISO 3166 / 4217 / 639 (urn:iso:std:iso:*);
//  - Japanese masters: MEDIS-DC standard masters (urn:oid:1.2.392.200119.4.*: disease names,
//    JLAC10, HOT, nursing practice/observation), MHLW receipt and drug codes
//    (urn:oid:1.2.392.100495.20.*: YJ, common drug names, units, tables), JAMI codes
//    (urn:oid:1.2.392.200250.*: usage, department), and their http forms under
//    http://medis.or.jp/CodeSystem/ and http://jpfhir.jp/fhir/core/mhlw/CodeSystem/.
//    JP Core 1.1.2 ships none of these; the urn:oid:1.2.392.* systems it does ship completely
//    (JED endoscopy terms, infectious agents, anti-microbial drugs) stay authoritative.
bool is_known_external_system(std::string_view system);

// What is wrong with a Coding.system itself, as the HL7 validator judges it: a system must be an
// absolute URI (a scheme, ':' and more, no spaces: http:, urn:oid:, ...), and must name a code
// system, not the canonical URL of a ValueSet (an easy slip: measure-type's ValueSet URL
// written where its CodeSystem belongs).
enum class CodingSystemProblem : uint8_t { None, NotAbsolute, IsValueSet };
bool is_absolute_uri(std::string_view uri);

class Terminology {
 public:
  using ValidationResult = CodeValidationResult;

  // The store must outlive the Terminology; nothing is parsed until first use.
  explicit Terminology(const definitions::DefinitionStore& store);
  ~Terminology();
  Terminology(const Terminology&) = delete;
  Terminology& operator=(const Terminology&) = delete;

  // Whether the code (with its system; system empty for a bare `code` element, which is then
  // looked up in every system the ValueSet includes) is in the ValueSet. valueset_canonical may
  // be "url|version". A display, when given, is checked against the held CodeSystem.
  CodeValidationResult validate_code(std::string_view valueset_canonical, std::string_view system,
                                     std::string_view code, std::string_view display = {}) const;
  // The same answer, shared: answers are memoised per (ValueSet, system, code, display), and
  // this form spares the hot path a copy of the result's strings.
  std::shared_ptr<const CodeValidationResult> validate_code_shared(std::string_view valueset_canonical,
                                                                   std::string_view system, std::string_view code,
                                                                   std::string_view display = {}) const;

  // Whether a held CodeSystem defines the code: Valid, UnknownCode, or NotChecked when the
  // system is not held, is external, or is held only partly (content fragment/example/
  // not-present, or no concepts at all).
  CodeValidationResult validate_coding_in_codesystem(std::string_view system, std::string_view code,
                                                     std::string_view display = {}) const;
  std::shared_ptr<const CodeValidationResult> validate_coding_in_codesystem_shared(
      std::string_view system, std::string_view code, std::string_view display = {}) const;

  // Whether the ValueSet resolves in the store.
  bool has_value_set(std::string_view valueset_canonical) const;

  // The problem of a non-empty Coding.system: not absolute, or the URL of a ValueSet the store
  // holds where no CodeSystem has that URL.
  CodingSystemProblem coding_system_problem(std::string_view system) const;

 private:
  CodeValidationResult compute_code(std::string_view valueset_canonical, std::string_view system,
                                    std::string_view code, std::string_view display) const;
  CodeValidationResult compute_coding_in_codesystem(std::string_view system, std::string_view code,
                                                    std::string_view display) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace renkei::validation
