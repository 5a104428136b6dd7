#pragma once
// Reading UTF-8 one code point at a time, for story matching's text features and the
// lexicon's tables. Pure.

#include <cstddef>
#include <string>
#include <string_view>

namespace monsoon::store::detail {

// Decodes one UTF-8 sequence at text[i], advancing i; invalid bytes give U+FFFD.
inline char32_t next_code_point(std::string_view text, std::size_t& i) {
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

// The code points of `text`.
inline std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) out.push_back(next_code_point(text, i));
  return out;
}

}  // namespace monsoon::store::detail
