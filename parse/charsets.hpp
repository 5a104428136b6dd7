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
// cut short) or `bytes` is empty.
std::size_t utf8_sequence_length(std::string_view bytes);

// Offset of the first byte that does not start a valid UTF-8 sequence; npos when valid.
std::size_t first_invalid_utf8(std::string_view bytes);

// The windows-1252 character for a C1 control U+0080-U+009F (U+0092 -> U+2019); 0 for
// anything else and for the five bytes windows-1252 leaves undefined.
char32_t windows1252_for_c1(char32_t code_point);

// Appends the UTF-8 encoding of `code_point` (U+FFFD for invalid ones).
void append_utf8(std::string& out, char32_t code_point);

}  // namespace monsoon::parse::detail
