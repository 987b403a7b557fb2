// JSON with comments (ReadOptions::allow_json_comments), as the HL7 validator's allow-comments.
#include <gtest/gtest.h>

#include "io/fhir_reader.hpp"
#include "io/json_syntax.hpp"

namespace renkei {
namespace {

constexpr std::string_view kCommented = R"(// leading comment
{
  "resourceType" : "Patient", /* block
  comment over lines */ "id" : "p1",
  "name" : [ { "family" : "Simmons" // after a value
  } ],
  "telecom" : [ { "value" : "http://example.org/a//b/*c*/" } ]
})";

std::optional<model::Document> read(std::string_view json, bool allow, IssueList& issues) {
  io::ReadOptions o;
  o.allow_json_comments = allow;
  return io::read_json(json, o, issues);
}

TEST(JsonComments, ReadAsWhitespaceWhenAllowed) {
  IssueList issues;
  auto doc = read(kCommented, true, issues);
  ASSERT_TRUE(doc) << (issues.items().empty() ? "" : issues.items().front().message);
  EXPECT_TRUE(issues.items().empty());
  const model::Node* root = doc->root();
  EXPECT_EQ(root->child("id")->text, "p1");
  // Positions are those of the input: "id" stands on line 4, after the block comment.
  EXPECT_EQ(root->child("id")->line, 4u);
  // Slashes inside strings are content, not comments.
  EXPECT_EQ(root->child("telecom")->child("value")->text, "http://example.org/a//b/*c*/");
}

TEST(JsonComments, AreSyntaxErrorsOtherwise) {
  IssueList issues;
  EXPECT_FALSE(read(kCommented, false, issues));
  ASSERT_FALSE(issues.items().empty());
  EXPECT_EQ(issues.items().front().line, 1u);
}

TEST(JsonComments, BlankingKeepsLinesAndLeavesCommentFreeInputAlone) {
  EXPECT_FALSE(io::blank_json_comments(R"({"a":"http://x/y"})"));
  EXPECT_FALSE(io::blank_json_comments(R"({"a":1})"));
  EXPECT_EQ(*io::blank_json_comments("{/*x\ny*/\"a\":1} // z"), "{   \n   \"a\":1}     ");
  EXPECT_EQ(*io::blank_json_comments("{\"a\":\"\\\"//\"}//c"), "{\"a\":\"\\\"//\"}   ");
}

TEST(JsonComments, SniffedAsJson) {
  EXPECT_EQ(io::sniff_format("// comment\n{}"), io::Format::Json);
  EXPECT_EQ(io::sniff_format("/* a */ /* b */\n {}"), io::Format::Json);
  EXPECT_EQ(io::sniff_format("/ {}"), std::nullopt);
  EXPECT_EQ(io::sniff_format("// only a comment"), std::nullopt);
}

}  // namespace
}  // namespace renkei
