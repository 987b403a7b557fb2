#pragma once
// Kana helpers for フリガナ fields: legacy systems often store names in half-width katakana (ﾔﾏﾀﾞ ﾀﾛｳ)
// or hiragana, while JP Core expects full-width katakana for the kana name. All functions take and
// return UTF-8 and assume valid UTF-8 input (text/encoding validates at the input boundary).
#include <string>
#include <string_view>

namespace renkei::text {

// Half-width katakana and the half-width Japanese punctuation (U+FF61–U+FF9F) become full-width; a voiced
// or semi-voiced sound mark combines with the preceding kana (ｶﾞ → ガ, ﾊﾟ → パ, ｳﾞ → ヴ). A mark that
// cannot combine becomes the spacing mark ゛/゜. Every other character is left unchanged (ASCII and
// full-width text are not touched, unlike a blanket NFKC).
std::string halfwidth_kana_to_fullwidth(std::string_view utf8);

// Hiragana (ぁ–ゖ, ゝ, ゞ) → katakana (ァ–ヶ, ヽ, ヾ); everything else unchanged.
std::string hiragana_to_katakana(std::string_view utf8);

// True when `utf8` is non-empty and every character is a full-width katakana letter (ァ–ヺ, ヽ, ヾ),
// the prolonged sound mark ー, the middle dot ・, or a space (U+3000 or U+0020). Use it to check
// フリガナ after the conversions above.
bool is_katakana_name(std::string_view utf8);

}  // namespace renkei::text
