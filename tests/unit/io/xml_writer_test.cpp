// FHIR XML writer: exact bytes for small trees (attributes, escaping, nesting, layout).
#include <gtest/gtest.h>

#include "io/fhir_reader.hpp"
#include "io/fhir_writer.hpp"
#include "xml_test_support.hpp"

using namespace renkei;

namespace {

#define REQUIRE_R4_TYPES(types)                                           \
  std::string skip_reason;                                                \
  const definitions::TypeModel* types = xml_test::r4_types(&skip_reason); \
  if (!types) GTEST_SKIP() << skip_reason

model::Document from_json(std::string_view json, const definitions::TypeModel* types) {
  io::ReadOptions options;
  options.types = types;
  IssueList issues;
  auto doc = io::read_json(json, options, issues);
  EXPECT_TRUE(doc && !issues.has_errors()) << (issues.empty() ? "" : issues.items().front().message);
  return doc ? std::move(*doc) : model::Document();
}

const char* kPatient =
    R"({"resourceType":"Patient","birthDate":"1970-01-01","_birthDate":{"id":"b1","extension":[{"url":"http://example.org/x",)"
    R"("valueString":"a&b<\"c\">\n\tz"}]},"name":[{"given":["太郎"],"family":"山田"}],"active":true,"id":"p1",)"
    R"("text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>山田 &amp; co</p></div>"}})";

}  // namespace

TEST(XmlWriter, CompactInDefinitionOrderWithAttributes) {
  REQUIRE_R4_TYPES(types);
  model::Document doc = from_json(kPatient, types);
  ASSERT_TRUE(doc.root());
  EXPECT_EQ(io::write_xml(*doc.root(), {types, false}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Patient xmlns="http://hl7.org/fhir"><id value="p1"/>)"
            R"(<text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>山田 &amp; co</p></div></text>)"
            R"(<active value="true"/><name><family value="山田"/><given value="太郎"/></name>)"
            R"(<birthDate id="b1" value="1970-01-01"><extension url="http://example.org/x">)"
            R"(<valueString value="a&amp;b&lt;&quot;c&quot;&gt;&#xA;&#x9;z"/></extension></birthDate></Patient>)");
}

TEST(XmlWriter, PrettyIndentsByTwoSpaces) {
  REQUIRE_R4_TYPES(types);
  model::Document doc = from_json(
      R"({"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","active":false}}]})",
      types);
  ASSERT_TRUE(doc.root());
  EXPECT_EQ(io::write_xml(*doc.root(), {types, true}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<Bundle xmlns=\"http://hl7.org/fhir\">\n"
            "  <type value=\"collection\"/>\n"
            "  <entry>\n"
            "    <resource>\n"
            "      <Patient>\n"
            "        <active value=\"false\"/>\n"
            "      </Patient>\n"
            "    </resource>\n"
            "  </entry>\n"
            "</Bundle>\n");
}

TEST(XmlWriter, RoundTripsThroughTheReader) {
  REQUIRE_R4_TYPES(types);
  model::Document doc = from_json(kPatient, types);
  for (bool pretty : {false, true}) {
    std::string xml = io::write_xml(*doc.root(), {types, pretty});
    io::ReadOptions options;
    options.types = types;
    IssueList issues;
    auto back = io::read_xml(xml, options, issues);
    ASSERT_TRUE(back);
    EXPECT_TRUE(issues.empty());
    EXPECT_EQ(xml_test::canonical_json(io::write_json(*back->root(), {types, false})), xml_test::canonical_json(kPatient));
    EXPECT_EQ(back->root()->child("text")->child("div")->text, doc.root()->child("text")->child("div")->text);
    EXPECT_EQ(io::write_xml(*back->root(), {types, pretty}), xml);
  }
}

TEST(XmlWriter, ControlCharactersBecomeCharacterReferences) {
  REQUIRE_R4_TYPES(types);
  model::Document doc = from_json(R"({"resourceType":"Basic","id":"a\r\u001f"})", types);
  ASSERT_TRUE(doc.root());
  EXPECT_EQ(io::write_xml(*doc.root(), {types, false}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Basic xmlns="http://hl7.org/fhir"><id value="a&#xD;&#x1F;"/></Basic>)");
}

TEST(XmlWriter, ResourceTypeCodeOutsideAResourcePositionIsAnElement) {
  REQUIRE_R4_TYPES(types);
  // ExampleScenario.instance.resourceType is a code; JSON cannot tell it from a resource's.
  model::Document doc = from_json(
      R"({"resourceType":"ExampleScenario","status":"draft","instance":[{"resourceId":"r1","resourceType":"Patient","name":"n"}]})",
      types);
  ASSERT_TRUE(doc.root());
  EXPECT_EQ(io::write_xml(*doc.root(), {types, false}),
            R"(<?xml version="1.0" encoding="UTF-8"?><ExampleScenario xmlns="http://hl7.org/fhir"><status value="draft"/>)"
            R"(<instance><resourceId value="r1"/><resourceType value="Patient"/><name value="n"/></instance></ExampleScenario>)");
}

TEST(XmlWriter, UntypedTreesUseTheSameRulesByName) {
  // Without definitions (a tree built in memory): Element.id / Extension.url still become
  // attributes, Resource.id stays an element, and groups keep first-appearance order.
  io::ReadOptions options;
  IssueList issues;
  auto doc = io::read_json(
      R"({"resourceType":"Patient","id":"p","extension":[{"url":"u","valueCode":"c"}],"name":[{"id":"n","family":"F"}]})",
      options, issues);
  ASSERT_TRUE(doc);
  EXPECT_EQ(io::write_xml(*doc->root(), {nullptr, false}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Patient xmlns="http://hl7.org/fhir"><id value="p"/>)"
            R"(<extension url="u"><valueCode value="c"/></extension><name id="n"><family value="F"/></name></Patient>)");
}
