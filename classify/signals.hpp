#pragma once
// Internal to classify: the weak signals outside the dictionary terms: the writing
// system of the text, the link's country-code domain and the language tag.

#include "dictionary.hpp"

#include <optional>
#include <string_view>

namespace monsoon::classify::detail {

// Code points counted by script in a UTF-8 text (invalid bytes are skipped).
struct ScriptCounts {
  int latin_words = 0;  // runs of ASCII letters
  int hangul = 0;
  int kana = 0;
  int han = 0;
  int simplified = 0;   // Han characters that exist only in Simplified Chinese
  int traditional = 0;  // ...only in Traditional Chinese
  int japanese_only = 0;  // Japanese kanji forms (経, 駅) that neither Chinese script uses
  int thai = 0;         // Thai, Lao, Khmer, Myanmar
  int indic = 0;        // Devanagari, Gurmukhi, Gujarati, Tamil, Telugu, Kannada, Malayalam
  int arabic = 0;       // Arabic and Hebrew
};
void count_scripts(std::string_view text, ScriptCounts& counts);

// The region a script mix points to, with a factor for the script weight (0 = none).
// Hangul -> south_korea, kana -> japan, Thai/Lao/Khmer/Myanmar -> southeast_asia,
// Indic -> india, Arabic/Hebrew -> rest_of_asia (half); six or more Han characters
// without kana -> japan by Japanese-only kanji forms, else china or taiwan by
// Simplified or Traditional characters, nothing when it cannot tell. The factor grows
// with the characters of that script (kana and Han together for Japanese) and is 1
// from twelve on: a few characters are a hint, a sentence is a signal.
Signal script_signal(const ScriptCounts& counts);

// The host of an http(s) link, lower case, or empty.
std::string_view link_host(std::string_view link);

// The longest listed domain suffix of the link's host: ("tw", signal) for x.com.tw.
std::optional<std::pair<std::string, Signal>> tld_signal(const Dictionary& dictionary,
                                                         std::string_view link);

// The longest listed prefix of the language tag, by whole subtags, ignoring case.
std::optional<std::pair<std::string, Signal>> language_signal(const Dictionary& dictionary,
                                                              std::string_view language);

}  // namespace monsoon::classify::detail
