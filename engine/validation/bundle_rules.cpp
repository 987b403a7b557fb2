#include "validation/bundle_rules.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "definitions/type_model.hpp"
#include "model/document.hpp"

namespace renkei::validation {

namespace {

constexpr uint32_t kNoEntry = Resolution::kNoEntry;

std::string_view value_of(const model::Node* n, std::string_view child) {
  const model::Node* c = n ? n->child(child) : nullptr;
  return c && c->has_value() ? c->text : std::string_view();
}

// A Reference element: by type when the tree was read with a TypeModel, else by shape.
bool is_reference(const model::Node* n) {
  if (n->type) return n->type->name == "Reference";
  if (n->is_primitive()) return false;
  const model::Node* r = n->child("reference");
  return r && r->is_primitive();
}

// Forward and reverse adjacency of entries (compressed rows) from a list of edges.
struct EntryGraph {
  std::vector<uint32_t> fwd_start, fwd, rev_start, rev;

  EntryGraph(size_t n, const std::vector<std::pair<uint32_t, uint32_t>>& edges)
      : fwd_start(n + 1, 0), fwd(edges.size()), rev_start(n + 1, 0), rev(edges.size()) {
    for (const auto& [from, to] : edges) {
      ++fwd_start[from + 1];
      ++rev_start[to + 1];
    }
    for (size_t i = 0; i < n; ++i) {
      fwd_start[i + 1] += fwd_start[i];
      rev_start[i + 1] += rev_start[i];
    }
    std::vector<uint32_t> f(fwd_start.begin(), fwd_start.end() - 1), r(rev_start.begin(), rev_start.end() - 1);
    for (const auto& [from, to] : edges) {
      fwd[f[from]++] = to;
      rev[r[to]++] = from;
    }
  }
};

// One check of one Bundle: the options, the issues, the edges between entries.
class BundleRuleRun {
 public:
  BundleRuleRun(const model::Node& bundle, const BundleIndex& index, IssueList& issues, const BundleRulesOptions& o)
      : bundle_(bundle), ix_(index), issues_(issues), opt_(o), type_(value_of(&bundle, "type")) {}

  void run() {
    const auto& entries = ix_.entries();
    link_rules();
    for (uint32_t i = 0; i < entries.size(); ++i) entry_rules(i);
    if (opt_.core_invariant_rules && type_ != "history") fullurl_uniqueness();
    uint32_t start = kNoEntry;
    if (type_ == "document") start = document_rules();
    if (type_ == "message") start = message_rules();
    if (type_ == "searchset") search_rules();
    edges_.reserve(entries.size() * 2);
    for (uint32_t i = 0; i < entries.size(); ++i)
      if (entries[i].resource) references_in(entries[i].resource, i);
    if (start != kNoEntry) reachability(start);
  }

 private:
  bool is_document() const { return type_ == "document"; }
  bool is_message() const { return type_ == "message"; }

  void report(Severity s, const char* code, std::string message, const model::Node* at, const char* rule,
              const model::Node* position = nullptr) {
    const model::Node* pos = position ? position : at;
    issues_.add(s, code, std::move(message), model::Document::path_of(at), pos->line, pos->column, rule);
  }

  std::string quoted(std::string_view what, std::string_view value) const {
    return opt_.show_values ? fmt::format(" ({} '{}')", what, value) : std::string();
  }

  // --- searchset --------------------------------------------------------------------------

  // Matches of a search have ids and are of the searched type (the self link says which:
  // base/Patient?name=x); included resources may be anything.
  void search_rules() {
    std::string_view searched;
    for (const model::Node* l = bundle_.first_child; l; l = l->next) {
      if (l->name != "link" || value_of(l, "relation") != "self") continue;
      std::string_view url = value_of(l, "url");
      url = url.substr(0, url.find('?'));
      size_t slash = url.rfind('/');
      std::string_view last = slash == std::string_view::npos ? url : url.substr(slash + 1);
      if (!last.empty() && last[0] >= 'A' && last[0] <= 'Z' && (!opt_.types || opt_.types->type(last))) searched = last;
    }
    for (const BundleEntryInfo& e : ix_.entries()) {
      if (!e.resource) continue;
      const model::Node* search = e.entry->child("search");
      std::string_view mode = search ? value_of(search, "mode") : std::string_view{};
      if (mode != "match") continue;
      if (e.id.empty())
        report(Severity::Error, "invalid", "search results must have ids", e.resource, "bundle-search-id");
      if (!searched.empty() && e.type != searched)
        report(Severity::Error, "invalid",
               fmt::format("this is not a matching resource type for the search (a {} where {} was searched for)",
                           e.type, searched),
               e.resource, "bundle-search-type");
    }
  }

  // --- Bundle.link -----------------------------------------------------------------------

  void link_rules() {
    bool paged = type_ == "searchset" || type_ == "history";
    std::vector<std::string_view> seen;  // relations that must appear once
    for (const model::Node* l = bundle_.first_child; l; l = l->next) {
      if (l->name != "link") continue;
      const model::Node* rel = l->child("relation");
      std::string_view relation = value_of(l, "relation");
      if (relation.empty()) continue;
      bool paging = relation == "first" || relation == "previous" || relation == "next" || relation == "last";
      if (paging && !paged && !type_.empty())
        report(Severity::Error, "invalid",
               fmt::format("link relation '{}' is for paging search and history results; it is not allowed in a {} "
                           "Bundle",
                           relation, type_),
               rel, "bundle-link-relation");
      if (relation == "self" || (paged && paging)) {
        if (std::find(seen.begin(), seen.end(), relation) != seen.end())
          report(Severity::Error, "invalid", fmt::format("link relation '{}' appears more than once", relation), rel,
                 "bundle-link-relation");
        else
          seen.push_back(relation);
      }
      if (relation == "stylesheet" && is_document()) stylesheet(l);
    }
  }

  // A document's stylesheet is an entry ("Binary/css") or, discouraged, an outside URL.
  void stylesheet(const model::Node* link) {
    const model::Node* url = link->child("url");
    if (!url || !url->has_value()) return;
    ParsedReference ref = parse_reference(url->text);
    if (ref.form == ReferenceForm::Absolute || ref.form == ReferenceForm::Urn) {
      if (url->text == "https://hl7.org/fhir/fhir.css") return;
      report(Severity::Warning, "business-rule",
             "external stylesheets other than https://hl7.org/fhir/fhir.css should not be used in a document" +
                 quoted("url", url->text),
             url, "bundle-link-stylesheet");
      if (url->text.starts_with("http:"))
        report(Severity::Warning, "business-rule", "the stylesheet is not fetched securely (http, not https)", url,
               "bundle-link-stylesheet");
      return;
    }
    bool found = ref.form == ReferenceForm::Relative &&
                 ix_.first_with_type_id(ref.type, ref.id) != BundleIndex::kEnd;
    if (!found)
      report(Severity::Error, "not-found", "the stylesheet reference cannot be resolved in the document" +
                                               quoted("url", url->text),
             url, "bundle-link-stylesheet");
  }

  // --- entries and fullUrl -------------------------------------------------------------

  void entry_rules(uint32_t i) {
    const BundleEntryInfo& e = ix_.entries()[i];
    const model::Node* at = e.entry;
    if (e.full_url.empty()) {
      bool optional = type_ == "transaction" || type_ == "batch" || type_ == "transaction-response" ||
                      type_ == "batch-response";
      // A search's OperationOutcome (search.mode = outcome) is not a server resource.
      if (const model::Node* search = e.entry->child("search"))
        if (const model::Node* mode = search->child("mode"); mode && mode->text == "outcome") optional = true;
      if (e.resource && !optional)
        report(Severity::Error, "required",
               "entry has a resource but no fullUrl; only transaction and batch Bundles may leave it out", at,
               "bundle-fullurl-required");
      return;
    }
    const model::Node* fu = e.entry->child("fullUrl");
    std::string shown = quoted("fullUrl", e.full_url);
    if (e.url.form != ReferenceForm::Absolute && e.url.form != ReferenceForm::Urn) {
      report(Severity::Error, "invalid", "fullUrl must be an absolute URL" + shown, at, "bundle-fullurl-absolute", fu);
      return;
    }
    if (opt_.core_invariant_rules && !e.url.version.empty())
      report(Severity::Error, "invariant", "fullUrl must not be a version specific reference (bdl-8)" + shown, at,
             "bundle-fullurl-versioned", fu);
    bool known_type = !opt_.types || opt_.types->type(e.url.type) != nullptr;
    if (e.url.restful() && e.resource && known_type) {
      if (e.id.empty())
        report(Severity::Error, "invalid",
               "fullUrl looks like a RESTful server URL (…/Type/id), but the resource has no id" + shown, at,
               "bundle-fullurl-id", fu);
      else if (e.url.type != e.type || e.url.id != e.id)
        report(Severity::Error, "invalid",
               "fullUrl looks like a RESTful server URL, so it must end with the resource's type and id" + shown, at,
               "bundle-fullurl-id", fu);
    }
  }

  // bdl-7: a fullUrl appears once, or its entries differ in meta.versionId.
  void fullurl_uniqueness() {
    const auto& entries = ix_.entries();
    std::vector<std::pair<std::string_view, uint32_t>> same;  // (version, entry), one fullUrl at a time
    for (uint32_t i = 0; i < entries.size(); ++i) {
      std::string_view identity = entries[i].url.identity;
      if (identity.empty() || ix_.first_with_identity(identity) != i || ix_.next_with_identity(i) == BundleIndex::kEnd)
        continue;
      same.clear();
      for (uint32_t j = i; j != BundleIndex::kEnd; j = ix_.next_with_identity(j)) same.emplace_back(entries[j].version, j);
      std::stable_sort(same.begin(), same.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (size_t k = 1; k < same.size(); ++k) {
        if (same[k].first != same[k - 1].first) continue;
        // Report the later entry, naming the first one it collides with.
        size_t first = k - 1;
        while (first > 0 && same[first - 1].first == same[k].first) --first;
        const model::Node* at = entries[same[k].second].entry;
        report(Severity::Error, "invariant",
               fmt::format("fullUrl must be unique in a Bundle unless meta.versionId differs (bdl-7): entry {} has "
                           "the same fullUrl{}{}",
                           same[first].second, same[k].first.empty() ? " and neither has a version" : " and version",
                           quoted("fullUrl", entries[same[k].second].full_url)),
               at, "bundle-fullurl-unique", at->child("fullUrl"));
      }
    }
  }

  // --- document and message ------------------------------------------------------------

  // Returns the entry reachability is traced from (the Composition), or kNoEntry.
  uint32_t document_rules() {
    const auto& entries = ix_.entries();
    if (opt_.core_invariant_rules) {
      const model::Node* id = bundle_.child("identifier");
      if (value_of(id, "system").empty() || value_of(id, "value").empty())
        report(Severity::Error, "invariant", "a document must have an identifier with a system and a value (bdl-9)",
               id ? id : &bundle_, "bundle-document-identifier");
      if (value_of(&bundle_, "timestamp").empty())
        report(Severity::Error, "invariant", "a document must have a timestamp (bdl-10)", &bundle_,
               "bundle-document-timestamp");
    }
    if (entries.empty()) {
      report(Severity::Error, "invalid", "a document must have entries, the first being a Composition", &bundle_,
             "bundle-composition-first");
      return kNoEntry;
    }
    const BundleEntryInfo& first = entries.front();
    if (!first.resource) {
      report(Severity::Error, "invalid", "the first entry of a document must contain a Composition", first.entry,
             "bundle-composition-first");
    } else if (first.type != "Composition" && opt_.core_invariant_rules) {
      report(Severity::Error, "invariant",
             fmt::format("the first entry of a document must be a Composition, not a {} (bdl-11)", first.type),
             first.resource, "bundle-composition-first");
    }
    for (uint32_t i = 0; i < entries.size(); ++i)
      if (entries[i].type == "Composition") return i;
    return kNoEntry;
  }

  uint32_t message_rules() {
    const auto& entries = ix_.entries();
    if (entries.empty()) {
      report(Severity::Error, "invalid", "a message must have entries, the first being a MessageHeader", &bundle_,
             "bundle-messageheader-first");
      return kNoEntry;
    }
    const BundleEntryInfo& first = entries.front();
    if (!first.resource) {
      report(Severity::Error, "invalid", "the first entry of a message must contain a MessageHeader", first.entry,
             "bundle-messageheader-first");
      return kNoEntry;
    }
    if (first.type != "MessageHeader") {
      if (opt_.core_invariant_rules)
        report(Severity::Error, "invariant",
               fmt::format("the first entry of a message must be a MessageHeader, not a {} (bdl-12)", first.type),
               first.resource, "bundle-messageheader-first");
      return kNoEntry;
    }
    message_header_ = first.resource;
    return 0;
  }

  // --- references ------------------------------------------------------------------------

  void references_in(const model::Node* n, uint32_t entry) {
    for (const model::Node* c = n->first_child; c; c = c->next) {
      if (c->is_resource() && c->resource_type == "Bundle") continue;  // its references are its own
      if (is_reference(c)) reference(c, entry);
      if (c->first_child) references_in(c, entry);
    }
  }

  void reference(const model::Node* ref, uint32_t entry) {
    const model::Node* text = ref->child("reference");
    if (!text || !text->has_value()) return;
    Resolution r = ix_.resolve(*ref);
    switch (r.status) {
      case ResolutionStatus::Resolved:
        if (r.form != ReferenceForm::Fragment && r.entry != kNoEntry && r.entry != entry) edges_.emplace_back(entry, r.entry);
        return;
      case ResolutionStatus::NotLiteral:
      case ResolutionStatus::OutsideIndex: return;
      case ResolutionStatus::Malformed:
        report(is_document() ? Severity::Error : Severity::Warning, "structure",
               "reference is not a literal reference the Bundle rules can resolve (#id, Type/id[/_history/v] or an "
               "absolute URL)" + quoted("reference", text->text),
               ref, "bundle-reference-syntax", text);
        return;
      case ResolutionStatus::Ambiguous:
        if (type_ == "history") return;  // several versions of one resource are the point of a history
        report(Severity::Error, "invalid",
               fmt::format("reference matches {} {} in the Bundle; it must identify exactly one{}", r.matches,
                           r.form == ReferenceForm::Fragment ? "contained resources" : "entries",
                           quoted("reference", text->text)),
               ref, "bundle-reference-ambiguous", text);
        return;
      case ResolutionStatus::NotFound: break;
    }
    if (r.form == ReferenceForm::Fragment) {
      report(Severity::Error, "not-found",
             "reference to a contained resource cannot be resolved: the containing resource has no contained "
             "resource with that id" + quoted("reference", text->text),
             ref, "bundle-contained-unresolved", text);
      return;
    }
    // A document carries everything it references, and a message what its header focuses on.
    // A urn: elsewhere can only mean an entry of this Bundle, so a missing one is suspicious;
    // any other reference may be resolved by a server outside the Bundle.
    bool must_resolve = is_document() || (message_header_ && ref->parent == message_header_ && ref->name == "focus");
    if (!must_resolve && r.form != ReferenceForm::Urn) return;
    std::string why;
    if (r.other_versions > 0)
      why = "entries with this identity exist, but none has the version the reference asks for";
    else if (r.type_id_mismatched > 0)
      why = "an entry has this type and id, but its fullUrl does not match under the Bundle resolution rules (a "
            "relative reference resolves against the RESTful base of the referencing entry's fullUrl)";
    else
      why = r.form == ReferenceForm::Relative ? "no entry has this type and id" : "no entry has this fullUrl";
    report(must_resolve ? Severity::Error : Severity::Warning, "not-found",
           fmt::format("reference cannot be resolved in the {}: {}{}", is_document()  ? "document"
                                                                       : is_message() ? "message"
                                                                                      : "Bundle",
                       why, quoted("reference", text->text)),
           ref, "bundle-reference-unresolved", text);
  }

  // --- reachability ----------------------------------------------------------------------

  // Entries linked to `start` (the Composition or MessageHeader): first forwards along
  // references; then entries that only point at linked ones (Provenance is meant to) and
  // whatever those point at; the rest are not linked at all.
  void reachability(uint32_t start) {
    const auto& entries = ix_.entries();
    size_t n = entries.size();
    EntryGraph g(n, edges_);
    std::vector<uint8_t> visited(n, 0);
    std::vector<uint32_t> stack, candidates;
    size_t next_candidate = 0;
    auto visit_forward = [&](uint32_t from) {
      stack.push_back(from);
      while (!stack.empty()) {
        uint32_t u = stack.back();
        stack.pop_back();
        if (visited[u]) continue;
        visited[u] = 1;
        for (uint32_t k = g.fwd_start[u]; k < g.fwd_start[u + 1]; ++k)
          if (!visited[g.fwd[k]]) stack.push_back(g.fwd[k]);
        for (uint32_t k = g.rev_start[u]; k < g.rev_start[u + 1]; ++k)
          if (!visited[g.rev[k]]) candidates.push_back(g.rev[k]);
      }
    };
    visit_forward(start);
    if (is_document())  // a stylesheet named by Bundle.link ("Binary/css") is used, not orphaned
      for (const model::Node* l = bundle_.first_child; l; l = l->next) {
        if (l->name != "link" || value_of(l, "relation") != "stylesheet") continue;
        ParsedReference url = parse_reference(value_of(l, "url"));
        if (url.form != ReferenceForm::Relative) continue;
        for (uint32_t i = ix_.first_with_type_id(url.type, url.id); i != BundleIndex::kEnd; i = ix_.next_with_type_id(i))
          visit_forward(i);
      }
    const char* root = is_document() ? "Composition" : "MessageHeader";
    while (next_candidate < candidates.size()) {
      uint32_t c = candidates[next_candidate++];
      if (visited[c]) continue;
      if (entries[c].type != "Provenance")
        report(is_document() ? Severity::Warning : Severity::Information, "business-rule",
               fmt::format("entry is only linked to the {0} by its own references to resources the {0} uses, not "
                           "reachable forwards from it; only Provenance is expected to be linked this way{1}",
                           root, quoted("fullUrl", entries[c].full_url)),
               entries[c].entry, "bundle-entry-reverse-only");
      visit_forward(c);
    }
    for (uint32_t i = 0; i < n; ++i)
      if (entries[i].resource && !visited[i])
        report(is_document() ? Severity::Error : Severity::Warning, "business-rule",
               fmt::format("entry is not linked to the {} by references in either direction{}", root,
                           quoted("fullUrl", entries[i].full_url)),
               entries[i].entry, "bundle-entry-unreachable");
  }

  const model::Node& bundle_;
  const BundleIndex& ix_;
  IssueList& issues_;
  const BundleRulesOptions& opt_;
  std::string_view type_;
  const model::Node* message_header_ = nullptr;
  std::vector<std::pair<uint32_t, uint32_t>> edges_;  // entry -> entry it references
};

}  // namespace

void check_bundle_rules(const model::Node& bundle, const BundleIndex& index, IssueList& issues,
                        const BundleRulesOptions& options) {
  BundleRuleRun(bundle, index, issues, options).run();
}

void check_bundle_rules(const model::Node& bundle, IssueList& issues, const BundleRulesOptions& options) {
  BundleIndex index = BundleIndex::build(bundle);
  check_bundle_rules(bundle, index, issues, options);
}

}  // namespace renkei::validation
