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

// English number words up to twelve, read as their digits ("five dead" / "5 dead").
constexpr std::array<std::string_view, 13> kNumberWords = {
    "zero",  "one",   "two",  "three", "four",   "five",  "six",
    "seven", "eight", "nine", "ten",   "eleven", "twelve"};

int number_word(std::u32string_view letters) {
  for (std::size_t n = 0; n < kNumberWords.size(); ++n) {
    const std::string_view word = kNumberWords[n];
    if (std::equal(word.begin(), word.end(), letters.begin(), letters.end(),
                   [](char a, char32_t b) { return char32_t(a) == b; })) {
      return static_cast<int>(n);
    }
  }
  return -1;
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

bool is_capital(char32_t c) {
  if (in_range(c, 0xFF21, 0xFF3A)) c -= 0xFEE0;  // full-width A-Z
  return in_range(c, 'A', 'Z') || (in_range(c, 0xC0, 0xDE) && c != 0xD7) ||
         in_range(c, 0x391, 0x3A9) || in_range(c, 0x410, 0x42F);
}

bool ends_sentence(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == '|' || c == 0x203A || c == 0x2014 || c == 0x3002;
}

bool ends_subject(char32_t c) { return c == 0x3001 || c == ',' || c == 0xFF0C; }

// How a word was written before folding: what names are judged on.
struct WordShape {
  std::size_t letters = 0;
  std::size_t capitals = 0;
  bool first_capital = false;
  bool opens_sentence = false;
};

class FeatureSink {
 public:
  explicit FeatureSink(std::size_t max_features) : max_features_(max_features) {}

  bool full() const { return features_.size() >= max_features_; }

  void word(std::u32string_view letters, const WordShape& shape) {
    if (letters.size() < 2 && !(letters.size() == 1 && in_range(letters[0], '0', '9'))) return;
    if (letters.size() <= 5 && is_stop_word(letters)) return;
    std::u32string digits;
    if (const int value = letters.size() <= 6 ? number_word(letters) : -1; value >= 0) {
      for (const char d : std::to_string(value)) digits.push_back(static_cast<char32_t>(d));
      letters = digits;
    }
    const std::size_t n = letters.size();
    if (n >= 4 && letters[n - 1] == 's' && letters[n - 2] != 's' && letters[n - 2] < 0x80) {
      letters.remove_suffix(1);
    }
    const bool number = std::all_of(letters.begin(), letters.end(),
                                    [](char32_t c) { return in_range(c, '0', '9'); });
    if (!add(hash_sequence(letters), number)) return;
    if (number) return;
    const bool marked = (shape.capitals >= 2 && shape.capitals == shape.letters) ||
                        (shape.capitals >= 1 && !shape.first_capital) || shape.capitals >= 2;
    if (marked) names_.push_back(features_.back());
    if (!marked && shape.first_capital && !shape.opens_sentence) {
      capitalised_.push_back(features_.back());
    }
    if (n >= 4 && !shape.opens_sentence) {
      ++long_words_;
      long_capitalised_ += shape.first_capital;
    }
  }

  void bigram(char32_t first, char32_t second) {
    if (is_hiragana(first) && is_hiragana(second)) return;
    add(mix64((std::uint64_t{first} << 21 | second) ^ 0x9E3779B97F4A7C15ULL), false);
  }

  std::size_t count() const { return features_.size(); }
  // Marks the features added since `from` as names.
  void name_since(std::size_t from) {
    names_.insert(names_.end(), features_.begin() + static_cast<std::ptrdiff_t>(from),
                  features_.end());
  }

  TextFeatures take() {
    // Title case ("Hate Crime Charges Brought in Chicago"): capitals say nothing.
    if (long_words_ < 3 || long_capitalised_ * 4 < long_words_ * 3) {
      names_.insert(names_.end(), capitalised_.begin(), capitalised_.end());
    }
    TextFeatures out{std::move(features_), std::move(names_)};
    for (auto* set : {&out.features, &out.names}) {
      std::sort(set->begin(), set->end());
      set->erase(std::unique(set->begin(), set->end()), set->end());
    }
    return out;
  }

 private:
  bool add(std::uint64_t hash, bool number) {
    if (full()) return false;
    const auto feature = static_cast<std::uint32_t>(hash >> 32);
    features_.push_back(number ? (feature | 1u) : (feature & ~1u));
    return true;
  }

  std::size_t max_features_;
  std::vector<std::uint32_t> features_;
  std::vector<std::uint32_t> names_;
  std::vector<std::uint32_t> capitalised_;  // names unless the text is in title case
  std::size_t long_words_ = 0;
  std::size_t long_capitalised_ = 0;
};

// One pass over the text; the state between characters.
class Scanner {
 public:
  explicit Scanner(std::size_t max_features) : sink_(max_features) {}

  void feed(char32_t raw, char32_t c, CharClass kind) {
    if (kind == CharClass::joiner) return;
    if (kind != CharClass::word && !word_.empty()) end_word();
    if (kind != CharClass::unspaced) end_run(raw);
    if (kind == CharClass::word) {
      if (word_.empty()) shape_ = {0, 0, is_capital(raw), sentence_start_};
      word_.push_back(c);
      ++shape_.letters;
      shape_.capitals += is_capital(raw);
      sentence_start_ = false;
    } else if (kind == CharClass::unspaced) {
      if (previous_unspaced_ == 0) run_start_ = sink_.count();
      if (previous_unspaced_ != 0) {
        sink_.bigram(previous_unspaced_, c);
        run_has_bigram_ = true;
      }
      previous_unspaced_ = c;
      sentence_start_ = false;
    } else if (ends_sentence(raw)) {
      sentence_start_ = true;
    }
  }

  bool full() const { return sink_.full(); }
  bool in_number() const { return !word_.empty() && in_range(word_.back(), '0', '9'); }

  TextFeatures finish() {
    if (!word_.empty()) end_word();
    end_run(0);
    return sink_.take();
  }

 private:
  void end_word() {
    sink_.word(word_, shape_);
    word_.clear();
    ++tokens_;
  }

  void end_run(char32_t terminator) {
    if (previous_unspaced_ == 0) return;
    if (!run_has_bigram_) sink_.bigram(previous_unspaced_, 0);
    if (tokens_ == 0 && ends_subject(terminator)) sink_.name_since(run_start_);
    previous_unspaced_ = 0;
    run_has_bigram_ = false;
    ++tokens_;
  }

  FeatureSink sink_;
  std::u32string word_;
  WordShape shape_;
  bool sentence_start_ = true;
  std::size_t tokens_ = 0;          // words and unspaced runs so far
  char32_t previous_unspaced_ = 0;  // last character of the current unspaced run
  bool run_has_bigram_ = false;
  std::size_t run_start_ = 0;
};

}  // namespace

TextFeatures text_features(std::string_view text, std::size_t max_features, std::size_t max_bytes) {
  text = text.substr(0, std::min(text.size(), max_bytes));
  Scanner scanner(max_features);
  std::size_t i = 0;
  while (i < text.size() && !scanner.full()) {
    char32_t raw = next_code_point(text, i);
    if (in_range(raw, 0xFF01, 0xFF5E)) raw -= 0xFEE0;  // full-width ASCII
    const char32_t c = fold(raw);
    CharClass kind = classify(c);
    // "1,000" and "2.5" are one number, not "1" and "000".
    if ((c == ',' || c == '.') && scanner.in_number() && i < text.size() &&
        in_range(static_cast<unsigned char>(text[i]), '0', '9')) {
      kind = CharClass::joiner;
    }
    scanner.feed(raw, c, kind);
  }
  return scanner.finish();
}

}  // namespace monsoon::store::detail
