#pragma once
// What a folded word stands for in story matching: nothing (a stop word), or a
// feature shared by the words that report one development the same way. Pure;
// the tables are built once, on first use, and are thread-safe after that.
//
// - Stop words: English function words and reporting verbs ("says"), and the
//   commonest French, German and Spanish articles and prepositions, which carry no
//   story (monsoon's real feeds are in those languages too).
// - Stemming, for words of 4 to 32 ASCII letters: plural and third-person "s"
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
// Words outside the tables hash as themselves (after stemming), so every other
// language keeps what it had.

#include <cstdint>
#include <string>
#include <string_view>

namespace monsoon::store::detail {

struct Lexeme {
  std::uint64_t hash = 0;     // what the feature is made of; 0 for a stop word
  std::uint64_t stem = 0;     // the stem's own hash, stop word or not (for join_phrase)
  bool verb_or_noun = false;  // in a synonym class of words, which are never names
};

// The lexeme of a folded word (lower-case letters and digits, as text_features reads
// it).
[[nodiscard]] Lexeme lexeme_of(std::u32string_view word);

// The lexeme two consecutive words make together ("lay" + "off" -> the "down" class),
// given their Lexeme::stem; hash 0 when they make none.
[[nodiscard]] Lexeme join_phrase(std::uint64_t first_stem, std::uint64_t second_stem);

// True when a 32-bit feature (text_features.hpp) is an action class's.
[[nodiscard]] bool is_action(std::uint32_t feature);

}  // namespace monsoon::store::detail
