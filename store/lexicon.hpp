#pragma once
// What a folded word stands for in story matching: nothing (a stop word), or a
// feature shared by the words that report one development the same way. Pure;
// the tables are built once, on first use, and are thread-safe after that.
//
// - Stop words: English function words and reporting verbs ("says"), and the
//   commonest French, German and Spanish articles and prepositions, which carry no
//   story (monsoon's real feeds are in those languages too).
// - British spellings as American ones ("centre", "labour", "organise" -> "center",
//   "labor", "organize"; -ise only after the endings that make verbs of it), then
//   stemming, for words of 4 to 32 ASCII letters: plural and third-person "s"
//   ("ies" -> "y"), "ing" and "ed", then a final "e" and a doubled last consonant, so
//   "acquire", "acquires", "acquired" and "acquiring" meet. It is a light Porter-like
//   stemmer: it only has to be consistent, not linguistically right.
// - Synonyms: a small shipped table of English news verbs and nouns that headlines
//   use interchangeably ("acquire", "buy", "merger", "takeover"; "halt", "stop",
//   "suspend"; "staff", "jobs", "workforce"; "chief executive", "CEO"), and country
//   names with their demonyms ("India", "Indian"). Two-word phrases ("lay off",
//   "step down", "going public") are joined by join_phrase().
// - Actions: the classes that say what stage a story is at ("acquire", "halt",
//   "resume", "launch", "deliver", "delay", "ban", "fine", "appoint", "resign", and
//   the directions "up" ("rise", "raise", "hike"), "down" ("fall", "cut", "lay off")
//   and "flat" ("unchanged", "keep", "freeze")), which tell "Bank raises rate" from
//   "Bank keeps rate" and "Foxconn halts production" from "... resumes production"
//   (is_action()).
// - Markers: negations and reversals ("not", "won't", "withdraws", "calls off",
//   "lifts ban"), denials, appeals and delays ("denies", "rejects", "appeals",
//   "postpones"), considerations ("weighs", "mulls"), completions ("completes") and trials
//   ("prototype", "trial production", "pilot project"; not a court's trial or an
//   airline's pilot), which make "Alibaba to spin off cloud unit" another story than
//   "Alibaba will not spin off cloud unit" (is_marker()).
// - Chinese, Japanese and Korean words of the same classes, up to twelve characters
//   (发布 / 推出 launch, 营收 revenue, 增长 rise, 取消 / 철회 cancel, 検討 consider, and
//   countries: 印度 / インド / 인도 India), found in an unspaced run, the longest first
//   (unspaced_lexeme()); and companies known by two names in one language (鸿海 /
//   富士康, 현대차 / 현대자동차, "Foxconn" / "Hon Hai"), which are names.
// - Quarters written as words ("Q3", "3Q", "third quarter", "第三季度"), which count
//   as numbers: "Q2" and "Q3" conflict as "2" and "3" do.
// Words outside the tables hash as themselves (after stemming), so every other
// language keeps what it had.

#include "hashing.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <span>
#include <string_view>
#include <utility>

namespace monsoon::store::detail {

struct Lexeme {
  std::uint64_t hash = 0;     // what the feature is made of; 0 for a stop word
  std::uint64_t stem = 0;     // the stem's own hash, stop word or not (for join_phrase)
  bool verb_or_noun = false;  // in a synonym class of words, which are never names
  bool number = false;        // a number in words ("Q3", "third quarter", "三季")
  bool keep_second = false;   // join_phrase(): the second word keeps its own feature too
};

// The lexeme of a folded word (lower-case letters and digits, as text_features reads
// it).
[[nodiscard]] Lexeme lexeme_of(std::u32string_view word);

// The lexeme two consecutive words make together ("lay" + "off" -> the "down" class),
// given their Lexeme::stem; hash 0 when they make none.
[[nodiscard]] Lexeme join_phrase(std::uint64_t first_stem, std::uint64_t second_stem);

// True when a 32-bit feature (text_features.hpp) is an action class's (markers are
// actions too).
[[nodiscard]] bool is_action(std::uint32_t feature);
// True when it is a marker class's: a negation or reversal, a consideration, a
// completion. A headline with one says another thing than one without it.
[[nodiscard]] bool is_marker(std::uint32_t feature);
// True when it is a country's ("India", "Indian", "印度", "인도").
[[nodiscard]] bool is_country(std::uint32_t feature);
// Pairs of classes that report opposite outcomes: profit ("profit", 利润, 黒字, 흑자)
// and loss ("loss", "deficit", 亏损, 赤字, 적자), win and lose ("wins", 胜诉, 승소 /
// "loses", 败诉, 패소), beat and miss ("beats", 超预期, 上回る / "misses", "falls
// short", 未达预期, 下回る). Each pair holds its two classes' features; at most 16
// pairs (TitleMarks::opposed).
[[nodiscard]] std::span<const std::pair<std::uint32_t, std::uint32_t>> opposed_classes();

// The longest word of the Chinese, Japanese and Korean tables, in characters.
inline constexpr std::size_t kMaxUnspacedWord = 12;
// The lexeme of a word of those tables (launch, profit, rise, fall, negation, the
// countries, ...); hash 0 when `word` is none. Words of one character count only as
// a run of their own.
[[nodiscard]] Lexeme unspaced_lexeme(std::u32string_view word);
// False when no word of those tables starts with `c` (most characters): a quick test.
[[nodiscard]] bool may_start_unspaced_word(char32_t c);
// The tables' key of a word (not a feature).
inline std::uint64_t unspaced_key(std::u32string_view word) {
  return hash_sequence(word) ^ 0x5bd1e9955bd1e995ULL;
}

}  // namespace monsoon::store::detail
