#include "signals.hpp"

#include <algorithm>
#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace monsoon::classify::detail {
namespace {

// Common characters whose form differs between the two Chinese scripts (国/國,
// 这/這, ...). Kana-free Han text leaning one way hints at the mainland or at Taiwan
// (Hong Kong writes Traditional too, but its own names are in the dictionary). The
// first 56 are pairs; the Simplified list goes on with forms whose Traditional
// counterpart is also how Japan writes them (邮/郵, 银/銀), which would otherwise
// tilt kana-free Japanese towards Taiwan.
constexpr std::array<char32_t, 90> kSimplified = {
    U'这', U'个', U'们', U'国', U'发', U'说', U'时', U'会', U'来', U'对', U'为', U'业', U'产', U'电',
    U'网', U'车', U'报', U'进', U'开', U'与', U'关', U'东', U'长', U'门', U'问', U'经', U'体', U'实',
    U'动', U'机', U'术', U'书', U'万', U'亿', U'华', U'学', U'应', U'场', U'资', U'务', U'数', U'据',
    U'间', U'还', U'从', U'后', U'过', U'现', U'导', U'销', U'额', U'币', U'价', U'费', U'广', U'态',
    U'邮', U'单', U'钱', U'买', U'卖', U'纪', U'银', U'阁', U'马', U'鸟', U'鱼', U'页', U'见', U'红',
    U'让', U'认', U'识', U'话', U'语', U'读', U'节', U'药', U'运', U'听', U'头', U'员', U'线', U'级',
    U'组', U'结', U'给', U'统', U'质', U'题'};
constexpr std::array<char32_t, 56> kTraditional = {
    U'這', U'個', U'們', U'國', U'發', U'說', U'時', U'會', U'來', U'對', U'為', U'業', U'產', U'電',
    U'網', U'車', U'報', U'進', U'開', U'與', U'關', U'東', U'長', U'門', U'問', U'經', U'體', U'實',
    U'動', U'機', U'術', U'書', U'萬', U'億', U'華', U'學', U'應', U'場', U'資', U'務', U'數', U'據',
    U'間', U'還', U'從', U'後', U'過', U'現', U'導', U'銷', U'額', U'幣', U'價', U'費', U'廣', U'態'};

// Kanji as Japan writes them since 1946 (shinjitai), in neither Chinese script:
// 経 is 经 or 經 in Chinese. A few of these in kana-free text still point to Japan.
constexpr std::array<char32_t, 32> kJapaneseOnly = {
    U'経', U'広', U'売', U'変', U'図', U'団', U'県', U'駅', U'円', U'様', U'気', U'鉄', U'読', U'続',
    U'転', U'発', U'楽', U'帰', U'価', U'関', U'検', U'険', U'総', U'戦', U'浜', U'沢', U'蔵', U'挙',
    U'営', U'単', U'労', U'写'};

template <std::size_t N>
bool contains(const std::array<char32_t, N>& set, char32_t c) {
  return std::find(set.begin(), set.end(), c) != set.end();
}

// Decodes one UTF-8 sequence at text[i]; returns its length (1 for an invalid byte,
// with *cp = 0xFFFD).
std::size_t decode(std::string_view text, std::size_t i, char32_t* cp) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (lead >= 0x80 && lead < 0xC0) length = 0;
  if (length == 0 || i + length > text.size()) {
    *cp = 0xFFFD;
    return 1;
  }
  char32_t value = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    value = (value << 6) | (next & 0x3F);
  }
  *cp = value;
  return length;
}

void count_one(char32_t c, ScriptCounts& counts) {
  if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F)) {
    ++counts.hangul;
  } else if (c >= 0x3040 && c <= 0x30FF && c != 0x30FB && c != 0x30FC) {  // not ・ ー
    ++counts.kana;
  } else if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) {
    ++counts.han;
    if (contains(kSimplified, c)) ++counts.simplified;
    if (contains(kTraditional, c)) ++counts.traditional;
    if (contains(kJapaneseOnly, c)) ++counts.japanese_only;
  } else if ((c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF)) {
    ++counts.thai;
  } else if ((c >= 0x0900 && c <= 0x097F) || (c >= 0x0A00 && c <= 0x0D7F)) {
    ++counts.indic;
  } else if (c >= 0x0590 && c <= 0x06FF) {
    ++counts.arabic;
  }
}

constexpr int kMinHan = 6;
constexpr double kFullScriptCharacters = 12.0;

}  // namespace

void count_scripts(std::string_view text, ScriptCounts& counts) {
  bool in_word = false;
  // One ASCII byte or one UTF-8 sequence.
  const auto step = [&](std::size_t& i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      const bool letter = static_cast<unsigned char>((byte | 0x20) - 'a') < 26;
      counts.latin_words += static_cast<int>(letter && !in_word);
      in_word = letter;
      ++i;
      return;
    }
    in_word = false;
    char32_t c = 0;
    i += decode(text, i, &c);
    count_one(c, counts);
  };
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen ASCII bytes at a time: words start where a letter follows a non-letter.
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const __m128i before_a = _mm_set1_epi8('a' - 1);
  const __m128i after_z = _mm_set1_epi8('z' + 1);
  while (i + 16 <= text.size()) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const int high = _mm_movemask_epi8(block);
    if (high != 0) {
      // Up to and including the first non-ASCII character, one by one.
      const std::size_t stop = i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(high)));
      while (i <= stop) step(i);
      continue;
    }
    const __m128i lower = _mm_or_si128(block, case_bit);
    const auto letters = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(lower, before_a), _mm_cmpgt_epi8(after_z, lower))));
    const unsigned starts = letters & ~((letters << 1) | (in_word ? 1u : 0u));
    counts.latin_words += __builtin_popcount(starts);
    in_word = (letters >> 15) != 0;
    i += 16;
  }
#endif
  while (i < text.size()) step(i);
}

Signal script_signal(const ScriptCounts& counts) {
  using model::Region;
  // A few characters say little: a blog post titled "つれづれ" is Japanese but about
  // nothing in particular. The signal grows with the text, to full weight at a short
  // sentence's worth of characters.
  const auto amount = [](int characters) {
    return std::min(1.0, static_cast<double>(characters) / kFullScriptCharacters);
  };
  if (counts.hangul >= 2) return {Region::south_korea, amount(counts.hangul)};
  if (counts.kana >= 2) return {Region::japan, amount(counts.kana + counts.han)};
  if (counts.thai >= 2) return {Region::southeast_asia, amount(counts.thai)};
  if (counts.indic >= 2) return {Region::india, amount(counts.indic)};
  if (counts.arabic >= 2) return {Region::rest_of_asia, 0.5 * amount(counts.arabic)};
  // Short Han-only titles are often Japanese with no kana, and Japanese shares many
  // Traditional forms (過, 動): ask for some length, and let shinjitai speak first.
  if (counts.han >= kMinHan) {
    const double weight = amount(counts.han);
    if (counts.japanese_only > 0 && counts.japanese_only >= counts.simplified) {
      return {Region::japan, weight};
    }
    if (counts.simplified > counts.traditional) return {Region::china, weight};
    if (counts.traditional > counts.simplified) return {Region::taiwan, weight};
  }
  return {};
}

std::string_view link_host(std::string_view link) {
  const auto scheme_end = link.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = link.substr(scheme_end + 3);
  // One pass (find_first_of searches its set once per character).
  const auto end = std::find_if(rest.begin(), rest.end(),
                                [](char c) { return c == '/' || c == '?' || c == '#'; });
  rest = rest.substr(0, static_cast<std::size_t>(end - rest.begin()));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (auto colon = rest.rfind(':'); colon != std::string_view::npos) rest = rest.substr(0, colon);
  while (!rest.empty() && rest.back() == '.') rest.remove_suffix(1);
  return rest;
}

namespace {

// Lower-cases ASCII into `buffer`; empty when the text does not fit.
std::string_view lower_into(std::string_view text, std::array<char, 256>& buffer, bool dashes) {
  if (text.size() > buffer.size()) return {};
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (dashes && c == '_') c = '-';
    buffer[i] = c;
  }
  return {buffer.data(), text.size()};
}

}  // namespace

std::optional<std::pair<std::string, Signal>> tld_signal(const Dictionary& dictionary,
                                                         std::string_view link) {
  std::array<char, 256> buffer;
  const std::string_view host = lower_into(link_host(link), buffer, false);
  // Try "example.co.uk" -> "co.uk" -> "uk": the longest listed suffix wins.
  for (std::size_t dot = host.find('.'); dot != std::string_view::npos; dot = host.find('.', dot + 1)) {
    const std::string_view suffix = host.substr(dot + 1);
    if (auto found = dictionary.tlds.find(suffix); found != dictionary.tlds.end()) {
      return std::make_pair(std::string(suffix), found->second);
    }
  }
  return std::nullopt;
}

std::optional<std::pair<std::string, Signal>> language_signal(const Dictionary& dictionary,
                                                              std::string_view language) {
  std::array<char, 256> buffer;
  std::string_view tag = lower_into(language, buffer, true);
  while (!tag.empty()) {
    if (auto found = dictionary.languages.find(tag); found != dictionary.languages.end()) {
      return std::make_pair(std::string(tag), found->second);
    }
    const auto dash = tag.rfind('-');
    if (dash == std::string_view::npos) break;
    tag = tag.substr(0, dash);
  }
  return std::nullopt;
}

}  // namespace monsoon::classify::detail
