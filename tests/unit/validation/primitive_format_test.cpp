#include "validation/primitive_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace renkei::validation {
namespace {

struct FormatCase {
  const char* type;
  std::string text;
};

std::string describe(const FormatCase& c) { return std::string(c.type) + " \"" + c.text + "\""; }

void expect_valid(const std::vector<FormatCase>& cases) {
  for (const auto& c : cases) {
    const auto problem = check_primitive_format(c.type, c.text);
    EXPECT_FALSE(problem.has_value()) << describe(c) << " rejected: " << (problem ? problem->message : "");
  }
}

void expect_severity(const std::vector<FormatCase>& cases, Severity severity) {
  for (const auto& c : cases) {
    const auto problem = check_primitive_format(c.type, c.text);
    ASSERT_TRUE(problem.has_value()) << describe(c) << " accepted";
    EXPECT_EQ(problem->severity, severity) << describe(c) << ": " << problem->message;
    EXPECT_FALSE(problem->message.empty()) << describe(c);
  }
}

void expect_invalid(const std::vector<FormatCase>& cases) { expect_severity(cases, Severity::Error); }

TEST(PrimitiveFormat, KindNamesRoundTrip) {
  for (const char* name : {"boolean", "integer", "unsignedInt", "positiveInt", "decimal", "string", "uri", "url",
                           "canonical", "uuid", "oid", "id", "code", "markdown", "base64Binary", "date", "dateTime",
                           "instant", "time", "xhtml"}) {
    const PrimitiveKind kind = primitive_kind(name);
    EXPECT_NE(kind, PrimitiveKind::Unknown) << name;
    EXPECT_EQ(to_string(kind), name);
  }
  EXPECT_EQ(primitive_kind("Coding"), PrimitiveKind::Unknown);
  EXPECT_EQ(primitive_kind("DateTime"), PrimitiveKind::Unknown);  // names are case-sensitive
}

TEST(PrimitiveFormat, UnknownTypesAndXhtmlAreNotChecked) {
  EXPECT_FALSE(check_primitive_format("Coding", "anything at all"));
  EXPECT_FALSE(check_primitive_format("xhtml", "<div>not checked here</div>"));
  EXPECT_FALSE(check_primitive_format("xhtml", ""));
}

TEST(PrimitiveFormat, EmptyValuesAreErrorsForEveryPrimitive) {
  for (const char* type : {"boolean", "integer", "unsignedInt", "positiveInt", "decimal", "string", "uri", "url",
                           "canonical", "uuid", "oid", "id", "code", "markdown", "base64Binary", "date", "dateTime",
                           "instant", "time"})
    expect_invalid({{type, ""}});
}

TEST(PrimitiveFormat, Boolean) {
  expect_valid({{"boolean", "true"}, {"boolean", "false"}});
  expect_invalid({{"boolean", "True"}, {"boolean", "1"}, {"boolean", "yes"}, {"boolean", " true"}, {"boolean", "falsey"}});
}

TEST(PrimitiveFormat, Integer) {
  expect_valid({{"integer", "0"}, {"integer", "-0"}, {"integer", "7"}, {"integer", "-42"}, {"integer", "2147483647"},
                {"integer", "-2147483648"}, {"integer", "1000000"}});
  expect_invalid({{"integer", "2147483648"}, {"integer", "-2147483649"}, {"integer", "99999999999"},
                  {"integer", "01"}, {"integer", "-01"}, {"integer", "+1"}, {"integer", "1.0"}, {"integer", "1e3"},
                  {"integer", "-"}, {"integer", " 1"}, {"integer", "1 "}, {"integer", "a"},
                  {"integer", "00000000000000000001"}});
}

TEST(PrimitiveFormat, UnsignedIntAndPositiveInt) {
  expect_valid({{"unsignedInt", "0"}, {"unsignedInt", "1"}, {"unsignedInt", "2147483647"}, {"positiveInt", "1"},
                {"positiveInt", "250"}, {"positiveInt", "2147483647"}});
  expect_invalid({{"unsignedInt", "-1"}, {"unsignedInt", "-0"}, {"unsignedInt", "2147483648"}, {"unsignedInt", "00"},
                  {"unsignedInt", "+3"}, {"positiveInt", "0"}, {"positiveInt", "-5"}, {"positiveInt", "+1"},
                  {"positiveInt", "2147483648"}, {"positiveInt", "012"}, {"positiveInt", "1.5"}});
}

TEST(PrimitiveFormat, Decimal) {
  expect_valid({{"decimal", "0"}, {"decimal", "-0"}, {"decimal", "0.0"}, {"decimal", "1.50"}, {"decimal", "-12.345"},
                {"decimal", "1e10"}, {"decimal", "1E-10"}, {"decimal", "6.02e+23"}, {"decimal", "-0.5e3"},
                {"decimal", "123456789012345678901234567890"}});
  expect_invalid({{"decimal", "+1"}, {"decimal", "01"}, {"decimal", "00.5"}, {"decimal", ".5"}, {"decimal", "1."},
                  {"decimal", "1.e5"}, {"decimal", "1e"}, {"decimal", "1e+"}, {"decimal", "-"}, {"decimal", "1,5"},
                  {"decimal", "NaN"}, {"decimal", "Infinity"}, {"decimal", "0x10"}, {"decimal", " 1"},
                  {"decimal", "1.5 "}, {"decimal", "--1"}});
}

TEST(PrimitiveFormat, StringAndMarkdown) {
  expect_valid({{"string", "a"}, {"string", "山田 太郎"}, {"string", "line1\nline2\r\n\tindented"},
                {"string", "x"}, {"markdown", "# Title\n\n* item"}, {"string", "全角　スペース"}});
  expect_invalid({{"string", std::string("bell\x07")}, {"string", std::string("nul\0x", 5)},
                  {"string", "esc\x1b[0m"}, {"markdown", "form\x0c" "feed"}});
  expect_severity({{"string", " leading"}, {"string", "trailing "}, {"string", "trailing newline\n"},
                   {"string", "\ttab"}, {"string", " "}, {"string", "\r\n"}, {"markdown", "text "}},
                  Severity::Warning);
  const auto whitespace_only = check_primitive_format("string", "   ");
  const auto trailing = check_primitive_format("string", "x ");
  ASSERT_TRUE(whitespace_only && trailing);
  EXPECT_NE(whitespace_only->message, trailing->message);
}

TEST(PrimitiveFormat, StringLengthLimitCountsCharacters) {
  const std::string at_limit(kMaxStringCharacters, 'a');
  EXPECT_FALSE(check_primitive_format("string", at_limit));
  expect_invalid({{"string", at_limit + "a"}});
  // 600k three-byte characters: more than 1 MiB of bytes but fewer than 1 Mi characters.
  std::string kana;
  for (int i = 0; i < 600000; ++i) kana += "あ";
  EXPECT_FALSE(check_primitive_format("string", kana));
}

TEST(PrimitiveFormat, Code) {
  expect_valid({{"code", "male"}, {"code", "in-progress"}, {"code", "a b"}, {"code", "mg/dL"}, {"code", "26478-8"},
                {"code", "コード"}, {"code", "x\ty"}});
  expect_invalid({{"code", " male"}, {"code", "male "}, {"code", "a  b"}, {"code", "a \tb"}, {"code", " "},
                  {"code", "line\n"}, {"code", "\x01"}});
}

TEST(PrimitiveFormat, Id) {
  expect_valid({{"id", "a"}, {"id", "example-1.2"}, {"id", "ABCxyz019"}, {"id", std::string(64, 'x')}});
  expect_invalid({{"id", std::string(65, 'x')}, {"id", "with space"}, {"id", "under_score"}, {"id", "slash/"},
                  {"id", "日本"}, {"id", "a:b"}});
}

TEST(PrimitiveFormat, UriUrlCanonical) {
  expect_valid({{"uri", "http://hl7.org/fhir"}, {"uri", "urn:ietf:bcp:47"}, {"uri", "#local"}, {"uri", "relative/path"},
                {"uri", "urn:uuid:9d2f0a1e-3b4c-4d5e-8f90-a1b2c3d4e5f6"}, {"uri", "urn:oid:1.2.392.100495.20.3.51"},
                {"url", "https://example.org/x?y=1"}, {"url", "mailto:a@example.org"},
                {"canonical", "http://hl7.org/fhir/StructureDefinition/Patient"},
                {"canonical", "http://hl7.org/fhir/ValueSet/x|4.0.1"}});
  expect_invalid({{"uri", "http://a b"}, {"uri", "tab\there"}, {"uri", "line\nbreak"}, {"url", "https://x.org/ a"},
                  {"uri", "urn:uuid:NOT-A-UUID"}, {"uri", "urn:oid:1.02"}, {"canonical", "http://x.org/a|"},
                  {"canonical", "|1.0"}, {"canonical", "http://x.org/a|1|2"}, {"canonical", "http://x.org/ a"}});
}

TEST(PrimitiveFormat, Uuid) {
  expect_valid({{"uuid", "urn:uuid:c757873d-ec9a-4326-a141-556f43239520"},
                {"uuid", "urn:uuid:00000000-0000-0000-0000-000000000000"}});
  expect_invalid({{"uuid", "c757873d-ec9a-4326-a141-556f43239520"},
                  {"uuid", "urn:uuid:C757873D-EC9A-4326-A141-556F43239520"},
                  {"uuid", "urn:uuid:c757873d-ec9a-4326-a141-556f4323952"},
                  {"uuid", "urn:uuid:c757873d-ec9a-4326-a141-556f432395200"},
                  {"uuid", "urn:uuid:c757873dec9a-4326-a141-556f43239520-"},
                  {"uuid", "urn:uuid:g757873d-ec9a-4326-a141-556f43239520"},
                  {"uuid", "URN:UUID:c757873d-ec9a-4326-a141-556f43239520"}});
}

TEST(PrimitiveFormat, Oid) {
  expect_valid({{"oid", "urn:oid:1.2.392.200119.4.504"}, {"oid", "urn:oid:2.16.840.1.113883"}, {"oid", "urn:oid:0.0"},
                {"oid", "urn:oid:1.0.10"}});
  expect_invalid({{"oid", "1.2.392"}, {"oid", "urn:oid:3.1"}, {"oid", "urn:oid:1"}, {"oid", "urn:oid:1."},
                  {"oid", "urn:oid:1..2"}, {"oid", "urn:oid:1.02"}, {"oid", "urn:oid:1.2.a"}, {"oid", "urn:oid:"},
                  {"oid", "urn:oid:12.3"}});
}

TEST(PrimitiveFormat, Base64Binary) {
  expect_valid({{"base64Binary", "AAAA"}, {"base64Binary", "SGVsbG8="}, {"base64Binary", "SGk="},
                {"base64Binary", "SA=="}, {"base64Binary", "ab+/"}, {"base64Binary", "SGVs\nbG8="},
                {"base64Binary", " SGVsbG8= "}, {"base64Binary", "SGVsbG8gV29y\r\nbGQ="}});
  expect_invalid({{"base64Binary", "SGVsbG8"}, {"base64Binary", "SGV=sbG8"}, {"base64Binary", "S==="},
                  {"base64Binary", "SGVs*G8="}, {"base64Binary", "SGVsbG8_"}, {"base64Binary", "   "},
                  {"base64Binary", "ab-_"}});
}

// Long values are scanned in 32-byte blocks first: a fault anywhere (in the first block, at a
// block edge, in the tail) must still be found, and whitespace or padding inside a block must
// fall back to the exact rules.
TEST(PrimitiveFormat, LongValuesAreCheckedAtEveryPosition) {
  const std::string base64(400, 'Q');  // 400 significant characters: a multiple of 4
  const std::string text(400, 'x');
  expect_valid({{"base64Binary", base64}, {"base64Binary", base64.substr(0, 396) + "QQ=="},
                {"base64Binary", base64.substr(0, 200) + "\r\n" + base64.substr(200)}, {"string", text},
                {"string", text.substr(0, 100) + "\n\t" + text.substr(100)}});
  for (size_t at : {size_t{0}, size_t{31}, size_t{32}, size_t{63}, size_t{64}, size_t{250}, size_t{383}, size_t{384},
                    size_t{399}}) {
    std::string bad_base64 = base64, bad_text = text;
    bad_base64[at] = '_';
    bad_text[at] = '\x01';
    expect_invalid({{"base64Binary", bad_base64}, {"string", bad_text}});
    if (at < 396) {
      std::string early_padding = base64;
      early_padding[at] = '=';
      expect_invalid({{"base64Binary", early_padding}});
    }
  }
  expect_invalid({{"base64Binary", base64 + "Q"}});  // 401: not a multiple of 4
}

TEST(PrimitiveFormat, Date) {
  expect_valid({{"date", "2024"}, {"date", "2024-02"}, {"date", "2024-02-29"}, {"date", "2000-02-29"},
                {"date", "0001-01-01"}, {"date", "9999-12-31"}, {"date", "1974-12-25"}, {"date", "2023-04-30"}});
  expect_invalid({{"date", "1974-13-45"}, {"date", "2023-02-29"}, {"date", "1900-02-29"}, {"date", "2023-04-31"},
                  {"date", "2023-00"}, {"date", "2023-01-00"}, {"date", "0000"}, {"date", "24"}, {"date", "20240101"},
                  {"date", "2024-1-5"}, {"date", "2024-01-01T10:00:00Z"}, {"date", "2024-"}, {"date", "2024-01-"},
                  {"date", "R06-01-01"}, {"date", "2024/01/01"}, {"date", "12024"}});
}

TEST(PrimitiveFormat, DateTime) {
  expect_valid({{"dateTime", "2024"}, {"dateTime", "2024-03"}, {"dateTime", "2024-03-15"},
                {"dateTime", "2024-03-15T09:30:00Z"}, {"dateTime", "2024-03-15T09:30:00+09:00"},
                {"dateTime", "2024-03-15T23:59:59.999-05:00"}, {"dateTime", "2024-03-15T00:00:00.1+14:00"},
                {"dateTime", "2024-03-15T00:00:00-13:59"}, {"dateTime", "2016-12-31T23:59:60Z"},
                {"dateTime", "2024-02-29T12:00:00.123456789+09:00"}});
  expect_invalid({{"dateTime", "2024-03-15T09:30:00"}, {"dateTime", "2024-03-15T09:30Z"},
                  {"dateTime", "2024-03-15T09:30+09:00"}, {"dateTime", "2024-03-15T24:00:00Z"},
                  {"dateTime", "2024-03-15T10:60:00Z"}, {"dateTime", "2024-03-15T10:00:61Z"},
                  {"dateTime", "2024-03-15T10:00:00.Z"}, {"dateTime", "2024-03-15T10:00:00+15:00"},
                  {"dateTime", "2024-03-15T10:00:00+14:30"}, {"dateTime", "2024-03-15T10:00:00+0900"},
                  {"dateTime", "2024-03-15T10:00:00+09"}, {"dateTime", "2024-03-15 10:00:00Z"},
                  {"dateTime", "2024-03T10:00:00Z"}, {"dateTime", "2023-02-29T10:00:00Z"},
                  {"dateTime", "2024-03-15T10:00:00ZZ"}, {"dateTime", "2024-03-15T"}, {"dateTime", "2024-03-15t10:00:00Z"},
                  {"dateTime", "1974-13-45"}});
}

TEST(PrimitiveFormat, Instant) {
  expect_valid({{"instant", "2024-03-15T09:30:00Z"}, {"instant", "2024-03-15T09:30:00.000+09:00"},
                {"instant", "1970-01-01T00:00:00-00:00"}});
  expect_invalid({{"instant", "2024-03-15"}, {"instant", "2024"}, {"instant", "2024-03-15T09:30:00"},
                  {"instant", "2024-03-15T09:30Z"}, {"instant", "2024-02-30T09:30:00Z"}, {"instant", "2024-03"}});
}

TEST(PrimitiveFormat, Time) {
  expect_valid({{"time", "00:00:00"}, {"time", "23:59:59"}, {"time", "12:30:45.5"}, {"time", "08:00:00.000"}});
  expect_invalid({{"time", "24:00:00"}, {"time", "12:30"}, {"time", "12:60:00"}, {"time", "1:00:00"},
                  {"time", "12:00:00Z"}, {"time", "12:00:00+09:00"}, {"time", "12:00:00."}, {"time", "12:00:00 "},
                  {"time", "T12:00:00"}});
}

TEST(PrimitiveFormat, MessagesDoNotEchoTheValue) {
  const std::string secret = "1974-13-45";
  const auto problem = check_primitive_format("date", secret);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->message.find(secret), std::string::npos);
  const auto code_problem = check_primitive_format("code", "secret  code");
  ASSERT_TRUE(code_problem);
  EXPECT_EQ(code_problem->message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace renkei::validation
