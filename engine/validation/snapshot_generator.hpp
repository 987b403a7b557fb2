#pragma once
// SnapshotGenerator: a StructureDefinition's differential + its base's snapshot → the
// snapshot (FHIR R4 profiling §snapshot, after HL7 Java ProfileUtilities.generateSnapshot).
// Bases without a snapshot get one first, recursively; datatype children the base does not
// list are expanded from the type's (or type profile's) snapshot when the differential
// reaches into them. Works on element trees (io::read_json / io::write_json).
//
// One generator caches the parsed base snapshots it used; it is not synchronised, so a
// shared one must be guarded by its owner (PlanRegistry does).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/issue.hpp"
#include "model/document.hpp"

namespace renkei::definitions {
class DefinitionStore;
struct ResourceEntry;
}  // namespace renkei::definitions

namespace renkei::validation {

class SnapshotGenerator {
 public:
  explicit SnapshotGenerator(const definitions::DefinitionStore& store);
  ~SnapshotGenerator();
  SnapshotGenerator(const SnapshotGenerator&) = delete;
  SnapshotGenerator& operator=(const SnapshotGenerator&) = delete;

  // The StructureDefinition's JSON with `snapshot.element` (re)generated from its
  // differential; everything else kept. std::nullopt when no snapshot can be made (base not
  // found, a cycle of bases, unreadable JSON); element-level problems (a differential path
  // matching nothing) are error issues while the rest of the snapshot is still produced.
  std::optional<std::string> generate(const definitions::ResourceEntry& sd, IssueList& issues);
  std::optional<std::string> generate(std::string_view structure_definition_json, IssueList& issues);

  // A parsed snapshot: the document owning the nodes and its elements in order.
  struct Snapshot {
    model::Document doc;
    std::vector<const model::Node*> elements;
  };

 private:
  std::optional<model::Document> generate_tree(std::string_view json, std::string_view source,
                                               std::vector<std::string>& chain, IssueList& issues);
  // The snapshot of a canonical (published, or generated now); nullptr with an issue naming
  // `wanted_by` when it cannot be had.
  const Snapshot* snapshot_of(std::string_view canonical, std::string_view wanted_by,
                              std::vector<std::string>& chain, IssueList& issues);
  // The snapshot of a datatype (by code) or of a type profile.
  const Snapshot* type_snapshot(std::string_view code, std::string_view profile, std::string_view wanted_by,
                                std::vector<std::string>& chain, IssueList& issues);

  const definitions::DefinitionStore& store_;
  std::unordered_map<std::string, std::unique_ptr<Snapshot>> cache_;  // by canonical as asked
  friend class SnapshotBuilder;
};

}  // namespace renkei::validation
