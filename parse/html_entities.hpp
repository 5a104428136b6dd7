#pragma once
// HTML named character references (&nbsp;, &eacute;, ...), which XML does not declare,
// and where a character reference ends, as both readers of references (the sanitiser,
// html.cpp, and plain_text's decoder, text.cpp) scan it: alike, so that a summary reads
// the same whether it was sanitised or not.

#include <cstddef>
#include <optional>
#include <string_view>

namespace monsoon::parse::detail {

// The code point of an HTML entity name without '&' and ';' ("eacute"), case-sensitive.
std::optional<char32_t> html_entity(std::string_view name);

// The digits of a numeric reference whose '#' is at text[hash]: [begin, end), decimal
// or, after 'x'/'X', hexadecimal (`hex`). begin == end when there are none. HTML5 ends
// the reference at its last digit, with or without ';'.
struct ReferenceDigits {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool hex = false;
};
ReferenceDigits reference_digits(std::string_view text, std::size_t hash);

// The end of the run of name characters (ASCII letters, digits, '-', '.') that starts
// at text[begin]: where a named reference ends when no ';' closes it.
std::size_t reference_name_end(std::string_view text, std::size_t begin);

}  // namespace monsoon::parse::detail
