#include "text/encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace renkei::text {
namespace {

std::string bytes(std::initializer_list<unsigned> values) {
  std::string s;
  for (unsigned v : values) s.push_back(static_cast<char>(v));
  return s;
}

TEST(Cp932Decode, MapsMicrosoftVariantsAndExtensions) {
  // ～ 0x8160, － 0x817C, ＼ 0x815F, ∥ 0x8161, ￢ 0x81CA, ① 0x8740, ㈱ 0x878A, 髙 0xFBFC (IBM), 纊 0xED40 (NEC-selected IBM)
  const std::string input = bytes({0x81, 0x60, 0x81, 0x7C, 0x81, 0x5F, 0x81, 0x61, 0x81, 0xCA, 0x87, 0x40, 0x87, 0x8A,
                                   0xFB, 0xFC, 0xED, 0x40, 0x5C, 0x7E});
  DecodeResult r = decode_to_utf8(input, Encoding::Cp932);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.utf8, "～－＼∥￢①㈱髙纊\\~");
}

TEST(Cp932Decode, RealisticTextAndHalfwidthKana) {
  const std::string input = bytes({0x8E, 0x52, 0x93, 0x63, 0x20, 0x91, 0xBE, 0x98, 0x59, 0x2C, 0xD4, 0xCF, 0xC0, 0xDE});
  DecodeResult r = decode_to_utf8(input);  // auto-detected
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.encoding, Encoding::Cp932);
  EXPECT_EQ(r.utf8, "山田 太郎,ﾔﾏﾀﾞ");
}

TEST(Cp932Encode, RoundTripsAndUsesMs932Codes) {
  const std::string text = "訪問看護計画書：髙橋 ①～－㈱\r\n「ﾃｽﾄ」";
  EncodeResult e = encode_utf8_to_cp932(text);
  ASSERT_TRUE(e.ok()) << e.error->message;
  EXPECT_NE(e.bytes.find(bytes({0xFB, 0xFC})), std::string::npos);  // 髙 → IBM extension code, as Windows does
  EXPECT_NE(e.bytes.find(bytes({0x81, 0x60})), std::string::npos);  // ～
  EXPECT_NE(e.bytes.find(bytes({0x87, 0x8A})), std::string::npos);  // ㈱
  DecodeResult d = decode_to_utf8(e.bytes, Encoding::Cp932);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.utf8, text);
}

TEST(Cp932Encode, UnmappableCharacterReportsPosition) {
  // U+301C WAVE DASH has no exact MS932 mapping (MS932 uses U+FF5E); 😀 has none at all.
  EncodeResult e = encode_utf8_to_cp932("氏名\nあい\u301C");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error->line, 2u);
  EXPECT_EQ(e.error->column, 3u);
  EXPECT_EQ(e.error->byte_offset, std::string("氏名\nあい").size());
  EXPECT_FALSE(encode_utf8_to_cp932("a😀").ok());
  EXPECT_FALSE(encode_utf8_to_cp932("¥").ok());
}

TEST(Cp932Decode, InvalidSequenceReportsLineAndColumn) {
  // line 2, after "ab" and one double-byte character: 0x85 0x40 is unassigned in CP932.
  std::string input = "x\r\nab" + bytes({0x82, 0xA0, 0x85, 0x40}) + "c";
  DecodeResult r = decode_to_utf8(input, Encoding::Cp932);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->line, 2u);
  EXPECT_EQ(r.error->column, 4u);
  EXPECT_EQ(r.error->byte_offset, 7u);
  EXPECT_TRUE(r.utf8.empty());
}

TEST(Cp932Decode, TruncatedLeadByteAtEndIsAnError) {
  DecodeResult r = decode_to_utf8("abc" + bytes({0x82}), Encoding::Cp932);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->column, 4u);
  EXPECT_EQ(r.error->byte_offset, 3u);
}

TEST(Cp932Decode, UserDefinedCharactersAreRejected) {
  DecodeResult r = decode_to_utf8("a" + bytes({0xF0, 0x40}), Encoding::Cp932);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->message.find("外字"), std::string::npos);
  EXPECT_EQ(r.error->column, 2u);
  EXPECT_EQ(r.error->byte_offset, 1u);
}

TEST(Decode, NulByteIsAnErrorInBothEncodings) {
  const std::string input = std::string("ab\ncd") + '\0' + "e";
  for (Encoding e : {Encoding::Utf8, Encoding::Cp932, Encoding::Auto}) {
    DecodeResult r = decode_to_utf8(input, e);
    ASSERT_FALSE(r.ok()) << to_string(e);
    EXPECT_EQ(r.error->line, 2u);
    EXPECT_EQ(r.error->column, 3u);
    EXPECT_EQ(r.error->byte_offset, 5u);
  }
}

TEST(Utf8, BomIsDetectedAndStripped) {
  DecodeResult r = decode_to_utf8("\xEF\xBB\xBF保険者番号,被保険者番号");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.had_bom);
  EXPECT_EQ(r.encoding, Encoding::Utf8);
  EXPECT_EQ(r.utf8, "保険者番号,被保険者番号");
}

TEST(Utf8, StrictValidationRejectsMalformedInput) {
  struct Case {
    std::string input;
    size_t offset;
    std::string_view problem;
  };
  const Case cases[] = {
      {"ab" + bytes({0xC0, 0xAF}), 2, "overlong"},
      {"a" + bytes({0xE0, 0x80, 0xAF}), 1, "overlong"},
      {"a" + bytes({0xED, 0xA0, 0x80}), 1, "surrogate"},
      {bytes({0xF4, 0x90, 0x80, 0x80}), 0, "above U+10FFFF"},
      {"あ" + bytes({0xE3, 0x81}), 3, "truncated"},
      {bytes({0xFF}), 0, "lead byte"},
      {"a" + bytes({0xE3, 0x41, 0x41}), 1, "continuation"},
  };
  for (const Case& c : cases) {
    auto error = validate_utf8(c.input);
    ASSERT_TRUE(error.has_value()) << c.problem;
    EXPECT_EQ(error->byte_offset, c.offset) << c.problem;
    EXPECT_NE(error->message.find(c.problem), std::string::npos) << error->message;
  }
  EXPECT_FALSE(validate_utf8("訪問看護 ok 😀").has_value());
}

TEST(Detect, ChoosesUtf8OrCp932) {
  EXPECT_EQ(detect_encoding("plain ascii"), Encoding::Utf8);
  EXPECT_EQ(detect_encoding("看護"), Encoding::Utf8);
  EXPECT_EQ(detect_encoding(bytes({0x8A, 0xC5, 0x8C, 0xEC})), Encoding::Cp932);  // 看護 in CP932
}

TEST(Decode, AutoReportsBothFailuresWhenNeitherFits) {
  DecodeResult r = decode_to_utf8("ok" + bytes({0x85, 0x40}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->message.find("neither valid UTF-8"), std::string::npos);
}

TEST(StreamDecoder, ChunkBoundariesInsideCharactersAreHandled) {
  const std::string text = "利用者,ﾌﾘｶﾞﾅ\r\n\"髙橋 ①\"\n";
  const EncodeResult cp932 = encode_utf8_to_cp932(text);
  ASSERT_TRUE(cp932.ok());
  for (const std::string* input : {&text, &cp932.bytes}) {
    for (size_t chunk = 1; chunk <= 4; ++chunk) {
      StreamDecoder decoder;
      std::string out;
      for (size_t i = 0; i < input->size(); i += chunk) {
        const bool last = i + chunk >= input->size();
        auto error = decoder.feed(std::string_view(*input).substr(i, chunk), last, out);
        ASSERT_FALSE(error.has_value()) << error->message << " chunk " << chunk;
      }
      EXPECT_EQ(out, text) << "chunk " << chunk;
    }
  }
}

TEST(StreamDecoder, ErrorPositionAcrossChunks) {
  // CP932 text, an invalid pair on line 3 column 3, fed in 3-byte chunks.
  const EncodeResult ok = encode_utf8_to_cp932("一行目\n二行目\nあい");
  ASSERT_TRUE(ok.ok());
  const std::string input = ok.bytes + bytes({0x85, 0x40});
  StreamDecoder decoder(Encoding::Cp932);
  std::string out;
  std::optional<TextError> error;
  for (size_t i = 0; i < input.size() && !error; i += 3)
    error = decoder.feed(std::string_view(input).substr(i, 3), i + 3 >= input.size(), out);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line, 3u);
  EXPECT_EQ(error->column, 3u);
  EXPECT_EQ(error->byte_offset, ok.bytes.size());
}

TEST(StreamDecoder, AsciiPrefixPostponesTheDecision) {
  StreamDecoder decoder;
  std::string out;
  ASSERT_FALSE(decoder.feed("202208,123456,", false, out).has_value());
  EXPECT_EQ(decoder.encoding(), Encoding::Auto);
  ASSERT_FALSE(decoder.feed(bytes({0x8E, 0x52, 0x93, 0x63}), true, out).has_value());
  EXPECT_EQ(decoder.encoding(), Encoding::Cp932);
  EXPECT_EQ(out, "202208,123456,山田");
}

}  // namespace
}  // namespace renkei::text
