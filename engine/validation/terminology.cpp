#include "validation/terminology.hpp"

#include <simdjson.h>

#include "validation/answer_memo.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <mutex>
#include <optional>
#include <regex>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace renkei::validation {
namespace {

namespace dom = simdjson::dom;
using definitions::ResourceEntry;

// ---- small helpers --------------------------------------------------------------------------

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lowered;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view string_field(dom::element object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

template <typename Visit>
void for_each_in(dom::element object, std::string_view key, Visit&& visit) {
  dom::array items;
  if (object[key].get_array().get(items) != simdjson::SUCCESS) return;
  for (dom::element item : items) visit(item);
}

// A property value as text, whatever its value[x] type (codes, strings, booleans, numbers,
// Coding.code), so that `=` filters compare like the filter's string value.
std::string property_value_text(dom::element property) {
  dom::object object;
  if (property.get_object().get(object) != simdjson::SUCCESS) return {};
  for (auto field : object) {
    const std::string_view key = field.key;
    if (!key.starts_with("value")) continue;
    const dom::element value = field.value;
    switch (value.type()) {
      case dom::element_type::STRING: return std::string(value.get_string().value_unsafe());
      case dom::element_type::BOOL: return value.get_bool().value_unsafe() ? "true" : "false";
      case dom::element_type::INT64: return std::to_string(value.get_int64().value_unsafe());
      case dom::element_type::UINT64: return std::to_string(value.get_uint64().value_unsafe());
      case dom::element_type::DOUBLE: return simdjson::minify(value);
      case dom::element_type::OBJECT: return std::string(string_field(value, "code"));  // valueCoding
      default: return {};
    }
  }
  return {};
}

// ---- three-valued membership ----------------------------------------------------------------

enum class Truth : uint8_t { No, Yes, Maybe };

// A membership answer. reason points into compiled definitions (alive while the caller holds
// the compiled ValueSet), so the hot path allocates nothing.
struct Verdict {
  Truth truth = Truth::No;
  const std::string* reason = nullptr;  // set for Maybe
  bool definition_problem = false;
};

constexpr Verdict kYes{Truth::Yes, nullptr, false};
constexpr Verdict kNo{Truth::No, nullptr, false};
Verdict maybe(const std::string& reason, bool definition_problem = false) {
  return Verdict{Truth::Maybe, &reason, definition_problem};
}

// Kleene AND / OR, keeping the first reason for Maybe.
Verdict both(const Verdict& a, const Verdict& b) {
  if (a.truth == Truth::No) return a;
  if (b.truth == Truth::No) return b;
  if (a.truth == Truth::Maybe) return a;
  return b;
}
Verdict either(const Verdict& a, const Verdict& b) {
  if (a.truth == Truth::Yes) return a;
  if (b.truth == Truth::Yes) return b;
  if (a.truth == Truth::Maybe) return a;
  return b;
}
Verdict negate(const Verdict& v) {
  if (v.truth == Truth::Yes) return kNo;
  if (v.truth == Truth::No) return kYes;
  return v;
}

// ---- CodeSystems ----------------------------------------------------------------------------

struct Concept {
  std::string code;
  std::string display;
  std::vector<std::string> designations;
  std::vector<uint32_t> parents;
  std::vector<std::pair<std::string, std::string>> properties;  // property code, value as text
};

struct CodeSystemIndex {
  std::string url;
  bool case_sensitive = true;
  // Complete and trustworthy: a code it does not define does not exist.
  bool authoritative = false;
  bool definition_problem = false;
  std::string partial_reason;  // why not authoritative
  std::vector<Concept> concepts;
  StringMap<uint32_t> by_code;  // keys lowered when !case_sensitive

  std::string key(std::string_view code) const { return case_sensitive ? std::string(code) : ascii_lower(code); }
  const Concept* find(std::string_view code) const {
    const auto it = case_sensitive ? by_code.find(code) : by_code.find(ascii_lower(code));
    return it == by_code.end() ? nullptr : &concepts[it->second];
  }
  std::optional<uint32_t> index_of(std::string_view code) const {
    const auto it = case_sensitive ? by_code.find(code) : by_code.find(ascii_lower(code));
    if (it == by_code.end()) return std::nullopt;
    return it->second;
  }
  // Whether `ancestor` is `index` or above it (the hierarchy may be a DAG).
  bool subsumes(uint32_t ancestor, uint32_t index) const {
    std::vector<uint32_t> pending{index};
    std::vector<bool> seen(concepts.size(), false);
    while (!pending.empty()) {
      const uint32_t current = pending.back();
      pending.pop_back();
      if (current == ancestor) return true;
      if (seen[current]) continue;
      seen[current] = true;
      for (uint32_t parent : concepts[current].parents) pending.push_back(parent);
    }
    return false;
  }
};

bool is_parent_property(std::string_view code, std::string_view uri) {
  return code == "parent" || code == "subsumedBy" || uri == "http://hl7.org/fhir/concept-properties#parent";
}
bool is_child_property(std::string_view code, std::string_view uri) {
  return code == "child" || uri == "http://hl7.org/fhir/concept-properties#child";
}

std::shared_ptr<const CodeSystemIndex> index_code_system(const ResourceEntry& entry) {
  auto index = std::make_shared<CodeSystemIndex>();
  index->url = entry.url;
  dom::parser parser;
  dom::element root;
  if (parser.parse(entry.json).get(root) != simdjson::SUCCESS) {
    index->definition_problem = true;
    index->partial_reason = "CodeSystem " + entry.url + " could not be parsed (" + entry.source + ")";
    return index;
  }
  bool case_sensitive = true;
  if (root["caseSensitive"].get_bool().get(case_sensitive) == simdjson::SUCCESS) index->case_sensitive = case_sensitive;

  StringMap<std::string> property_uris;  // property code -> uri, to recognise parent/child links
  for_each_in(root, "property", [&](dom::element property) {
    property_uris[std::string(string_field(property, "code"))] = std::string(string_field(property, "uri"));
  });

  // Concepts depth-first; nesting is the is-a hierarchy. parent/child properties add links
  // by code, resolved once every concept has an index.
  std::vector<std::pair<uint32_t, std::string>> parent_links;  // child index, parent code
  std::vector<std::pair<uint32_t, std::string>> child_links;   // parent index, child code
  std::function<void(dom::element, std::optional<uint32_t>)> add_concepts = [&](dom::element holder,
                                                                                 std::optional<uint32_t> parent) {
    for_each_in(holder, "concept", [&](dom::element item) {
      const auto position = static_cast<uint32_t>(index->concepts.size());
      Concept concept_entry;
      concept_entry.code = std::string(string_field(item, "code"));
      concept_entry.display = std::string(string_field(item, "display"));
      if (parent) concept_entry.parents.push_back(*parent);
      for_each_in(item, "designation", [&](dom::element designation) {
        const std::string_view value = string_field(designation, "value");
        if (!value.empty()) concept_entry.designations.emplace_back(value);
      });
      for_each_in(item, "property", [&](dom::element property) {
        const std::string code(string_field(property, "code"));
        std::string value = property_value_text(property);
        const auto uri_it = property_uris.find(code);
        const std::string_view uri = uri_it == property_uris.end() ? std::string_view{} : uri_it->second;
        if (is_parent_property(code, uri)) parent_links.emplace_back(position, value);
        if (is_child_property(code, uri)) child_links.emplace_back(position, value);
        concept_entry.properties.emplace_back(code, std::move(value));
      });
      index->by_code.try_emplace(index->key(concept_entry.code), position);
      index->concepts.push_back(std::move(concept_entry));
      add_concepts(item, position);
    });
  };
  add_concepts(root, std::nullopt);
  for (const auto& [child, parent_code] : parent_links)
    if (auto parent = index->index_of(parent_code)) index->concepts[child].parents.push_back(*parent);
  for (const auto& [parent, child_code] : child_links)
    if (auto child = index->index_of(child_code)) index->concepts[*child].parents.push_back(parent);

  const std::string_view content = string_field(root, "content");
  if (is_known_external_system(entry.url)) {
    index->partial_reason = "system " + entry.url + " is an external terminology; only part of it is held";
  } else if (content != "complete") {
    index->partial_reason = "CodeSystem " + entry.url + " is held with content '" +
                            std::string(content.empty() ? "unspecified" : content) + "', not complete";
  } else if (index->concepts.empty()) {
    // JP Core ships placeholders such as JP_Undefined_CS: complete, yet without concepts.
    index->partial_reason = "CodeSystem " + entry.url + " defines no concepts";
  } else {
    index->authoritative = true;
  }
  return index;
}

// ---- compiled ValueSets ---------------------------------------------------------------------

struct CompiledValueSet;

struct CompiledFilter {
  enum class Kind : uint8_t { IsA, DescendentOf, IsNotA, Generalizes, Equals, In, NotIn, Regex, Exists, Unsupported };
  Kind kind = Kind::Unsupported;
  std::string property;
  std::string value;
  StringSet values;                 // In / NotIn
  std::optional<uint32_t> target;   // IsA, DescendentOf, IsNotA, Generalizes: the concept named by value
  std::shared_ptr<std::regex> pattern;
  std::string problem;              // Unsupported, or a target the CodeSystem does not define
  bool problem_in_definition = false;  // the ValueSet is wrong (not merely beyond what is supported)
};

struct ValueSetReference {
  std::shared_ptr<const CompiledValueSet> value_set;  // null when not held or cyclic
  std::string problem;
  bool definition_problem = false;
};

struct CompiledInclude {
  std::string system;  // empty: only nested ValueSets
  std::shared_ptr<const CodeSystemIndex> code_system;  // null when not held
  std::string unavailable;  // why codes of `system` cannot be enumerated
  bool lists_concepts = false;
  StringSet concepts;  // keys normalised like the CodeSystem's
  std::vector<CompiledFilter> filters;
  std::vector<ValueSetReference> value_sets;
};

struct CompiledValueSet {
  std::string url;
  std::string problem;  // the whole ValueSet cannot be evaluated
  bool definition_problem = false;
  std::vector<CompiledInclude> includes;
  std::vector<CompiledInclude> excludes;
  // A ValueSet known only by its expansion: system -> codes.
  bool from_expansion = false;
  bool expansion_complete = true;
  std::string expansion_partial_reason;
  StringMap<StringSet> expansion;
  std::vector<std::string> systems;  // every system it may contain, for bare codes
};

Verdict evaluate_filter(const CompiledFilter& filter, const CodeSystemIndex& code_system, uint32_t concept_index) {
  const Concept& concept_entry = code_system.concepts[concept_index];
  using Kind = CompiledFilter::Kind;
  switch (filter.kind) {
    case Kind::IsA:
    case Kind::DescendentOf:
    case Kind::IsNotA:
    case Kind::Generalizes: {
      // A target missing from a complete CodeSystem is a broken definition; from a partial one,
      // merely unknown.
      if (!filter.target) return maybe(filter.problem, code_system.authoritative);
      bool related = filter.kind == Kind::Generalizes ? code_system.subsumes(concept_index, *filter.target)
                                                      : code_system.subsumes(*filter.target, concept_index);
      if (filter.kind == Kind::DescendentOf && concept_index == *filter.target) related = false;
      if (filter.kind == Kind::IsNotA) related = !related;
      return related ? kYes : kNo;
    }
    case Kind::Exists: {
      bool present = filter.property == "display" ? !concept_entry.display.empty() : false;
      for (const auto& [code, value] : concept_entry.properties) present = present || code == filter.property;
      return present == (filter.value == "true") ? kYes : kNo;
    }
    case Kind::Equals:
    case Kind::In:
    case Kind::NotIn:
    case Kind::Regex: {
      // not-in is the negation of in over all the concept's values of the property.
      bool regex_failed = false;
      const auto matches = [&](std::string_view text) {
        switch (filter.kind) {
          case Kind::Equals: return text == filter.value;
          case Kind::In:
          case Kind::NotIn: return filter.values.contains(text);
          case Kind::Regex:
            try {  // std::regex reports pathological patterns by throwing: NotChecked, not a crash
              return std::regex_match(text.begin(), text.end(), *filter.pattern);
            } catch (const std::regex_error&) {
              regex_failed = true;
              return false;
            }
          default: return false;
        }
      };
      bool matched = false;
      if (filter.property == "concept" || filter.property == "code") {
        matched = matches(concept_entry.code);
      } else if (filter.property == "display") {
        matched = matches(concept_entry.display);
      } else if (filter.property == "parent") {  // implicit in the hierarchy
        for (uint32_t parent : concept_entry.parents) matched = matched || matches(code_system.concepts[parent].code);
      } else {
        for (const auto& [code, value] : concept_entry.properties)
          if (code == filter.property) matched = matched || matches(value);
      }
      if (regex_failed) return maybe(filter.problem, false);
      if (filter.kind == Kind::NotIn) matched = !matched;
      return matched ? kYes : kNo;
    }
    case Kind::Unsupported: break;
  }
  return maybe(filter.problem, filter.problem_in_definition);
}

Verdict value_set_membership(const CompiledValueSet& value_set, std::string_view system, std::string_view code);

Verdict include_membership(const CompiledInclude& include, std::string_view system, std::string_view code) {
  Verdict verdict = kYes;
  if (!include.system.empty()) {
    if (system != include.system) return kNo;
    const CodeSystemIndex* code_system = include.code_system.get();
    if (include.lists_concepts) {
      const bool listed = code_system && !code_system->case_sensitive ? include.concepts.contains(ascii_lower(code))
                                                                      : include.concepts.contains(code);
      if (!listed) return kNo;
    }
    if (!include.filters.empty() || !include.lists_concepts) {
      const std::optional<uint32_t> concept_index = code_system ? code_system->index_of(code) : std::nullopt;
      if (!concept_index) {
        if (code_system && code_system->authoritative) return kNo;
        verdict = maybe(code_system ? code_system->partial_reason : include.unavailable);
      } else {
        for (const CompiledFilter& filter : include.filters) {
          verdict = both(verdict, evaluate_filter(filter, *code_system, *concept_index));
          if (verdict.truth == Truth::No) return verdict;
        }
        // A filter on a partly held system may miss codes the full system would place in it.
        if (verdict.truth == Truth::No && !code_system->authoritative) verdict = maybe(code_system->partial_reason);
      }
    }
  }
  for (const ValueSetReference& reference : include.value_sets) {
    if (!reference.value_set) {
      verdict = both(verdict, maybe(reference.problem, reference.definition_problem));
    } else {
      verdict = both(verdict, value_set_membership(*reference.value_set, system, code));
    }
    if (verdict.truth == Truth::No) return verdict;
  }
  return verdict;
}

Verdict value_set_membership(const CompiledValueSet& value_set, std::string_view system, std::string_view code) {
  if (!value_set.problem.empty()) return maybe(value_set.problem, value_set.definition_problem);
  if (value_set.from_expansion) {
    const auto it = value_set.expansion.find(system);
    if (it != value_set.expansion.end() && it->second.contains(code)) return kYes;
    return value_set.expansion_complete ? kNo : maybe(value_set.expansion_partial_reason);
  }
  Verdict included = kNo;
  for (const CompiledInclude& include : value_set.includes) {
    included = either(included, include_membership(include, system, code));
    if (included.truth == Truth::Yes) break;
  }
  if (included.truth == Truth::No) return included;
  Verdict excluded = kNo;
  for (const CompiledInclude& exclude : value_set.excludes) {
    excluded = either(excluded, include_membership(exclude, system, code));
    if (excluded.truth == Truth::Yes) break;
  }
  return both(included, negate(excluded));
}

void add_unique(std::vector<std::string>& list, std::string_view item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.emplace_back(item);
}

}  // namespace

// ---- public helpers -------------------------------------------------------------------------

std::string_view to_string(CodeStatus status) {
  switch (status) {
    case CodeStatus::Valid: return "valid";
    case CodeStatus::Invalid: return "invalid";
    case CodeStatus::UnknownCode: return "unknown-code";
    case CodeStatus::NotChecked: return "not-checked";
  }
  return "not-checked";
}

bool is_known_external_system(std::string_view system) {
  static constexpr std::array<std::string_view, 24> kSystems{
      "http://loinc.org",
      "http://snomed.info/sct",
      "http://unitsofmeasure.org",
      "http://www.nlm.nih.gov/research/umls/rxnorm",
      "http://www.whocc.no/atc",
      "http://hl7.org/fhir/sid/ndc",
      "http://hl7.org/fhir/sid/cvx",
      "http://www.ama-assn.org/go/cpt",
      "http://dicom.nema.org/resources/ontology/DCM",
      "http://fdasis.nlm.nih.gov",
      "http://nucc.org/provider-taxonomy",
      "urn:ietf:bcp:47",
      "urn:ietf:bcp:13",
      "urn:iso:std:iso:3166",
      "urn:iso:std:iso:3166:-2",
      "urn:iso:std:iso:4217",
      "urn:iso:std:iso:639-1",
      "urn:iso:std:iso:639-2",
      "http://id.who.int/icd/release/11/mms",
      "http://www.icd10data.com/icd10pcs",
      "http://terminology.hl7.org/CodeSystem/icd9cm",
      "http://hl7.org/fhir/sid/icd-10-jp",
      "urn:oid:2.16.840.1.113883.6.1",  // LOINC by OID
      "urn:oid:2.16.840.1.113883.6.96",  // SNOMED CT by OID
  };
  static constexpr std::array<std::string_view, 6> kPrefixes{
      "http://hl7.org/fhir/sid/icd-",              // icd-9-cm, icd-10, icd-10-cm, icd-10-de, ...
      "urn:oid:1.2.392.200119.4.",                 // MEDIS-DC standard masters
      "urn:oid:1.2.392.100495.20.",                // MHLW receipt / drug code tables
      "urn:oid:1.2.392.200250.",                   // JAMI code sets
      "http://medis.or.jp/CodeSystem/",            // MEDIS masters, http form
      "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/",  // MHLW tables, http form
  };
  if (std::find(kSystems.begin(), kSystems.end(), system) != kSystems.end()) return true;
  return std::any_of(kPrefixes.begin(), kPrefixes.end(),
                     [&](std::string_view prefix) { return system.starts_with(prefix); });
}

// ---- Terminology ----------------------------------------------------------------------------

struct Terminology::Impl {
  explicit Impl(const definitions::DefinitionStore& definitions) : store(definitions) {}

  const definitions::DefinitionStore& store;
  mutable std::shared_mutex mutex;
  // Cached by the canonical as asked for; null entries remember "not held".
  mutable StringMap<std::shared_ptr<const CodeSystemIndex>> code_systems;
  mutable std::unordered_map<const ResourceEntry*, std::shared_ptr<const CompiledValueSet>> value_sets;
  // validate_code's entry point, so that repeated bindings skip canonical resolution.
  mutable StringMap<std::shared_ptr<const CompiledValueSet>> value_sets_by_canonical;
  // Whole answers of validate_code / validate_coding_in_codesystem / coding_system_problem.
  static constexpr size_t kMemoCapacity = size_t{1} << 16;
  AnswerMemo<CodeValidationResult> code_answers{kMemoCapacity};
  AnswerMemo<CodeValidationResult> codesystem_answers{kMemoCapacity};
  AnswerMemo<CodingSystemProblem> system_problems{kMemoCapacity};

  std::shared_ptr<const CodeSystemIndex> code_system(std::string_view canonical) const {
    {
      std::shared_lock lock(mutex);
      if (auto it = code_systems.find(canonical); it != code_systems.end()) return it->second;
    }
    std::shared_ptr<const CodeSystemIndex> index;
    const ResourceEntry* entry = store.find("CodeSystem", canonical);
    if (!entry) {
      // A version the store does not hold: codes rarely change meaning between versions, so
      // fall back to the version it has.
      const size_t bar = canonical.find('|');
      if (bar != std::string_view::npos) entry = store.find("CodeSystem", canonical.substr(0, bar));
    }
    if (entry) index = index_code_system(*entry);
    std::unique_lock lock(mutex);
    return code_systems.try_emplace(std::string(canonical), std::move(index)).first->second;
  }

  // Compiles (or finds) a ValueSet. `in_progress` holds the chain of ValueSets being compiled
  // by this call, to detect nested-include cycles; compilation happens outside the lock, so
  // two threads may compile the same ValueSet once each and the first result is kept.
  std::shared_ptr<const CompiledValueSet> value_set(const ResourceEntry& entry,
                                                    std::vector<const ResourceEntry*>& in_progress) const {
    {
      std::shared_lock lock(mutex);
      if (auto it = value_sets.find(&entry); it != value_sets.end()) return it->second;
    }
    in_progress.push_back(&entry);
    std::shared_ptr<const CompiledValueSet> compiled = compile_value_set(entry, in_progress);
    in_progress.pop_back();
    std::unique_lock lock(mutex);
    return value_sets.try_emplace(&entry, std::move(compiled)).first->second;
  }

  std::shared_ptr<const CompiledValueSet> compile_value_set(const ResourceEntry& entry,
                                                            std::vector<const ResourceEntry*>& in_progress) const {
    auto compiled = std::make_shared<CompiledValueSet>();
    compiled->url = entry.url;
    dom::parser parser;
    dom::element root;
    if (parser.parse(entry.json).get(root) != simdjson::SUCCESS) {
      compiled->problem = "ValueSet " + entry.url + " could not be parsed (" + entry.source + ")";
      compiled->definition_problem = true;
      return compiled;
    }
    dom::element compose;
    if (root["compose"].get(compose) == simdjson::SUCCESS) {
      for_each_in(compose, "include", [&](dom::element part) {
        compiled->includes.push_back(compile_include(part, *compiled, in_progress));
      });
      for_each_in(compose, "exclude", [&](dom::element part) {
        compiled->excludes.push_back(compile_include(part, *compiled, in_progress));
      });
      if (compiled->includes.empty()) {
        compiled->problem = "ValueSet " + entry.url + " has a compose without includes";
        compiled->definition_problem = true;
      }
      return compiled;
    }
    dom::element expansion;
    if (root["expansion"].get(expansion) == simdjson::SUCCESS) {
      compile_expansion(expansion, *compiled);
      return compiled;
    }
    compiled->problem = "ValueSet " + entry.url + " has neither compose nor expansion";
    compiled->definition_problem = true;
    return compiled;
  }

  void compile_expansion(dom::element expansion, CompiledValueSet& compiled) const {
    compiled.from_expansion = true;
    size_t count = 0;
    std::function<void(dom::element)> add_contains = [&](dom::element holder) {
      for_each_in(holder, "contains", [&](dom::element item) {
        const std::string_view system = string_field(item, "system");
        const std::string_view code = string_field(item, "code");
        if (!code.empty()) {
          compiled.expansion[std::string(system)].emplace(code);
          add_unique(compiled.systems, system);
          ++count;
        }
        add_contains(item);
      });
    };
    add_contains(expansion);
    int64_t total = 0;
    if (expansion["total"].get_int64().get(total) == simdjson::SUCCESS && total > static_cast<int64_t>(count)) {
      compiled.expansion_complete = false;
      compiled.expansion_partial_reason = "ValueSet " + compiled.url + " is held only as a partial expansion";
    }
  }

  CompiledInclude compile_include(dom::element part, CompiledValueSet& owner,
                                  std::vector<const ResourceEntry*>& in_progress) const {
    CompiledInclude include;
    include.system = std::string(string_field(part, "system"));
    if (!include.system.empty()) {
      add_unique(owner.systems, include.system);
      const std::string_view version = string_field(part, "version");
      include.code_system = code_system(version.empty() ? include.system : include.system + "|" + std::string(version));
      if (!include.code_system) {
        include.unavailable = "CodeSystem " + include.system + " is not held" +
                              (is_known_external_system(include.system) ? " (external terminology)" : "");
      }
      const CodeSystemIndex* code_system = include.code_system.get();
      for_each_in(part, "concept", [&](dom::element item) {
        include.lists_concepts = true;
        const std::string_view code = string_field(item, "code");
        include.concepts.insert(code_system ? code_system->key(code) : std::string(code));
      });
      for_each_in(part, "filter", [&](dom::element item) { include.filters.push_back(compile_filter(item, include)); });
    }
    for_each_in(part, "valueSet", [&](dom::element item) {
      std::string_view canonical;
      if (item.get_string().get(canonical) != simdjson::SUCCESS) return;
      include.value_sets.push_back(reference_value_set(canonical, owner, in_progress));
    });
    return include;
  }

  CompiledFilter compile_filter(dom::element item, const CompiledInclude& include) const {
    CompiledFilter filter;
    filter.property = std::string(string_field(item, "property"));
    filter.value = std::string(string_field(item, "value"));
    const std::string_view op = string_field(item, "op");
    using Kind = CompiledFilter::Kind;
    const bool hierarchical = op == "is-a" || op == "descendent-of" || op == "is-not-a" || op == "generalizes";
    if (hierarchical && filter.property == "concept") {
      filter.kind = op == "is-a"            ? Kind::IsA
                    : op == "descendent-of" ? Kind::DescendentOf
                    : op == "is-not-a"      ? Kind::IsNotA
                                            : Kind::Generalizes;
      if (include.code_system) filter.target = include.code_system->index_of(filter.value);
      if (!filter.target)
        filter.problem = "filter " + std::string(op) + " on " + include.system +
                         " names a concept the held CodeSystem does not define";
    } else if (op == "=") {
      filter.kind = Kind::Equals;
    } else if (op == "in" || op == "not-in") {
      filter.kind = op == "in" ? Kind::In : Kind::NotIn;
      std::string_view rest = filter.value;
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        filter.values.emplace(trim(rest.substr(0, comma)));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
    } else if (op == "regex") {
      filter.kind = Kind::Regex;
      filter.problem = "regex filter on " + include.system + " could not be evaluated";
      try {
        filter.pattern = std::make_shared<std::regex>(filter.value, std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        filter.kind = Kind::Unsupported;
        filter.problem_in_definition = true;
        filter.problem = "regex filter on " + include.system + " is not a valid regular expression";
      }
    } else if (op == "exists") {
      filter.kind = Kind::Exists;
    } else {
      filter.problem = "filter op '" + std::string(op) + "' on property '" + filter.property + "' of " +
                       include.system + " is not supported";
    }
    return filter;
  }

  ValueSetReference reference_value_set(std::string_view canonical, CompiledValueSet& owner,
                                        std::vector<const ResourceEntry*>& in_progress) const {
    ValueSetReference reference;
    const ResourceEntry* entry = store.find("ValueSet", canonical);
    if (!entry) {
      reference.problem = "ValueSet " + std::string(canonical) + " (included by " + owner.url + ") is not held";
      return reference;
    }
    const auto cycle_start = std::find(in_progress.begin(), in_progress.end(), entry);
    if (cycle_start != in_progress.end()) {
      reference.problem = "ValueSet include cycle:";
      for (auto it = cycle_start; it != in_progress.end(); ++it) reference.problem += " " + (*it)->url + " ->";
      reference.problem += " " + entry->url;
      reference.definition_problem = true;
      return reference;
    }
    reference.value_set = value_set(*entry, in_progress);
    for (const std::string& system : reference.value_set->systems) add_unique(owner.systems, system);
    return reference;
  }

  std::shared_ptr<const CompiledValueSet> value_set_for(std::string_view canonical) const {
    {
      std::shared_lock lock(mutex);
      if (auto it = value_sets_by_canonical.find(canonical); it != value_sets_by_canonical.end()) return it->second;
    }
    std::shared_ptr<const CompiledValueSet> compiled;
    if (const ResourceEntry* entry = store.find("ValueSet", canonical)) {
      std::vector<const ResourceEntry*> in_progress;
      compiled = value_set(*entry, in_progress);
    }
    std::unique_lock lock(mutex);
    return value_sets_by_canonical.try_emplace(std::string(canonical), std::move(compiled)).first->second;
  }
};

Terminology::Terminology(const definitions::DefinitionStore& store) : impl_(std::make_unique<Impl>(store)) {}
Terminology::~Terminology() = default;

bool Terminology::has_value_set(std::string_view valueset_canonical) const {
  return impl_->store.find("ValueSet", valueset_canonical) != nullptr;
}

bool is_absolute_uri(std::string_view uri) {
  const size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == uri.size()) return false;
  // RFC 3986 scheme: a letter, then letters, digits, '+', '-', '.'.
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(uri[0])) return false;
  for (size_t i = 1; i < colon; ++i) {
    const char c = uri[i];
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  return uri.find_first_of(" \t\r\n") == std::string_view::npos;
}

CodingSystemProblem Terminology::coding_system_problem(std::string_view system) const {
  return *impl_->system_problems.get({system}, [&] {
    if (!is_absolute_uri(system)) return CodingSystemProblem::NotAbsolute;
    if (impl_->store.find("ValueSet", system) && !impl_->store.find("CodeSystem", system))
      return CodingSystemProblem::IsValueSet;
    return CodingSystemProblem::None;
  });
}

namespace {

// Display check against the concept: its display or any designation, ASCII case ignored.
void check_display(const Concept& concept_entry, std::string_view display, CodeValidationResult& result) {
  const std::string_view wanted = trim(display);
  if (wanted.empty()) return;
  if (equal_ignoring_ascii_case(wanted, trim(concept_entry.display))) return;
  for (const std::string& designation : concept_entry.designations)
    if (equal_ignoring_ascii_case(wanted, trim(designation))) return;
  if (concept_entry.display.empty() && concept_entry.designations.empty()) return;  // nothing to compare with
  result.display_ok = false;
  result.expected_display = concept_entry.display.empty() ? concept_entry.designations.front() : concept_entry.display;
}

CodeValidationResult not_checked(std::string message, bool definition_problem = false) {
  CodeValidationResult result;
  result.status = CodeStatus::NotChecked;
  result.message = std::move(message);
  result.definition_problem = definition_problem;
  return result;
}

}  // namespace

CodeValidationResult Terminology::validate_coding_in_codesystem(std::string_view system, std::string_view code,
                                                                std::string_view display) const {
  return *validate_coding_in_codesystem_shared(system, code, display);
}

std::shared_ptr<const CodeValidationResult> Terminology::validate_coding_in_codesystem_shared(
    std::string_view system, std::string_view code, std::string_view display) const {
  return impl_->codesystem_answers.get({system, code, display},
                                       [&] { return compute_coding_in_codesystem(system, code, display); });
}

CodeValidationResult Terminology::validate_code(std::string_view valueset_canonical, std::string_view system,
                                                std::string_view code, std::string_view display) const {
  return *validate_code_shared(valueset_canonical, system, code, display);
}

std::shared_ptr<const CodeValidationResult> Terminology::validate_code_shared(std::string_view valueset_canonical,
                                                                              std::string_view system,
                                                                              std::string_view code,
                                                                              std::string_view display) const {
  return impl_->code_answers.get({valueset_canonical, system, code, display},
                                 [&] { return compute_code(valueset_canonical, system, code, display); });
}

CodeValidationResult Terminology::compute_coding_in_codesystem(std::string_view system, std::string_view code,
                                                               std::string_view display) const {
  const auto code_system = impl_->code_system(system);
  if (!code_system) {
    return not_checked("CodeSystem " + std::string(system) + " is not held" +
                       (is_known_external_system(system) ? " (external terminology)" : ""));
  }
  CodeValidationResult result;
  result.system = std::string(system);
  const Concept* concept_entry = code_system->find(code);
  if (concept_entry) {
    result.status = CodeStatus::Valid;
    check_display(*concept_entry, display, result);
  } else if (code_system->authoritative) {
    result.status = CodeStatus::UnknownCode;
    result.message = "code is not defined in CodeSystem " + std::string(system);
  } else {
    result.status = CodeStatus::NotChecked;
    result.message = code_system->partial_reason;
    result.definition_problem = code_system->definition_problem;
  }
  return result;
}

CodeValidationResult Terminology::compute_code(std::string_view valueset_canonical, std::string_view system,
                                               std::string_view code, std::string_view display) const {
  const auto value_set = impl_->value_set_for(valueset_canonical);
  if (!value_set) return not_checked("ValueSet " + std::string(valueset_canonical) + " is not held");

  // A bare code (type `code`) belongs to whichever included system has it.
  std::string_view resolved_system = system;
  Verdict verdict = kNo;
  if (system.empty()) {
    for (const std::string& candidate : value_set->systems) {
      const Verdict candidate_verdict = value_set_membership(*value_set, candidate, code);
      if (candidate_verdict.truth == Truth::Yes || (candidate_verdict.truth == Truth::Maybe && verdict.truth == Truth::No)) {
        verdict = candidate_verdict;
        resolved_system = candidate;
      }
      if (verdict.truth == Truth::Yes) break;
    }
  } else {
    verdict = value_set_membership(*value_set, system, code);
  }

  CodeValidationResult result;
  result.system = std::string(resolved_system);
  if (verdict.truth == Truth::Maybe) {
    result.status = CodeStatus::NotChecked;
    result.message = verdict.reason ? *verdict.reason : "membership in ValueSet " + value_set->url + " not determined";
    result.definition_problem = verdict.definition_problem;
  }
  const auto code_system = resolved_system.empty() ? nullptr : impl_->code_system(resolved_system);
  const Concept* concept_entry = code_system ? code_system->find(code) : nullptr;
  if (concept_entry) check_display(*concept_entry, display, result);
  if (verdict.truth == Truth::Maybe) return result;

  const bool undefined_code = code_system && code_system->authoritative && !concept_entry;
  if (undefined_code && !system.empty()) {
    result.status = CodeStatus::UnknownCode;
    result.message = "code is not defined in CodeSystem " + std::string(system);
  } else if (verdict.truth == Truth::Yes) {
    result.status = CodeStatus::Valid;
  } else {
    result.status = CodeStatus::Invalid;
    result.message = "code is not in ValueSet " + value_set->url;
    if (!system.empty() && std::find(value_set->systems.begin(), value_set->systems.end(), system) == value_set->systems.end())
      result.message += " (the ValueSet does not include system " + std::string(system) + ")";
  }
  return result;
}

}  // namespace renkei::validation
