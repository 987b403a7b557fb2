// FHIR XML reader: the tree it builds (shape, values, positions, narrative) and the issues
// it reports for FHIR-level mistakes in well-formed XML.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <iterator>

#include "io/fhir_reader.hpp"
#include "io/fhir_writer.hpp"
#include "xml_test_support.hpp"

using namespace renkei;

namespace {

#define REQUIRE_R4_TYPES(types)                                                  \
  std::string skip_reason;                                                       \
  const definitions::TypeModel* types = xml_test::r4_types(&skip_reason);        \
  if (!types) GTEST_SKIP() << skip_reason

std::optional<model::Document> read(std::string_view xml, const definitions::TypeModel* types, IssueList& issues) {
  io::ReadOptions options;
  options.types = types;
  return io::read_xml(xml, options, issues);
}

std::string json_of(const model::Document& doc, const definitions::TypeModel* types) {
  return io::write_json(*doc.root(), {types, false});
}

const Issue* find_issue(const IssueList& issues, std::string_view text) {
  for (const Issue& i : issues.items())
    if (i.message.find(text) != std::string::npos) return &i;
  return nullptr;
}

std::string all_messages(const IssueList& issues) {
  std::string out;
  for (const Issue& i : issues.items())
    out += std::to_string(i.line) + ":" + std::to_string(i.column) + " " + i.message + "\n";
  return out;
}

}  // namespace

TEST(XmlReader, NeedsTheDefinitions) {
  IssueList issues;
  EXPECT_FALSE(read(R"(<Patient xmlns="http://hl7.org/fhir"/>)", nullptr, issues));
  ASSERT_EQ(issues.items().size(), 1u);
  EXPECT_EQ(issues.items()[0].severity, Severity::Fatal);
  EXPECT_NE(issues.items()[0].message.find("definitions"), std::string::npos);
}

TEST(XmlReader, BuildsTheJsonShapedTree) {
  REQUIRE_R4_TYPES(types);
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<Patient xmlns="http://hl7.org/fhir" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://hl7.org/fhir ../../schema/patient.xsd">
  <!-- comments are ignored -->
  <id value="p1"/>
  <extension url="http://example.org/age"><valueAge><value value="41.50"/></valueAge></extension>
  <active value="true"/>
  <name id="n1">
    <family value="山田"/>
    <given value="太郎"/>
    <given><extension url="http://example.org/x"><valueBoolean value="false"/></extension></given>
  </name>
  <birthDate id="b1" value="1970-01-01"/>
  <multipleBirthInteger value="2"/>
</Patient>)";
  IssueList issues;
  auto doc = read(xml, types, issues);
  ASSERT_TRUE(doc) << all_messages(issues);
  EXPECT_TRUE(issues.empty()) << all_messages(issues);
  const model::Node* root = doc->root();
  EXPECT_EQ(root->resource_type, "Patient");
  EXPECT_EQ(root->line, 2u);
  EXPECT_EQ(root->column, 1u);
  const model::Node* name = root->child("name");
  ASSERT_TRUE(name);
  EXPECT_TRUE(name->in_array);  // from the definition: Patient.name repeats
  EXPECT_EQ(name->line, 8u);
  EXPECT_EQ(name->column, 3u);
  EXPECT_EQ(name->child("id")->text, "n1");
  const model::Node* given = name->child("given");
  EXPECT_EQ(given->text, "太郎");
  EXPECT_EQ(given->column, 5u);  // characters, not bytes: 山田 is on the line above
  EXPECT_FALSE(given->next->has_value());
  EXPECT_EQ(root->child("active")->value_kind, model::ValueKind::Boolean);
  EXPECT_FALSE(root->child("active")->in_array);
  EXPECT_EQ(root->child("multipleBirthInteger")->value_kind, model::ValueKind::Number);
  EXPECT_EQ(root->child("extension")->child("valueAge")->child("value")->text, "41.50");
  EXPECT_EQ(json_of(*doc, types),
            R"({"resourceType":"Patient","id":"p1","extension":[{"url":"http://example.org/age","valueAge":{"value":41.50}}],)"
            R"("active":true,"name":[{"id":"n1","family":"山田","given":["太郎",null],"_given":[null,{"extension":[{"url":"http://example.org/x","valueBoolean":false}]}]}],)"
            R"("birthDate":"1970-01-01","_birthDate":{"id":"b1"},"multipleBirthInteger":2})");
}

TEST(XmlReader, NestedResourcesBecomeOneNodeLikeJson) {
  REQUIRE_R4_TYPES(types);
  std::string xml = R"(<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/>
<entry><fullUrl value="urn:uuid:1"/><resource><Patient><id value="a"/><contained><Organization><name value="O"/></Organization></contained></Patient></resource></entry>
<entry><resource><Observation><status value="final"/><code><text value="t"/></code></Observation></resource></entry></Bundle>)";
  IssueList issues;
  auto doc = read(xml, types, issues);
  ASSERT_TRUE(doc) << all_messages(issues);
  EXPECT_TRUE(issues.empty()) << all_messages(issues);
  const model::Node* res = doc->root()->child("entry")->child("resource");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->resource_type, "Patient");
  EXPECT_EQ(res->child("contained")->resource_type, "Organization");
  EXPECT_TRUE(res->child("contained")->in_array);
  EXPECT_EQ(model::Document::path_of(res->child("contained")->child("name")),
            "Bundle.entry[0].resource.contained[0].name");
  EXPECT_EQ(json_of(*doc, types),
            R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"a",)"
            R"("contained":[{"resourceType":"Organization","name":"O"}]}},{"resource":{"resourceType":"Observation","status":"final","code":{"text":"t"}}}]})");
}

TEST(XmlReader, KeepsTheNarrativeMarkupAsWritten) {
  REQUIRE_R4_TYPES(types);
  std::string div = R"(<div xmlns="http://www.w3.org/1999/xhtml"><p class='x'>A &amp; B &#160;<br /> <!-- c --></p></div>)";
  std::string xml = R"(<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/>)" + div +
                    R"(</text></Patient>)";
  IssueList issues;
  auto doc = read(xml, types, issues);
  ASSERT_TRUE(doc) << all_messages(issues);
  const model::Node* node = doc->root()->child("text")->child("div");
  ASSERT_TRUE(node);
  EXPECT_EQ(node->value_kind, model::ValueKind::Xhtml);
  EXPECT_EQ(node->text, div);
  EXPECT_EQ(node->line, 1u);
  EXPECT_EQ(node->column, 71u);
}

TEST(XmlReader, ReserialisesANarrativeThatDoesNotDeclareItsNamespace) {
  REQUIRE_R4_TYPES(types);
  // The XHTML namespace bound to a prefix on the root: the markup alone would not be XHTML.
  std::string xml = R"(<Patient xmlns="http://hl7.org/fhir" xmlns:h="http://www.w3.org/1999/xhtml"><text>)"
                    R"(<status value="generated"/><h:div><h:p title="a&quot;b">x &lt; y<h:br/></h:p></h:div></text></Patient>)";
  IssueList issues;
  auto doc = read(xml, types, issues);
  ASSERT_TRUE(doc) << all_messages(issues);
  EXPECT_TRUE(issues.empty()) << all_messages(issues);
  EXPECT_EQ(doc->root()->child("text")->child("div")->text,
            R"(<div xmlns="http://www.w3.org/1999/xhtml"><p title="a&quot;b">x &lt; y<br/></p></div>)");
}

TEST(XmlReader, ReportsFhirMistakesWithLineAndColumn) {
  REQUIRE_R4_TYPES(types);
  struct Case {
    const char* xml;
    const char* message;
    uint32_t line, column;
  };
  const Case cases[] = {
      {"<Patient xmlns=\"http://hl7.org/fhir\">\n  <active value=\"true\"/>\n  <foo value=\"x\"/>\n</Patient>",
       "unknown element 'foo'", 3, 3},
      {"<Patient xmlns=\"http://hl7.org/fhir\">\n  <active value=\"true\">yes</active>\n</Patient>",
       "text content is not allowed", 2, 27},
      {"<Patient xmlns=\"http://hl7.org/fhir\">\n <gender value=\"male\"/><active value=\"true\"/></Patient>",
       "'active' is out of order", 2, 24},
      {"<Patient xmlns=\"http://hl7.org/fhir\"><maritalStatus value=\"M\"/></Patient>",
       "attribute 'value' is not allowed on 'maritalStatus'", 1, 38},
      {"<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"\"/></Patient>", "is empty", 1, 38},
      {"<Patient xmlns=\"http://hl7.org/fhir\"><active/></Patient>", "neither a value attribute nor extensions", 1, 38},
      {"<Patient xmlns=\"http://hl7.org/fhir\"><x:active xmlns:x=\"urn:other\" value=\"true\"/></Patient>",
       "not in the FHIR namespace", 1, 38},
      {"<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div><p/></div></text></Patient>",
       "must be in the XHTML namespace", 1, 71},
      {"<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\" foo=\"1\"/></Patient>",
       "attribute 'foo' is not allowed", 1, 38},
      {"<Patient xmlns=\"http://hl7.org/fhir\"><contained><Foo/></contained></Patient>", "unknown resource type 'Foo'",
       1, 38},
      {"<Patient xmlns=\"http://hl7.org/fhir\"><contained><Basic><code><text value=\"t\"/></code></Basic><Basic/></contained></Patient>",
       "holds more than one resource", 1, 94},
  };
  for (const Case& c : cases) {
    IssueList issues;
    auto doc = read(c.xml, types, issues);
    EXPECT_TRUE(doc) << c.xml;
    const Issue* issue = find_issue(issues, c.message);
    ASSERT_TRUE(issue) << c.xml << "\nexpected: " << c.message << "\ngot:\n" << all_messages(issues);
    EXPECT_EQ(issue->severity, Severity::Error) << c.xml;
    EXPECT_EQ(issue->line, c.line) << c.xml;
    EXPECT_EQ(issue->column, c.column) << c.xml;
  }
}

TEST(XmlReader, ReadsOtherEncodingsThroughTheDeclaration) {
  REQUIRE_R4_TYPES(types);
  // ISO-8859-1: "é" is the single byte E9.
  std::string latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Patient xmlns=\"http://hl7.org/fhir\">"
                       "<name><family value=\"Ren\xE9\"/></name></Patient>";
  IssueList issues;
  auto doc = read(latin1, types, issues);
  ASSERT_TRUE(doc) << all_messages(issues);
  EXPECT_EQ(doc->root()->child("name")->child("family")->text, "Ren\xC3\xA9");
  // UTF-16LE with a byte order mark.
  std::string ascii = "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>";
  std::string utf16 = "\xFF\xFE";
  for (char c : ascii) {
    utf16 += c;
    utf16 += '\0';
  }
  IssueList issues16;
  auto doc16 = read(utf16, types, issues16);
  ASSERT_TRUE(doc16) << all_messages(issues16);
  EXPECT_EQ(doc16->root()->child("active")->text, "true");
  EXPECT_GT(doc16->root()->child("active")->line, 0u);
}

TEST(XmlReader, AcceptsAByteOrderMarkAndCrLf) {
  REQUIRE_R4_TYPES(types);
  std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<p>x</p></div>";
  std::string xml = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<Patient xmlns=\"http://hl7.org/fhir\">\r\n"
                    "<text><status value=\"generated\"/>" + div + "</text>\r\n  <active value=\"true\"/>\r\n</Patient>\r\n";
  IssueList issues;
  auto doc = read(xml, types, issues);
  ASSERT_TRUE(doc) << all_messages(issues);
  EXPECT_TRUE(issues.empty()) << all_messages(issues);
  EXPECT_EQ(doc->root()->line, 2u);
  EXPECT_EQ(doc->root()->column, 1u);
  EXPECT_EQ(doc->root()->child("active")->line, 5u);  // the div spans two lines
  EXPECT_EQ(doc->root()->child("active")->column, 3u);
  EXPECT_EQ(doc->root()->child("text")->child("div")->text, div);  // the bytes as written
}

// The HL7 validator suite's XML files (valid and invalid instances, and some that are not
// FHIR at all): each either reads or fails with a located fatal issue; nothing crashes.
TEST(XmlReader, ValidatorSuiteXmlNeverCrashes) {
  REQUIRE_R4_TYPES(types);
  std::string dir = xml_test::shared_dir() + "/reference/fhir-test-cases";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " is absent";
  size_t files = 0, read_ok = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".xml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ++files;
    IssueList issues;
    if (read(xml, types, issues)) {
      ++read_ok;
      continue;
    }
    ASSERT_FALSE(issues.empty()) << entry.path();
    if (std::getenv("RENKEI_XML_VERBOSE"))
      std::cout << entry.path().filename() << ": " << issues.items().back().message << "\n";
    EXPECT_EQ(issues.items().back().severity, Severity::Fatal) << entry.path();
  }
  std::cout << "[ validator suite ] " << read_ok << " of " << files << " XML files read as FHIR resources\n";
  EXPECT_GT(files, 100u);
  EXPECT_GT(read_ok, files / 2);
}
