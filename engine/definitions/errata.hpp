#pragma once
// Errata: documented corrections of published conformance resources (the JP-CLINS 1.5.2
// defects listed in docs/jp-clins.md), kept as reviewed data files — one JSON file per
// erratum holding JSON Patches per target canonical — and applied to copies of the loaded
// definitions. The corrected copies keep their url|version and live in an overlay store that is
// consulted before the base store, so the packages themselves are never modified or copied.
//
// Erratum file:
//   { "id": "...", "title": "...", "defect": "...", "correction": "...",
//     "targets": [ { "resourceType": "StructureDefinition", "canonical": "url|version",
//                    "patch": [ JSON Patch operations, see json_patch.hpp ] } ] }
#include <memory>
#include <string>
#include <vector>

#include "common/issue.hpp"
#include "definitions/definition_store.hpp"

namespace renkei::definitions {

struct AppliedErratum {
  std::string id;
  std::string title;
  std::vector<std::string> corrected;  // canonicals (url|version) of the corrected copies
};

struct ErrataOverlay {
  explicit ErrataOverlay(const DefinitionStore& base) : store(base) {}
  DefinitionStore store;  // corrected copies, found before `base`
  std::vector<AppliedErratum> applied;
};

// Applies every erratum file (*.json, in name order) of `dir` to the resources of `base`, which
// must outlive the result. A target that is not loaded is skipped (information); a patch that no
// longer fits its target (a `test` fails: another package version) leaves that target
// uncorrected (warning). Returns nullptr, with an error issue, when `dir` or a file is unreadable
// or malformed.
std::unique_ptr<ErrataOverlay> apply_errata(const std::string& dir, const DefinitionStore& base, IssueList& issues);

// The errata folder of a set (e.g. "jp-clins-1.5.2"): $RENKEI_ERRATA/<set> when set, else
// errata/<set> in the source tree or share/renkei/errata/<set> above the running executable.
std::string default_errata_dir(const std::string& set);

}  // namespace renkei::definitions
