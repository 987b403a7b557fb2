#include "validation/questionnaire_response.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <vector>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "fhirpath/decimal.hpp"
#include "fhirpath/expression_cache.hpp"
#include "fhirpath/fhirpath.hpp"
#include "fhirpath/quantity.hpp"
#include "io/fhir_reader.hpp"
#include "validation/terminology.hpp"

namespace renkei::validation {

namespace {

using model::Node;

constexpr std::string_view kExtMinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
constexpr std::string_view kExtMaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
constexpr std::string_view kExtMinQuantity = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-minQuantity";
constexpr std::string_view kExtMaxQuantity = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-maxQuantity";
constexpr std::string_view kExtMaxDecimalPlaces = "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces";
constexpr std::string_view kExtMaxOccurs = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs";
constexpr std::string_view kExtOptionExclusive = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";
constexpr std::string_view kExtUnitOption = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";
constexpr std::string_view kExtUnitValueSet = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitValueSet";
constexpr std::string_view kExtMimeType = "http://hl7.org/fhir/StructureDefinition/mimeType";
constexpr std::string_view kExtMaxSize = "http://hl7.org/fhir/StructureDefinition/maxSize";
constexpr std::string_view kExtReferenceResource = "http://hl7.org/fhir/StructureDefinition/questionnaire-referenceResource";
constexpr std::string_view kExtEnableWhenFinnish = "http://phr.kanta.fi/StructureDefinition/fiphr-ext-questionnaire-enablewhen";
constexpr std::string_view kExtEnableWhenExpression =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";
constexpr std::string_view kUcum = "http://unitsofmeasure.org";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_true(const Node* n, std::string_view child) { return model::child_text(n, child) == "true"; }

// The value[x] child of an answer, answerOption, enableWhen (answer[x]) or extension.
const Node* choice_value(const Node* n, std::string_view prefix) {
  for (const Node* c = n->first_child; c; c = c->next)
    if (c->name.size() > prefix.size() && starts_with(c->name, prefix) && c->name[prefix.size()] >= 'A' &&
        c->name[prefix.size()] <= 'Z')
      return c;
  return nullptr;
}

// FHIR type of a value[x] node: from the TypeModel when the tree was read with one, else the
// name's suffix ("valueDateTime" -> dateTime; complex types keep their capital).
std::string value_type(const Node* v, std::string_view prefix) {
  if (v->type) return v->type->name;
  std::string t(v->name.substr(prefix.size()));
  static constexpr std::string_view kPrimitives[] = {"Boolean", "Decimal", "Integer", "Date", "DateTime", "Time",
                                                     "String",  "Uri",     "Url",     "Code", "Canonical"};
  for (std::string_view p : kPrimitives)
    if (t == p) t[0] = static_cast<char>(t[0] - 'A' + 'a');
  return t;
}

std::vector<const Node*> children_named(const Node* n, std::string_view name) {
  std::vector<const Node*> out;
  for (const Node* c = n->first_child; c; c = c->next)
    if (c->name == name) out.push_back(c);
  return out;
}

std::vector<const Node*> extensions(const Node* n, std::string_view url) {
  std::vector<const Node*> out;
  for (const Node* c = n->first_child; c; c = c->next)
    if (c->name == "extension" && model::child_text(c, "url") == url) out.push_back(c);
  return out;
}

const Node* extension_value(const Node* n, std::string_view url) {
  auto found = extensions(n, url);
  return found.empty() ? nullptr : choice_value(found.front(), "value");
}

// --- the Questionnaire as a tree of items ----------------------------------------------

struct QItem {
  const Node* node = nullptr;
  std::string_view link_id, type, text;
  bool required = false, repeats = false;
  const QItem* parent = nullptr;
  std::vector<const QItem*> children;
};

class QuestionnaireIndex {
 public:
  explicit QuestionnaireIndex(const Node& q) : root_(&q) { build(&q, nullptr, roots_); }

  const Node* root() const { return root_; }
  const std::vector<const QItem*>& roots() const { return roots_; }

  // First item with the linkId, depth first (as the Java validator's findItem).
  const QItem* find(std::string_view link_id) const { return find_in(roots_, link_id); }
  static const QItem* find_in(const std::vector<const QItem*>& list, std::string_view link_id) {
    for (const QItem* i : list) {
      if (i->link_id == link_id) return i;
      if (const QItem* r = find_in(i->children, link_id)) return r;
    }
    return nullptr;
  }

  // The deepest item that is an ancestor of `source` and an ancestor of (or is) `target`:
  // where the answers an enableWhen depends on are looked for. nullptr: the whole response.
  static const QItem* common_group(const QItem* source, const QItem* target) {
    for (const QItem* g = source->parent; g; g = g->parent)
      for (const QItem* t = target; t; t = t->parent)
        if (t == g) return g;
    return nullptr;
  }

 private:
  void build(const Node* n, const QItem* parent, std::vector<const QItem*>& into) {
    for (const Node* c = n->first_child; c; c = c->next) {
      if (c->name != "item") continue;
      QItem& i = items_.emplace_back();
      i.node = c;
      i.link_id = model::child_text(c, "linkId");
      i.type = model::child_text(c, "type");
      i.text = model::child_text(c, "text");
      i.required = is_true(c, "required");
      i.repeats = is_true(c, "repeats");
      i.parent = parent;
      into.push_back(&i);
      build(c, &i, i.children);
    }
  }

  const Node* root_;
  std::deque<QItem> items_;  // stable addresses
  std::vector<const QItem*> roots_;
};

// --- answers: comparisons ------------------------------------------------------------------

std::optional<fhirpath::Decimal> decimal_of(const Node* v) {
  return v && v->has_value() ? fhirpath::Decimal::parse(v->text) : std::nullopt;
}

// Orders two values of the same primitive type: numbers by value; date, dateTime and time
// lexically, which orders values of one precision and treats a longer (more precise) value as
// after its prefix, as the Java validator reports "2022-06-30" above a maximum of "2022-06".
std::optional<int> compare_primitive(std::string_view type, const Node* a, const Node* b) {
  if (!a->has_value() || !b->has_value()) return std::nullopt;
  if (type == "integer" || type == "decimal" || type == "positiveInt" || type == "unsignedInt") {
    auto x = decimal_of(a), y = decimal_of(b);
    if (!x || !y) return std::nullopt;
    return x->compare(*y);
  }
  int c = a->text.compare(b->text);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool same_coding(const Node* a, const Node* b) {
  return model::child_text(a, "system") == model::child_text(b, "system") && model::child_text(a, "code") == model::child_text(b, "code");
}

// Characters a base64 text decodes to (whitespace ignored).
size_t base64_decoded_size(std::string_view data) {
  size_t chars = 0, padding = 0;
  for (char ch : data) {
    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') continue;
    ++chars;
    if (ch == '=') ++padding;
  }
  return chars / 4 * 3 - std::min<size_t>(padding, 2);
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

// --- one check of one response ---------------------------------------------------------------

struct StackEntry {
  const QItem* q;
  const Node* item;  // the response item answering q
};

class ResponseCheck {
 public:
  ResponseCheck(const Node& qr, const Node& questionnaire, QrContext& ctx, IssueList& issues)
      : qr_(qr), q_(questionnaire), ctx_(ctx), issues_(issues) {}

  void run() {
    in_progress_ = model::child_text(&qr_, "status") == "in-progress";
    items(q_.roots(), &qr_);
  }

 private:
  void report(Severity s, const char* code, std::string msg, const Node* at, const char* rule = "questionnaire") {
    issues_.add(s, code, std::move(msg), model::Document::path_of(at), at->line, at->column, rule);
  }

  std::string shown(const Node* v) const {
    return ctx_.show_values && v && v->has_value() ? fmt::format(" '{}'", v->text) : std::string();
  }

  // Response items under `parent` (the response, an item or an answer) against the
  // Questionnaire items `qitems` expected there.
  void items(const std::vector<const QItem*>& qitems, const Node* parent) {
    std::vector<std::pair<const QItem*, std::vector<const Node*>>> answered;
    int last_index = -1;
    for (const Node* item : children_named(parent, "item")) {
      std::string_view link_id = model::child_text(item, "linkId");
      if (link_id.empty()) {
        report(Severity::Error, "required", "a response item has no linkId", item);
        continue;
      }
      auto it = std::find_if(qitems.begin(), qitems.end(), [&](const QItem* q) { return q->link_id == link_id; });
      if (it == qitems.end()) {
        if (const QItem* elsewhere = q_.find(link_id)) {
          report(Severity::Error, "structure",
                 fmt::format("the item with linkId '{}' is in the wrong place in the response", link_id), item);
          stack_.push_back({elsewhere, item});
          item_answers(elsewhere, item);
          stack_.pop_back();
        } else {
          report(Severity::Error, "not-found", fmt::format("linkId '{}' is not an item of the questionnaire", link_id),
                 item);
        }
        continue;
      }
      int index = static_cast<int>(it - qitems.begin());
      if (index < last_index)
        report(Severity::Error, "structure",
               fmt::format("the item with linkId '{}' is out of order: the questionnaire puts it earlier", link_id),
               item);
      last_index = index;
      // An item without answers or items counts as absent (for required and enableWhen).
      if (!item->child("answer") && !item->child("item")) continue;
      auto group = std::find_if(answered.begin(), answered.end(), [&](const auto& p) { return p.first == *it; });
      if (group == answered.end()) group = answered.insert(answered.end(), {*it, {}});
      group->second.push_back(item);
    }
    for (const QItem* q : qitems) {
      auto group = std::find_if(answered.begin(), answered.end(), [&](const auto& p) { return p.first == q; });
      bool enabled = is_enabled(q);
      if (group == answered.end()) {
        if (enabled && q->required) {
          std::string msg = q->type == "group"
                                ? fmt::format("no sub-items found for the required group '{}'", q->link_id)
                                : fmt::format("no answer found for the required item '{}'", q->link_id);
          report(in_progress_ ? Severity::Warning : Severity::Error, "required", std::move(msg), parent,
                 "questionnaire-required");
        }
        continue;
      }
      const std::vector<const Node*>& found = group->second;
      if (!enabled)
        for (const Node* item : found)
          report(Severity::Error, "invalid",
                 fmt::format("the item '{}' has an answer, but its enableWhen conditions do not enable it", q->link_id),
                 item, "questionnaire-enablewhen");
      if (found.size() > 1 && !q->repeats)
        report(Severity::Error, "invalid",
               fmt::format("only one response item with linkId '{}' is allowed: the item does not repeat", q->link_id),
               found[1]);
      for (const Node* item : found) {
        stack_.push_back({q, item});
        item_answers(q, item);
        stack_.pop_back();
      }
    }
  }

  // One response item answering q (q is on top of the stack).
  void item_answers(const QItem* q, const Node* item) {
    std::string_view text = model::child_text(item, "text");
    if (!text.empty() && text != q->text)
      report(Severity::Error, "invalid",
             fmt::format("the item's text differs from the questionnaire's text for linkId '{}'", q->link_id), item);
    std::vector<const Node*> answers = children_named(item, "answer");
    bool group_like = q->type == "group";
    if (answers.empty() && q->required && !group_like) {
      if (in_progress_)
        report(Severity::Warning, "required", fmt::format("no answer found for the required item '{}'", q->link_id),
               item, "questionnaire-required");
      else if (is_enabled(q))
        report(Severity::Error, "required", fmt::format("no answer found for the required item '{}'", q->link_id),
               item, "questionnaire-required");
    }
    if (answers.size() > 1 && !q->repeats)
      report(Severity::Error, "invalid",
             fmt::format("only one answer is allowed for linkId '{}': the item does not repeat", q->link_id), answers[1]);
    if (const Node* max = extension_value(q->node, kExtMaxOccurs))
      if (auto m = decimal_of(max); m && fhirpath::Decimal::from_integer(static_cast<int64_t>(answers.size())).compare(*m) > 0)
        report(Severity::Error, "invalid",
               fmt::format("the item '{}' allows at most {} answers, but has {}", q->link_id, max->text, answers.size()),
               item);
    for (const Node* answer : answers) {
      if (q->type == "group" || q->type == "question") {
        report(Severity::Error, "structure",
               fmt::format("items of type {} have no answers (linkId '{}')", q->type, q->link_id), answer);
        continue;
      }
      if (!q->type.empty() && q->type != "display") answer_value(q, answer, answers);
      items(q->children, answer);
    }
    std::vector<const Node*> sub_items = children_named(item, "item");
    if (q->type == "group") {
      items(q->children, item);
    } else if (!sub_items.empty()) {
      report(Severity::Error, "structure",
             fmt::format("the item '{}' of type {} cannot have items: only groups have items, questions nest them "
                         "under their answers",
                         q->link_id, q->type.empty() ? "(none)" : q->type),
             item);
    }
  }

  // --- answer values by item type ---

  void answer_value(const QItem* q, const Node* answer, const std::vector<const Node*>& all_answers) {
    const Node* v = choice_value(answer, "value");
    if (!v) return;  // an answer with only nested items
    std::string type = value_type(v, "value");
    std::string_view t = q->type;
    std::vector<std::string_view> allowed;
    if (t == "choice" || t == "open-choice") {
      allowed = {"Coding", "date", "time", "integer", "string"};
    } else if (t == "text") {
      allowed = {"string"};
    } else if (t == "url") {
      allowed = {"uri"};
    } else if (t == "attachment") {
      allowed = {"Attachment"};
    } else if (t == "reference") {
      allowed = {"Reference"};
    } else if (t == "quantity") {
      allowed = {"Quantity"};
    } else if (t == "boolean" || t == "decimal" || t == "integer" || t == "date" || t == "dateTime" || t == "time" ||
               t == "string") {
      allowed = {t};
    } else {
      return;  // an item type Renkei does not know: the Questionnaire's own validation reports it
    }
    if (std::find(allowed.begin(), allowed.end(), type) == allowed.end()) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      report(Severity::Error, "structure",
             fmt::format("the answer to '{}' (type {}) must be a {}, not a {}", q->link_id, t, list, type), v,
             "questionnaire-answer-type");
      return;
    }
    bool open = t == "open-choice";
    if (type == "Coding") {
      coding_answer(q, answer, v, all_answers, open);
    } else if (type == "integer" || type == "date" || type == "time" || type == "string") {
      if (!(open && type == "string")) option_answer(q, v, type, t == "choice");
    }
    if (type == "string") string_answer(q, v, t == "string");
    if (type == "integer" || type == "decimal" || type == "date" || type == "dateTime" || type == "time")
      bounds(q, v, type);
    if (type == "decimal") decimal_places(q, v);
    if (type == "Quantity") quantity_answer(q, v);
    if (type == "Attachment") attachment_answer(q, answer, v);
    if (type == "Reference") reference_answer(q, v);
  }

  // answerOption of a primitive type (integer, date, time, string).
  void option_answer(const QItem* q, const Node* v, const std::string& type, bool choice_item) {
    std::vector<const Node*> options = children_named(q->node, "answerOption");
    if (options.empty()) {
      if (type == "string" && !model::child_text(q->node, "answerValueSet").empty()) value_set_string(q, v);
      return;
    }
    bool any_of_type = false;
    for (const Node* o : options) {
      const Node* ov = choice_value(o, "value");
      if (!ov || value_type(ov, "value") != type) continue;
      any_of_type = true;
      if (ov->has_value() && v->has_value() && ov->text == v->text) return;
    }
    if (!any_of_type) {
      if (choice_item)
        report(Severity::Error, "structure",
               fmt::format("the options of '{}' have no values of type {}", q->link_id, type), v,
               "questionnaire-option");
      return;
    }
    report(Severity::Error, "structure",
           fmt::format("the {}{} is not one of the permitted options of '{}'", type, shown(v), q->link_id), v,
           "questionnaire-option");
  }

  void coding_answer(const QItem* q, const Node* answer, const Node* v, const std::vector<const Node*>& all_answers,
                     bool open) {
    std::vector<const Node*> options = children_named(q->node, "answerOption");
    std::string_view value_set = model::child_text(q->node, "answerValueSet");
    if (!options.empty()) {
      const Node* matched_option = nullptr;
      bool any_coding = false;
      for (const Node* o : options) {
        const Node* ov = choice_value(o, "value");
        if (!ov || value_type(ov, "value") != "Coding") continue;
        any_coding = true;
        if (same_coding(ov, v)) {
          matched_option = o;
          break;
        }
      }
      if (!any_coding) {
        if (!open)
          report(Severity::Error, "structure", fmt::format("the options of '{}' have no Coding values", q->link_id), v,
                 "questionnaire-option");
        return;
      }
      if (!matched_option) {
        report(Severity::Error, "structure",
               fmt::format("the code{} is not one of the permitted options of '{}'",
                           ctx_.show_values ? fmt::format(" {}::{}", model::child_text(v, "system"), model::child_text(v, "code")) : "",
                           q->link_id),
               v, "questionnaire-option");
        return;
      }
      const Node* exclusive = extension_value(matched_option, kExtOptionExclusive);
      if (all_answers.size() > 1 && exclusive && exclusive->has_value() && exclusive->text == "true")
        report(Severity::Error, "invalid",
               fmt::format("the selected option of '{}' is exclusive: no other answer may be selected with it",
                           q->link_id),
               answer, "questionnaire-option");
      return;
    }
    if (!value_set.empty()) {
      if (open && model::child_text(v, "code").empty() && model::child_text(v, "system").empty()) return;  // free text
      value_set_coding(q, v, value_set);
      return;
    }
    report(Severity::Information, "structure",
           fmt::format("the item '{}' lists no options, so the coded answer was not checked", q->link_id), v,
           "questionnaire-option");
  }

  // A ValueSet contained in the Questionnaire (or in the resource that contains it).
  const Node* contained_value_set(std::string_view id) const {
    const Node* holders[] = {q_.root(), q_.root()->name == "contained" ? q_.root()->parent : nullptr};
    for (const Node* holder : holders)
      for (const Node* c = holder ? holder->first_child : nullptr; c; c = c->next)
        if (c->name == "contained" && c->resource_type == "ValueSet" && model::child_text(c, "id") == id) return c;
    return nullptr;
  }

  static bool in_expansion(const Node* n, std::string_view system, std::string_view code) {
    for (const Node* c = n->first_child; c; c = c->next)
      if (c->name == "contains" &&
          ((model::child_text(c, "system") == system && model::child_text(c, "code") == code) || in_expansion(c, system, code)))
        return true;
    return false;
  }

  // Membership in a contained ValueSet: its expansion when it has one, else the concepts and
  // whole systems its compose includes. Filters, nested ValueSets, excludes and systems Renkei
  // does not hold leave the answer NotChecked.
  CodeStatus contained_membership(const Node* vs, std::string_view system, std::string_view code) const {
    if (const Node* expansion = vs->child("expansion"))
      return in_expansion(expansion, system, code) ? CodeStatus::Valid : CodeStatus::Invalid;
    const Node* compose = vs->child("compose");
    if (!compose || compose->child("exclude")) return CodeStatus::NotChecked;
    bool undecided = false;
    for (const Node* inc : children_named(compose, "include")) {
      if (inc->child("filter") || inc->child("valueSet") || model::child_text(inc, "system").empty()) {
        undecided = true;
        continue;
      }
      if (model::child_text(inc, "system") != system) continue;
      std::vector<const Node*> concepts = children_named(inc, "concept");
      if (!concepts.empty()) {
        for (const Node* c : concepts)
          if (model::child_text(c, "code") == code) return CodeStatus::Valid;
        continue;
      }
      CodeStatus whole = ctx_.terminology ? ctx_.terminology->validate_coding_in_codesystem(system, code).status
                                          : CodeStatus::NotChecked;
      if (whole == CodeStatus::Valid) return CodeStatus::Valid;
      if (whole == CodeStatus::NotChecked) undecided = true;
    }
    return undecided ? CodeStatus::NotChecked : CodeStatus::Invalid;
  }

  void value_set_coding(const QItem* q, const Node* v, std::string_view value_set) {
    if (starts_with(value_set, "#")) {
      const Node* vs = contained_value_set(value_set.substr(1));
      CodeStatus status = vs ? contained_membership(vs, model::child_text(v, "system"), model::child_text(v, "code")) : CodeStatus::NotChecked;
      if (status == CodeStatus::Invalid)
        report(Severity::Error, "code-invalid",
               fmt::format("the code{} is not in the options value set {} of '{}'",
                           ctx_.show_values ? fmt::format(" {}#{}", model::child_text(v, "system"), model::child_text(v, "code")) : "",
                           value_set, q->link_id),
               v, "questionnaire-valueset");
      else if (status == CodeStatus::NotChecked)
        report(Severity::Information, "not-supported",
               fmt::format("the answer to '{}' was not checked against its value set {}{}", q->link_id, value_set,
                           vs ? "" : ": no contained ValueSet has that id"),
               v, "questionnaire-valueset");
      return;
    }
    if (!ctx_.terminology) {
      report(Severity::Information, "not-supported",
             fmt::format("the answer to '{}' was not checked against its value set {}", q->link_id, value_set), v,
             "questionnaire-valueset");
      return;
    }
    CodeValidationResult r =
        ctx_.terminology->validate_code(value_set, model::child_text(v, "system"), model::child_text(v, "code"), model::child_text(v, "display"));
    switch (r.status) {
      case CodeStatus::Valid:
        // The Java validator treats a wrong display of an option as a failed option check.
        if (!r.display_ok && !model::child_text(v, "display").empty())
          report(Severity::Error, "code-invalid",
                 fmt::format("the display of the answer to '{}' does not match the code's display in {}{}", q->link_id,
                             r.system.empty() ? model::child_text(v, "system") : std::string_view(r.system),
                             ctx_.show_values && !r.expected_display.empty()
                                 ? fmt::format(" (expected '{}')", r.expected_display)
                                 : ""),
                 v, "questionnaire-valueset");
        return;
      case CodeStatus::NotChecked:
        report(Severity::Information, "not-supported",
               fmt::format("the answer to '{}' was not checked against the options value set {}: {}", q->link_id,
                           value_set, r.message),
               v, "questionnaire-valueset");
        return;
      default:
        report(Severity::Error, "code-invalid",
               fmt::format("the code{} is not in the options value set {} of '{}'",
                           ctx_.show_values ? fmt::format(" {}#{}", model::child_text(v, "system"), model::child_text(v, "code")) : "",
                           value_set, q->link_id),
               v, "questionnaire-valueset");
    }
  }

  // A string answer to an item with an answerValueSet: the string must be one of its codes.
  void value_set_string(const QItem* q, const Node* v) {
    std::string_view value_set = model::child_text(q->node, "answerValueSet");
    if (!v->has_value() || starts_with(value_set, "#") || !ctx_.terminology) return;
    CodeValidationResult r = ctx_.terminology->validate_code(value_set, {}, v->text);
    if (r.status == CodeStatus::Invalid || r.status == CodeStatus::UnknownCode)
      report(Severity::Error, "code-invalid",
             fmt::format("the value{} is not in the value set {} of '{}'", shown(v), value_set, q->link_id), v,
             "questionnaire-valueset");
    else if (r.status == CodeStatus::NotChecked)
      report(Severity::Information, "not-supported",
             fmt::format("the answer to '{}' was not checked against the value set {}: {}", q->link_id, value_set,
                         r.message),
             v, "questionnaire-valueset");
  }

  void string_answer(const QItem* q, const Node* v, bool single_line) {
    if (!v->has_value()) return;
    if (single_line && v->text.find_first_of("\r\n") != std::string_view::npos)
      report(Severity::Warning, "invalid",
             fmt::format("the answer to '{}' (type string) should not contain line breaks: type text allows them",
                         q->link_id),
             v, "questionnaire-string");
    std::string_view max_length = model::child_text(q->node, "maxLength");
    if (auto m = fhirpath::Decimal::parse(max_length))
      if (fhirpath::Decimal::from_integer(static_cast<int64_t>(utf8_length(v->text))).compare(*m) > 0)
        report(Severity::Error, "too-long",
               fmt::format("the answer to '{}' is longer than its maxLength {}", q->link_id, max_length), v,
               "questionnaire-maxlength");
  }

  // minValue / maxValue of the item (the Java validator's messages: "less than the allowed minimum").
  void bounds(const QItem* q, const Node* v, const std::string& type) {
    for (auto [url, is_min] : {std::pair{kExtMinValue, true}, std::pair{kExtMaxValue, false}}) {
      const Node* bound = extension_value(q->node, url);
      if (!bound || value_type(bound, "value") != type) continue;
      auto c = compare_primitive(type, v, bound);
      if (!c) continue;
      if (is_min ? *c < 0 : *c > 0)
        report(Severity::Error, "value",
               fmt::format("the answer{} to '{}' is {} the allowed {} of {}", shown(v), q->link_id,
                           is_min ? "less than" : "greater than", is_min ? "minimum" : "maximum", bound->text),
               v, "questionnaire-bounds");
    }
  }

  void decimal_places(const QItem* q, const Node* v) {
    const Node* max = extension_value(q->node, kExtMaxDecimalPlaces);
    auto limit = decimal_of(max);
    if (!limit || !v->has_value()) return;
    std::string_view s = v->text;
    size_t end = s.find_first_of("eE");
    if (end != std::string_view::npos) s = s.substr(0, end);
    size_t dot = s.find('.');
    size_t places = dot == std::string_view::npos ? 0 : s.size() - dot - 1;
    if (fhirpath::Decimal::from_integer(static_cast<int64_t>(places)).compare(*limit) > 0)
      report(Severity::Error, "value",
             fmt::format("the answer to '{}' has {} decimal places; at most {} are allowed", q->link_id, places,
                         max->text),
             v, "questionnaire-decimal-places");
  }

  void quantity_answer(const QItem* q, const Node* v) {
    std::string_view code = model::child_text(v, "code"), system = model::child_text(v, "system"), unit = model::child_text(v, "unit");
    std::vector<const Node*> unit_options = extensions(q->node, kExtUnitOption);
    if (!unit_options.empty()) {
      bool ok = false;
      for (const Node* e : unit_options) {
        const Node* o = choice_value(e, "value");
        if (!o) continue;
        if (!code.empty()) {
          ok |= model::child_text(o, "code") == code && (model::child_text(o, "system").empty() || model::child_text(o, "system") == system);
        } else {
          ok |= !unit.empty() && model::child_text(o, "display") == unit;
        }
      }
      if (!ok)
        report(Severity::Error, "code-invalid",
               fmt::format("the unit of the answer to '{}' is not one of the item's unit options", q->link_id), v,
               "questionnaire-units");
    }
    if (const Node* vs = extension_value(q->node, kExtUnitValueSet); vs && vs->has_value()) {
      if (code.empty()) {
        report(Severity::Error, "code-invalid",
               fmt::format("the answer to '{}' has no unit code, so its unit is not in the unit value set {}",
                           q->link_id, vs->text),
               v, "questionnaire-units");
      } else if (ctx_.terminology) {
        CodeValidationResult r = ctx_.terminology->validate_code(vs->text, system, code);
        if (r.status == CodeStatus::Invalid || r.status == CodeStatus::UnknownCode)
          report(Severity::Error, "code-invalid",
                 fmt::format("the unit of the answer to '{}' is not in the unit value set {}", q->link_id, vs->text), v,
                 "questionnaire-units");
        else if (r.status == CodeStatus::NotChecked)
          report(Severity::Information, "not-supported",
                 fmt::format("the unit of the answer to '{}' was not checked against the unit value set {}: {}",
                             q->link_id, vs->text, r.message),
                 v, "questionnaire-units");
      }
    }
    quantity_bound(q, v, kExtMinQuantity, true);
    quantity_bound(q, v, kExtMaxQuantity, false);
    for (auto [url, is_min] : {std::pair{kExtMinValue, true}, std::pair{kExtMaxValue, false}})
      if (const Node* b = extension_value(q->node, url); b && value_type(b, "value") == "Quantity")
        quantity_bound(q, v, url, is_min);
  }

  // Quantities compare through UCUM: both need a UCUM code (as the Java validator requires).
  void quantity_bound(const QItem* q, const Node* v, std::string_view url, bool is_min) {
    const Node* bound = extension_value(q->node, url);
    if (!bound) return;
    const char* which = is_min ? "minimum" : "maximum";
    auto formal = [](const Node* n) {
      std::string_view s = model::child_text(n, "system");
      return !model::child_text(n, "code").empty() && (s.empty() || s == kUcum);
    };
    auto value = decimal_of(v->child("value")), limit = decimal_of(bound->child("value"));
    if (!value || !limit) return;
    if (!formal(v) || !formal(bound)) {
      report(Severity::Error, "value",
             fmt::format("the answer to '{}' cannot be compared to the allowed {}: no UCUM units are given", q->link_id,
                         which),
             v, "questionnaire-bounds");
      return;
    }
    fhirpath::Quantity a{*value, std::string(model::child_text(v, "code"))}, b{*limit, std::string(model::child_text(bound, "code"))};
    auto c = a.compare(b);
    if (!c) {
      report(Severity::Error, "value",
             fmt::format("the answer to '{}' (unit {}) cannot be compared to the allowed {} (unit {})", q->link_id,
                         a.unit, which, b.unit),
             v, "questionnaire-bounds");
    } else if (is_min ? *c < 0 : *c > 0) {
      report(Severity::Error, "value",
             fmt::format("the answer{} to '{}' is {} the allowed {} of {} {}",
                         ctx_.show_values ? fmt::format(" {} {}", value->to_string(), a.unit) : "", q->link_id,
                         is_min ? "less than" : "greater than", which, limit->to_string(), b.unit),
             v, "questionnaire-bounds");
    }
  }

  void attachment_answer(const QItem* q, const Node* answer, const Node* v) {
    std::vector<const Node*> mime_types = extensions(q->node, kExtMimeType);
    std::string_view content_type = model::child_text(v, "contentType");
    if (!mime_types.empty() && !content_type.empty()) {
      std::string_view base = content_type.substr(0, content_type.find(';'));
      bool ok = false;
      std::string allowed;
      for (const Node* e : mime_types) {
        std::string_view m = model::child_text(e, "valueCode");
        ok |= m == base || m == content_type;
        allowed += (allowed.empty() ? "" : ", ") + std::string(m);
      }
      if (!ok)
        report(Severity::Error, "value",
               fmt::format("the attachment's mime type {} is not allowed for '{}' (allowed: {})", content_type,
                           q->link_id, allowed),
               answer, "questionnaire-attachment");
    }
    std::optional<size_t> actual;
    if (std::string_view data = model::child_text(v, "data"); !data.empty()) actual = base64_decoded_size(data);
    auto stated = decimal_of(v->child("size"));
    if (actual && stated && stated->compare(fhirpath::Decimal::from_integer(static_cast<int64_t>(*actual))) != 0)
      report(Severity::Error, "value",
             fmt::format("the attachment's stated size {} does not match the size of its data ({})",
                         v->child("size")->text, *actual),
             v, "questionnaire-attachment");
    if (auto max = decimal_of(extension_value(q->node, kExtMaxSize))) {
      std::optional<fhirpath::Decimal> size =
          actual ? std::optional(fhirpath::Decimal::from_integer(static_cast<int64_t>(*actual))) : stated;
      if (size && size->compare(*max) > 0)
        report(Severity::Error, "value",
               fmt::format("the attachment is too large for '{}' (allowed {}, found {})", q->link_id, max->to_string(),
                           size->to_string()),
               answer, "questionnaire-attachment");
    }
  }

  void reference_answer(const QItem* q, const Node* v) {
    std::string_view ref = model::child_text(v, "reference");
    if (ref.empty() || starts_with(ref, "#") || starts_with(ref, "urn:")) return;
    if (ref.find_first_of(" \t\r\n") != std::string_view::npos)
      report(Severity::Error, "invalid", fmt::format("the reference in the answer to '{}' is not a valid URL", q->link_id),
             v, "questionnaire-reference");
    // [base/]Type/id[/_history/version]: the type part, when the literal has one.
    std::string_view path = ref.substr(0, ref.find("/_history/"));
    size_t slash = path.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return;
    std::string_view before = path.substr(0, slash);
    std::string_view type = before.substr(before.rfind('/') == std::string_view::npos ? 0 : before.rfind('/') + 1);
    if (type.empty() || type[0] < 'A' || type[0] > 'Z') return;
    if (ctx_.types) {
      const definitions::TypeInfo* info = ctx_.types->type(type);
      if (!info || info->kind != definitions::TypeKind::Resource) {
        report(Severity::Error, "invalid",
               fmt::format("the reference in the answer to '{}' names {}, which is not a resource type", q->link_id,
                           type),
               v, "questionnaire-reference");
        return;
      }
    }
    std::vector<const Node*> allowed = extensions(q->node, kExtReferenceResource);
    if (allowed.empty()) return;
    std::string list;
    for (const Node* e : allowed) {
      std::string_view t = model::child_text(e, "valueCode");
      if (t == type || t == "Resource") return;
      list += (list.empty() ? "" : ",") + std::string(t);
    }
    report(Severity::Error, "invalid",
           fmt::format("a reference to a {} is not allowed for '{}' (allowed: {})", type, q->link_id, list), v,
           "questionnaire-reference");
  }

  // --- enableWhen ---

  bool is_enabled(const QItem* q) {
    for (std::string_view url : {kExtEnableWhenFinnish, kExtEnableWhenExpression}) {
      const Node* e = extension_value(q->node, url);
      if (!e) continue;
      std::string_view expression = e->has_value() ? e->text : model::child_text(e, "expression");
      if (!e->has_value() && !model::child_text(e, "language").empty() && model::child_text(e, "language") != "text/fhirpath") continue;
      if (expression.empty()) continue;
      return expression_enabled(q, std::string(expression), e);
    }
    std::vector<const Node*> conditions = children_named(q->node, "enableWhen");
    if (conditions.empty()) return true;
    std::string_view behavior = model::child_text(q->node, "enableBehavior");
    size_t met = 0;
    for (const Node* c : conditions) met += condition_met(q, c) ? 1 : 0;
    if (behavior == "any" || conditions.size() == 1) return met > 0;
    if (behavior == "all") return met == conditions.size();
    return true;  // several conditions without enableBehavior (que-12 reports it): not decided
  }

  // Like the Java validator: the expression runs on the response; empty counts as false.
  bool expression_enabled(const QItem* q, const std::string& expression, const Node* at) {
    IssueList compile_issues;
    std::shared_ptr<const fhirpath::CompiledExpression> expr =
        ctx_.expressions ? ctx_.expressions->get(expression, compile_issues) : fhirpath::compile(expression, compile_issues);
    if (!expr) {
      report(Severity::Warning, "processing",
             fmt::format("the enableWhen expression of '{}' could not be compiled, so it was not applied", q->link_id),
             at, "questionnaire-enablewhen");
      return true;
    }
    fhirpath::EvalContext ec;
    ec.resource = &qr_;
    ec.root_resource = &qr_;
    ec.types = ctx_.types;
    ec.max_steps = ctx_.max_fhirpath_steps;
    fhirpath::EvalResult r = fhirpath::evaluate(*expr, ec);
    if (!r.ok()) {
      report(Severity::Warning, "processing",
             fmt::format("the enableWhen expression of '{}' could not be evaluated, so it was not applied: {}",
                         q->link_id, r.error),
             at, "questionnaire-enablewhen");
      return true;
    }
    if (r.items.empty()) return false;
    std::optional<bool> b = fhirpath::to_boolean(r);
    return b.value_or(false);
  }

  bool condition_met(const QItem* source, const Node* condition) {
    std::string_view question = model::child_text(condition, "question");
    std::string_view op = model::child_text(condition, "operator");
    const Node* expected = choice_value(condition, "answer");
    std::vector<const Node*> values = answers_to(source, question);
    if (op == "exists") return expected && expected->has_value() && (expected->text == "true") != values.empty();
    if (!expected) return false;
    for (const Node* v : values)
      if (answer_matches(v, expected, op)) return true;
    return false;
  }

  // Answers to `question` visible from `source`: under the response item that answers the
  // closest group holding both (Java's EnableWhenEvaluator.findQuestionAnswers).
  std::vector<const Node*> answers_to(const QItem* source, std::string_view question) {
    std::vector<const Node*> out;
    const QItem* target = q_.find(question);
    if (!target) return out;
    const QItem* group = QuestionnaireIndex::common_group(source, target);
    const Node* focus = nullptr;
    if (!group) {
      focus = &qr_;
    } else {
      for (auto it = stack_.rbegin(); it != stack_.rend() && !focus; ++it)
        if (it->q == group) focus = it->item;
    }
    if (focus) collect_answers(focus, question, out);
    return out;
  }

  static void collect_answers(const Node* focus, std::string_view question, std::vector<const Node*>& out) {
    for (const Node* item = focus->first_child; item; item = item->next) {
      if (item->name != "item") continue;
      if (model::child_text(item, "linkId") == question) add_values(item, out);
      collect_answers(item, question, out);
    }
    // Questions nested under answers count too (as in current Java validators).
    for (const Node* answer = focus->first_child; answer; answer = answer->next)
      if (answer->name == "answer") collect_answers(answer, question, out);
    // The item with the enableWhen may sit under the answered item itself.
    if (focus->name == "item" && model::child_text(focus, "linkId") == question) add_values(focus, out);
  }

  static void add_values(const Node* item, std::vector<const Node*>& out) {
    for (const Node* a = item->first_child; a; a = a->next)
      if (a->name == "answer")
        if (const Node* v = choice_value(a, "value")) out.push_back(v);
  }

  static bool answer_matches(const Node* actual, const Node* expected, std::string_view op) {
    std::string ta = value_type(actual, "value"), te = value_type(expected, "answer");
    if (ta != te) return false;  // Java rejects the comparison: the condition is not met
    std::optional<int> c;
    if (te == "Coding") {
      // Java compares system (when the condition has one) and code; only = and != apply.
      std::string_view es = model::child_text(expected, "system"), ec = model::child_text(expected, "code");
      bool same = (es.empty() || es == model::child_text(actual, "system")) && ec == model::child_text(actual, "code");
      if (op == "=") return same;
      if (op == "!=") return !same;
      return false;
    }
    if (te == "Quantity") {
      auto a = decimal_of(actual->child("value")), e = decimal_of(expected->child("value"));
      if (a && e) c = a->compare(*e);
    } else if (te == "boolean" || te == "Reference" || te == "Attachment") {
      if (te == "boolean") {
        bool same = actual->text == expected->text;
        if (op == "=") return same;
        if (op == "!=") return !same;
      } else if (te == "Reference") {
        bool same = model::child_text(actual, "reference") == model::child_text(expected, "reference");
        if (op == "=") return same;
        if (op == "!=") return !same;
      }
      return false;
    } else {
      c = compare_primitive(te, actual, expected);
    }
    if (!c) return false;
    if (op == "=") return *c == 0;
    if (op == "!=") return *c != 0;
    if (op == ">") return *c > 0;
    if (op == "<") return *c < 0;
    if (op == ">=") return *c >= 0;
    if (op == "<=") return *c <= 0;
    return false;
  }

  const Node& qr_;
  QuestionnaireIndex q_;
  QrContext& ctx_;
  IssueList& issues_;
  bool in_progress_ = false;
  std::vector<StackEntry> stack_;
};

// --- the Questionnaire's own enableWhen rules ------------------------------------------------

void check_enable_when_targets(const QuestionnaireIndex& index, const std::vector<const QItem*>& list,
                               IssueList& issues) {
  auto report = [&](Severity s, std::string msg, const Node* at) {
    issues.add(s, "business-rule", std::move(msg), model::Document::path_of(at), at->line, at->column,
               "questionnaire-enablewhen");
  };
  // The child of `ancestor` (or a root item when null) whose subtree holds `item`.
  auto branch_index = [&](const QItem* ancestor, const QItem* item) -> int {
    const std::vector<const QItem*>& kids = ancestor ? ancestor->children : index.roots();
    for (const QItem* i = item; i; i = i->parent)
      if (i->parent == ancestor) {
        auto it = std::find(kids.begin(), kids.end(), i);
        return it == kids.end() ? -1 : static_cast<int>(it - kids.begin());
      }
    return -1;
  };
  for (const QItem* item : list) {
    for (const Node* ew : children_named(item->node, "enableWhen")) {
      std::string_view question = model::child_text(ew, "question");
      if (question.empty()) {
        report(Severity::Error, "an enableWhen has no question", item->node);
        continue;
      }
      if (QuestionnaireIndex::find_in(item->children, question)) {
        report(Severity::Error,
               fmt::format("the enableWhen of '{}' refers to '{}', an item inside it: an item cannot depend on its own "
                           "sub-items",
                           item->link_id, question),
               item->node);
        continue;
      }
      const QItem* target = index.find(question);
      if (!target) {
        report(Severity::Error,
               fmt::format("the enableWhen of '{}' refers to '{}', which is not an item of the questionnaire",
                           item->link_id, question),
               item->node);
        continue;
      }
      if (target == item) {
        report(Severity::Error, fmt::format("the enableWhen of '{}' refers to the item itself", item->link_id),
               item->node);
        continue;
      }
      // Java's isBefore: an ancestor is fine; else compare positions under the closest
      // ancestor that holds both.
      bool before = false, decided = false;
      for (const QItem* p = item->parent; p && !decided; p = p->parent)
        if (p == target) before = decided = true;
      for (const QItem* p = item->parent;; p = p->parent) {
        if (decided) break;
        int i = branch_index(p, item), t = branch_index(p, target);
        if (i > -1 && t > -1) {
          before = i > t;
          decided = true;
        }
        if (!p) break;
      }
      if (!before)
        report(Severity::Warning,
               fmt::format("the enableWhen of '{}' refers to '{}', which comes after it in the questionnaire",
                           item->link_id, question),
               item->node);
    }
    check_enable_when_targets(index, item->children, issues);
  }
}

// --- finding the Questionnaire ------------------------------------------------------------

bool canonical_matches(const Node* resource, std::string_view canonical) {
  std::string_view url = canonical.substr(0, canonical.find('|'));
  if (model::child_text(resource, "url") != url) return false;
  size_t bar = canonical.find('|');
  if (bar == std::string_view::npos) return true;
  std::string_view version = model::child_text(resource, "version");
  return version.empty() || starts_with(version, canonical.substr(bar + 1));
}

const Node* contained_questionnaire(const Node& qr, std::string_view id) {
  for (const Node* c = qr.first_child; c; c = c->next)
    if (c->name == "contained" && c->resource_type == "Questionnaire" && model::child_text(c, "id") == id) return c;
  return nullptr;
}

const Node* bundle_questionnaire(const Node& qr, std::string_view canonical) {
  const Node* bundle = qr.parent;
  while (bundle && bundle->resource_type != "Bundle") bundle = bundle->parent;
  if (!bundle) return nullptr;
  for (const Node* entry = bundle->first_child; entry; entry = entry->next) {
    if (entry->name != "entry") continue;
    const Node* r = entry->child("resource");
    if (r && r->resource_type == "Questionnaire" && canonical_matches(r, canonical)) return r;
  }
  return nullptr;
}

std::optional<model::Document> parse_stored(const definitions::ResourceEntry& entry,
                                            const definitions::TypeModel& types) {
  io::ReadOptions ro;
  ro.types = &types;
  ro.source_name = entry.source;
  IssueList read_issues;  // problems of a definition file are the store's business, not the response's
  auto doc = io::read_json(entry.json, ro, read_issues);
  if (!doc || !doc->root() || doc->root()->resource_type != "Questionnaire") return std::nullopt;
  return doc;
}

}  // namespace

const Node* QuestionnaireCache::find(const definitions::DefinitionStore& store, const definitions::TypeModel& types,
                                     std::string_view canonical) {
  const definitions::ResourceEntry* entry = store.find("Questionnaire", canonical);
  if (!entry) return nullptr;
  std::string key = entry->url + "|" + entry->version;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = parsed_.find(key);
  if (it == parsed_.end()) {
    auto doc = parse_stored(*entry, types);
    it = parsed_.emplace(std::move(key), doc ? std::make_unique<model::Document>(std::move(*doc)) : nullptr).first;
  }
  return it->second ? it->second->root() : nullptr;
}

void check_questionnaire_response(const Node& qr, const Node& questionnaire, QrContext& context, IssueList& issues) {
  ResponseCheck(qr, questionnaire, context, issues).run();
}

void check_questionnaire(const Node& questionnaire, IssueList& issues) {
  QuestionnaireIndex index(questionnaire);
  check_enable_when_targets(index, index.roots(), issues);
}

void check_questionnaire_rules(const Node& resource, const QuestionnaireLookup& lookup, QrContext& context,
                               IssueList& issues) {
  if (resource.resource_type == "Questionnaire") {
    check_questionnaire(resource, issues);
    return;
  }
  if (resource.resource_type != "QuestionnaireResponse") return;
  const Node* ref = resource.child("questionnaire");
  std::string_view canonical = model::child_text(&resource, "questionnaire");
  if (canonical.empty() && ref) canonical = model::child_text(ref, "reference");  // STU3-style Reference
  auto report = [&](Severity s, const char* code, std::string msg, const Node* at) {
    issues.add(s, code, std::move(msg), model::Document::path_of(at), at->line, at->column, "questionnaire-resolve");
  };
  if (canonical.empty()) {
    report(Severity::Information, "required",
           "the response names no questionnaire, so its answers were not checked against one", &resource);
    return;
  }
  const Node* questionnaire = nullptr;
  std::optional<model::Document> owned;
  if (starts_with(canonical, "#")) {
    questionnaire = contained_questionnaire(resource, canonical.substr(1));
  } else {
    questionnaire = bundle_questionnaire(resource, canonical);
    if (!questionnaire && lookup.store && context.types) {
      if (lookup.cache) {
        questionnaire = lookup.cache->find(*lookup.store, *context.types, canonical);
      } else if (const definitions::ResourceEntry* e = lookup.store->find("Questionnaire", canonical)) {
        owned = parse_stored(*e, *context.types);
        if (owned) questionnaire = owned->root();
      }
    }
  }
  if (!questionnaire) {
    if (lookup.store && !starts_with(canonical, "#"))
      if (const definitions::ResourceEntry* other = lookup.store->find(canonical);
          other && other->resource_type != "Questionnaire")
        report(Severity::Error, "invalid",
               fmt::format("the questionnaire {} is a {}, not a Questionnaire", canonical, other->resource_type),
               ref ? ref : &resource);
    bool example = starts_with(canonical, "http://example.org") || starts_with(canonical, "https://example.org");
    report(example ? Severity::Information : Severity::Warning, "not-found",
           fmt::format("the questionnaire {} could not be resolved, so the answers were not checked against it",
                       canonical),
           ref ? ref : &resource);
    return;
  }
  check_questionnaire_response(resource, *questionnaire, context, issues);
}

}  // namespace renkei::validation
