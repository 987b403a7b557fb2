#include <gtest/gtest.h>

#include <regex>

#include "documents/document_ids.hpp"
#include "documents/section_narrative.hpp"

namespace renkei::documents {
namespace {

TEST(DocumentIds, AreNameBasedVersion5UuidsThatDependOnEveryPart) {
  DocumentIds a("http://renkei.example.jp/fhir", "form-a", {"131011", "0000012345", "2023-04-01"});
  std::string id = a.uuid("Patient[patient]");
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))) << id;
  EXPECT_EQ(id, a.uuid("Patient[patient]"));
  EXPECT_EQ(a.urn("Patient[patient]"), "urn:uuid:" + id);
  EXPECT_NE(id, a.uuid("Patient[other]"));
  EXPECT_NE(id, DocumentIds("http://renkei.example.jp/fhir", "form-b", {"131011", "0000012345", "2023-04-01"})
                    .uuid("Patient[patient]"));
  EXPECT_NE(id, DocumentIds("http://renkei.example.jp/fhir", "form-a", {"131011", "0000012345", "2023-04-02"})
                    .uuid("Patient[patient]"));
  // Key boundaries matter: ("a|b", "c") is not ("a", "b|c").
  EXPECT_NE(DocumentIds("n", "f", {"a|b", "c"}).uuid("r"), DocumentIds("n", "f", {"a", "b|c"}).uuid("r"));
}

TEST(SectionNarrative, EscapesMarkupAndKeepsLineBreaks) {
  NarrativeRows rows{{"問題点 <1>", {"a & b\nc", "d"}}};
  EXPECT_EQ(narrative_div(rows),
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><table><tbody><tr><th>問題点 &lt;1&gt;</th>"
            "<td>a &amp; b<br/>c<br/>d</td></tr></tbody></table></div>");
}

}  // namespace
}  // namespace renkei::documents
