#pragma once
// Rules on a Bundle as a whole, after the HL7 Java validator's BundleValidator (R4):
//   bundle-fullurl-required      entry with a resource lacks fullUrl (not transaction/batch[-response])
//   bundle-fullurl-absolute      fullUrl is not an absolute URL
//   bundle-fullurl-id            RESTful fullUrl (…/Type/id) disagrees with the resource's type/id
//   bundle-fullurl-versioned     fullUrl is version specific (bdl-8)
//   bundle-fullurl-unique        two entries share fullUrl and version (bdl-7; not history)
//   bundle-composition-first     document: first entry is a Composition (bdl-11)
//   bundle-messageheader-first   message: first entry is a MessageHeader (bdl-12)
//   bundle-document-identifier   document: identifier with system and value (bdl-9)
//   bundle-document-timestamp    document: timestamp present (bdl-10)
//   bundle-reference-unresolved  document: every literal reference resolves inside the Bundle;
//                                message: MessageHeader.focus does (errors); elsewhere a urn:
//                                reference without its entry is a warning
//   bundle-link-relation         paging relations outside searchset/history; repeated self
//   bundle-link-stylesheet       document stylesheet: must be an entry ("Binary/css") when
//                                relative; outside URLs other than https://hl7.org/fhir/fhir.css
//                                are warned about
//   bundle-reference-ambiguous   a reference matches several entries (not history)
//   bundle-reference-syntax      a reference is neither #id, Type/id[/_history/v] nor a URL
//   bundle-contained-unresolved  "#id" names no contained resource of the container
//   bundle-entry-reverse-only    document/message: entry only reachable against reference
//                                direction from the first entry (Provenance excepted)
//   bundle-entry-unreachable     document/message: entry not linked to the first entry at all
// Severities follow the Java validator's R4 outcomes (fhir-test-cases): an unlinked document
// entry is an error, a reverse-only one a warning; for messages one step lower.
// Messages never quote instance values unless options.show_values; the location is in
// Issue.expression (Bundle.entry[2].resource.subject) with line and column.
#include "common/issue.hpp"
#include "definitions/type_model.hpp"
#include "model/node.hpp"
#include "validation/reference_resolver.hpp"

namespace renkei::validation {

struct BundleRulesOptions {
  // Report the rules that restate Bundle's own invariants (bdl-7, -8, -9, -10, -11, -12).
  // Off when the caller evaluates the core invariants itself, so that nothing is said twice.
  bool core_invariant_rules = true;
  bool show_values = false;  // let messages quote reference strings and fullUrls
  // With definitions, a fullUrl counts as RESTful only when its type segment is a real
  // resource type (…/Obervation/1 is just a URL), as the HL7 validator decides.
  const definitions::TypeModel* types = nullptr;
};

// Checks `bundle` (a Bundle resource node, best read with a TypeModel so Reference elements
// are known by type) and appends what it finds to `issues`. Builds its own index.
void check_bundle_rules(const model::Node& bundle, IssueList& issues, const BundleRulesOptions& options = {});
// Same, with an index the caller already built for this Bundle (and may use afterwards).
void check_bundle_rules(const model::Node& bundle, const BundleIndex& index, IssueList& issues,
                        const BundleRulesOptions& options = {});

}  // namespace renkei::validation
