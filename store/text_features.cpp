#include "text_features.hpp"

#include "hashing.hpp"
#include "lexicon.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace monsoon::store::detail {
namespace {

enum class CharClass { separator, word, unspaced, joiner };

bool in_range(char32_t c, char32_t low, char32_t high) { return c >= low && c <= high; }

bool is_han(char32_t c) {
  return in_range(c, 0x4E00, 0x9FFF) || in_range(c, 0x3400, 0x4DBF) ||
         in_range(c, 0xF900, 0xFAFF) || in_range(c, 0x20000, 0x2FFFF);
}

bool is_unspaced(char32_t c) {
  return is_han(c) ||
         in_range(c, 0x3041, 0x309F) || in_range(c, 0x30A0, 0x30FA) ||  // Kana
         c == 0x30FC || in_range(c, 0x31F0, 0x31FF) ||                  // ー, small Kana
         in_range(c, 0xAC00, 0xD7AF) || in_range(c, 0x1100, 0x11FF) ||  // Hangul
         in_range(c, 0x3130, 0x318F) || in_range(c, 0x0E00, 0x0EFF) ||  // Thai, Lao
         in_range(c, 0x1000, 0x109F) || in_range(c, 0x1780, 0x17FF);    // Myanmar, Khmer
}

// English number words up to twelve, read as their digits ("five dead" / "5 dead").
constexpr std::array<std::string_view, 13> kNumberWords = {
    "zero",  "one",   "two",  "three", "four",   "five",  "six",
    "seven", "eight", "nine", "ten",   "eleven", "twelve"};

int number_word(std::u32string_view letters) {
  // Most words are none: they are the wrong length or start with another letter.
  constexpr std::uint32_t kFirstLetters = [] {
    std::uint32_t bits = 0;
    for (const std::string_view word : kNumberWords) bits |= 1u << (word[0] - 'a');
    return bits;
  }();
  if (letters.size() < 3 || letters.size() > 6 || !in_range(letters[0], 'a', 'z') ||
      (kFirstLetters >> (letters[0] - 'a') & 1) == 0) {
    return -1;
  }
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

// Chinese function characters (of, at, will, and, by, to, ...), which separate the
// words of a headline rather than belong to them.
bool is_han_function(char32_t c) {
  // Sorted, for a binary search: this runs for every Han character.
  static constexpr std::array<char32_t, 23> kFunction = {
      U'与', U'並', U'也', U'了', U'于', U'从', U'及', U'向', U'和', U'在', U'对', U'将',
      U'將', U'對', U'并', U'從', U'把', U'於', U'是', U'的', U'與', U'被', U'都'};
  static_assert(std::is_sorted(kFunction.begin(), kFunction.end()));
  return c >= kFunction.front() && c <= kFunction.back() &&
         std::binary_search(kFunction.begin(), kFunction.end(), c);
}

// Chinese reporting verbs (announce, say, state): headlines put them between who and
// what ("京东宣布…裁员"), and one copy has them where another does not.
bool is_han_reporting_verb(char32_t first, char32_t second) {
  static constexpr std::array<std::pair<char32_t, char32_t>, 6> kVerbs = {{
      {U'宣', U'布'}, {U'表', U'示'}, {U'声', U'称'}, {U'聲', U'稱'}, {U'透', U'露'}, {U'指', U'出'}}};
  return std::find(kVerbs.begin(), kVerbs.end(), std::pair{first, second}) != kVerbs.end();
}

CharClass classify(char32_t c) {
  if (c == '\'' || c == 0x2019) return CharClass::joiner;
  if (is_word(c)) return CharClass::word;
  // Hiragana is mostly particles and inflections ("が", "を", "した"); it separates
  // the Kanji and Katakana words that carry a Japanese headline.
  if (is_hiragana(c) || is_han_function(c)) return CharClass::separator;
  if (is_unspaced(c)) return CharClass::unspaced;
  return CharClass::separator;
}

struct AsciiChar {
  char32_t folded = 0;
  CharClass kind = CharClass::separator;
  bool capital = false;
};

// fold(), classify() and is_capital() of each ASCII character.
constexpr std::array<AsciiChar, 128> kAscii = [] {
  std::array<AsciiChar, 128> table{};
  for (char32_t c = 0; c < 128; ++c) {
    const bool upper = c >= 'A' && c <= 'Z';
    const char32_t folded = upper ? c + 32 : c;
    CharClass kind = CharClass::separator;
    if ((folded >= 'a' && folded <= 'z') || (c >= '0' && c <= '9')) kind = CharClass::word;
    if (c == '\'') kind = CharClass::joiner;
    table[c] = {folded, kind, upper};
  }
  return table;
}();

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_hangul(char32_t c) { return in_range(c, 0xAC00, 0xD7AF); }

bool all_digits(std::u32string_view word) {
  return std::all_of(word.begin(), word.end(), [](char32_t c) { return in_range(c, '0', '9'); });
}

// Chinese, Japanese and Korean magnitudes and currencies written after a number
// ("50万辆", "10조원", "3億円"): each stands alone, so "10조원" and "10조 원" agree.
bool is_number_unit(char32_t c) {
  constexpr std::u32string_view kUnits = U"十百千万萬亿億兆元円圆圓원조억만천백";
  return kUnits.find(c) != std::u32string_view::npos;
}

// Korean particles and endings stick to the word before them ("쿠팡이", "파페치를",
// "인수한다"); a run ending in one loses it when two syllables remain, and a run that
// is only a particle ("3.5%로") is dropped.
void strip_korean_particle(std::u32string& run) {
  constexpr std::u32string_view kLong[] = {U"에서", U"으로", U"에게", U"까지", U"부터",
                                           U"한다", U"했다", U"된다", U"하고", U"하는"};
  constexpr std::u32string_view kShort = U"이가은는을를의에로와과도만";
  if (!std::all_of(run.begin(), run.end(), is_hangul)) return;
  for (const std::u32string_view particle : kLong) {
    if (run == particle) {  // what follows a word of the lexicon ("철회" + "한다")
      run.clear();
      return;
    }
    if (run.size() >= particle.size() + 2 &&
        std::u32string_view(run).substr(run.size() - particle.size()) == particle) {
      run.resize(run.size() - particle.size());
      return;
    }
  }
  if (kShort.find(run.back()) == std::u32string_view::npos) return;
  if (run.size() >= 3 || run.size() == 1) run.pop_back();
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
  bool opens_text = false;  // the text's first token, not a label before ':'
};

class FeatureSink {
 public:
  // Starts a text, keeping the buffers' memory.
  void reset(std::size_t max_features) {
    max_features_ = max_features;
    features_.clear(), names_.clear(), capitalised_.clear();
    subject_at_ = kNone;
    long_words_ = long_capitalised_ = 0;
    previous_stem_ = 0;
    previous_feature_ = kNone;
    marks_ = 0;
  }

  bool full() const { return features_.size() >= max_features_; }

  void word(std::u32string_view letters, const WordShape& shape) {
    if (split_unit(letters, shape)) return;
    const std::uint64_t previous = previous_stem_;
    const std::size_t previous_feature = previous_feature_;
    previous_stem_ = 0;
    previous_feature_ = kNone;
    if (letters.size() < 2 && !(letters.size() == 1 && in_range(letters[0], '0', '9'))) return;
    if (const int value = number_word(letters); value >= 0) {
      digits_.clear();
      for (const char d : std::to_string(value)) digits_.push_back(static_cast<char32_t>(d));
      letters = digits_;
    }
    const Lexeme lexeme = lexeme_of(letters);
    if (const Lexeme joined = join_phrase(previous, lexeme.stem); joined.hash != 0) {
      join(previous_feature, joined);
      // "third quarter" is Q3 and still a quarter ("quarterly"), "trial production"
      // a trial and still production: the phrase takes the first word's place.
      if (joined.keep_second && lexeme.hash != 0) add(lexeme.hash, false);
      return;
    }
    previous_stem_ = lexeme.stem;
    if (lexeme.hash == 0) return;  // a stop word
    const bool number = lexeme.number || all_digits(letters);
    if (!add(lexeme.hash, number)) return;
    previous_feature_ = features_.size() - 1;
    marks_ = 0;
    if (number) return;
    if (shape.opens_text && shape.capitals > 0 && !lexeme.verb_or_noun) {
      subject_at_ = features_.size() - 1;
    }
    if (letters.size() >= 4 && !shape.opens_sentence) {
      ++long_words_;
      long_capitalised_ += shape.first_capital;
    }
    if (lexeme.verb_or_noun) return;
    const bool marked = (shape.capitals >= 2 && shape.capitals == shape.letters) ||
                        (shape.capitals >= 1 && !shape.first_capital) || shape.capitals >= 2;
    if (marked) names_.push_back(features_.back()), marks_ = 1;
    if (!marked && shape.first_capital && !shape.opens_sentence) {
      capitalised_.push_back(features_.back()), marks_ = 2;
    }
  }

  // Breaks a two-word phrase (an unspaced run came between).
  void break_phrase() { previous_stem_ = 0; }

  void bigram(char32_t first, char32_t second) {
    add(mix64((std::uint64_t{first} << 21 | second) ^ 0x9E3779B97F4A7C15ULL), false);
  }

  // A word of the lexicon's unspaced tables, found in a run: its class's feature
  // ("发布" and "推出" are one), a name when the class is a country or a company
  // ("印度", "베트남", "鸿海").
  void unspaced_word(const Lexeme& word) {
    if (!add(word.hash, word.number)) return;
    if (!word.verb_or_noun && !word.number) names_.push_back(features_.back());
  }

  std::size_t count() const { return features_.size(); }
  // Marks the feature added at `at`, if any, as a name.
  void name_at(std::size_t at) {
    if (at < features_.size()) names_.push_back(features_[at]);
  }

  void take(TextFeatures& out) {
    // Title case ("Hate Crime Charges Brought in Chicago"): capitals say nothing.
    if (long_words_ < 3 || long_capitalised_ * 4 < long_words_ * 3) {
      names_.insert(names_.end(), capitalised_.begin(), capitalised_.end());
    }
    out.subject.clear();
    if (subject_at_ != kNone) out.subject.push_back(features_[subject_at_]);
    for (auto* set : {&features_, &names_}) {
      std::sort(set->begin(), set->end());
      set->erase(std::unique(set->begin(), set->end()), set->end());
    }
    out.features.assign(features_.begin(), features_.end());
    out.names.assign(names_.begin(), names_.end());
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  // "7bn", "2nd": the number, then the unit as a word of its own (ordinals: none).
  bool split_unit(std::u32string_view letters, const WordShape& shape) {
    std::size_t d = 0;
    while (d < letters.size() && in_range(letters[d], '0', '9')) ++d;
    if (d == 0 || d == letters.size()) return false;
    const std::u32string_view unit = letters.substr(d);
    constexpr std::u32string_view kUnits[] = {U"bn", U"b",  U"m",  U"mn",
                                              U"mln", U"k", U"tn", U"nm"};
    constexpr std::u32string_view kOrdinals[] = {U"st", U"nd", U"rd", U"th"};
    const bool ordinal =
        std::find(std::begin(kOrdinals), std::end(kOrdinals), unit) != std::end(kOrdinals);
    if (!ordinal && std::find(std::begin(kUnits), std::end(kUnits), unit) == std::end(kUnits)) {
      return false;
    }
    word(letters.substr(0, d), shape);
    if (!ordinal) word(unit == U"b" ? U"bn" : unit == U"m" ? U"mn" : unit, WordShape{});
    return true;
  }

  // Makes the previous word's feature (or a new one) the phrase's.
  void join(std::size_t previous_feature, const Lexeme& joined) {
    if (previous_feature != kNone && previous_feature + 1 == features_.size()) {
      if (marks_ == 1) names_.pop_back();
      if (marks_ == 2) capitalised_.pop_back();
      if (previous_feature == subject_at_) {
        // "Hon Hai ...": the phrase is the subject the first word was.
        subject_at_ = kNone;
        features_.pop_back();
        if (add(joined.hash, joined.number) && !joined.verb_or_noun && !joined.number) {
          subject_at_ = features_.size() - 1;
        }
        return;
      }
      features_.pop_back();
    }
    add(joined.hash, joined.number);
  }

  bool add(std::uint64_t hash, bool number) {
    if (full()) return false;
    const auto feature = static_cast<std::uint32_t>(hash >> 32);
    features_.push_back(number ? (feature | 1u) : (feature & ~1u));
    return true;
  }

  std::size_t max_features_ = 0;
  std::vector<std::uint32_t> features_;
  std::vector<std::uint32_t> names_;
  std::vector<std::uint32_t> capitalised_;  // names unless the text is in title case
  std::size_t long_words_ = 0;
  std::size_t long_capitalised_ = 0;
  std::uint64_t previous_stem_ = 0;       // the previous word's, for phrases
  std::size_t previous_feature_ = kNone;  // the previous word's feature, if it made one
  int marks_ = 0;                         // 1: it is in names_, 2: in capitalised_
  std::u32string digits_;
  std::size_t subject_at_ = kNone;  // the subject's place in features_, if any
};

// One pass over the text; the state between characters.
class Scanner {
 public:
  // Starts a text, keeping the buffers' memory.
  void reset(std::size_t max_features) {
    sink_.reset(max_features);
    word_.clear(), run_.clear();
    shape_ = {};
    sentence_start_ = true;
    tokens_ = 0;
    after_number_ = false;
  }

  void feed(char32_t raw, char32_t c, CharClass kind, bool capital) {
    // French elision ("l'Espagne", "d'invincibilité"): the apostrophe ends the word.
    if (kind == CharClass::joiner && (word_.size() != 1 || raw == '.' || raw == ',')) return;
    if (kind != CharClass::word && !word_.empty()) end_word(raw);
    if (kind != CharClass::unspaced) end_run(raw);
    if (kind == CharClass::word) {
      if (word_.empty()) shape_ = {0, 0, capital, sentence_start_};
      word_.push_back(c);
      ++shape_.letters;
      shape_.capitals += capital;
      sentence_start_ = false;
    } else if (kind == CharClass::unspaced) {
      if (run_.empty() && after_number_ && is_number_unit(c)) {
        sink_.bigram(c, 0);
        return;
      }
      after_number_ = false;
      run_.push_back(c);
      sentence_start_ = false;
      // A reporting verb ends the run and is dropped, as "said" is in English.
      if (run_.size() >= 2 && is_han_reporting_verb(run_[run_.size() - 2], c)) {
        run_.erase(run_.size() - 2);
        end_run(0);
      }
    } else if (ends_sentence(raw)) {
      sentence_start_ = true;
    }
  }

  // Reads the ASCII letters and digits from text[i] on (at least one) into the
  // current word, as feed() would one by one.
  void ascii_word(std::string_view text, std::size_t& i) {
    end_run(static_cast<unsigned char>(text[i]));
    if (word_.empty())
      shape_ = {0, 0, kAscii[static_cast<unsigned char>(text[i])].capital, sentence_start_};
    std::size_t end = i;
    while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80 &&
           kAscii[static_cast<unsigned char>(text[end])].kind == CharClass::word) {
      ++end;
    }
    std::size_t at = word_.size();
    word_.resize(at + (end - i));
    shape_.letters += end - i;
    for (; i < end; ++i, ++at) {
      const AsciiChar& ascii = kAscii[static_cast<unsigned char>(text[i])];
      word_[at] = ascii.folded;
      shape_.capitals += ascii.capital;
    }
    sentence_start_ = false;
  }

  bool full() const { return sink_.full(); }
  bool in_number() const { return !word_.empty() && in_range(word_.back(), '0', '9'); }
  bool in_initial() const { return word_.size() == 1 && in_range(word_[0], 'a', 'z'); }

  void finish(TextFeatures& out) {
    if (!word_.empty()) end_word(0);
    end_run(0);
    sink_.take(out);
  }

 private:
  // `next`: the character after the word (0 at the end of the text).
  void end_word(char32_t next) {
    after_number_ = all_digits(word_);
    // A word before ':' labels the headline ("Nikkei: Toyota to ..."); it says who
    // wrote it, not who it is about.
    shape_.opens_text = tokens_ == 0 && next != ':' && next != 0xFF1A;
    sink_.word(word_, shape_);
    word_.clear();
    ++tokens_;
  }

  // Which bigrams of a run are the headline's subject: none, all, or the first.
  enum class Subject { none, run, first };

  // A run's character bigrams (a run of one character gives itself), after a
  // Korean particle at its end; then each Han character of a longer run on its own.
  // A Han character is a morpheme (厂 factory, 晶 crystal), so an edited headline
  // that rewords one word ("建设第二座工厂" / "建第二座晶圆厂") still shares most of
  // its characters where it shares few bigrams. Hangul and kana are syllables:
  // alone they mean nothing, and they get no unigrams.
  void end_run(char32_t terminator) {
    if (run_.empty()) return;
    strip_korean_particle(run_);
    if (run_.empty()) {  // only a particle
      ++tokens_;
      return;
    }
    const std::u32string_view run = run_;
    // The subject opens a headline. Followed by 、 or a comma ("トヨタ、"), the whole
    // run is it (its bigrams); otherwise its first bigram stands for it ("腾讯第三季度…",
    // "台積電11月…"), unless the run opens with a word of the lexicon ("发布…"; a
    // country or a company is a name already).
    const bool opens = tokens_ == 0;
    Subject subject = !opens                    ? Subject::none
                      : ends_subject(terminator) ? Subject::run
                                                 : Subject::first;
    // The lexicon's words (lexicon.hpp) cut the run, the longest first at each place:
    // "聯發科發表天璣" and "聯發科推出天璣" read alike, with no bigrams across the word
    // ("科發", "表天"). A word of one character counts only as a run of its own. A
    // country or a company is a name added to the run, which keeps its characters'
    // bigrams.
    std::size_t piece = 0;
    std::size_t i = 0;
    while (i < run.size()) {
      if (!may_start_unspaced_word(run[i])) {
        ++i;
        continue;
      }
      std::size_t length = std::min(kMaxUnspacedWord, run.size() - i);
      Lexeme word;
      for (; length >= 2 || (length == 1 && run.size() == 1); --length) {
        word = unspaced_lexeme(run.substr(i, length));
        if (word.hash != 0) break;
      }
      if (word.hash == 0) {
        ++i;
        continue;
      }
      if (i == 0 && subject == Subject::first) subject = Subject::none;
      if (!word.verb_or_noun && !word.number) {
        // A name (a country, a company) does not cut the run: it adds its feature
        // to the run's bigrams.
        run_names_.push_back(word);
      } else {
        piece_features(run.substr(piece, i - piece), subject);
        sink_.unspaced_word(word);
        piece = i + length;
      }
      i += length;
    }
    piece_features(run.substr(piece), subject);
    for (const Lexeme& name : run_names_) sink_.unspaced_word(name);
    run_names_.clear();
    sink_.break_phrase();
    run_.clear();
    ++tokens_;
  }

  // The features of a piece of a run between the lexicon's words: its bigrams (a
  // piece of one character gives itself), then each of its Han characters alone.
  // The subject's bigrams are names (`subject`: Subject::first is spent on one).
  void piece_features(std::u32string_view piece, Subject& subject) {
    const auto bigram = [&](char32_t first, char32_t second) {
      const std::size_t at = sink_.count();
      sink_.bigram(first, second);
      if (subject != Subject::none) sink_.name_at(at);
      if (subject == Subject::first) subject = Subject::none;
    };
    if (piece.size() == 1) bigram(piece[0], 0);
    for (std::size_t i = 1; i < piece.size(); ++i) bigram(piece[i - 1], piece[i]);
    if (piece.size() > 1) {
      for (const char32_t c : piece) {
        if (is_han(c)) sink_.bigram(c, 0);
      }
    }
  }

  FeatureSink sink_;
  std::u32string word_;
  WordShape shape_;
  bool sentence_start_ = true;
  std::size_t tokens_ = 0;  // words and unspaced runs so far
  std::u32string run_;      // the current unspaced run
  bool after_number_ = false;  // the last token was a number (or a unit after one)
  std::vector<Lexeme> run_names_;  // end_run()'s, added after the run's pieces
};

}  // namespace

TextFeatures text_features(std::string_view text, std::size_t max_features, std::size_t max_bytes) {
  TextFeatures out;
  text_features(text, max_features, out, max_bytes);
  return out;
}

void text_features(std::string_view text, std::size_t max_features, TextFeatures& out,
                   std::size_t max_bytes) {
  text = text.substr(0, std::min(text.size(), max_bytes));
  // One scanner a thread, so its buffers are allocated once, not per text.
  thread_local Scanner scanner;
  scanner.reset(max_features);
  std::size_t i = 0;
  while (i < text.size() && !scanner.full()) {
    char32_t raw = 0, c = 0;
    CharClass kind = CharClass::separator;
    bool capital = false;
    if (const auto byte = static_cast<unsigned char>(text[i]); byte < 0x80) {
      // ASCII, most of most texts: one table read instead of the range tests, and a
      // word's letters taken in one loop.
      const AsciiChar& ascii = kAscii[byte];
      if (ascii.kind == CharClass::word) {
        scanner.ascii_word(text, i);
        continue;
      }
      raw = byte, c = ascii.folded, kind = ascii.kind, capital = ascii.capital;
      ++i;
    } else {
      raw = next_code_point(text, i);
      if (in_range(raw, 0xFF01, 0xFF5E)) raw -= 0xFEE0;  // full-width ASCII
      c = fold(raw);
      kind = classify(c);
      capital = is_capital(raw);
    }
    // "1,000" and "2.5" are one number, not "1" and "000".
    if ((c == ',' || c == '.') && scanner.in_number() && i < text.size() &&
        in_range(static_cast<unsigned char>(text[i]), '0', '9')) {
      kind = CharClass::joiner;
    }
    // "U.S." and "A.I." are one word.
    if (c == '.' && scanner.in_initial() && i < text.size() && is_ascii_letter(text[i]) &&
        (i + 1 == text.size() || !is_ascii_letter(text[i + 1]))) {
      kind = CharClass::joiner;
    }
    scanner.feed(raw, c, kind, capital);
  }
  scanner.finish(out);
}

}  // namespace monsoon::store::detail
