#include "text_features.hpp"

#include "hashing.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace monsoon::store::detail {
namespace {

enum class CharClass { separator, word, unspaced, joiner };

// The frequent English function words, which carry no story.
constexpr std::array<std::string_view, 44> kStopWords = {
    "an",    "and",  "are",  "as",   "at",   "be",  "but",  "by",    "for",  "from", "has",
    "have",  "how",  "in",   "into", "is",   "it",  "its",  "new",   "of",   "on",   "or",
    "over",  "says", "that", "the",  "this", "to",  "up",   "was",   "what", "when", "where",
    "which", "who",  "why",  "will", "with", "you", "your", "after", "amid", "than", "more"};

bool in_range(char32_t c, char32_t low, char32_t high) { return c >= low && c <= high; }

bool is_unspaced(char32_t c) {
  return in_range(c, 0x4E00, 0x9FFF) || in_range(c, 0x3400, 0x4DBF) ||  // Han
         in_range(c, 0xF900, 0xFAFF) || in_range(c, 0x20000, 0x2FFFF) ||
         in_range(c, 0x3041, 0x309F) || in_range(c, 0x30A0, 0x30FA) ||  // Kana
         c == 0x30FC || in_range(c, 0x31F0, 0x31FF) ||                  // ー, small Kana
         in_range(c, 0xAC00, 0xD7AF) || in_range(c, 0x1100, 0x11FF) ||  // Hangul
         in_range(c, 0x3130, 0x318F) || in_range(c, 0x0E00, 0x0EFF) ||  // Thai, Lao
         in_range(c, 0x1000, 0x109F) || in_range(c, 0x1780, 0x17FF);    // Myanmar, Khmer
}

bool is_stop_word(std::u32string_view letters) {
  return std::any_of(kStopWords.begin(), kStopWords.end(), [&](std::string_view stop) {
    return std::equal(stop.begin(), stop.end(), letters.begin(), letters.end(),
                      [](char a, char32_t b) { return char32_t(a) == b; });
  });
}

bool is_hiragana(char32_t c) { return in_range(c, 0x3041, 0x309F); }

// Letters of the alphabetic scripts monsoon's feeds use, after fold().
bool is_word(char32_t c) {
  return in_range(c, 'a', 'z') || in_range(c, '0', '9') || in_range(c, 0xDF, 0x24F) ||
         in_range(c, 0x370, 0x3FF) || in_range(c, 0x400, 0x52F) ||  // Greek, Cyrillic
         in_range(c, 0x900, 0xDFF) ||                               // Indic scripts
         in_range(c, 0x1E00, 0x1EFF);                               // Vietnamese
}

char32_t fold(char32_t c) {
  // Latin-1 letters 0xC0..0xFF without their accents; '*' marks the two signs.
  static constexpr std::string_view kLatin1 =
      "aaaaaaaceeeeiiiidnooooo*ouuuuyt\xdf"
      "aaaaaaaceeeeiiiidnooooo*ouuuuyty";
  if (in_range(c, 0xFF01, 0xFF5E)) c -= 0xFEE0;  // full-width ASCII
  if (in_range(c, 'A', 'Z')) return c + 32;
  if (in_range(c, 0xC0, 0xFF)) {
    const auto base = static_cast<unsigned char>(kLatin1[c - 0xC0]);
    return base == '*' ? U' ' : base;
  }
  if (in_range(c, 0x391, 0x3A9) || in_range(c, 0x410, 0x42F)) return c + 32;
  return c;
}

CharClass classify(char32_t c) {
  if (c == '\'' || c == 0x2019) return CharClass::joiner;
  if (is_word(c)) return CharClass::word;
  if (is_unspaced(c)) return CharClass::unspaced;
  return CharClass::separator;
}

// Decodes one UTF-8 sequence at text[i], advancing i; invalid bytes give U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i++]);
  if (lead < 0x80) return lead;
  int length = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (length < 0 || lead > 0xF4) return 0xFFFD;
  char32_t c = lead & (0x3F >> length);
  for (; length > 0; --length) {
    if (i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return 0xFFFD;
    c = (c << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
  }
  return c;
}

class FeatureSink {
 public:
  explicit FeatureSink(std::size_t max_features) : max_features_(max_features) {}

  bool full() const { return features_.size() >= max_features_; }

  void word(std::u32string_view letters) {
    if (letters.size() < 2 && !(letters.size() == 1 && in_range(letters[0], '0', '9'))) return;
    if (letters.size() <= 5 && is_stop_word(letters)) return;
    const std::size_t n = letters.size();
    if (n >= 4 && letters[n - 1] == 's' && letters[n - 2] != 's' && letters[n - 2] < 0x80) {
      letters.remove_suffix(1);
    }
    add(hash_sequence(letters));
  }

  void bigram(char32_t first, char32_t second) {
    if (is_hiragana(first) && is_hiragana(second)) return;
    add(mix64((std::uint64_t{first} << 21 | second) ^ 0x9E3779B97F4A7C15ULL));
  }

  std::vector<std::uint32_t> take() {
    std::sort(features_.begin(), features_.end());
    features_.erase(std::unique(features_.begin(), features_.end()), features_.end());
    return std::move(features_);
  }

 private:
  void add(std::uint64_t hash) {
    if (!full()) features_.push_back(static_cast<std::uint32_t>(hash >> 32));
  }

  std::size_t max_features_;
  std::vector<std::uint32_t> features_;
};

}  // namespace

std::vector<std::uint32_t> text_features(std::string_view text, std::size_t max_features,
                                         std::size_t max_bytes) {
  text = text.substr(0, std::min(text.size(), max_bytes));
  FeatureSink sink(max_features);
  std::u32string word;
  char32_t previous_unspaced = 0;  // last character of the current unspaced run
  bool run_has_bigram = false;
  auto end_run = [&] {
    if (previous_unspaced != 0 && !run_has_bigram) sink.bigram(previous_unspaced, 0);
    previous_unspaced = 0;
    run_has_bigram = false;
  };
  std::size_t i = 0;
  while (i < text.size() && !sink.full()) {
    const char32_t c = fold(next_code_point(text, i));
    CharClass kind = classify(c);
    // "1,000" and "2.5" are one number, not "1" and "000".
    if ((c == ',' || c == '.') && !word.empty() && in_range(word.back(), '0', '9') &&
        i < text.size() && in_range(static_cast<unsigned char>(text[i]), '0', '9')) {
      kind = CharClass::joiner;
    }
    if (kind == CharClass::joiner) continue;
    if (kind != CharClass::word && !word.empty()) {
      sink.word(word);
      word.clear();
    }
    if (kind != CharClass::unspaced) end_run();
    if (kind == CharClass::word) {
      word.push_back(c);
    } else if (kind == CharClass::unspaced) {
      if (previous_unspaced != 0) {
        sink.bigram(previous_unspaced, c);
        run_has_bigram = true;
      }
      previous_unspaced = c;
    }
  }
  if (!word.empty()) sink.word(word);
  end_run();
  return sink.take();
}

}  // namespace monsoon::store::detail
