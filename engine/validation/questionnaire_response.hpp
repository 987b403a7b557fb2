#pragma once
// QuestionnaireResponse against its Questionnaire, following the HL7 Java validator's
// QuestionnaireValidator and EnableWhenEvaluator:
//  - every response item's linkId is an item of the Questionnaire, at the right level and in order;
//  - required items are answered (errors for a completed response, warnings while in-progress),
//    items answered only once unless they repeat, at most questionnaire-maxOccurs answers;
//  - each answer has the value type of its item (choice and open-choice: Coding, date, time,
//    integer, string) and meets the item's answerOption, answerValueSet (ValueSets Renkei
//    holds; otherwise reported as not checked), optionExclusive, maxLength, minValue/maxValue,
//    maxDecimalPlaces, min/maxQuantity, unitOption/unitValueSet, mimeType, maxSize and
//    referenceResource rules;
//  - enableWhen / enableBehavior (and the SDC and Finnish enableWhen expression extensions):
//    answers to disabled items are errors, a disabled required item may stay unanswered;
//  - groups carry items but no answers, display items carry neither, questions nest their
//    items under answers.
// Questionnaires themselves: an enableWhen must name an existing item outside its own subtree,
// not itself, and (a warning otherwise) one that comes before it.
//
// Messages name linkIds and Questionnaire URLs (definitions, not patient data); answer values
// are quoted only with show_values.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/issue.hpp"
#include "common/limits.hpp"
#include "model/document.hpp"

namespace renkei::definitions {
class DefinitionStore;
class TypeModel;
}  // namespace renkei::definitions

namespace renkei::fhirpath {
class ExpressionCache;
}

namespace renkei::validation {

class Terminology;

// Questionnaires resolved from a DefinitionStore, parsed once and kept for the cache's life.
// Thread-safe; intended to live as long as the Validator that uses it.
class QuestionnaireCache {
 public:
  // The parsed Questionnaire the store holds under `canonical` ("url" or "url|version"), or
  // nullptr. Parse problems of a held Questionnaire are cached as nullptr too.
  const model::Node* find(const definitions::DefinitionStore& store, const definitions::TypeModel& types,
                          std::string_view canonical);

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<model::Document>, std::less<>> parsed_;  // by store entry url|version
};

struct QrContext {
  const definitions::TypeModel* types = nullptr;     // resource type names for reference answers
  const Terminology* terminology = nullptr;          // answerValueSet / unitValueSet; null: not checked
  fhirpath::ExpressionCache* expressions = nullptr;  // enableWhen expressions; null: compiled per use
  bool show_values = false;                          // quote answer values in messages
  uint64_t max_fhirpath_steps = Limits{}.max_fhirpath_steps;
};

// Checks a QuestionnaireResponse (its root node) against the Questionnaire (a resource node).
void check_questionnaire_response(const model::Node& qr, const model::Node& questionnaire, QrContext& context,
                                  IssueList& issues);

// Checks the enableWhen references of a Questionnaire's items.
void check_questionnaire(const model::Node& questionnaire, IssueList& issues);

// Where QuestionnaireResponse.questionnaire is looked for: a contained resource ("#id"), a
// Questionnaire entry of the enclosing Bundle with that url, then the store.
struct QuestionnaireLookup {
  const definitions::DefinitionStore* store = nullptr;
  QuestionnaireCache* cache = nullptr;  // null: a stored Questionnaire is parsed on every use
};

// The validator's entry point: for a QuestionnaireResponse, resolves its Questionnaire
// (reporting when it cannot: a warning, an error when the canonical names another resource
// type) and checks it; for a Questionnaire, check_questionnaire. Other resources: nothing.
void check_questionnaire_rules(const model::Node& resource, const QuestionnaireLookup& lookup, QrContext& context,
                               IssueList& issues);

}  // namespace renkei::validation
