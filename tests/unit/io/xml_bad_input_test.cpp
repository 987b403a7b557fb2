// Hostile and broken XML: DOCTYPE and entities are refused before anything is expanded or
// fetched, limits hold, and every failure is a located issue, never a crash.
#include <gtest/gtest.h>

#include <chrono>

#include "io/fhir_reader.hpp"
#include "xml_test_support.hpp"

using namespace renkei;

namespace {

#define REQUIRE_R4_TYPES(types)                                           \
  std::string skip_reason;                                                \
  const definitions::TypeModel* types = xml_test::r4_types(&skip_reason); \
  if (!types) GTEST_SKIP() << skip_reason

struct Outcome {
  bool read = false;
  IssueList issues;
  const Issue& first() const { return issues.items().front(); }
};

Outcome read(std::string_view xml, const definitions::TypeModel* types, Limits limits = {}) {
  io::ReadOptions options;
  options.types = types;
  options.limits = limits;
  Outcome out;
  out.read = io::read_xml(xml, options, out.issues).has_value();
  return out;
}

std::string all_messages(const IssueList& issues) {
  std::string out;
  for (const Issue& i : issues.items())
    out += std::string(to_string(i.severity)) + " " + std::to_string(i.line) + ":" + std::to_string(i.column) + " " +
           i.code + " " + i.message + "\n";
  return out;
}

// A refused document: not read, one fatal issue, nothing of the entity's content anywhere.
void expect_refused(const Outcome& out, std::string_view code, std::string_view message_part) {
  EXPECT_FALSE(out.read);
  ASSERT_FALSE(out.issues.empty());
  EXPECT_EQ(out.first().severity, Severity::Fatal) << all_messages(out.issues);
  EXPECT_EQ(out.first().code, code) << all_messages(out.issues);
  EXPECT_NE(out.first().message.find(message_part), std::string::npos) << all_messages(out.issues);
  EXPECT_GT(out.first().line, 0u) << all_messages(out.issues);
  EXPECT_EQ(all_messages(out.issues).find("root:"), std::string::npos) << "file content leaked";
}

}  // namespace

TEST(XmlBadInput, DoctypeIsRefused) {
  REQUIRE_R4_TYPES(types);
  expect_refused(read("<?xml version=\"1.0\"?>\n<!DOCTYPE Patient>\n<Patient xmlns=\"http://hl7.org/fhir\"/>", types),
                 "security", "DOCTYPE");
}

TEST(XmlBadInput, DoctypeIsRefusedWhereverItIs) {
  REQUIRE_R4_TYPES(types);
  auto after_comment = read("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x --><?pi y?>\n  <!DOCTYPE Patient SYSTEM \"p.dtd\">"
                            "<Patient xmlns=\"http://hl7.org/fhir\"/>",
                            types);
  expect_refused(after_comment, "security", "DOCTYPE");
  EXPECT_EQ(after_comment.first().line, 3u);
  EXPECT_EQ(after_comment.first().column, 3u);
  // In another encoding the DTD is still refused before its subset is read.
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<!DOCTYPE p [<!ENTITY x \"y\">]><Patient xmlns=\"http://hl7.org/fhir\"/>")) {
    utf16 += c;
    utf16 += '\0';
  }
  expect_refused(read(utf16, types), "security", "DOCTYPE");
}

TEST(XmlBadInput, ExternalFileEntityIsNeverRead) {
  REQUIRE_R4_TYPES(types);
  auto out = read(R"(<?xml version="1.0"?><!DOCTYPE Patient [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Patient xmlns="http://hl7.org/fhir"><name><family value="&x;"/></name></Patient>)",
                  types);
  expect_refused(out, "security", "DOCTYPE");
}

TEST(XmlBadInput, ExternalHttpEntitiesAndDtdsAreNeverFetched) {
  REQUIRE_R4_TYPES(types);
  // Port 9 (discard) on a non-routable address: a fetch would hang or fail slowly.
  auto start = std::chrono::steady_clock::now();
  expect_refused(read(R"(<!DOCTYPE Patient [<!ENTITY x SYSTEM "http://10.255.255.1:9/x">]>
<Patient xmlns="http://hl7.org/fhir"><id value="&x;"/></Patient>)",
                      types),
                 "security", "DOCTYPE");
  expect_refused(read(R"(<!DOCTYPE Patient SYSTEM "http://10.255.255.1:9/fhir.dtd"><Patient xmlns="http://hl7.org/fhir"/>)",
                      types),
                 "security", "DOCTYPE");
  expect_refused(read(R"(<!DOCTYPE Patient [<!ENTITY % pe SYSTEM "http://10.255.255.1:9/pe.dtd"> %pe;]><Patient xmlns="http://hl7.org/fhir"/>)",
                      types),
                 "security", "DOCTYPE");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(XmlBadInput, UndeclaredEntityIsMalformed) {
  REQUIRE_R4_TYPES(types);
  auto out = read("<Patient xmlns=\"http://hl7.org/fhir\">\n<id value=\"&x;\"/></Patient>", types);
  EXPECT_FALSE(out.read);
  ASSERT_FALSE(out.issues.empty());
  EXPECT_EQ(out.first().severity, Severity::Fatal);
  EXPECT_EQ(out.first().line, 2u) << all_messages(out.issues);
}

TEST(XmlBadInput, BillionLaughsIsRefusedQuickly) {
  REQUIRE_R4_TYPES(types);
  std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    xml += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) xml += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    xml += "\">";
  }
  xml += "]><Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&lol9;\"/></Patient>";
  auto start = std::chrono::steady_clock::now();
  expect_refused(read(xml, types), "security", "DOCTYPE");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(XmlBadInput, MalformedXmlIsAFatalIssueWithPosition) {
  REQUIRE_R4_TYPES(types);
  const char* cases[] = {
      "<Patient xmlns=\"http://hl7.org/fhir\">\n  <active value=\"true\">\n</Patient>",  // mismatched end tag
      "<Patient xmlns=\"http://hl7.org/fhir\">\n  <active value=\"true/>\n</Patient>",   // unterminated attribute
      "<Patient xmlns=\"http://hl7.org/fhir\">\n  <active value=\"true\"/>",              // missing end tag
      "<Patient xmlns=\"http://hl7.org/fhir\"/>\n<Patient xmlns=\"http://hl7.org/fhir\"/>",  // two roots
      "<Patient xmlns=\"http://hl7.org/fhir\">\n  <active value=\"a\" value=\"b\"/></Patient>",  // duplicate attribute
      "<Patient xmlns=\"http://hl7.org/fhir\">\n  <active value=\"a<b\"/></Patient>",
      "\n\n",
      "",
      "{\"resourceType\":\"Patient\"}",
  };
  for (const char* xml : cases) {
    auto out = read(xml, types);
    EXPECT_FALSE(out.read) << xml;
    ASSERT_FALSE(out.issues.empty()) << xml;
    EXPECT_EQ(out.first().severity, Severity::Fatal) << xml;
    EXPECT_EQ(out.first().rule, "xml-syntax") << xml;
    if (std::string_view(xml).find('<') != std::string_view::npos) {
      EXPECT_GT(out.first().line, 0u) << xml << "\n" << all_messages(out.issues);
    }
  }
}

TEST(XmlBadInput, RootMustBeAFhirResourceInTheFhirNamespace) {
  REQUIRE_R4_TYPES(types);
  auto no_ns = read("<?xml version=\"1.0\"?>\n<Patient><active value=\"true\"/></Patient>", types);
  expect_refused(no_ns, "structure", "not in the FHIR namespace");
  EXPECT_EQ(no_ns.first().line, 2u);
  EXPECT_EQ(no_ns.first().column, 1u);
  expect_refused(read("<Patient xmlns=\"http://hl7.org/fhir/\"/>", types), "structure", "not in the FHIR namespace");
  expect_refused(read("<Foo xmlns=\"http://hl7.org/fhir\"/>", types), "structure", "not a FHIR resource type");
  expect_refused(read("<HumanName xmlns=\"http://hl7.org/fhir\"/>", types), "structure", "not a FHIR resource type");
}

TEST(XmlBadInput, NestingDeeperThanTheLimitIsRefused) {
  REQUIRE_R4_TYPES(types);
  auto nested = [](int depth) {
    std::string xml = "<Patient xmlns=\"http://hl7.org/fhir\">";
    for (int i = 0; i < depth; ++i) xml += "<extension url=\"u\">";
    for (int i = 0; i < depth; ++i) xml += "</extension>";
    return xml + "</Patient>";
  };
  Limits limits;
  limits.max_depth = 20;
  EXPECT_TRUE(read(nested(18), types, limits).read);
  expect_refused(read(nested(40), types, limits), "too-costly", "--max-depth");
  // Far deeper than any stack would survive if the reader recursed: refused, no crash.
  expect_refused(read(nested(200000), types), "too-costly", "--max-depth");
}

TEST(XmlBadInput, InputOverTheSizeLimitIsRefused) {
  REQUIRE_R4_TYPES(types);
  Limits limits;
  limits.max_input_bytes = 64;
  auto out = read("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/><gender value=\"male\"/></Patient>",
                  types, limits);
  EXPECT_FALSE(out.read);
  EXPECT_EQ(out.first().code, "too-costly");
  EXPECT_NE(out.first().message.find("--max-input-size"), std::string::npos);
}

TEST(XmlBadInput, InvalidUtf8IsLocated) {
  REQUIRE_R4_TYPES(types);
  const char* cases[] = {
      "<Patient xmlns=\"http://hl7.org/fhir\">\n <name><family value=\"a\xFF\"/></name></Patient>",
      "<Patient xmlns=\"http://hl7.org/fhir\">\n <name><family value=\"a\xC0\xAF\"/></name></Patient>",  // overlong '/'
      "<Patient xmlns=\"http://hl7.org/fhir\">\n <name><family value=\"a\xED\xA0\x80\"/></name></Patient>",  // surrogate
      "<Patient xmlns=\"http://hl7.org/fhir\">\n <name><family value=\"a\xE5\xB1\"/></name></Patient>",  // truncated
  };
  for (const char* xml : cases) {
    auto out = read(xml, types);
    EXPECT_FALSE(out.read);
    ASSERT_FALSE(out.issues.empty());
    EXPECT_EQ(out.first().severity, Severity::Fatal);
    EXPECT_NE(out.first().message.find("UTF-8"), std::string::npos) << all_messages(out.issues);
    EXPECT_EQ(out.first().line, 2u);
    EXPECT_EQ(out.first().column, 24u);  // the bad byte, after 'a'
  }
}

TEST(XmlBadInput, ControlCharactersAreNotXml) {
  REQUIRE_R4_TYPES(types);
  auto out = read("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"a&#x1;\"/></Patient>", types);
  EXPECT_FALSE(out.read);
  ASSERT_FALSE(out.issues.empty());
  EXPECT_EQ(out.first().severity, Severity::Fatal);
}

TEST(XmlBadInput, ReaderRecoversAfterAbortedParses) {
  REQUIRE_R4_TYPES(types);
  // The per-thread parser is replaced after an aborted parse; a good document reads next.
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(read("<!DOCTYPE x><Patient xmlns=\"http://hl7.org/fhir\"/>", types).read);
    EXPECT_FALSE(read("<Patient xmlns=\"http://hl7.org/fhir\"><active>", types).read);
    auto good = read("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>", types);
    EXPECT_TRUE(good.read);
    EXPECT_TRUE(good.issues.empty()) << all_messages(good.issues);
  }
}
