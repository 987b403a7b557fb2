#include "validation/measure_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "fhirpath/string_encoding.hpp"

namespace renkei::validation {

namespace {

using model::Node;

constexpr std::string_view kMeasurePopulationSystem = "http://terminology.hl7.org/CodeSystem/measure-population";

std::vector<const Node*> children(const Node* n, std::string_view name) {
  std::vector<const Node*> out;
  for (const Node* c = n ? n->first_child : nullptr; c; c = c->next)
    if (c->name == name) out.push_back(c);
  return out;
}

void report(IssueList& issues, Severity s, const char* code, std::string msg, const Node* at) {
  issues.add(s, code, std::move(msg), model::Document::path_of(at), at->line, at->column, "measure");
}

// --- CodeableConcept matching, as the Java validator matches report parts to definitions ---

bool has_coding(const Node* cc, std::string_view system, std::string_view code) {
  for (const Node* k : children(cc, "coding"))
    if (model::child_text(k, "system") == system && model::child_text(k, "code") == code) return true;
  return false;
}

// A definition part (group, population, stratifier) whose code shares a coding with `cc`; for
// stratifiers (match_text) two code-less concepts with equal text match too.
const Node* part_for_code(const Node* cc, const std::vector<const Node*>& parts, bool match_text) {
  for (const Node* part : parts) {
    const Node* code = part->child("code");
    if (!code) continue;
    for (const Node* k : children(code, "coding"))
      if (has_coding(cc, model::child_text(k, "system"), model::child_text(k, "code"))) return part;
    if (match_text && children(cc, "coding").empty() && children(code, "coding").empty() &&
        !model::child_text(cc, "text").empty() && model::child_text(cc, "text") == model::child_text(code, "text"))
      return part;
  }
  return nullptr;
}

// How a definition's code is named in messages: its text, else its codings.
std::string display(const Node* cc) {
  if (!cc) return {};
  if (std::string_view t = model::child_text(cc, "text"); !t.empty()) return std::string(t);
  std::string out;
  for (const Node* k : children(cc, "coding")) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}#{}", model::child_text(k, "system"), model::child_text(k, "code"));
  }
  return out;
}

bool has_usable_coding(const Node* cc) {
  for (const Node* k : children(cc, "coding"))
    if (!model::child_text(k, "system").empty() && !model::child_text(k, "code").empty()) return true;
  return false;
}

// Same codings (system and code, in any order) in both concepts.
bool same_codings(const Node* a, const Node* b) {
  auto ka = children(a, "coding"), kb = children(b, "coding");
  if (ka.size() != kb.size()) return false;
  for (const Node* k : ka)
    if (!has_coding(b, model::child_text(k, "system"), model::child_text(k, "code"))) return false;
  return true;
}

// --- MeasureReport -----------------------------------------------------------------------

class ReportCheck {
 public:
  ReportCheck(const Node& report, const Node& measure, IssueList& issues)
      : report_(report), measure_(measure), issues_(issues) {
    scoring_ = model::child_text(measure.child("scoring") ? measure.child("scoring")->child("coding") : nullptr, "code");
    type_ = model::child_text(&report, "type");
  }

  void run() {
    static constexpr std::string_view kScorings[] = {"proportion", "ratio", "continuous-variable", "cohort"};
    const Node* at = report_.child("measure");
    if (std::find(std::begin(kScorings), std::end(kScorings), scoring_) == std::end(kScorings))
      report(issues_, Severity::Information, "business-rule",
             "the scoring of this measure is unknown, so the measureScore values cannot be checked", at);
    groups();
  }

 private:
  void groups() {
    auto mr_groups = children(&report_, "group");
    auto m_groups = children(&measure_, "group");
    if (mr_groups.size() == 1 && m_groups.size() == 1) {
      // A single group may be (and usually is) anonymous; codes on both sides must agree.
      const Node* g = mr_groups.front();
      const Node* code = g->child("code");
      const Node* defined = m_groups.front()->child("code");
      if (code && defined) {
        if (!has_usable_coding(code))
          report(issues_, Severity::Error, "business-rule", "the group's code has no coding with a system and a code", g);
        else if (!same_codings(code, defined))
          report(issues_, Severity::Error, "business-rule",
                 fmt::format("the group's code ({}) differs from the code of the measure's group ({})", display(code),
                             display(defined)),
                 g);
      }
      group(*g, *m_groups.front());
      return;
    }
    std::vector<const Node*> seen;
    for (const Node* g : mr_groups) {
      const Node* code = g->child("code");
      if (!code) {
        report(issues_, Severity::Error, "business-rule",
               "group should have a code that matches the group definition in the measure", g);
        continue;
      }
      const Node* defined = part_for_code(code, m_groups, false);
      if (!defined) {
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the group code ({}) matches no group of the measure", display(code)), g);
      } else if (std::find(seen.begin(), seen.end(), defined) != seen.end()) {
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the measure's group with code '{}' is reported more than once", display(code)), g);
      } else {
        seen.push_back(defined);
        group(*g, *defined);
      }
    }
    if (type_ == "data-collection") return;
    for (const Node* defined : m_groups)
      if (std::find(seen.begin(), seen.end(), defined) == seen.end())
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the MeasureReport does not include a group for the group with code '{}'{}",
                           display(defined->child("code")), id_note(defined)),
               &report_);
  }

  static std::string id_note(const Node* part) {
    std::string_view id = model::child_text(part, "id");
    return id.empty() ? std::string() : fmt::format(" (id = '{}')", id);
  }

  void group(const Node& g, const Node& defined) {
    populations(g, defined);
    score(g);
    stratifiers(g, defined);
  }

  void populations(const Node& g, const Node& defined) {
    auto m_pops = children(&defined, "population");
    std::vector<const Node*> seen;
    for (const Node* p : children(&g, "population")) {
      const Node* code = p->child("code");
      if (!code) {
        report(issues_, Severity::Error, "business-rule",
               "population should have a code that matches a population of the measure's group", p);
        continue;
      }
      const Node* dp = part_for_code(code, m_pops, false);
      if (!dp) {
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the population code ({}) matches no population of the measure's group", display(code)), p);
      } else if (std::find(seen.begin(), seen.end(), dp) != seen.end()) {
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the population with code '{}' is reported more than once", display(code)), p);
      } else {
        seen.push_back(dp);
        population(*p);
      }
    }
    for (const Node* dp : m_pops)
      if (std::find(seen.begin(), seen.end(), dp) == seen.end() &&
          !has_coding(dp->child("code"), kMeasurePopulationSystem, "measure-observation"))
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the MeasureReport does not include a population for the population with code '{}'{}",
                           display(dp->child("code")), id_note(dp)),
               &g);
  }

  void population(const Node& p) {
    const size_t subjects = children(&p, "subjectResults").size();
    if (type_ == "subject-list") {
      std::string_view count = model::child_text(&p, "count");
      char* end = nullptr;
      const std::string text(count);
      const long n = std::strtol(text.c_str(), &end, 10);
      if (!count.empty() && end && *end == '\0' && n >= 0 && static_cast<size_t>(n) != subjects)
        report(issues_, Severity::Error, "business-rule",
               fmt::format("mismatch between count {} and number of subjects {}", n, subjects), &p);
      return;
    }
    if (subjects > 0)
      report(issues_, Severity::Error, "business-rule",
             "subjectResults are only allowed when the report type is subject-list", &p);
    if (!p.child("count")) report(issues_, Severity::Warning, "business-rule", "the population has no count", &p);
  }

  void score(const Node& g) {
    const Node* ms = g.child("measureScore");
    auto banned = [&](const Node* at, const std::string& why) {
      if (at) report(issues_, Severity::Error, "business-rule", why, at);
    };
    if (type_ == "data-collection") {
      banned(ms, "no measureScore when the report type is 'data-collection'");
      return;
    }
    if (scoring_ == "cohort") {
      banned(ms, "no measureScore when the scoring of the measure is 'cohort'");
      return;
    }
    if (scoring_ != "proportion" && scoring_ != "ratio" && scoring_ != "continuous-variable") return;
    if (!ms) {
      report(issues_, Severity::Error, "required",
             fmt::format("a measureScore is required when the scoring of the measure is '{}'", scoring_), &g);
      return;
    }
    const Node* value = ms->child("value");
    if (!value || !value->has_value()) {
      report(issues_, Severity::Error, "required",
             fmt::format("the measureScore needs a value when the scoring of the measure is '{}'", scoring_), ms);
      return;
    }
    if (scoring_ != "proportion") return;
    // A proportion is a unitless number from 0 to 1.
    for (std::string_view unit_part : {"unit", "system", "code"})
      banned(ms->child(unit_part), fmt::format("a proportion's measureScore has no {}", unit_part));
    const std::string text(value->text);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end && *end == '\0' && (v < 0 || v > 1))
      report(issues_, Severity::Error, "value", "a proportion's measureScore must be between 0 and 1", value);
  }

  void stratifiers(const Node& g, const Node& defined) {
    auto m_strats = children(&defined, "stratifier");
    std::vector<const Node*> seen;
    for (const Node* s : children(&g, "stratifier")) {
      const Node* code = s->child("code");
      if (!code) {
        report(issues_, Severity::Error, "business-rule",
               "stratifier should have a code that matches the group stratifier definition in the measure", s);
        continue;
      }
      const Node* ds = part_for_code(code, m_strats, true);
      if (!ds) {
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the stratifier code ({}) matches no stratifier of the measure's group", display(code)), s);
      } else if (std::find(seen.begin(), seen.end(), ds) != seen.end()) {
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the stratifier with code '{}' is reported more than once", display(code)), s);
      } else {
        seen.push_back(ds);
      }
    }
    for (const Node* ds : m_strats)
      if (std::find(seen.begin(), seen.end(), ds) == seen.end())
        report(issues_, Severity::Error, "business-rule",
               fmt::format("the MeasureReport does not include a stratifier for the stratifier with code '{}'{}",
                           display(ds->child("code")), id_note(ds)),
               &g);
  }

  const Node& report_;
  const Node& measure_;
  IssueList& issues_;
  std::string_view scoring_, type_;
};

void check_measure_report(const Node& mr, const DefinitionLookup& lookup, IssueList& issues) {
  const Node* ref = mr.child("measure");
  std::string_view canonical = model::child_text(&mr, "measure");
  if (canonical.empty() && ref) canonical = model::child_text(ref, "reference");  // STU3-style Reference
  if (canonical.empty()) {
    report(issues, Severity::Information, "required",
           "the MeasureReport names no measure, so it was not checked against one", &mr);
    return;
  }
  const Node* measure = resolve_definition(mr, "Measure", canonical, lookup);
  if (!measure) {
    report(issues, Severity::Warning, "not-found",
           fmt::format("the measure {} could not be resolved, so the report was not checked against it", canonical),
           ref ? ref : &mr);
    return;
  }
  ReportCheck(mr, *measure, issues).run();
}

// --- Measure: CQL criteria against the ELM of its Libraries ------------------------------

// The names of the expression definitions (library/statements/def/@name) of an ELM XML
// document, or nullopt when it is not an ELM library (root `library` in urn:hl7-org:elm:r1).
std::optional<std::vector<std::string>> elm_definitions(std::string_view xml) {
  size_t p = 0;
  // The root element: skip the XML declaration, comments and processing instructions.
  for (;;) {
    p = xml.find('<', p);
    if (p == std::string_view::npos || p + 1 >= xml.size()) return std::nullopt;
    if (xml[p + 1] != '?' && xml[p + 1] != '!') break;
    p = xml.find('>', p);
    if (p == std::string_view::npos) return std::nullopt;
  }
  const size_t root_end = xml.find('>', p);
  if (root_end == std::string_view::npos) return std::nullopt;
  std::string_view root = xml.substr(p + 1, root_end - p - 1);
  if (root.substr(0, 7) != "library" || root.size() < 8 || (root[7] != ' ' && root[7] != '\n' && root[7] != '\t' && root[7] != '\r'))
    return std::nullopt;
  if (root.find("xmlns=\"urn:hl7-org:elm:r1\"") == std::string_view::npos &&
      root.find("xmlns='urn:hl7-org:elm:r1'") == std::string_view::npos)
    return std::nullopt;
  std::vector<std::string> names;
  const size_t statements = xml.find("<statements", root_end);
  if (statements == std::string_view::npos) return names;
  const size_t statements_end = xml.find("</statements>", statements);
  std::string_view body = xml.substr(statements, statements_end == std::string_view::npos ? xml.npos
                                                                                          : statements_end - statements);
  for (size_t d = body.find("<def"); d != std::string_view::npos; d = body.find("<def", d + 4)) {
    if (d + 4 >= body.size() || (body[d + 4] != ' ' && body[d + 4] != '\n' && body[d + 4] != '\t')) continue;
    const size_t tag_end = body.find('>', d);
    std::string_view tag = body.substr(d, tag_end == std::string_view::npos ? body.npos : tag_end - d);
    for (size_t a = tag.find("name="); a != std::string_view::npos; a = tag.find("name=", a + 5)) {
      if (a == 0 || (tag[a - 1] != ' ' && tag[a - 1] != '\n' && tag[a - 1] != '\t')) continue;  // not localName=
      if (a + 5 >= tag.size()) break;
      const char quote = tag[a + 5];
      const size_t close = tag.find(quote, a + 6);
      if (close == std::string_view::npos) break;
      names.emplace_back(tag.substr(a + 6, close - a - 6));
      break;
    }
  }
  return names;
}

struct MeasureLibrary {
  const Node* library;
  std::optional<std::optional<std::vector<std::string>>> elm;  // unset: no ELM content
};

MeasureLibrary read_library(const Node* library) {
  MeasureLibrary out{library, std::nullopt};
  for (const Node* content : children(library, "content")) {
    if (model::child_text(content, "contentType") != "application/elm+xml") continue;
    auto xml = fhirpath::decode_string(model::child_text(content, "data"), "base64");
    out.elm = xml ? elm_definitions(*xml) : std::nullopt;
    break;
  }
  return out;
}

void check_criteria(const Node& criteria, const std::vector<MeasureLibrary>& libraries, size_t named,
                    IssueList& issues) {
  std::string_view language = model::child_text(&criteria, "language");
  if (language != "text/cql" && language != "text/cql.identifier") return;
  std::string_view expression = model::child_text(&criteria, "expression");
  if (named == 0) {
    report(issues, Severity::Error, "invalid", "CQL criteria need a library, and the measure names none", &criteria);
    return;
  }
  const bool all_resolved = libraries.size() == named;
  const MeasureLibrary* lib = nullptr;
  if (const size_t dot = expression.find('.'); dot != std::string_view::npos) {
    std::string_view name = expression.substr(0, dot);
    expression.remove_prefix(dot + 1);
    for (const MeasureLibrary& l : libraries) {
      if (model::child_text(l.library, "name") != name) continue;
      if (lib) {
        report(issues, Severity::Error, "invalid", fmt::format("more than one library of the measure is named {}", name),
               &criteria);
        return;
      }
      lib = &l;
    }
    if (!lib) {
      if (all_resolved)
        report(issues, Severity::Error, "invalid", fmt::format("no library of the measure is named {}", name), &criteria);
      return;  // else perhaps one that did not resolve: reported as not checked below
    }
  } else {
    if (named != 1) {
      report(issues, Severity::Error, "invalid",
             "CQL criteria without a library name need the measure to have exactly one library", &criteria);
      return;
    }
    if (libraries.empty()) return;
    lib = &libraries.front();
  }
  std::string_view url = model::child_text(lib->library, "url");
  if (!lib->elm) {
    report(issues, Severity::Error, "invalid",
           fmt::format("the library {} has no ELM (application/elm+xml) content, so the criteria cannot be checked", url),
           &criteria);
  } else if (!*lib->elm) {
    report(issues, Severity::Error, "invalid", fmt::format("the ELM of the library {} is not a valid ELM library", url),
           &criteria);
  } else if (std::find((*lib->elm)->begin(), (*lib->elm)->end(), expression) == (*lib->elm)->end()) {
    report(issues, Severity::Error, "invalid",
           fmt::format("the expression {} does not exist in the library {}", expression, url), &criteria);
  }
}

void check_measure(const Node& measure, const DefinitionLookup& lookup, IssueList& issues) {
  std::vector<MeasureLibrary> libraries;
  size_t named = 0;
  for (const Node* l : children(&measure, "library")) {
    std::string_view canonical = l->has_value() ? l->text : model::child_text(l, "reference");
    if (canonical.empty()) continue;
    ++named;
    if (const Node* library = resolve_definition(measure, "Library", canonical, lookup))
      libraries.push_back(read_library(library));
    else
      report(issues, Severity::Information, "not-found",
             fmt::format("the library {} could not be resolved, so CQL criteria using it were not checked", canonical),
             l);
  }
  for (const Node* g : children(&measure, "group"))
    for (const Node* s : children(g, "stratifier")) {
      if (const Node* c = s->child("criteria")) check_criteria(*c, libraries, named, issues);
      for (const Node* component : children(s, "component"))
        if (const Node* c = component->child("criteria")) check_criteria(*c, libraries, named, issues);
    }
}

}  // namespace

void check_measure_rules(const Node& resource, const DefinitionLookup& lookup, IssueList& issues) {
  if (resource.resource_type == "MeasureReport") check_measure_report(resource, lookup, issues);
  else if (resource.resource_type == "Measure") check_measure(resource, lookup, issues);
}

}  // namespace renkei::validation
