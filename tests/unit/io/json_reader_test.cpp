#include <gtest/gtest.h>

#include "io/fhir_reader.hpp"
#include "io/fhir_writer.hpp"

using namespace renkei;

namespace {

std::optional<model::Document> parse(std::string_view json, IssueList& issues, Limits limits = {}) {
  io::ReadOptions o;
  o.limits = limits;
  return io::read_json(json, o, issues);
}

std::string roundtrip(std::string_view json) {
  IssueList issues;
  auto doc = parse(json, issues);
  EXPECT_TRUE(doc) << (issues.empty() ? "" : issues.items()[0].message);
  if (!doc) return {};
  return io::write_json(*doc->root(), {});
}

const Issue& first(const IssueList& l) { return l.items().front(); }

}  // namespace

TEST(JsonReader, KeepsDecimalsAndOrderByteForByte) {
  std::string in = R"({"resourceType":"Observation","valueQuantity":{"value":1.50,"unit":"mg"},"x":1e3,"b":true})";
  EXPECT_EQ(roundtrip(in), in);
}

TEST(JsonReader, PrimitiveExtensionsMergeWithValues) {
  std::string in = R"({"resourceType":"Patient","name":[{"given":["Taro",null],"_given":[null,{"extension":[{"url":"u","valueString":"x"}]}]}],"_birthDate":{"id":"b1"},"birthDate":"1970-01-01"})";
  IssueList issues;
  auto doc = parse(in, issues);
  ASSERT_TRUE(doc);
  EXPECT_FALSE(issues.has_errors());
  const model::Node* name = doc->root()->child("name");
  ASSERT_TRUE(name);
  const model::Node* g0 = name->child("given");
  ASSERT_TRUE(g0 && g0->next);
  EXPECT_EQ(g0->text, "Taro");
  EXPECT_FALSE(g0->next->has_value());
  EXPECT_TRUE(g0->next->child("extension"));
  const model::Node* bd = doc->root()->child("birthDate");
  EXPECT_EQ(bd->text, "1970-01-01");
  EXPECT_EQ(bd->child("id")->text, "b1");
  // Written back: values first, then the _ form, both as arrays aligned by position.
  EXPECT_EQ(io::write_json(*doc->root(), {}),
            R"({"resourceType":"Patient","name":[{"given":["Taro",null],"_given":[null,{"extension":[{"url":"u","valueString":"x"}]}]}],"birthDate":"1970-01-01","_birthDate":{"id":"b1"}})");
}

TEST(JsonReader, SameNameIndexesFollowArrayPositionsWhicheverOfKeyAndUnderscoreKeyComesFirst) {
  for (std::string_view in :
       {R"({"resourceType":"Patient","name":[{"_given":[{"id":"a"},null],"given":["A","B","C"],"family":"F"},{"family":"G"}]})",
        R"({"resourceType":"Patient","name":[{"given":["A","B","C"],"family":"F","_given":[{"id":"a"},null,{"id":"c"},{"id":"d"}]},{"family":"G"}]})"}) {
    IssueList issues;
    auto doc = parse(in, issues);
    ASSERT_TRUE(doc) << in;
    const model::Node* name = doc->root()->child("name");
    uint32_t expected = 0;
    for (const model::Node* c = name->first_child; c; c = c->next)
      if (c->name == "given") {
        EXPECT_EQ(c->index, expected++) << in;
      }
    EXPECT_GE(expected, 3u);
    EXPECT_EQ(name->child("family")->index, 0u);
    EXPECT_EQ(name->next->index, 1u);  // the second name
    EXPECT_EQ(model::Document::path_of(name->next->child("family")), "Patient.name[1].family");
  }
}

TEST(JsonReader, NestedResourcesAndPaths) {
  IssueList issues;
  auto doc = parse(R"({"resourceType":"Bundle","entry":[{"fullUrl":"urn:uuid:1"},{"resource":{"resourceType":"Patient",
    "name":[{"family":"Yamada"},{"family":"山田"}]}}]})", issues);
  ASSERT_TRUE(doc);
  const model::Node* e1 = doc->root()->first_child->next;
  const model::Node* res = e1->child("resource");
  ASSERT_TRUE(res && res->is_resource());
  EXPECT_EQ(res->resource_type, "Patient");
  const model::Node* fam = res->first_child->next->child("family");
  EXPECT_EQ(model::Document::path_of(fam), "Bundle.entry[1].resource.name[1].family");
  EXPECT_EQ(fam->text, "山田");
  EXPECT_EQ(fam->line, 2u);
}

TEST(JsonReader, SyntaxErrorsHaveLineAndColumn) {
  IssueList issues;
  EXPECT_FALSE(parse("{\"resourceType\":\"Patient\",\n  \"active\": tru }", issues));
  ASSERT_EQ(issues.items().size(), 1u);
  EXPECT_EQ(first(issues).severity, Severity::Fatal);
  EXPECT_EQ(first(issues).line, 2u);
  EXPECT_EQ(first(issues).column, 13u);
}

TEST(JsonReader, UnterminatedStringPointsAtItsStart) {
  IssueList issues;
  EXPECT_FALSE(parse("{\"resourceType\":\"Patient\",\n\"id\":\"abc}", issues));
  EXPECT_EQ(first(issues).line, 2u);
  EXPECT_EQ(first(issues).column, 6u);
  EXPECT_NE(first(issues).message.find("unterminated"), std::string::npos);
}

TEST(JsonReader, RejectsDuplicateKeys) {
  IssueList issues;
  EXPECT_FALSE(parse(R"({"resourceType":"Patient","id":"a","id":"b"})", issues));
  EXPECT_NE(first(issues).message.find("duplicate key 'id'"), std::string::npos);
}

TEST(JsonReader, RejectsNonResources) {
  IssueList a, b, c;
  EXPECT_FALSE(parse(R"({"id":"a"})", a));
  EXPECT_NE(first(a).message.find("resourceType"), std::string::npos);
  EXPECT_FALSE(parse("[1,2]", b));
  EXPECT_FALSE(parse("", c));
}

TEST(JsonReader, InvalidUtf8IsAnError) {
  IssueList issues;
  std::string bad = "{\"resourceType\":\"Patient\",\"id\":\"a\xC3\x28\"}";
  EXPECT_FALSE(parse(bad, issues));
  EXPECT_NE(first(issues).message.find("UTF-8"), std::string::npos) << first(issues).message;
}

TEST(JsonReader, NestingBeyondTheLimitIsRefusedWithoutRecursion) {
  std::string deep = R"({"resourceType":"Patient","extension":)";
  for (int i = 0; i < 100000; ++i) deep += R"([{"extension":)";
  IssueList issues;
  Limits limits;
  EXPECT_FALSE(parse(deep, issues, limits));
  EXPECT_EQ(first(issues).severity, Severity::Fatal);
  EXPECT_NE(first(issues).message.find("--max-depth"), std::string::npos) << first(issues).message;
}

TEST(JsonReader, TrailingContentIsAnError) {
  IssueList issues;
  EXPECT_FALSE(parse(R"({"resourceType":"Patient"} {"resourceType":"Patient"})", issues));
  EXPECT_NE(first(issues).message.find("trailing"), std::string::npos) << first(issues).message;
}

TEST(JsonReader, EmptyArraysAndStringsAreErrorsButParse) {
  IssueList issues;
  auto doc = parse(R"({"resourceType":"Patient","name":[],"id":""})", issues);
  ASSERT_TRUE(doc);
  EXPECT_EQ(issues.count(Severity::Error), 2u);
}

TEST(JsonReader, InputSizeLimit) {
  IssueList issues;
  Limits limits;
  limits.max_input_bytes = 10;
  EXPECT_FALSE(parse(R"({"resourceType":"Patient"})", issues, limits));
  EXPECT_NE(first(issues).message.find("--max-input-size"), std::string::npos);
}

TEST(JsonWriter, PrettyIsDeterministicAndParsesBack) {
  std::string in = R"({"resourceType":"Patient","name":[{"family":"山田","given":["太郎"]}],"active":true})";
  IssueList issues;
  auto doc = parse(in, issues);
  io::WriteOptions w;
  w.pretty = true;
  std::string a = io::write_json(*doc->root(), w);
  EXPECT_EQ(a, io::write_json(*doc->root(), w));
  EXPECT_NE(a.find("\n  \"name\": ["), std::string::npos) << a;
  EXPECT_EQ(roundtrip(a), in);
}

TEST(JsonWriter, EscapesControlCharacters) {
  std::string in = "{\"resourceType\":\"Patient\",\"id\":\"a\\u0001\\\"\\n\"}";
  EXPECT_EQ(roundtrip(in), in);
}
