#pragma once
// The features of a headline or summary that near-duplicate matching compares: a
// set of 32-bit hashes of its words (space-separated scripts) and of its character
// bigrams (scripts written without spaces), and which of them look like names.
// Pure and thread-safe.
//
// Folding, an NFKC-like subset that needs no ICU tables:
//   - ASCII, Latin-1, Greek and Cyrillic capitals lower-cased; Latin-1 accented
//     letters reduced to their base letter ("é" -> "e");
//   - full-width ASCII (U+FF01..U+FF5E) read as ASCII, the ideographic space as a space;
//   - apostrophes (' and U+2019) removed inside words ("Apple's" -> "apples") except
//     after one letter (French "l'", "d'"), "," or "." between digits ("1,000" ->
//     "1000", "2.5" -> "25"), and "." between initials ("U.S." -> "us");
//   - every other character that is neither a letter nor a digit (punctuation,
//     symbols, CJK punctuation, emoji, controls, invalid UTF-8) separates tokens, and
//     so do Hiragana (Japanese particles and inflections) and the commonest Chinese
//     function characters (的, 在, 将, 和, ...).
// Tokens:
//   - a run of letters and digits is a word, read through lexicon.hpp: stop words
//     (English, French, German, Spanish) and one-letter words are dropped, English
//     words are stemmed and news synonyms share one feature ("buys" / "acquires"),
//     two-word phrases join ("lays off"), the number words up to twelve become
//     digits, and a number with a unit or ordinal ("7bn", "2nm", "2nd") gives the
//     number (and the unit);
//   - a run of Han, Katakana, Hangul, Thai, Lao, Myanmar or Khmer characters gives
//     its character bigrams (a run of one character gives itself; a bigram of the
//     lexicon's Chinese, Japanese and Korean tables gives its class), and a longer
//     run each of its Han characters alone as well (not Hangul or kana); Chinese
//     reporting verbs (宣布, 表示, ...) end a run and are dropped. Korean is spaced,
//     but its particles stick to the noun (삼성전자가 / 삼성전자는), so it is read like
//     Chinese after a particle at the end of a run is dropped.
// Numbers: a word made only of digits (after the folding above) has bit 0 of its
// feature set; every other feature has it clear (is_number_feature()).
// Names, the features that say *who* a text is about (`names`, a subset of `features`):
//   - never a word of a synonym class (lexicon.hpp: "Acquires" says what, not who);
//   - a word written all in capitals ("TSMC", "SK") or with a capital inside ("GoTo",
//     "iPhone"), anywhere;
//   - a capitalised word that does not open the text or a sentence (after ". : ! ?"),
//     unless the text is in title case (most longer words capitalised: then
//     capitalisation says nothing);
//   - the bigrams of an unspaced run that opens the text and is followed by 、 or a
//     comma: the subject of a Japanese or Korean headline ("トヨタ、", "넥슨,");
//   - the first bigram of any other unspaced run that opens the text, which is
//     where Chinese, Japanese and Korean headlines put their subject ("腾讯第三季度…",
//     "台積電11月…"), unless it is a word of the lexicon's classes ("发布…").
// The subject (`subject`, a subset of `features`): the word (or two-word phrase) that
// opens the text when it has a capital and is neither a number nor a word of the lexicon's
// classes of verbs and nouns ("Infosys raises ...", "Grab reports ..."), a company
// or a country of the lexicon included, unless a colon follows it (a label:
// "Nikkei: Toyota to ..."). It weighs no more than other words (a
// capitalised first word says little about a name, see "Names" above); story
// matching reads it when two headlines differ in nothing else (story_signature.hpp).
// Unspaced scripts give none: where a company name ends in "字节跳动计划..." is not known.
// Half-width Katakana is not folded to full width (NFKC would); such feeds are rare.
//
// At most `max_bytes` of `text` are read and at most `max_features` features kept
// (the first ones in text order), so hostile input costs bounded time.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace monsoon::store::detail {

struct TextFeatures {
  std::vector<std::uint32_t> features;  // sorted, without repeats
  std::vector<std::uint32_t> names;     // sorted, without repeats, each in `features`
  std::vector<std::uint32_t> subject;   // sorted, without repeats, each in `features`
};

[[nodiscard]] TextFeatures text_features(std::string_view text, std::size_t max_features,
                                         std::size_t max_bytes = 4096);
// The same into `out`, reusing its memory.
void text_features(std::string_view text, std::size_t max_features, TextFeatures& out,
                   std::size_t max_bytes = 4096);

constexpr bool is_number_feature(std::uint32_t feature) { return (feature & 1u) != 0; }

}  // namespace monsoon::store::detail
