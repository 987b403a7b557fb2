// QuestionnaireResponse against its Questionnaire: small 看護 (nursing) questionnaires written
// here, checked directly and through the Validator.
#include "validation/questionnaire_response.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "validation/terminology.hpp"
#include "validation_test_support.hpp"

namespace renkei::validation {
namespace {

using testing::core;

// 訪問看護アセスメント: a nursing assessment with groups, options, enableWhen and bounds.
constexpr std::string_view kQuestionnaire = R"({
  "resourceType": "Questionnaire",
  "id": "kango",
  "url": "http://example.jp/fhir/Questionnaire/houmon-kango-assessment",
  "status": "active",
  "item": [
    {"linkId": "bathing", "text": "入浴介助の要否", "type": "boolean", "required": true},
    {"linkId": "bathing-method", "text": "入浴方法", "type": "choice", "required": true,
     "enableWhen": [{"question": "bathing", "operator": "=", "answerBoolean": true}],
     "answerOption": [
       {"valueCoding": {"system": "http://example.jp/CodeSystem/bathing", "code": "shower", "display": "シャワー浴"}},
       {"valueCoding": {"system": "http://example.jp/CodeSystem/bathing", "code": "bed", "display": "清拭"}},
       {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive", "valueBoolean": true}],
        "valueCoding": {"system": "http://example.jp/CodeSystem/bathing", "code": "none", "display": "実施なし"}}],
     "repeats": true},
    {"linkId": "vitals", "text": "バイタルサイン", "type": "group", "item": [
      {"linkId": "pulse", "text": "脈拍", "type": "integer",
       "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 20},
                     {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 250}]},
      {"linkId": "temperature", "text": "体温", "type": "decimal",
       "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces", "valueInteger": 1}]}
    ]},
    {"linkId": "fall", "text": "転倒歴", "type": "boolean", "item": [
      {"linkId": "fall-date", "text": "転倒日", "type": "date"},
      {"linkId": "fall-injury", "text": "外傷の有無", "type": "boolean"}
    ]},
    {"linkId": "fall-followup", "text": "受診状況", "type": "string",
     "enableWhen": [{"question": "fall-injury", "operator": "=", "answerBoolean": true}]},
    {"linkId": "note", "text": "特記事項", "type": "string", "maxLength": 10},
    {"linkId": "sex", "text": "性別", "type": "choice", "answerValueSet": "http://hl7.org/fhir/ValueSet/administrative-gender"},
    {"linkId": "falls-any", "text": "転倒リスク", "type": "string", "enableBehavior": "any",
     "enableWhen": [{"question": "bathing", "operator": "=", "answerBoolean": true},
                    {"question": "pulse", "operator": ">", "answerInteger": 100}]}
  ]
})";

struct Parsed {
  std::optional<model::Document> doc;
  const model::Node* root() const { return doc ? doc->root() : nullptr; }
};

Parsed parse(testing::CoreFixture* fx, std::string_view json) {
  io::ReadOptions ro;
  ro.types = fx->types.get();
  IssueList issues;
  Parsed p;
  p.doc = io::read_json(json, ro, issues);
  EXPECT_TRUE(p.doc) << (issues.empty() ? "" : issues.items()[0].message);
  return p;
}

std::string response(std::string_view status, std::string_view items) {
  return std::string(R"({"resourceType": "QuestionnaireResponse", "questionnaire": "http://example.jp/fhir/Questionnaire/houmon-kango-assessment", "status": ")") +
         std::string(status) + R"(", "item": [)" + std::string(items) + "]}";
}

class QuestionnaireResponseTest : public ::testing::Test {
 protected:
  IssueList check(std::string_view status, std::string_view items, bool show_values = false) {
    auto* fx = core();
    Parsed q = parse(fx, kQuestionnaire);
    Parsed qr = parse(fx, response(status, items));
    IssueList issues;
    if (!q.root() || !qr.root()) return issues;
    static Terminology terminology(fx->store);
    QrContext ctx;
    ctx.types = fx->types.get();
    ctx.terminology = &terminology;
    ctx.show_values = show_values;
    check_questionnaire_response(*qr.root(), *q.root(), ctx, issues);
    return issues;
  }

  void SetUp() override {
    if (!core()) GTEST_SKIP() << "no FHIR R4 core definitions (run make setup or provide ../shared)";
  }
};

std::string describe(const IssueList& issues) {
  std::string out;
  for (const Issue& i : issues.items())
    out += std::string(to_string(i.severity)) + " " + i.expression + ": " + i.message + "\n";
  return out;
}

size_t count_with(const IssueList& issues, Severity s, std::string_view fragment) {
  size_t n = 0;
  for (const Issue& i : issues.items()) n += i.severity == s && i.message.find(fragment) != std::string::npos;
  return n;
}

constexpr std::string_view kBathingNo = R"({"linkId": "bathing", "answer": [{"valueBoolean": false}]})";
constexpr std::string_view kBathingYes = R"({"linkId": "bathing", "answer": [{"valueBoolean": true}]})";
constexpr std::string_view kShower =
    R"({"linkId": "bathing-method", "answer": [{"valueCoding": {"system": "http://example.jp/CodeSystem/bathing", "code": "shower"}}]})";

TEST_F(QuestionnaireResponseTest, CompleteResponseHasNoIssues) {
  std::string items = std::string(kBathingYes) + "," + std::string(kShower) +
                      R"(, {"linkId": "vitals", "item": [{"linkId": "pulse", "answer": [{"valueInteger": 72}]},
                           {"linkId": "temperature", "answer": [{"valueDecimal": 36.5}]}]},
                         {"linkId": "fall", "answer": [{"valueBoolean": true,
                           "item": [{"linkId": "fall-date", "answer": [{"valueDate": "2024-04-01"}]}]}]},
                         {"linkId": "note", "answer": [{"valueString": "夜間せん妄"}]},
                         {"linkId": "sex", "answer": [{"valueCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": "female"}}]})";
  IssueList issues = check("completed", items);
  EXPECT_FALSE(issues.has_errors()) << describe(issues);
  EXPECT_EQ(issues.count(Severity::Warning), 0u) << describe(issues);
}

TEST_F(QuestionnaireResponseTest, RequiredItemMissingIsAnErrorOnlyWhenCompleted) {
  IssueList completed = check("completed", "");
  EXPECT_EQ(count_with(completed, Severity::Error, "required item 'bathing'"), 1u) << describe(completed);
  IssueList in_progress = check("in-progress", "");
  EXPECT_FALSE(in_progress.has_errors()) << describe(in_progress);
  EXPECT_EQ(count_with(in_progress, Severity::Warning, "required item 'bathing'"), 1u) << describe(in_progress);
  // An item present without an answer counts as missing.
  IssueList empty_item = check("completed", R"({"linkId": "bathing"})");
  EXPECT_EQ(count_with(empty_item, Severity::Error, "required item 'bathing'"), 1u) << describe(empty_item);
}

TEST_F(QuestionnaireResponseTest, DisabledItemsMayStayUnansweredButMustNotBeAnswered) {
  // bathing = false disables the required bathing-method: leaving it out is fine.
  IssueList unanswered = check("completed", kBathingNo);
  EXPECT_FALSE(unanswered.has_errors()) << describe(unanswered);
  // ... answering it is not.
  IssueList answered = check("completed", std::string(kBathingNo) + "," + std::string(kShower));
  EXPECT_EQ(count_with(answered, Severity::Error, "enableWhen"), 1u) << describe(answered);
  // bathing = true enables it, so it is required.
  IssueList enabled = check("completed", kBathingYes);
  EXPECT_EQ(count_with(enabled, Severity::Error, "required item 'bathing-method'"), 1u) << describe(enabled);
}

TEST_F(QuestionnaireResponseTest, EnableBehaviorAnyNeedsOneCondition) {
  std::string falls = R"({"linkId": "falls-any", "answer": [{"valueString": "高"}]})";
  std::string high_pulse = R"({"linkId": "vitals", "item": [{"linkId": "pulse", "answer": [{"valueInteger": 120}]}]})";
  std::string low_pulse = R"({"linkId": "vitals", "item": [{"linkId": "pulse", "answer": [{"valueInteger": 80}]}]})";
  IssueList by_pulse = check("completed", std::string(kBathingNo) + "," + high_pulse + "," + falls);
  EXPECT_FALSE(by_pulse.has_errors()) << describe(by_pulse);
  IssueList by_none = check("completed", std::string(kBathingNo) + "," + low_pulse + "," + falls);
  EXPECT_EQ(count_with(by_none, Severity::Error, "enableWhen"), 1u) << describe(by_none);
}

TEST_F(QuestionnaireResponseTest, EnableWhenSeesQuestionsNestedUnderAnswers) {
  auto items = [](std::string_view injury) {
    return std::string(kBathingNo) + R"(, {"linkId": "fall", "answer": [{"valueBoolean": true,
               "item": [{"linkId": "fall-injury", "answer": [{"valueBoolean": )" + std::string(injury) + R"(}]}]}]},
             {"linkId": "fall-followup", "answer": [{"valueString": "整形外科受診"}]})";
  };
  IssueList enabled = check("completed", items("true"));
  EXPECT_FALSE(enabled.has_errors()) << describe(enabled);
  IssueList disabled = check("completed", items("false"));
  EXPECT_EQ(count_with(disabled, Severity::Error, "'fall-followup' has an answer"), 1u) << describe(disabled);
}

TEST_F(QuestionnaireResponseTest, UnknownMisplacedAndRepeatedItems) {
  IssueList unknown = check("completed", std::string(kBathingNo) + R"(, {"linkId": "blood-sugar", "answer": [{"valueInteger": 1}]})");
  EXPECT_EQ(count_with(unknown, Severity::Error, "'blood-sugar' is not an item"), 1u) << describe(unknown);
  // pulse belongs inside the vitals group.
  IssueList misplaced = check("completed", std::string(kBathingNo) + R"(, {"linkId": "pulse", "answer": [{"valueInteger": 70}]})");
  EXPECT_EQ(count_with(misplaced, Severity::Error, "wrong place"), 1u) << describe(misplaced);
  IssueList twice = check("completed", R"({"linkId": "bathing", "answer": [{"valueBoolean": false}, {"valueBoolean": true}]})");
  EXPECT_EQ(count_with(twice, Severity::Error, "only one answer"), 1u) << describe(twice);
  IssueList two_items = check("completed", std::string(kBathingNo) + "," + std::string(kBathingNo));
  EXPECT_EQ(count_with(two_items, Severity::Error, "only one response item"), 1u) << describe(two_items);
}

TEST_F(QuestionnaireResponseTest, AnswerTypeMustMatchItemType) {
  IssueList issues = check("completed", R"({"linkId": "bathing", "answer": [{"valueString": "はい"}]})");
  EXPECT_EQ(count_with(issues, Severity::Error, "must be a boolean, not a string"), 1u) << describe(issues);
}

TEST_F(QuestionnaireResponseTest, GroupsHaveNoAnswersAndQuestionsNestUnderAnswers) {
  IssueList group_answer = check("completed", std::string(kBathingNo) + R"(, {"linkId": "vitals", "answer": [{"valueString": "x"}]})");
  EXPECT_EQ(count_with(group_answer, Severity::Error, "items of type group have no answers"), 1u) << describe(group_answer);
  IssueList direct_child = check("completed", std::string(kBathingNo) +
      R"(, {"linkId": "fall", "answer": [{"valueBoolean": true}], "item": [{"linkId": "fall-date", "answer": [{"valueDate": "2024-04-01"}]}]})");
  EXPECT_EQ(count_with(direct_child, Severity::Error, "cannot have items"), 1u) << describe(direct_child);
}

TEST_F(QuestionnaireResponseTest, AnswerOptionsAndExclusiveOption) {
  std::string other = R"({"linkId": "bathing-method", "answer": [{"valueCoding": {"system": "http://example.jp/CodeSystem/bathing", "code": "sauna"}}]})";
  IssueList not_option = check("completed", std::string(kBathingYes) + "," + other);
  EXPECT_EQ(count_with(not_option, Severity::Error, "not one of the permitted options"), 1u) << describe(not_option);
  std::string exclusive = R"({"linkId": "bathing-method", "answer": [
      {"valueCoding": {"system": "http://example.jp/CodeSystem/bathing", "code": "shower"}},
      {"valueCoding": {"system": "http://example.jp/CodeSystem/bathing", "code": "none"}}]})";
  IssueList with_exclusive = check("completed", std::string(kBathingYes) + "," + exclusive);
  EXPECT_EQ(count_with(with_exclusive, Severity::Error, "exclusive"), 1u) << describe(with_exclusive);
}

TEST_F(QuestionnaireResponseTest, AnswerValueSetHeldByRenkei) {
  std::string bad = R"({"linkId": "sex", "answer": [{"valueCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": "neutral"}}]})";
  IssueList issues = check("completed", std::string(kBathingNo) + "," + bad);
  EXPECT_EQ(count_with(issues, Severity::Error, "options value set"), 1u) << describe(issues);
}

TEST_F(QuestionnaireResponseTest, ContainedAnswerValueSet) {
  Parsed q = parse(core(), R"({"resourceType": "Questionnaire", "status": "active",
    "contained": [{"resourceType": "ValueSet", "id": "pain", "status": "active", "compose": {"include": [
      {"system": "http://example.jp/CodeSystem/pain", "concept": [{"code": "0", "display": "痛みなし"}, {"code": "1", "display": "軽度"}]}]}}],
    "item": [{"linkId": "pain", "text": "痛みの程度", "type": "choice", "answerValueSet": "#pain"}]})");
  auto answer = [](std::string_view code) {
    return R"({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [{"linkId": "pain", "answer": [
      {"valueCoding": {"system": "http://example.jp/CodeSystem/pain", "code": ")" + std::string(code) + R"("}}]}]})";
  };
  QrContext ctx;
  ctx.types = core()->types.get();
  for (auto [code, errors] : {std::pair{"1", 0u}, std::pair{"5", 1u}}) {
    Parsed qr = parse(core(), answer(code));
    IssueList issues;
    check_questionnaire_response(*qr.root(), *q.root(), ctx, issues);
    EXPECT_EQ(count_with(issues, Severity::Error, "options value set #pain"), errors) << code << "\n" << describe(issues);
  }
}

TEST_F(QuestionnaireResponseTest, BoundsDecimalPlacesAndMaxLength) {
  std::string items = std::string(kBathingNo) +
                      R"(, {"linkId": "vitals", "item": [{"linkId": "pulse", "answer": [{"valueInteger": 300}]},
                           {"linkId": "temperature", "answer": [{"valueDecimal": 36.55}]}]},
                         {"linkId": "note", "answer": [{"valueString": "とても長い特記事項がここに書かれています"}]})";
  IssueList issues = check("completed", items);
  EXPECT_EQ(count_with(issues, Severity::Error, "greater than the allowed maximum"), 1u) << describe(issues);
  EXPECT_EQ(count_with(issues, Severity::Error, "decimal places"), 1u) << describe(issues);
  EXPECT_EQ(count_with(issues, Severity::Error, "maxLength"), 1u) << describe(issues);
}

TEST_F(QuestionnaireResponseTest, AnswerValuesAppearOnlyWithShowValues) {
  std::string items = std::string(kBathingNo) +
                      R"(, {"linkId": "vitals", "item": [{"linkId": "pulse", "answer": [{"valueInteger": 300}]}]})";
  IssueList hidden = check("completed", items);
  for (const Issue& i : hidden.items()) EXPECT_EQ(i.message.find("300"), std::string::npos) << i.message;
  EXPECT_EQ(count_with(check("completed", items, true), Severity::Error, "'300'"), 1u);
}

TEST_F(QuestionnaireResponseTest, QuestionnaireEnableWhenTargets) {
  Parsed q = parse(core(), R"({"resourceType": "Questionnaire", "status": "draft", "item": [
      {"linkId": "g", "type": "group", "enableWhen": [{"question": "inner", "operator": "exists", "answerBoolean": true}],
       "item": [{"linkId": "inner", "type": "boolean"}]},
      {"linkId": "a", "type": "boolean", "enableWhen": [{"question": "missing", "operator": "exists", "answerBoolean": true}]},
      {"linkId": "b", "type": "boolean", "enableWhen": [{"question": "c", "operator": "exists", "answerBoolean": true}]},
      {"linkId": "c", "type": "boolean"}]})");
  ASSERT_TRUE(q.root());
  IssueList issues;
  check_questionnaire(*q.root(), issues);
  EXPECT_EQ(count_with(issues, Severity::Error, "inside it"), 1u) << describe(issues);
  EXPECT_EQ(count_with(issues, Severity::Error, "not an item of the questionnaire"), 1u) << describe(issues);
  EXPECT_EQ(count_with(issues, Severity::Warning, "comes after it"), 1u) << describe(issues);
  EXPECT_EQ(issues.items().size(), 3u) << describe(issues);
}

TEST_F(QuestionnaireResponseTest, ResolvesContainedQuestionnaireThroughTheValidator) {
  std::string q(kQuestionnaire);
  std::string qr = R"({"resourceType": "QuestionnaireResponse", "contained": [)" + q +
                   R"(], "questionnaire": "#kango", "status": "completed", "item": [{"linkId": "bathing", "answer": [{"valueString": "はい"}]}]})";
  IssueList issues = testing::validate_json(core(), qr);
  EXPECT_EQ(count_with(issues, Severity::Error, "must be a boolean"), 1u) << describe(issues);
}

TEST_F(QuestionnaireResponseTest, UnresolvedOrWrongTypeQuestionnaire) {
  auto* fx = core();
  QrContext ctx;
  ctx.types = fx->types.get();
  QuestionnaireLookup lookup{&fx->store, nullptr};
  Parsed unknown = parse(fx, R"({"resourceType": "QuestionnaireResponse", "questionnaire": "http://example.jp/Questionnaire/none", "status": "completed"})");
  IssueList u;
  check_questionnaire_rules(*unknown.root(), lookup, ctx, u);
  EXPECT_FALSE(u.has_errors()) << describe(u);
  EXPECT_EQ(count_with(u, Severity::Warning, "could not be resolved"), 1u) << describe(u);
  Parsed value_set = parse(fx, R"({"resourceType": "QuestionnaireResponse", "questionnaire": "http://hl7.org/fhir/ValueSet/administrative-gender", "status": "completed"})");
  IssueList w;
  check_questionnaire_rules(*value_set.root(), lookup, ctx, w);
  EXPECT_EQ(count_with(w, Severity::Error, "not a Questionnaire"), 1u) << describe(w);
}

TEST_F(QuestionnaireResponseTest, StoredQuestionnaireIsParsedOnceByTheCache) {
  auto* fx = core();
  std::filesystem::path file = std::filesystem::temp_directory_path() / "renkei-qr-test-questionnaire.json";
  std::ofstream(file) << kQuestionnaire;
  definitions::DefinitionStore store(fx->store);
  IssueList load;
  ASSERT_TRUE(store.load_file(file.string(), load));
  std::filesystem::remove(file);
  QuestionnaireCache cache;
  const model::Node* first = cache.find(store, *fx->types, "http://example.jp/fhir/Questionnaire/houmon-kango-assessment");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first, cache.find(store, *fx->types, "http://example.jp/fhir/Questionnaire/houmon-kango-assessment"));
  QrContext ctx;
  ctx.types = fx->types.get();
  QuestionnaireLookup lookup{&store, &cache};
  Parsed qr = parse(fx, response("completed", ""));
  IssueList issues;
  check_questionnaire_rules(*qr.root(), lookup, ctx, issues);
  EXPECT_EQ(count_with(issues, Severity::Error, "required item 'bathing'"), 1u) << describe(issues);
}

}  // namespace
}  // namespace renkei::validation
