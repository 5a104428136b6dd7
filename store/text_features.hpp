#pragma once
// The features of a headline or summary that near-duplicate matching compares: a
// set of 32-bit hashes of its words (space-separated scripts) and of its character
// bigrams (scripts written without spaces). Pure and thread-safe.
//
// Folding, an NFKC-like subset that needs no ICU tables:
//   - ASCII, Latin-1, Greek and Cyrillic capitals lower-cased; Latin-1 accented
//     letters reduced to their base letter ("é" -> "e");
//   - full-width ASCII (U+FF01..U+FF5E) read as ASCII, the ideographic space as a space;
//   - apostrophes (' and U+2019) removed inside words ("Apple's" -> "apples"), and
//     "," or "." between digits ("1,000" -> "1000", "2.5" -> "25");
//   - every other character that is neither a letter nor a digit (punctuation,
//     symbols, CJK punctuation, emoji, controls, invalid UTF-8) separates tokens.
// Tokens:
//   - a run of letters and digits is a word; English stop words and one-letter words
//     are dropped and a final "s" is removed from words of four or more letters not
//     ending "ss" (so "shares"/"share" and "Apple's"/"Apple" meet);
//   - a run of Han, Hiragana, Katakana, Hangul, Thai, Lao, Myanmar or Khmer characters
//     gives its character bigrams (a run of one character gives itself). Korean is
//     spaced, but its particles stick to the noun (삼성전자가 / 삼성전자는), so it is
//     read like Chinese. A bigram of two Hiragana (mostly inflections and particles:
//     "した", "ます") is dropped.
// Half-width Katakana is not folded to full width (NFKC would); such feeds are rare.
//
// At most `max_bytes` of `text` are read and at most `max_features` features kept
// (the first ones in text order), so hostile input costs bounded time.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace monsoon::store::detail {

// Sorted, without repeats.
[[nodiscard]] std::vector<std::uint32_t> text_features(std::string_view text,
                                                       std::size_t max_features,
                                                       std::size_t max_bytes = 4096);

}  // namespace monsoon::store::detail
