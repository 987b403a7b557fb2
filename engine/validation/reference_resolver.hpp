#pragma once
// Resolution of literal references inside a Bundle, by the rules of
// http://hl7.org/fhir/R4/bundle.html#references:
//   - "#id" names a contained resource of the containing resource ("#" alone the container);
//   - an absolute URL (http(s):, urn:uuid:, urn:oid:, ...) matches an entry's fullUrl;
//   - a relative "Type/id" is made absolute against the base of the referencing entry's
//     fullUrl when that is a RESTful URL ("http://x/fhir/Patient/1" -> "http://x/fhir/");
//     entries whose identity is not known from a fullUrl (no fullUrl) also match by type and
//     id, and so do RESTful entries when the referencing entry has no RESTful base. Entries
//     whose fullUrl is a URN never match a relative reference: their id is not their identity.
//   - a versioned reference (".../_history/v") must also match the entry's meta.versionId
//     (or the "/_history/v" of its fullUrl).
// BundleIndex is built once per Bundle (hashes of fullUrl and of type/id, views into the tree),
// so each lookup is O(1) on average and allocates nothing. The tree must outlive the index.
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/node.hpp"

namespace renkei::validation {

// How a reference string is written.
enum class ReferenceForm : uint8_t {
  Empty,        // no reference string (identifier or display only)
  Fragment,     // "#id" or "#"
  Relative,     // "Type/id" or "Type/id/_history/v"
  Absolute,     // "http://x/fhir/Type/id", any URL with a scheme other than urn:
  Urn,          // "urn:uuid:...", "urn:oid:..."
  Conditional,  // "Type?search" — resolved by a server in a transaction, never in the Bundle
  Malformed,    // none of the above (e.g. "fhir/Patient", "XXX/_history/1")
};

// A reference string split into its parts; views into the string.
struct ParsedReference {
  ReferenceForm form = ReferenceForm::Empty;
  std::string_view identity;  // the reference without "/_history/v" and "#fragment"
  std::string_view base;      // RESTful base ending in '/', empty when not RESTful or relative
  std::string_view type;      // resource type of a RESTful or relative reference
  std::string_view id;
  std::string_view version;   // from "/_history/v"
  std::string_view fragment;  // after '#'
  bool has_fragment = false;
  bool restful() const { return !type.empty(); }
};

ParsedReference parse_reference(std::string_view reference);

enum class ResolutionStatus : uint8_t {
  Resolved,      // exactly one target
  Ambiguous,     // several entries (or contained resources) match
  NotFound,      // nothing in the Bundle (or the container) matches
  NotLiteral,    // nothing to resolve here: no reference string, or a conditional reference
  Malformed,     // not a literal reference of a form the Bundle rules know
  OutsideIndex,  // the reference is not inside this Bundle's entries (e.g. in a nested Bundle)
};

struct Resolution {
  static constexpr uint32_t kNoEntry = UINT32_MAX;
  ResolutionStatus status = ResolutionStatus::NotLiteral;
  ReferenceForm form = ReferenceForm::Empty;
  const model::Node* target = nullptr;  // resource found (the first match when ambiguous)
  uint32_t entry = kNoEntry;            // Bundle.entry index of the target, or of the container for "#"
  uint32_t matches = 0;                 // candidates that matched (>1: ambiguous)
  uint32_t other_versions = 0;          // entries that match except for the version asked for
  uint32_t type_id_mismatched = 0;      // entries with the type and id that the fullUrl rules exclude
  bool found() const { return status == ResolutionStatus::Resolved; }
};

// What the index knows about one Bundle.entry.
struct BundleEntryInfo {
  const model::Node* entry = nullptr;
  const model::Node* resource = nullptr;  // nullptr for an entry without a resource
  std::string_view full_url;              // as written; empty when absent
  ParsedReference url;                    // fullUrl parsed like a reference
  std::string_view type;                  // resource type
  std::string_view id;                    // Resource.id
  std::string_view version;               // meta.versionId, else the fullUrl's "/_history/v"
};

class BundleIndex {
 public:
  static constexpr uint32_t kEnd = UINT32_MAX;

  // Indexes Bundle.entry of `bundle`. Entries are read in document order.
  static BundleIndex build(const model::Node& bundle);

  // Resolves a Reference element (a node with a `reference` child) or the `reference`
  // primitive itself, in the context of the entry that contains it.
  Resolution resolve(const model::Node& reference_node) const;
  // Resolves a reference string as if written at `from` (any node inside the Bundle).
  Resolution resolve(std::string_view reference, const model::Node& from) const;
  // Resolves a reference string written in entry `from_entry` (kNoEntry: outside any entry).
  // "#" references need a node and are not resolved here.
  Resolution resolve_in_entry(std::string_view reference, uint32_t from_entry) const;

  const model::Node* bundle() const { return bundle_; }
  const std::vector<BundleEntryInfo>& entries() const { return entries_; }
  // Index of the entry whose resource contains `n`; kNoEntry when `n` is outside the entries
  // or inside a nested Bundle.
  uint32_t entry_of(const model::Node& n) const;

  // Entries sharing a fullUrl identity (fullUrl without "/_history/v"), in document order:
  // first_with_identity(), then next_with_identity(i) until kEnd.
  uint32_t first_with_identity(std::string_view identity) const;
  uint32_t next_with_identity(uint32_t entry) const { return next_same_identity_[entry]; }
  uint32_t first_with_type_id(std::string_view type, std::string_view id) const;
  uint32_t next_with_type_id(uint32_t entry) const { return next_same_type_id_[entry]; }

 private:
  struct TypeId {
    std::string_view type, id;
    bool operator==(const TypeId&) const = default;
  };
  struct TypeIdHash {
    size_t operator()(const TypeId& k) const noexcept;
  };

  Resolution resolve_parsed(const ParsedReference& ref, uint32_t from_entry) const;
  Resolution resolve_fragment(const ParsedReference& ref, const model::Node& from) const;

  const model::Node* bundle_ = nullptr;
  std::vector<BundleEntryInfo> entries_;
  std::unordered_map<std::string_view, uint32_t> by_identity_;     // -> first entry
  std::unordered_map<TypeId, uint32_t, TypeIdHash> by_type_id_;    // -> first entry
  std::vector<uint32_t> next_same_identity_;
  std::vector<uint32_t> next_same_type_id_;
};

}  // namespace renkei::validation
