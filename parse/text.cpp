// plain_text: one line of readable text from a title or summary, for the digest.
#include "charsets.hpp"
#include "html_entities.hpp"

#include <monsoon/parse.hpp>

#include <algorithm>
#include <cstdint>

namespace monsoon::parse {
namespace {

bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Decodes &name; &#123; &#x1F; (unknown references stay as written).
std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      // Copy the run up to the next '&' whole.
      const std::size_t amp = std::min(text.find('&', i), text.size());
      out.append(text.substr(i, amp - i));
      i = amp - 1;
      continue;
    }
    const std::size_t semicolon = text.find(';', i + 1);
    if (semicolon == std::string_view::npos || semicolon - i > 32) {
      out.push_back('&');
      continue;
    }
    const std::string_view name = text.substr(i + 1, semicolon - i - 1);
    std::optional<char32_t> code;
    if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      std::uint32_t value = 0;
      bool ok = name.size() > (hex ? 2U : 1U);
      for (std::size_t k = hex ? 2 : 1; k < name.size() && ok; ++k) {
        const char c = name[k];
        const int digit = (c >= '0' && c <= '9')          ? c - '0'
                          : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
                          : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                          : -1;
        ok = digit >= 0 && value < 0x110000;
        value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit < 0 ? 0 : digit);
      }
      if (ok) code = value;
    } else if (name == "apos") {
      code = U'\'';
    } else {
      code = detail::html_entity(name);
    }
    if (!code) {
      out.push_back('&');
      continue;
    }
    detail::append_utf8(out, *code);
    i = semicolon;
  }
  return out;
}

// Removes tags, comments and the content of script/style elements.
std::string strip_tags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      const std::size_t open = std::min(html.find('<', i), html.size());
      out.append(html.substr(i, open - i));
      i = open;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const std::size_t end = html.find('>', i);
    if (end == std::string_view::npos) break;  // a cut-off tag at the end
    std::string tag;
    for (std::size_t k = i + 1; k < end && std::isalpha(static_cast<unsigned char>(html[k])); ++k) {
      tag.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(html[k]))));
    }
    i = end + 1;
    if (tag == "script" || tag == "style") {
      const std::size_t close = html.find("</", i);
      const std::size_t close_end = close == std::string_view::npos ? close : html.find('>', close);
      i = close_end == std::string_view::npos ? html.size() : close_end + 1;
    }
    out.push_back(' ');  // "a<br>b" reads as two words
  }
  return out;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // U+00A0 (C2 A0) and U+3000 (E3 80 80) count as spaces too.
    std::size_t width = 0;
    if (is_space_byte(c)) {
      width = 1;
    } else if (text.substr(i, 2) == "\xC2\xA0") {
      width = 2;
    } else if (text.substr(i, 3) == "\xE3\x80\x80") {
      width = 3;
    }
    if (width > 0) {
      pending_space = !out.empty();
      i += width - 1;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Cuts at a character boundary, preferring the last space in the final quarter.
std::string cut(const std::string& text, std::size_t max_bytes) {
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  if (max_bytes == 0 || text.size() <= max_bytes) return text;
  if (max_bytes <= kEllipsis.size()) return std::string(kEllipsis.substr(0, 0));
  std::size_t end = max_bytes - kEllipsis.size();
  while (end > 0 && is_continuation(text[end])) --end;
  const std::size_t space = text.rfind(' ', end);
  if (space != std::string::npos && space > end - end / 4 && space > 0) end = space;
  std::string out = text.substr(0, end);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + std::string(kEllipsis);
}

}  // namespace

std::string plain_text(std::string_view value, bool is_html, std::size_t max_bytes) {
  std::string text = is_html ? decode_entities(strip_tags(value)) : std::string(value);
  // Entities decoded once more: feeds often double-escape ("&amp;amp;").
  if (!is_html) text = decode_entities(text);
  return cut(collapse_whitespace(text), max_bytes);
}

}  // namespace monsoon::parse
