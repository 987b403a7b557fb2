#include "text/kana.hpp"

#include <gtest/gtest.h>

namespace renkei::text {
namespace {

TEST(Kana, HalfwidthToFullwidthCombinesVoicedMarks) {
  EXPECT_EQ(halfwidth_kana_to_fullwidth("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ タロウ");
  EXPECT_EQ(halfwidth_kana_to_fullwidth("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "パピプペポ");
  EXPECT_EQ(halfwidth_kana_to_fullwidth("ｳﾞｧｲｵﾘﾝ"), "ヴァイオリン");
  EXPECT_EQ(halfwidth_kana_to_fullwidth("ｽｽﾞｷ･ﾊﾅｺ｡ｰ｢｣､"), "スズキ・ハナコ。ー「」、");
  // A mark that cannot combine becomes the spacing mark.
  EXPECT_EQ(halfwidth_kana_to_fullwidth("ｱﾞ"), "ア゛");
  EXPECT_EQ(halfwidth_kana_to_fullwidth("ﾟ"), "゜");
}

TEST(Kana, OtherCharactersAreUntouched) {
  // ASCII, full-width letters and digits stay as they are (a blanket NFKC would change them).
  EXPECT_EQ(halfwidth_kana_to_fullwidth("ABC 123 ＡＢＣ１２３ ①"), "ABC 123 ＡＢＣ１２３ ①");
  EXPECT_EQ(halfwidth_kana_to_fullwidth("看護ｹｱ計画"), "看護ケア計画");
  EXPECT_EQ(halfwidth_kana_to_fullwidth(""), "");
}

TEST(Kana, HiraganaToKatakana) {
  EXPECT_EQ(hiragana_to_katakana("やまだ たろう"), "ヤマダ タロウ");
  EXPECT_EQ(hiragana_to_katakana("ぁゖゝゞ"), "ァヶヽヾ");
  EXPECT_EQ(hiragana_to_katakana("山田ゆうこ-1"), "山田ユウコ-1");
}

TEST(Kana, KatakanaNameCheck) {
  EXPECT_TRUE(is_katakana_name("ヤマダ　タロウ"));
  EXPECT_TRUE(is_katakana_name("ジョン・スミス"));
  EXPECT_TRUE(is_katakana_name("サトー ヴィヴィアン"));
  EXPECT_FALSE(is_katakana_name(""));
  EXPECT_FALSE(is_katakana_name("ﾔﾏﾀﾞ"));      // half-width: convert first
  EXPECT_FALSE(is_katakana_name("やまだ"));
  EXPECT_FALSE(is_katakana_name("山田タロウ"));
  EXPECT_FALSE(is_katakana_name("ヤマダ1"));
  EXPECT_TRUE(is_katakana_name(halfwidth_kana_to_fullwidth("ﾔﾏﾀﾞ ﾀﾛｳ")));
}

}  // namespace
}  // namespace renkei::text
