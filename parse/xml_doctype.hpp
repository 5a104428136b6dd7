#pragma once
// The DOCTYPE declaration: where it ends, the general entities its internal subset
// declares, and whether it is Netscape's RSS 0.91 DTD (which makes the version rss091n).

#include <array>
#include <map>
#include <string>
#include <string_view>

namespace monsoon::parse::detail {

struct Doctype {
  bool complete = false;                        // false: the data ended inside the declaration
  std::size_t end = 0;                          // offset just past the closing '>'
  std::map<std::string, std::string> entities;  // name -> replacement text ('<' escaped)
  bool netscape = false;
};

// Reads the "<!DOCTYPE" starting at `pos`. Parameter and external entities are ignored.
Doctype read_doctype(std::string_view text, std::size_t pos);

// XML name characters (ASCII rules; every non-ASCII byte is accepted).
inline constexpr bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
// A table: names are read a byte at a time, and this test ran for every byte of every tag.
inline constexpr std::array<bool, 256> kNameChars = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const auto byte = static_cast<unsigned char>(c);
    table[byte] = is_name_start(byte) || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }
  return table;
}();
inline bool is_name_char(unsigned char c) { return kNameChars[c]; }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace monsoon::parse::detail
