#include "validation/validator.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <tuple>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "fhirpath/fhirpath.hpp"
#include "validation/bundle_rules.hpp"
#include "validation/extension_rules.hpp"
#include "validation/narrative_controls.hpp"
#include "validation/parameters_resolver.hpp"
#include "validation/plan_memo.hpp"
#include "validation/primitive_format.hpp"
#include "validation/html_in_text.hpp"
#include "validation/measure_report.hpp"
#include "validation/questionnaire_response.hpp"
#include "validation/search_parameter_rules.hpp"
#include "validation/reference_resolver.hpp"
#include "validation/structure_definition_rules.hpp"
#include "validation/value_match.hpp"
#include "validation/value_range.hpp"

namespace renkei::validation {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string_view last_segment(std::string_view url) {
  size_t slash = url.rfind('/');
  return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

bool is_cross_version_extension(std::string_view u) {
  constexpr std::string_view base = "http://hl7.org/fhir/";
  if (u.substr(0, base.size()) != base) return false;
  std::string_view rest = u.substr(base.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || !(rest[0] >= '0' && rest[0] <= '9')) return false;
  return rest.substr(slash + 1, 30) == "StructureDefinition/extension-";
}

bool is_example_url(std::string_view u) {
  for (std::string_view host : {"example.org", "example.com", "acme.com", "acme.org", "nema.org"})
    if (u.find(host) != std::string_view::npos) return true;
  return false;
}

// Is `suffix` (of a choice element's name: valueQuantity → "Quantity") the type `code`, capitalised?
bool is_type_suffix(std::string_view suffix, std::string_view code) {
  if (suffix.size() != code.size() || code.empty()) return suffix.size() == code.size();
  char first = code[0] >= 'a' && code[0] <= 'z' ? static_cast<char>(code[0] - 'a' + 'A') : code[0];
  return suffix[0] == first && suffix.substr(1) == code.substr(1);
}

std::string card(uint32_t v) { return v == UINT32_MAX ? "*" : std::to_string(v); }

}  // namespace

// One validation of one document: holds the issues and the options; walks the tree.
class ValidationRun {
 public:
  ValidationRun(const Validator& v, const ValidatorOptions& o) : v_(v), opt_(o), plans_(v.plans_) {}

  void resource(const model::Node* n, const std::vector<std::string>& extra_profiles) {
    if (!n->type) return;  // unknown type: reported by the reader
    std::vector<const ValidationPlan*> plans;
    const ValidationPlan* base = plans_.for_type(n->resource_type);
    if (!base) {
      report(Severity::Error, "not-found", fmt::format("no definition for resource type {}", n->resource_type), n);
      return;
    }
    plans.push_back(base);
    auto add_profile = [&](std::string_view url, const model::Node* at) {
      const ValidationPlan* p = plans_.find(url);
      if (!p) {
        report(Severity::Warning, "not-found", fmt::format("profile {} is not known to Renkei; not checked", url), at,
               "profile-unknown");
        return;
      }
      if (p->type != n->resource_type) {
        report(Severity::Error, "invalid",
               fmt::format("profile {} constrains {}, not {}", url, p->type, n->resource_type), at, "profile-type");
        return;
      }
      if (std::find(plans.begin(), plans.end(), p) == plans.end()) plans.push_back(p);
    };
    if (const model::Node* meta = n->child("meta"))
      for (const model::Node* c = meta->first_child; c; c = c->next)
        if (c->name == "profile" && c->has_value()) add_profile(c->text, c);
    for (const auto& url : extra_profiles) add_profile(url, n);
    if (n->resource_type == "Bundle" && !n->parent && !opt_.bundle_profiles.empty()) assign_bundle_profiles(n);
    if (auto it = bundle_rule_profiles_.find(n); it != bundle_rule_profiles_.end())
      for (const auto& url : it->second) add_profile(url, n);
    for (const auto& url : v_.global_profiles_.for_type(n->resource_type)) add_profile(url, n);
    if (n->resource_type == "Bundle" && depth_ == 0) {
      BundleRulesOptions bo;
      bo.core_invariant_rules = !opt_.invariants;  // else bdl-* say it
      bo.show_values = opt_.show_values;
      bo.types = &v_.types_;
      check_bundle_rules(*n, bundle_index(n), issues_, bo);
    }
    // A resource is reached once per plan of each enclosing resource (every entry of a profiled Bundle
    // twice: through Bundle and through the Bundle profile). Walking the same node with the same plan
    // again finds the same issues at the same paths, which take() would drop: walk it once.
    auto walked = walked_.lower_bound({n, nullptr});
    bool first_visit = walked == walked_.end() || walked->first != n;
    // A QuestionnaireResponse against its Questionnaire; a Questionnaire's enableWhen targets.
    QrContext qr_context{&v_.types_, &v_.terminology_, &v_.expressions_, opt_.show_values, opt_.max_fhirpath_steps};
    // Resource-level rules, once per resource however many plans reach it.
    if (first_visit) {
      check_questionnaire_rules(*n, QuestionnaireLookup{&v_.store_, &v_.questionnaires_}, qr_context, issues_);
      // A MeasureReport against its Measure; a Measure's CQL criteria against its Libraries.
      const DefinitionLookup definitions{&v_.store_, &v_.types_, &v_.definitions_};
      check_measure_rules(*n, definitions, issues_);
      check_search_parameter_rules(*n, definitions, issues_);
      if (n->resource_type == "StructureDefinition")
        check_structure_definition_rules(*n, v_.plans_, v_.types_, issues_);
    }
    for (const ValidationPlan* p : plans) {
      if (!walked_.emplace(n, p).second) continue;
      const ValidationPlan* saved = plan_;
      plan_ = p;
      invariants(n, *p->root);
      contents(n, *p->root);
      plan_ = saved;
    }
  }

  // --bundle-profile rules, matched the way the HL7 validator counts: entries with a resource, by
  // position overall and by position among those of the same type.
  void assign_bundle_profiles(const model::Node* bundle) {
    std::unordered_map<std::string_view, size_t> seen_of_type;
    size_t position = 0;
    for (const model::Node* e = bundle->first_child; e; e = e->next) {
      if (e->name != "entry") continue;
      const model::Node* r = e->child("resource");
      if (!r || !r->is_resource()) {
        ++position;
        continue;
      }
      size_t of_type = seen_of_type[r->resource_type]++;
      for (const BundleProfileRule& rule : opt_.bundle_profiles) {
        bool hit = rule.resource_type.empty() ? rule.index == position
                                              : rule.resource_type == r->resource_type &&
                                                    (!rule.index || *rule.index == of_type);
        if (hit) bundle_rule_profiles_[r].push_back(rule.profile);
      }
      ++position;
    }
  }

  IssueList take() {
    // The base definition and a profile built on it say the same things: report once.
    IssueList out;
    std::set<std::tuple<int, std::string, std::string>> seen;
    for (auto& i : issues_.items())
      if ((opt_.information || i.severity != Severity::Information) &&
          seen.emplace(static_cast<int>(i.severity), i.expression, i.message).second) out.add(std::move(i));
    return out;
  }

 private:
  void report(Severity s, const char* code, std::string msg, const model::Node* at, const char* rule = "structure") {
    if (s == Severity::Information && !opt_.information) return;
    issues_.add(s, code, std::move(msg), model::Document::path_of(at), at->line, at->column, rule);
  }

  // The base plan of a data type, looked up once per run (the registry takes a lock and
  // builds a URL; this is asked for nearly every element).
  const ValidationPlan* type_plan(const definitions::TypeInfo* t) { return plans_.for_type(t, t->name); }

  // The plan element whose children describe the contents of `e` (a backbone's own
  // children, a contentReference target, or the plan of the element's data type).
  const PlanElement* children_source(const PlanElement& e, const model::Node* n) {
    if (const PlanElement* target = content_source(e)) return target;
    // Before its own children: a snapshot lists the base's children under a slice.
    if (const PlanElement* described = profile_element(e)) return described;
    if (e.has_children()) return &e;
    if (!n->type) return nullptr;
    const ValidationPlan* tp = type_plan(n->type);
    return tp ? tp->root : nullptr;
  }

  // The element a contentReference names: in this snapshot ("#Questionnaire.item") or in
  // another definition ("http://hl7.org/fhir/StructureDefinition/Parameters#Parameters.parameter",
  // as generated snapshots of profiles point at the base).
  const PlanElement* content_source(const PlanElement& e) {
    if (e.content_target || e.content_reference.empty()) return e.content_target;
    size_t hash = e.content_reference.find('#');
    if (hash == std::string::npos) return nullptr;
    const ValidationPlan* p = plans_.find(std::string_view(e.content_reference).substr(0, hash));
    return p ? p->element_by_id(std::string_view(e.content_reference).substr(hash + 1)) : nullptr;
  }

  // The element of another profile that describes `e` (its one type's profile names it with
  // the profile-element extension), as the HL7 validator takes children from there.
  const PlanElement* profile_element(const PlanElement& e) {
    if (e.types.size() != 1 || e.types[0].profile_element.empty() || e.types[0].profiles.empty()) return nullptr;
    const ValidationPlan* p = plans_.find(e.types[0].profiles[0]);
    return p ? p->element_by_id(e.types[0].profile_element) : nullptr;
  }

  // Does instance child `c` belong to plan element `pe`? Choice elements match their typed names.
  static bool matches(const model::Node* c, const PlanElement& pe) {
    if (!pe.is_choice) return c->name == pe.name;
    if (!starts_with(c->name, pe.name) || c->name.size() == pe.name.size()) return false;
    return true;
  }

  void contents(const model::Node* n, const PlanElement& pe) {
    const PlanElement* src = children_source(pe, n);
    if (!src) return;
    // Bucket the instance's children by plan element in one pass (names are looked up, not
    // compared against every plan child); the annotator's ElementInfo gives the definition
    // name, which for a choice is the name without [x].
    // This nesting level's buffers, reused across calls (a deque: deeper levels never move them).
    if (scratch_.size() <= level_) scratch_.emplace_back();
    ContentsScratch& scratch = scratch_[level_++];
    auto& placed = scratch.placed;
    auto& items = scratch.items;
    placed.clear();
    for (const model::Node* c = n->first_child; c; c = c->next) {
      if (!c->element) continue;  // unknown: reported by the reader
      const PlanElement* ce = plan_child(*src, *c->element);
      if (!ce || !matches(c, *ce)) continue;
      placed.emplace_back(ce->child_index, c);
    }
    // Stable by plan order; an insertion sort needs no buffer, and children are few and mostly in order.
    for (size_t i = 1; i < placed.size(); ++i)
      for (size_t j = i; j > 0 && placed[j].first < placed[j - 1].first; --j) std::swap(placed[j], placed[j - 1]);
    size_t next = 0;
    for (const PlanElement* ce : src->children) {
      items.clear();
      while (next < placed.size() && placed[next].first == ce->child_index) items.push_back(placed[next++].second);
      if (ce->is_choice)
        for (const model::Node* c : items) {
          std::string_view suffix = c->name.substr(ce->name.size());
          bool ok = ce->types.empty();
          for (const auto& t : ce->types) ok |= is_type_suffix(suffix, t.code);
          if (!ok)
            report(Severity::Error, "structure",
                   fmt::format("type {} is not allowed for {} in {}", c->type ? c->type->name : std::string(suffix),
                               ce->path, plan_->url),
                   c, "type");
        }
      cardinality(n, *ce, items.size(), nullptr);
      if (ce->slicing && !ce->slices.empty()) {
        sliced(n, *ce, items);
      } else {
        for (const model::Node* c : items) element(c, *ce);
      }
    }
    --level_;
  }

  // The plan child describing instance elements of definition `e` under `src`. By name, remembered in a
  // small direct-mapped table: a document meets the same (plan element, definition) pairs again and again.
  const PlanElement* plan_child(const PlanElement& src, const definitions::ElementInfo& e) {
    uintptr_t key = reinterpret_cast<uintptr_t>(&src) ^ (reinterpret_cast<uintptr_t>(&e) >> 3);
    PlanChildSlot& slot = plan_children_[(key ^ (key >> 11)) % plan_children_.size()];
    if (slot.src == &src && slot.element == &e) return slot.child;
    slot = PlanChildSlot{&src, &e, src.child(e.name)};
    return slot.child;
  }

  void cardinality(const model::Node* parent, const PlanElement& ce, size_t count, const PlanElement* slice_of) {
    if (count >= ce.min && (ce.max == UINT32_MAX || count <= ce.max)) return;
    std::string what = slice_of ? fmt::format("{} (slice '{}')", slice_of->path, ce.slice_name) : ce.path;
    if (count < ce.min)
      report(Severity::Error, "required",
             fmt::format("{}: minimum required = {}, but only found {} (from {})", what, ce.min, count, plan_->url),
             parent, "cardinality");
    if (ce.max != UINT32_MAX && count > ce.max)
      report(Severity::Error, "structure",
             fmt::format("{}: maximum allowed = {}, but found {} (from {})", what, card(ce.max), count, plan_->url),
             parent, "cardinality");
  }

  void sliced(const model::Node* parent, const PlanElement& ce, const std::vector<const model::Node*>& items) {
    const Slicing& s = *ce.slicing;
    std::vector<std::vector<const model::Node*>> in_slice(ce.slices.size());
    int last_slice = -1;
    bool seen_unmatched = false;
    for (const model::Node* c : items) {
      int which = -1;
      for (size_t i = 0; i < ce.slices.size(); ++i)
        if (slice_matches(c, *ce.slices[i], s)) {
          which = static_cast<int>(i);
          break;
        }
      if (which < 0) {
        if (s.rules == SlicingRules::Closed)
          report(Severity::Error, "structure",
                 fmt::format("this element does not match any known slice of {} and the slicing is closed (from {})",
                             ce.path, plan_->url),
                 c, "slicing");
        seen_unmatched = true;
        element(c, ce);
        continue;
      }
      if (s.ordered && which < last_slice)
        report(Severity::Error, "structure",
               fmt::format("slice '{}' is out of order: the slicing of {} is ordered (from {})",
                           ce.slices[which]->slice_name, ce.path, plan_->url),
               c, "slicing");
      if (s.rules == SlicingRules::OpenAtEnd && seen_unmatched)
        report(Severity::Error, "structure",
               fmt::format("slice '{}' follows an unmatched element, but the slicing of {} is open at the end only",
                           ce.slices[which]->slice_name, ce.path),
               c, "slicing");
      last_slice = std::max(last_slice, which);
      in_slice[which].push_back(c);
      // Like the HL7 validator, a slice member meets both the slice and the sliced element:
      // snapshots give slices the base definition, not the sliced element's constraints.
      element(c, ce);
      element(c, *ce.slices[which]);
    }
    for (size_t i = 0; i < ce.slices.size(); ++i) cardinality(parent, *ce.slices[i], in_slice[i].size(), &ce);
  }

  // --- slice matching -------------------------------------------------------------

  // What one discriminator says of an element and a slice. A slice that sets nothing at a
  // discriminator's path (no fixed, pattern, required binding or type profile there) is not
  // told apart by it: as in the HL7 validator, the other discriminators decide (type/subtype
  // slicing, where only some slices fix the subtype), and a slice that no discriminator
  // constrains matches nothing.
  enum class Verdict : uint8_t { Match, NoMatch, Unconstrained };

  bool slice_matches(const model::Node* c, const PlanElement& slice, const Slicing& s) {
    bool constrained = false;
    for (const Discriminator& d : s.discriminators) {
      Verdict v = discriminator_matches(c, slice, d);
      if (v == Verdict::NoMatch) return false;
      constrained |= v == Verdict::Match;
    }
    return constrained;
  }

  static Verdict verdict(bool matched) { return matched ? Verdict::Match : Verdict::NoMatch; }

  Verdict discriminator_matches(const model::Node* c, const PlanElement& slice, const Discriminator& d) {
    PathTarget target = walk(slice, c, d.path);
    switch (d.type) {
      case DiscriminatorType::Value:
      case DiscriminatorType::Pattern: {
        if (!target.element) return Verdict::NoMatch;
        // A slice that forbids the element (max 0) is told apart by its absence.
        if (target.element->max == 0) return verdict(target.values.empty());
        bool constrained = false;
        for (const model::Node* v : target.values) {
          switch (value_matches(*v, value_element(*target.element, *v))) {
            case Verdict::Match: return Verdict::Match;
            case Verdict::NoMatch: constrained = true; break;
            case Verdict::Unconstrained: break;
          }
        }
        if (constrained || constrains_value(*target.element)) return Verdict::NoMatch;
        return Verdict::Unconstrained;
      }
      case DiscriminatorType::Exists: {
        bool must = target.element ? target.element->min > 0 : false;
        bool must_not = target.element ? target.element->max == 0 : false;
        if (must) return verdict(!target.values.empty());
        if (must_not) return verdict(target.values.empty());
        return Verdict::Match;
      }
      case DiscriminatorType::Type: {
        if (!target.element || target.element->types.empty()) return Verdict::NoMatch;
        for (const model::Node* v : target.values) {
          std::string_view t = v->is_resource() ? v->resource_type : (v->type ? std::string_view(v->type->name) : "");
          for (const auto& tr : target.element->types) {
            if (!target.resolved) {
              if (tr.code == t) return Verdict::Match;
              continue;
            }
            // Through resolve(): the types the reference may target.
            for (const auto& tp : tr.target_profiles) {
              const ValidationPlan* p = plans_.find(tp);
              if ((p ? std::string_view(p->type) : last_segment(tp)) == t) return Verdict::Match;
            }
          }
        }
        return Verdict::NoMatch;
      }
      case DiscriminatorType::Profile: {
        if (!target.element) return Verdict::NoMatch;
        bool any_profile = false;
        for (const auto& tr : target.element->types) {
          const auto& urls = target.resolved ? tr.target_profiles : tr.profiles;
          any_profile |= !urls.empty();
          for (const model::Node* v : target.values)
            for (const auto& url : urls)
              if (claims_profile(v, url) || conforms(v, url)) return Verdict::Match;
        }
        return any_profile ? Verdict::NoMatch : Verdict::Unconstrained;
      }
      case DiscriminatorType::Position:
        return Verdict::NoMatch;
    }
    return Verdict::NoMatch;
  }

  // The element whose value discriminates `v`: a choice element's type slice for v's type
  // (value[x]:valueCode carries the fixed code of an extension slice), else the element.
  static const PlanElement& value_element(const PlanElement& e, const model::Node& v) {
    if (!e.is_choice || e.fixed || e.pattern || !v.type) return e;
    for (const PlanElement* s : e.slices)
      if (s->types.size() == 1 && s->types[0].code == v.type->name) return *s;
    return e;
  }

  // Does the element set a value a value/pattern discriminator can test?
  static bool constrains_value(const PlanElement& e) {
    if (e.fixed || e.pattern || has_fixed_descendant(e)) return true;
    if (e.binding && e.binding->strength == BindingStrength::Required) return true;
    for (const PlanElement* s : e.slices)
      if (e.is_choice && constrains_value(*s)) return true;
    return false;
  }

  Verdict value_matches(const model::Node& v, const PlanElement& e) {
    if (const model::Node* expected = e.fixed ? e.fixed : e.pattern) return verdict(pattern_matches(v, *expected));
    // No value on the element itself: the fixed/pattern values of its descendants
    // (category:laboratory.coding.code = laboratory) discriminate, as in the HL7 validator;
    // failing that, a required binding does.
    if (has_fixed_descendant(e)) return verdict(descendants_match(v, e));
    if (e.binding && e.binding->strength == BindingStrength::Required)
      return verdict(in_value_set(&v, e.binding->value_set));
    return Verdict::Unconstrained;
  }

  struct PathTarget {
    const PlanElement* element = nullptr;  // the slice's element at the path
    std::vector<const model::Node*> values;  // the instance's nodes at the path
    bool resolved = false;  // the path went through resolve(): profiles are target profiles
  };

  static bool has_fixed_descendant(const PlanElement& e) {
    for (const PlanElement* c : e.children)
      if (c->fixed || c->pattern || has_fixed_descendant(*c)) return true;
    return false;
  }

  // Every fixed/pattern value below `e` is present in the instance node `v`.
  static bool descendants_match(const model::Node& v, const PlanElement& e) {
    for (const PlanElement* c : e.children) {
      const model::Node* expected = c->fixed ? c->fixed : c->pattern;
      if (!expected && !has_fixed_descendant(*c)) continue;
      bool found = false;
      for (const model::Node* k = v.first_child; k && !found; k = k->next) {
        if (!matches(k, *c)) continue;
        found = expected ? pattern_matches(*k, *expected) : descendants_match(*k, *c);
      }
      if (!found) return false;
    }
    return true;
  }

  bool in_value_set(const model::Node* v, const std::string& value_set) {
    auto check = [&](const model::Node* coding) {
      const model::Node* code = coding->child("code");
      if (!code || !code->has_value()) return false;
      const model::Node* system = coding->child("system");
      return v_.terminology_.validate_code(value_set, system ? system->text : std::string_view{}, code->text).status ==
             CodeStatus::Valid;
    };
    if (v->is_primitive()) return v->has_value() && v_.terminology_.validate_code(value_set, {}, v->text).status == CodeStatus::Valid;
    if (v->child("code")) return check(v);
    for (const model::Node* c = v->first_child; c; c = c->next)
      if (c->name == "coding" && check(c)) return true;
    return false;
  }

  // Walks a discriminator path ("url", "code.coding.system", "$this",
  // "extension('http://…').value", "resolve()", "ofType(Quantity)") in both the slice
  // definition and the instance.
  PathTarget walk(const PlanElement& slice, const model::Node* c, std::string_view path) {
    PathTarget t;
    t.element = &slice;
    t.values.push_back(c);
    while (!path.empty()) {
      size_t dot = 0;
      int paren = 0;
      while (dot < path.size() && (path[dot] != '.' || paren > 0)) {
        if (path[dot] == '(') ++paren;
        if (path[dot] == ')') --paren;
        ++dot;
      }
      std::string_view seg = path.substr(0, dot);
      path = dot < path.size() ? path.substr(dot + 1) : std::string_view{};
      if (seg == "$this") continue;
      if (seg == "resolve()") {
        // Targets of references: only resources contained in this document are known.
        std::vector<const model::Node*> next;
        for (const model::Node* v : t.values)
          if (const model::Node* r = resolve_local(v)) next.push_back(r);
        t.values = std::move(next);
        t.resolved = true;  // the element stays: its target profiles apply
        continue;
      }
      if (starts_with(seg, "ofType(")) continue;  // the type is checked by the slice element itself
      std::string ext_url;
      std::string name(seg);
      if (name.size() > 3 && name.compare(name.size() - 3, 3, "[x]") == 0) name.resize(name.size() - 3);
      if (starts_with(seg, "extension(")) {
        ext_url = std::string(seg.substr(11, seg.size() - 13));
        name = "extension";
      }
      // Definition side.
      const PlanElement* next_el = nullptr;
      const PlanElement* described = t.element ? profile_element(*t.element) : nullptr;
      if (described) {
        next_el = described->child(name);
      } else if (t.element) {
        const PlanElement* src = t.element->has_children() ? t.element : nullptr;
        if (src) {
          for (const PlanElement* ch : src->children)
            if (ch->name == name) next_el = ch;
          if (next_el && !ext_url.empty()) next_el = extension_slice(*next_el, ext_url);
        } else if (!t.element->types.empty()) {
          // Into the element's type profile, e.g. an Extension slice typed by profile.
          for (const auto& tr : t.element->types)
            for (const auto& url : tr.profiles)
              if (const ValidationPlan* p = plans_.find(url))
                if (const PlanElement* ch = p->root->child(name)) next_el = ch;
        }
      }
      t.element = next_el;
      // Instance side.
      std::vector<const model::Node*> next;
      for (const model::Node* v : t.values)
        for (const model::Node* ch = v->first_child; ch; ch = ch->next) {
          bool name_ok = ch->name == name ||
                         (next_el && next_el->is_choice && starts_with(ch->name, name) && ch->name.size() > name.size());
          if (!name_ok) continue;
          if (!ext_url.empty()) {
            const model::Node* u = ch->child("url");
            if (!u || u->text != ext_url) continue;
          }
          next.push_back(ch);
        }
      t.values = std::move(next);
    }
    return t;
  }

  // The slice of an extension element that stands for the extension `url`: its url is fixed
  // to it or its type profile is that extension. A re-slice of it (ext:a/b, which adds values
  // the discriminator looks at) is preferred to the slice it refines.
  static const PlanElement* extension_slice(const PlanElement& extensions, std::string_view url) {
    const PlanElement* found = nullptr;
    for (const PlanElement* sl : extensions.slices) {
      bool is_it = false;
      for (const PlanElement* u : sl->children)
        if (u->name == "url" && u->fixed && u->fixed->text == url) is_it = true;
      for (const auto& t : sl->types)
        if (std::find(t.profiles.begin(), t.profiles.end(), url) != t.profiles.end()) is_it = true;
      if (const PlanElement* refined = extension_slice(*sl, url)) {
        found = refined;
      } else if (is_it) {
        found = sl;
      }
    }
    return found;
  }

  // The Bundle that encloses a node, and its reference index (built once per Bundle).
  const BundleIndex* enclosing_bundle_index(const model::Node* n) {
    const model::Node* b = n;
    while (b && !(b->is_resource() && b->resource_type == "Bundle")) b = b->parent;
    return b ? &bundle_index(b) : nullptr;
  }

  const BundleIndex& bundle_index(const model::Node* bundle) {
    auto it = bundle_indexes_.find(bundle);
    if (it == bundle_indexes_.end()) it = bundle_indexes_.emplace(bundle, BundleIndex::build(*bundle)).first;
    return it->second;
  }

  const model::Node* resolve_local(const model::Node* ref) {
    const model::Node* r = ref->child("reference");
    if (!r || !r->has_value()) return nullptr;
    if (!r->text.empty() && r->text[0] == '#') {
      // Contained resources of the enclosing resource.
      const model::Node* container = ref;
      while (container && !container->is_resource()) container = container->parent;
      if (container && container->name == "contained" && container->parent) container = container->parent;
      while (container && !container->is_resource()) container = container->parent;
      if (!container) return nullptr;
      std::string_view id = r->text.substr(1);
      if (id.empty()) return container;
      for (const model::Node* c = container->first_child; c; c = c->next) {
        const model::Node* cid = c->name == "contained" ? c->child("id") : nullptr;
        if (cid && cid->text == id) return c;
      }
      return nullptr;
    }
    const BundleIndex* index = enclosing_bundle_index(ref);
    if (!index) return nullptr;
    Resolution res = index->resolve(*ref);
    return res.status == ResolutionStatus::Resolved ? res.target : nullptr;
  }

  // A resource that declares the profile in meta.profile is validated against it anyway (see
  // resource()), so for a profile discriminator it belongs to the slice: its own errors explain a
  // failure, and the slice's cardinality is not reported a second time as a follow-on.
  bool claims_profile(const model::Node* n, std::string_view profile_url) const {
    if (!n->is_resource()) return false;
    const model::Node* meta = n->child("meta");
    if (!meta) return false;
    const ValidationPlan* wanted = plans_.find(profile_url);
    if (!wanted || wanted->type != n->resource_type) return false;
    for (const model::Node* c = meta->first_child; c; c = c->next)
      if (c->name == "profile" && c->has_value() && plans_.find(c->text) == wanted) return true;
    return false;
  }

  // Does the node conform to the profile (alone: no base or meta.profile checks)? Used by
  // profile discriminators; answers are cached per run.
  bool conforms(const model::Node* n, std::string_view profile_url) {
    auto key = std::make_pair(n, std::string(profile_url));
    if (auto it = conformance_.find(key); it != conformance_.end()) return it->second;
    const ValidationPlan* p = plans_.find(profile_url);
    bool ok = false;
    if (p && depth_ < 32) {
      ValidationRun probe(v_, opt_);
      probe.plan_ = p;
      probe.depth_ = depth_ + 1;
      if (n->is_resource() && p->type != n->resource_type) {
        ok = false;
      } else {
        probe.element_root(n, *p->root);  // a data type profile may fix the value itself
        ok = !probe.issues_.has_errors();
      }
    }
    conformance_.emplace(std::move(key), ok);
    return ok;
  }

  // --- one element ----------------------------------------------------------------

  void element(const model::Node* c, const PlanElement& pe) {
    if (c->is_resource()) {
      if (pe.types.size() == 1 && !pe.types[0].profiles.empty()) {
        resource(c, pe.types[0].profiles);
      } else {
        resource(c, {});
      }
      return;
    }
    if (pe.fixed && !exactly_matches(*c, *pe.fixed))
      report(Severity::Error, "value",
             fmt::format("value is not the fixed value required by {} (from {})", pe.path, plan_->url), c, "fixed");
    if (pe.pattern && !pattern_matches(*c, *pe.pattern))
      report(Severity::Error, "value",
             fmt::format("value does not match the pattern required by {} (from {})", pe.path, plan_->url), c,
             "pattern");
    if (pe.min_length && c->has_value() && utf8_length(c->text) < pe.min_length)
      report(Severity::Error, "value", fmt::format("value is shorter than the minimum length {} of {}", pe.min_length, pe.path),
             c, "minLength");
    if (pe.must_have_value && c->is_primitive() && !c->has_value())
      report(Severity::Error, "value", fmt::format("{} requires a value, not only extensions (from {})", pe.path, plan_->url),
             c, "mustHaveValue");
    if (!pe.value_alternatives.empty() && c->is_primitive() && !c->has_value()) value_alternatives(c, pe);
    if (pe.max_length && c->has_value() && utf8_length(c->text) > pe.max_length)
      report(Severity::Error, "value", fmt::format("value is longer than maxLength {} of {}", pe.max_length, pe.path), c,
             "maxLength");
    // Type profiles (e.g. an Extension slice bound to its definition).
    std::string_view tname = c->type ? std::string_view(c->type->name) : std::string_view{};
    for (const auto& tr : pe.types) {
      if (tr.code != tname || tr.profiles.empty() || !tr.profile_element.empty()) continue;  // see children_source
      type_profiles(c, tr.profiles);
    }
    if (c->name == "extension" || c->name == "modifierExtension") extension(c, pe);
    if (c->type && c->type->name == "Reference") reference_target(c, pe);
    if (opt_.check_references_exist && c->type && c->type->name == "Reference") reference_exists(c);
    invariants(c, pe);
    if (pe.binding && pe.binding->strength != BindingStrength::Example) binding(c, *pe.binding, pe);
    for (const Binding& b : pe.additional_bindings) binding(c, b, pe);
    if (c->type && c->type->name == "Coding") coding_in_codesystem(c);
    if (c->is_primitive() && c->has_value() && c->type) primitive_format(c);
    if (pe.min_value || pe.max_value) value_range(c, pe);
    if (!pe.narrative_controls.empty())
      check_narrative_controls(*c, pe.narrative_controls, plan_->url, opt_.show_values, issues_);
    if (c->name == "id" && c->parent && c->parent->is_resource() && c->has_value())
      if (auto problem = check_primitive_format("id", c->text))
        report(Severity::Error, "value", "invalid resource id: " + problem->message, c, "format");
    // An element typed by a data type (no children in this profile) also carries the
    // constraints of that type's own definition (per-1 on Period, qty-3 on Quantity, ...).
    if (!pe.has_children() && pe.content_reference.empty() && c->type)
      if (const ValidationPlan* tp = type_plan(c->type); tp && tp != plan_) invariants(c, *tp->root);
    if (c->is_primitive()) {
      for (const model::Node* x = c->first_child; x; x = x->next)
        if (x->name == "extension") extension(x, pe);
      return;
    }
    contents(c, pe);
  }

  // Without a value, a primitive must carry one of the extensions the profile allows instead.
  void value_alternatives(const model::Node* c, const PlanElement& pe) {
    for (const model::Node* x = c->first_child; x; x = x->next)
      if (x->name == "extension")
        if (const model::Node* url = x->child("url"))
          if (std::find(pe.value_alternatives.begin(), pe.value_alternatives.end(), url->text) !=
              pe.value_alternatives.end())
            return;
    report(Severity::Error, "value",
           fmt::format("{} has no value, and then one of the extensions {} must be present instead (from {})", pe.path,
                       fmt::join(pe.value_alternatives, ", "), plan_->url),
           c, "valueAlternatives");
  }

  static size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (char ch : s)
      if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
    return n;
  }

  void type_profiles(const model::Node* c, const std::vector<std::string>& urls) {
    if (depth_ > 32) return;
    for (const auto& url : urls) {
      const ValidationPlan* p = plans_.find(url);
      if (!p) {
        // A profile the profile itself requires, unlike one an instance only claims: without
        // it the element cannot be judged, which the HL7 validator reports as an error.
        report(Severity::Error, "not-found", fmt::format("unknown profile {}: the element cannot be checked", url), c,
               "profile-unknown");
        continue;
      }
      const ValidationPlan* saved = plan_;
      plan_ = p;
      ++depth_;
      // A profile's root element carries its own fixed/pattern/constraints.
      element_root(c, *p->root);
      --depth_;
      plan_ = saved;
      if (urls.size() > 1) break;  // any one of several profiles: the first is checked
    }
  }

  // --- primitive values and terminology ------------------------------------------------

  void primitive_format(const model::Node* c) {
    const PrimitiveKind kind = primitive_kind(c->type->name);
    if (kind == PrimitiveKind::Markdown) markdown_html(c);
    if (kind == PrimitiveKind::String && contains_html_tag(c->text)) string_html(c);
    auto problem = check_primitive_format(kind, c->text);
    if (!problem) return;
    report(problem->severity, "value", fmt::format("{} value: {}", c->type->name, problem->message), c, "format");
  }

  void value_range(const model::Node* c, const PlanElement& pe) {
    for (RangeFinding& f : check_value_range(*c, pe, opt_.now ? *opt_.now : std::chrono::system_clock::now()))
      report(Severity::Error, "value", std::move(f.message), c, f.below ? "minValue" : "maxValue");
  }

  // Markdown is rendered, so raw HTML tags in it are a hazard.
  void markdown_html(const model::Node* c) {
    std::string_view t = c->text;
    for (size_t i = 0; i + 1 < t.size(); ++i) {
      if (t[i] != '<') continue;
      char d = t[i + 1];
      if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || d == '/') {
        if (i > 0 && t[i - 1] == '\\') continue;  // escaped
        // A warning unless asked for an error, as the HL7 validator (its bad-markdown cases).
        report(opt_.no_html_in_markdown ? Severity::Error : Severity::Warning, "value",
               "markdown contains what appears to be an embedded HTML tag; escape it or use plain markdown", c,
               "markdown-html");
        return;
      }
    }
  }

  // Strings are plain text; one that looks like HTML is a hazard where it gets rendered.
  void string_html(const model::Node* c) {
    if (opt_.security_checks)
      report(Severity::Error, "security",
             "the string contains text that looks like embedded HTML tags, which are not allowed for security "
             "reasons (security checks)",
             c, "html-in-string");
    else
      report(Severity::Information, "security",
             "the string contains text that looks like embedded HTML tags; rendered to HTML without escaping it "
             "may be a security risk",
             c, "html-in-string");
  }


  static const char* strength_name(BindingStrength s) {
    switch (s) {
      case BindingStrength::Required: return "required";
      case BindingStrength::Extensible: return "extensible";
      case BindingStrength::Preferred: return "preferred";
      default: return "example";
    }
  }

  Severity miss_severity(BindingStrength s) {
    return s == BindingStrength::Required ? Severity::Error
           : s == BindingStrength::Extensible ? Severity::Warning
                                              : Severity::Information;
  }

  void binding(const model::Node* c, const Binding& b, const PlanElement& pe) {
    if (!c->type) return;
    std::string_view t = c->type->name;
    struct Code {
      std::string_view system, code, display;
      const model::Node* at;
    };
    std::vector<Code> codes;
    if (t == "code" || t == "string" || t == "uri") {
      if (c->has_value()) codes.push_back({{}, c->text, {}, c});
    } else if (t == "Coding") {
      codes.push_back({child_text(c, "system"), child_text(c, "code"), child_text(c, "display"), c});
    } else if (t == "CodeableConcept") {
      for (const model::Node* k = c->first_child; k; k = k->next)
        if (k->name == "coding") codes.push_back({child_text(k, "system"), child_text(k, "code"), child_text(k, "display"), k});
    } else if (t == "Quantity") {
      if (!child_text(c, "code").empty()) codes.push_back({child_text(c, "system"), child_text(c, "code"), {}, c});
    } else {
      return;
    }
    codes.erase(std::remove_if(codes.begin(), codes.end(), [](const Code& k) { return k.code.empty(); }), codes.end());
    if (codes.empty()) {
      if (b.strength == BindingStrength::Required && t == "CodeableConcept")
        report(Severity::Error, "code-invalid",
               fmt::format("no code provided, and a code is required from the value set {} ({})", b.value_set, pe.path),
               c, "binding");
      return;
    }
    bool any_valid = false, any_not_checked = false;
    std::string not_checked_why;
    std::vector<std::pair<const Code*, std::shared_ptr<const CodeValidationResult>>> misses;
    for (const Code& k : codes) {
      std::shared_ptr<const CodeValidationResult> answer =
          v_.terminology_.validate_code_shared(b.value_set, k.system, k.code, k.display);
      const CodeValidationResult& r = *answer;
      if (r.status == CodeStatus::Valid) {
        any_valid = true;
        if (!r.display_ok && !k.display.empty())
          report(Severity::Warning, "code-invalid",
                 fmt::format("display does not match the code's display in {}{}", r.system.empty() ? k.system : r.system,
                             opt_.show_values && !r.expected_display.empty()
                                 ? fmt::format(" (expected '{}')", r.expected_display)
                                 : ""),
                 k.at, "display");
      } else if (r.status == CodeStatus::NotChecked) {
        any_not_checked = true;
        not_checked_why = r.message;
      } else {
        misses.emplace_back(&k, std::move(answer));
      }
    }
    if (any_valid) return;
    if (any_not_checked) {
      report(Severity::Information, "not-supported",
             fmt::format("code not checked against the value set {}: {}", b.value_set, not_checked_why), c,
             "binding-not-checked");
      return;
    }
    for (const auto& [k, r] : misses) {
      std::string shown = opt_.show_values ? fmt::format(" '{}'", k->code) : std::string();
      (void)r;
      report(miss_severity(b.strength), "code-invalid",
             fmt::format("the code{} is not in the {} value set {} ({})", shown, strength_name(b.strength),
                         b.value_set, pe.path),
             k->at, "binding");
      if (t != "CodeableConcept") break;
    }
  }

  // A Coding of a CodeSystem Renkei holds completely must use one of its codes.
  void coding_in_codesystem(const model::Node* c) {
    std::string_view system = child_text(c, "system"), code = child_text(c, "code");
    if (!system.empty() && coding_system(c->child("system"))) return;
    if (system.empty() || code.empty()) return;
    const auto answer = v_.terminology_.validate_coding_in_codesystem_shared(system, code, child_text(c, "display"));
    const CodeValidationResult& r = *answer;
    if (r.status == CodeStatus::UnknownCode || r.status == CodeStatus::Invalid) {
      report(Severity::Error, "code-invalid",
             fmt::format("unknown code{} in the CodeSystem {}", opt_.show_values ? fmt::format(" '{}'", code) : "",
                         system),
             c, "codesystem");
    } else if (r.status == CodeStatus::Valid && !r.display_ok && !child_text(c, "display").empty()) {
      report(Severity::Warning, "code-invalid", fmt::format("display does not match the code's display in {}", system),
             c, "display");
    }
  }

  // Coding.system must be an absolute URI naming a code system; false when it is not.
  bool coding_system(const model::Node* system) {
    switch (v_.terminology_.coding_system_problem(system->text)) {
      case CodingSystemProblem::None: return false;
      case CodingSystemProblem::NotAbsolute:
        report(Severity::Error, "invalid", "Coding.system must be an absolute reference, not a local reference",
               system, "coding-system");
        return true;
      case CodingSystemProblem::IsValueSet:
        report(Severity::Error, "invalid",
               fmt::format("the Coding references a value set, not a code system ('{}')", system->text), system,
               "coding-system");
        return true;
    }
    return false;
  }

  // --- invariants -------------------------------------------------------------------

  void invariants(const model::Node* n, const PlanElement& pe) {
    if (!opt_.invariants) return;
    for (const Constraint& k : pe.constraints) constraint(n, k);
  }

  // dom-3, natively: every contained resource is referenced from elsewhere in the resource
  // (a reference, canonical or uri "#id", or the narrative's href/src="#id", which the HL7
  // validator counts too), or itself refers to its container ("#").
  static bool contained_all_referenced(const model::Node* resource) {
    std::vector<std::string_view> ids;
    for (const model::Node* c = resource->first_child; c; c = c->next)
      if (c->name == "contained")
        if (const model::Node* id = c->child("id"); id && id->has_value()) ids.push_back(id->text);
    if (ids.empty()) return true;
    std::vector<std::string_view> refs;  // every "#..." value in the resource
    std::vector<const model::Node*> stack{resource};
    bool refers_to_container = false;
    while (!stack.empty()) {
      const model::Node* n = stack.back();
      stack.pop_back();
      if (n->value_kind == model::ValueKind::Xhtml) {
        std::string_view t = n->text;
        for (size_t p = t.find("\"#"); p != std::string_view::npos; p = t.find("\"#", p + 1)) {
          size_t end = t.find('"', p + 2);
          if (end != std::string_view::npos) refs.push_back(t.substr(p + 1, end - p - 1));
        }
      } else if (n->has_value() && !n->text.empty() && n->text[0] == '#') {
        refs.push_back(n->text);
        if (n->text == "#") refers_to_container = true;
      }
      for (const model::Node* c = n->first_child; c; c = c->next) stack.push_back(c);
    }
    for (std::string_view id : ids) {
      bool found = refers_to_container;
      for (std::string_view r : refs)
        if (r.size() == id.size() + 1 && r.substr(1) == id) found = true;
      if (!found) return false;
    }
    return true;
  }

  // bdl-7: fullUrl unique unless versionId differs (history Bundles exempt).
  static bool fullurls_unique(const model::Node* bundle) {
    if (const model::Node* t = bundle->child("type"); t && t->text == "history") return true;
    std::unordered_set<std::string> seen;
    for (const model::Node* e = bundle->first_child; e; e = e->next) {
      if (e->name != "entry") continue;
      const model::Node* fu = e->child("fullUrl");
      if (!fu || !fu->has_value()) continue;
      std::string key(fu->text);
      key += '|';
      if (const model::Node* r = e->child("resource"))
        if (const model::Node* meta = r->child("meta"))
          if (const model::Node* v = meta->child("versionId")) key += v->text;
      if (!seen.insert(std::move(key)).second) return false;
    }
    return true;
  }

  static bool narrative_has_content(std::string_view x) {
    bool in_tag = false;
    for (size_t i = 0; i < x.size(); ++i) {
      char c = x[i];
      if (c == '<') {
        in_tag = true;
        if (x.substr(i, 4) == "<img") return true;
      } else if (c == '>') {
        in_tag = false;
      } else if (!in_tag && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return true;
      }
    }
    return false;
  }

  static const model::Node* enclosing_resource(const model::Node* n) {
    while (n && !n->is_resource()) n = n->parent;
    return n;
  }

  // The native answer of a constraint, or nullopt when it is evaluated as FHIRPath.
  static std::optional<bool> native_check(const model::Node* n, NativeCheck check) {
    switch (check) {
      case NativeCheck::None: return std::nullopt;
      case NativeCheck::Ele1: {
        for (const model::Node* c = n->first_child; c; c = c->next)
          if (c->name != "id") return true;
        return n->has_value() || n->is_resource();
      }
      case NativeCheck::Bdl7:  // the FHIRPath form is quadratic in the entries
        if (n->is_resource() && n->resource_type == "Bundle") return fullurls_unique(n);
        return std::nullopt;
      case NativeCheck::Dom3:
        if (n->is_resource()) return contained_all_referenced(n);
        return std::nullopt;
      case NativeCheck::Txt2:
        // R4 writes txt-2 as htmlChecks() too, but its meaning, and the HL7 validator's check,
        // is "some non-whitespace content": text outside the tags, or an image.
        if (n->value_kind == model::ValueKind::Xhtml) return narrative_has_content(n->text);
        return std::nullopt;
      case NativeCheck::Ext1:
        if (n->name == "extension" || n->name == "modifierExtension") {
          bool has_ext = false, has_value = false;
          for (const model::Node* c = n->first_child; c; c = c->next) {
            has_ext |= c->name == "extension";
            has_value |= c->name.substr(0, 5) == "value";
          }
          return has_ext != has_value;
        }
        return std::nullopt;
    }
    return std::nullopt;
  }

  // The FHIRPath context of invariants, set up once per run; each evaluation only changes the
  // focus and the resources (set_focus).
  fhirpath::EvalContext& invariant_context() {
    if (!eval_context_) {
      eval_context_.emplace();
      fhirpath::EvalContext& ctx = *eval_context_;
      ctx.max_steps = opt_.max_fhirpath_steps;
      ctx.types = &v_.types_;
      ctx.hl7_validator_compat = true;
      ctx.member_of = [this](const fhirpath::Code& code, std::string_view value_set) -> std::optional<bool> {
        CodeValidationResult r = v_.terminology_.validate_code(value_set, code.system, code.code);
        if (r.status == CodeStatus::Valid) return true;
        if (r.status == CodeStatus::NotChecked) return std::nullopt;
        return false;
      };
      ctx.focus.emplace_back();
    }
    return *eval_context_;
  }

  static void set_focus(fhirpath::EvalContext& ctx, const model::Node* n) {
    ctx.focus[0] = fhirpath::Item::of_node(n,
                                           n->is_resource() ? n->resource_type
                                           : n->type        ? std::string_view(n->type->name)
                                                            : std::string_view{},
                                           n->type);
    ctx.resource = enclosing_resource(n);
    const model::Node* root = ctx.resource;
    // %rootResource: the container of a contained resource, else the resource itself.
    if (root && root->name == "contained" && root->parent) root = enclosing_resource(root->parent);
    ctx.root_resource = root;
  }

  void constraint(const model::Node* n, const Constraint& k) {
    if (k.best_practice && !opt_.best_practice_as_warning && !opt_.information) return;  // could only inform
    if (opt_.stats) ++opt_.stats->invariants_evaluated;
    std::optional<bool> ok = native_check(n, k.native);
    if (!ok) {
      const fhirpath::CompiledExpression* expr = k.compiled.get();
      if (!expr) {
        report(Severity::Warning, "processing",
               fmt::format("constraint {} of {} could not be compiled, so it was not checked: {}", k.key, plan_->url,
                           k.compile_error),
               n, "definition");
        return;
      }
      fhirpath::EvalContext& ctx = invariant_context();
      fhirpath::EvalResult evaluated;
      const fhirpath::EvalResult* result = fhirpath::known_result(*expr, *n, ctx);
      if (!result) {
        set_focus(ctx, n);
        evaluated = fhirpath::evaluate(*expr, ctx);
        result = &evaluated;
      }
      if (!result->ok()) {
        report(result->over_limit ? Severity::Error : Severity::Information,
               result->over_limit ? "too-costly" : "processing",
               fmt::format("constraint {} could not be evaluated: {}", k.key, result->error), n, k.key.c_str());
        return;
      }
      ok = fhirpath::to_boolean(*result);
      if (!ok) ok = true;  // empty: the constraint does not apply
    }
    if (*ok) return;
    Severity s = k.best_practice ? (opt_.best_practice_as_warning ? Severity::Warning : Severity::Information)
                                 : k.severity;
    report(s, "invariant", fmt::format("constraint failed: {}: {}", k.key, k.human), n, k.key.c_str());
  }

  void element_root(const model::Node* c, const PlanElement& root) {
    invariants(c, root);
    if (root.fixed && !exactly_matches(*c, *root.fixed))
      report(Severity::Error, "value", fmt::format("value is not the fixed value of {}", plan_->url), c, "fixed");
    if (root.pattern && !pattern_matches(*c, *root.pattern))
      report(Severity::Error, "value", fmt::format("value does not match the pattern of {}", plan_->url), c, "pattern");
    if (!c->is_primitive()) contents(c, root);
  }

  void extension(const model::Node* ext, const PlanElement& pe) {
    // An extension slice with a profile is checked through its type profile already.
    for (const auto& tr : pe.types)
      if (tr.code == "Extension" && !tr.profiles.empty()) return;
    const model::Node* url = ext->child("url");
    if (!url || !url->has_value()) return;  // ext-1 / cardinality report it
    std::string_view u = url->text;
    if (!starts_with(u, "http:") && !starts_with(u, "https:") && !starts_with(u, "urn:")) return;  // nested (relative)
    if (ext->parent && (ext->parent->name == "extension" || ext->parent->name == "modifierExtension") &&
        ext->parent->type && ext->parent->type->name == "Extension" && !starts_with(u, "http"))
      return;
    const ValidationPlan* p = plans_.find(u);
    if (!p && is_cross_version_extension(u)) {
      // http://hl7.org/fhir/5.0/StructureDefinition/extension-X.y: defined by the element
      // of another FHIR version; the HL7 validator synthesises them, Renkei accepts them.
      report(Severity::Information, "extension", fmt::format("cross-version extension {} not checked", u), ext,
             "extension-xver");
      return;
    }
    if (!p && is_example_url(u)) {
      // Like the HL7 validator: extensions on example domains are illustrations, not errors.
      report(Severity::Information, "extension", fmt::format("example extension {} not checked", u), ext,
             "extension-example");
      return;
    }
    if (!p) {
      Severity s = ext->name == "modifierExtension" ? Severity::Error
                   : opt_.unknown_extensions == UnknownExtensionPolicy::Error ? Severity::Error
                   : opt_.unknown_extensions == UnknownExtensionPolicy::Warning ? Severity::Warning
                                                                                : Severity::Information;
      if (opt_.unknown_extensions == UnknownExtensionPolicy::Ignore && ext->name != "modifierExtension") return;
      report(s, ext->name == "modifierExtension" ? "structure" : "extension",
             fmt::format("unknown extension {}{}", u,
                         ext->name == "modifierExtension" ? ": a modifier extension that is not understood makes the "
                                                            "element unsafe to process"
                                                          : ""),
             ext, "extension-unknown");
      return;
    }
    if (p->type != "Extension") {
      report(Severity::Error, "structure", fmt::format("{} is not an extension definition", u), ext, "extension");
      return;
    }
    extension_context(ext, *p);
    extension_rules(ext, *p);
    if (depth_ > 32) return;
    const ValidationPlan* saved = plan_;
    plan_ = p;
    ++depth_;
    element_root(ext, *p->root);
    --depth_;
    plan_ = saved;
  }

  // May this extension stand here? Its definition's contexts name element paths or types
  // (with their bases), or a parent extension's URL; FHIRPath contexts are not evaluated.
  void extension_context(const model::Node* ext, const ValidationPlan& def) {
    if (def.contexts.empty() || !ext->parent) return;
    const model::Node* at = ext->parent;
    std::vector<std::string> names;  // what this place is called, most specific first
    if (at->is_resource()) {
      names.emplace_back(at->resource_type);
    } else if (at->element) {
      names.push_back(at->element->path);
    }
    // The instance path without indexes: Patient.name.family
    std::string plain;
    for (const model::Node* p = at; p; p = p->parent) {
      std::string seg = p->is_resource() ? std::string(p->resource_type) : std::string(p->name);
      plain = plain.empty() ? seg : seg + "." + plain;
      if (p->is_resource()) break;
    }
    names.push_back(plain);
    for (const definitions::TypeInfo* t = at->type; t; t = t->base) names.push_back(t->name);
    if (!at->is_resource()) names.emplace_back("Element");
    // An element inherited by a resource also answers to its defining type's path
    // (Patient.text is DomainResource.text).
    if (at->element && !at->is_resource()) {
      const std::string& path = at->element->path;
      size_t dot = path.find('.');
      const model::Node* owner = at->parent;
      while (owner && !owner->is_resource()) owner = owner->parent;
      if (dot != std::string::npos && owner && owner->type)
        for (const definitions::TypeInfo* t = owner->type->base; t; t = t->base)
          names.push_back(t->name + path.substr(dot));
    }
    // R5's CanonicalResource / MetadataResource, used by later extension packs: resources with a url.
    if (at->is_resource() && at->type && at->type->find("url")) {
      names.emplace_back("CanonicalResource");
      names.emplace_back("MetadataResource");
    }
    for (const auto& ctx : def.contexts) {
      if (ctx.expression == "Element") return;  // anywhere
      if (ctx.type == "fhirpath") {
        // Not evaluated; but one that starts at another resource type cannot be here.
        std::string_view e = ctx.expression;
        std::string_view head = e.substr(0, e.find_first_of(".("));
        const model::Node* owner = ext;
        while (owner && !owner->is_resource()) owner = owner->parent;
        bool other_type = !head.empty() && head[0] >= 'A' && head[0] <= 'Z' && owner && head != owner->resource_type &&
                          v_.types_.type(head) && v_.types_.type(head)->kind == definitions::TypeKind::Resource;
        if (!other_type) return;
        continue;
      }
      if (ctx.type == "extension") {
        const model::Node* url = at->child("url");
        if ((at->name == "extension" || at->name == "modifierExtension") && url && url->text == ctx.expression) return;
        continue;
      }
      for (const auto& n : names) {
        if (n == ctx.expression) return;
        // A context naming a child of this element (ElementDefinition.type.code on
        // ElementDefinition.type): R4's own definitions use structuredefinition-fhir-type so.
        if (ctx.expression.size() > n.size() && ctx.expression.compare(0, n.size(), n) == 0 &&
            ctx.expression[n.size()] == '.' && ctx.expression.find('.', n.size() + 1) == std::string::npos &&
            at->type && at->type->find(std::string_view(ctx.expression).substr(n.size() + 1)))
          return;
      }
    }
    std::vector<std::string> allowed;
    for (const auto& ctx : def.contexts) allowed.push_back(ctx.type.substr(0, 1) + ":" + ctx.expression);
    report(Severity::Error, "structure",
           fmt::format("the extension {} is not allowed to be used here (this element is [{}]; allowed = {})", def.url,
                       fmt::join(names.begin(), names.begin() + std::min<size_t>(2, names.size()), ", "),
                       fmt::join(allowed, ", ")),
           ext, "extension-context");
  }

  void extension_rules(const model::Node* ext, const ValidationPlan& def) {
    if (std::string why = outside_fhir_versions(def); !why.empty())
      report(Severity::Error, "business-rule", fmt::format("The definition of the extension {} {}", def.url, why), ext,
             "extension-version");
    for (const model::Node* sub : undefined_sub_extensions(*ext, def))
      report(Severity::Error, "structure",
             fmt::format("Sub-extension url '{}' is not defined by the Extension {}", sub->child("url")->text, def.url),
             sub, "extension-sub");
    ContextInvariantResult inv = check_context_invariants(*ext, def, v_.types_, opt_.max_fhirpath_steps);
    if (inv.failed && inv.error.empty())
      report(Severity::Error, "business-rule",
             fmt::format("The extension {} is not allowed to be used at this point (based on context invariant '{}')",
                         def.url, inv.failed->expression),
             ext, "extension-context-invariant");
    else if (inv.failed)
      report(Severity::Information, "processing",
             fmt::format("context invariant '{}' of {} could not be evaluated: {}", inv.failed->expression, def.url,
                         inv.error),
             ext, "extension-context-invariant");
  }

  void reference_exists(const model::Node* c) {
    const model::Node* r = c->child("reference");
    if (!r || !r->has_value()) return;
    std::string_view ref = r->text;
    // Absolute URLs may name a server's resources; urn: ones are the Bundle rules' concern.
    if (ref.find(':') != std::string_view::npos) return;
    if (resolve_local(c) || (ref[0] != '#' && resolve_in_parameters(*c, ref))) return;
    report(Severity::Error, "not-found",
           fmt::format("Unable to resolve resource with reference{}", opt_.show_values ? fmt::format(" '{}'", ref) : ""),
           c, "reference-exists");
  }

  void reference_target(const model::Node* c, const PlanElement& pe) {
    const model::Node* r = c->child("reference");
    if (!r || !r->has_value()) return;
    std::vector<std::string_view> targets;
    for (const auto& tr : pe.types)
      if (tr.code == "Reference")
        for (const auto& tp : tr.target_profiles) targets.push_back(tp);
    if (targets.empty()) return;
    // A reference that resolves locally (contained, or inside the Bundle) is checked by the
    // target's type; otherwise by the type part of the literal: [base/]Type/id[/_history/v].
    std::string_view ref = r->text;
    if (starts_with(ref, "#") || starts_with(ref, "urn:")) {
      const model::Node* target = resolve_local(c);
      if (!target || !target->is_resource()) return;
      for (std::string_view tp : targets) {
        if (last_segment(tp) == "Resource") return;
        const ValidationPlan* p = plans_.find(tp);
        if (!p || p->type == target->resource_type) return;  // unknown profile: not checked
      }
      report(Severity::Error, "structure",
             fmt::format("reference to a {} is not allowed here: {} allows {}", target->resource_type, pe.path,
                         fmt::join(targets, ", ")),
             c, "reference-target");
      return;
    }
    size_t hist = ref.find("/_history/");
    if (hist != std::string_view::npos) ref = ref.substr(0, hist);
    size_t slash = ref.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return;
    std::string_view before = ref.substr(0, slash);
    std::string_view type = last_segment(before);
    if (type.empty() || !(type[0] >= 'A' && type[0] <= 'Z')) return;
    for (std::string_view tp : targets) {
      if (last_segment(tp) == "Resource") return;
      const ValidationPlan* p = plans_.find(tp);
      if (!p) return;  // a target profile Renkei does not hold cannot be checked
      if (p->type == type) return;
    }
    // Only the literal says the type (the target is not here to look at): like the HL7
    // validator's default, this is not an error unless --check-reference-types asks for it.
    report(opt_.check_reference_types ? Severity::Error : Severity::Warning, "structure",
           fmt::format("the reference's URL implies a {}, which {} does not allow (it allows {})", type, pe.path,
                       fmt::join(targets, ", ")),
           c, "reference-target");
  }

  const Validator& v_;
  const ValidatorOptions& opt_;
  mutable PlanMemo plans_;  // the registry's answers, kept for this run (a cache: const lookups fill it)
  const ValidationPlan* plan_ = nullptr;
  int depth_ = 0;
  IssueList issues_;
  std::map<const model::Node*, BundleIndex> bundle_indexes_;
  std::map<std::pair<const model::Node*, std::string>, bool> conformance_;
  std::unordered_map<const model::Node*, std::vector<std::string>> bundle_rule_profiles_;
  std::optional<fhirpath::EvalContext> eval_context_;  // see invariant_context()
  std::set<std::pair<const model::Node*, const ValidationPlan*>> walked_;  // resources walked, by plan
  struct ContentsScratch {
    std::vector<std::pair<uint32_t, const model::Node*>> placed;
    std::vector<const model::Node*> items;
  };
  std::deque<ContentsScratch> scratch_;  // contents() buffers per nesting level
  struct PlanChildSlot {
    const PlanElement* src = nullptr;
    const definitions::ElementInfo* element = nullptr;
    const PlanElement* child = nullptr;
  };
  std::array<PlanChildSlot, 512> plan_children_{};  // see plan_child()
  size_t level_ = 0;
};

std::optional<BundleProfileRule> parse_bundle_profile_rule(std::string_view rule, std::string_view profile) {
  auto parse_index = [](std::string_view t) -> std::optional<size_t> {
    if (t.empty() || t.size() > 9) return std::nullopt;
    size_t v = 0;
    for (char ch : t) {
      if (ch < '0' || ch > '9') return std::nullopt;
      v = v * 10 + static_cast<size_t>(ch - '0');
    }
    return v;
  };
  if (rule.empty() || profile.empty()) return std::nullopt;
  BundleProfileRule out;
  out.profile = std::string(profile);
  if (size_t colon = rule.find(':'); colon != std::string_view::npos) {
    out.resource_type = std::string(rule.substr(0, colon));
    out.index = parse_index(rule.substr(colon + 1));
    if (out.resource_type.empty() || !out.index) return std::nullopt;
  } else if (auto i = parse_index(rule)) {
    out.index = i;
  } else {
    out.resource_type = std::string(rule);
  }
  return out;
}

Validator::Validator(const definitions::DefinitionStore& store, const definitions::TypeModel& types)
    : store_(store), types_(types), plans_(store, &expressions_), global_profiles_(store), terminology_(store) {}

Validator::~Validator() = default;

IssueList Validator::validate(const model::Document& doc, const ValidatorOptions& options) const {
  ValidationRun run(*this, options);
  if (doc.root()) run.resource(doc.root(), options.profiles);
  return run.take();
}

}  // namespace renkei::validation
