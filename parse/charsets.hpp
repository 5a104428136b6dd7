#pragma once
// Character set conversion to UTF-8 (glibc iconv plus two Mac code pages glibc lacks).
// Labels are the ones found in feeds and HTTP headers, matched case-insensitively with
// Python-style aliases ("cp_is", "ebcdic_cp_be", "macroman") folded to iconv names.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace monsoon::parse::detail {

// Lower-cased, trimmed label with surrounding quotes removed.
std::string normalize_label(std::string_view label);

// True when `label` names an encoding we can decode.
bool is_known_charset(std::string_view label);

// Decodes all of `bytes` from `label`; nullopt when the label is unknown or any byte
// sequence is invalid in it (a strict decode, like Python's bytes.decode).
std::optional<std::string> decode_strict(std::string_view bytes, std::string_view label);

// Decodes `bytes`, turning every invalid sequence into U+FFFD. `bad_offset` receives
// the byte offset of the first invalid sequence (npos when none). nullopt only for an
// unknown label.
std::optional<std::string> decode_lossy(std::string_view bytes, std::string_view label,
                                        std::size_t& bad_count, std::size_t& bad_offset);

// Length (1-4) of the valid UTF-8 sequence at the start of `bytes`; 0 when the first
// byte does not start one (stray continuation, overlong form, surrogate, > U+10FFFF,
// cut short) or `bytes` is empty. Inline: JSON escaping and the UTF-8 check call it once
// per non-ASCII character.
inline std::size_t utf8_sequence_length(std::string_view bytes) {
  if (bytes.empty()) return 0;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char lead = data[0];
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, min = 0x10000;
  } else {
    return 0;
  }
  if (length > bytes.size()) return 0;
  char32_t code = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((data[k] & 0xC0) != 0x80) return 0;
    code = (code << 6) | (data[k] & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

// Offset of the first byte that does not start a valid UTF-8 sequence; npos when valid.
std::size_t first_invalid_utf8(std::string_view bytes);

// The windows-1252 character for a C1 control U+0080-U+009F (U+0092 -> U+2019); 0 for
// anything else and for the five bytes windows-1252 leaves undefined.
char32_t windows1252_for_c1(char32_t code_point);

// Appends the UTF-8 encoding of `code_point` (U+FFFD for invalid ones).
void append_utf8(std::string& out, char32_t code_point);

}  // namespace monsoon::parse::detail
