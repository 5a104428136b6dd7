// plain_text: one line of readable text from a title or summary, for the digest.
#include "charsets.hpp"
#include "html_entities.hpp"
#include "scan.hpp"
#include "text.hpp"

#include <monsoon/parse.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace monsoon::parse {
namespace {

bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Decodes &name; &#123; &#x1F; (unknown references stay as written). As HTML5 and
// the sanitiser (html.cpp) read them, a numeric reference ends at its last digit,
// with or without ';' ("l&#39..." in a cut summary), a known name may also end
// without ';' before a character that cannot continue it, and a numeric reference
// to a C1 control (&#146;) is the windows-1252 character its writer meant.
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
    std::optional<char32_t> code;
    std::size_t end = i + 1;  // just past the reference, ';' included
    if (end < text.size() && text[end] == '#') {
      const detail::ReferenceDigits digits = detail::reference_digits(text, end);
      std::uint32_t value = 0;
      // No digits, or too many for 32 bits: an error, and no reference.
      const auto parsed = std::from_chars(text.data() + digits.begin, text.data() + digits.end,
                                          value, digits.hex ? 16 : 10);
      if (parsed.ec == std::errc() && value < 0x110000) {
        const char32_t mapped = detail::windows1252_for_c1(value);
        code = mapped != 0 ? mapped : value;
        end = digits.end < text.size() && text[digits.end] == ';' ? digits.end + 1 : digits.end;
      }
    } else {
      const std::size_t semicolon = text.find(';', end);
      if (semicolon != std::string_view::npos && semicolon - i <= 32) {
        const std::string_view name = text.substr(end, semicolon - end);
        code = name == "apos" ? std::optional<char32_t>(U'\'') : detail::html_entity(name);
        end = semicolon + 1;
      }
      if (!code) {
        end = detail::reference_name_end(text, i + 1);
        if (end > i + 1 && end < text.size()) {
          code = detail::html_entity(text.substr(i + 1, end - i - 1));
        }
      }
    }
    if (!code) {
      out.push_back('&');
      continue;
    }
    detail::append_utf8(out, *code);
    i = end - 1;
  }
  return out;
}

// Phrasing elements: a browser renders them inside the line, without a break.
bool is_inline(std::string_view tag) {
  static constexpr std::array<std::string_view, 27> kInline = {
      "a",    "abbr", "b",  "bdi",    "bdo",  "cite",   "code", "data",   "dfn",
      "em",   "font", "i",  "kbd",    "mark", "q",      "s",    "samp",   "small",
      "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var"};
  return std::find(kInline.begin(), kInline.end(), tag) != kInline.end();
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
    const bool closing = i + 1 < end && html[i + 1] == '/';
    std::string tag;
    for (std::size_t k = i + 1 + (closing ? 1 : 0);
         k < end && std::isalpha(static_cast<unsigned char>(html[k])); ++k) {
      tag.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(html[k]))));
    }
    i = end + 1;
    if (!closing && (tag == "script" || tag == "style")) {
      const std::size_t close = html.find("</", i);
      const std::size_t close_end = close == std::string_view::npos ? close : html.find('>', close);
      i = close_end == std::string_view::npos ? html.size() : close_end + 1;
    }
    // "a<br>b" and "a</p><p>b" read as two words; "<b>bold</b>." does not gain a
    // space before its full stop.
    if (!is_inline(tag)) out.push_back(' ');
  }
  return out;
}

// The bytes of the white space at text[i]: 1 for ASCII white space, 2 for U+00A0
// (C2 A0), 3 for U+3000 (E3 80 80), 0 for anything else.
std::size_t space_width(std::string_view text, std::size_t i) {
  if (is_space_byte(text[i])) return 1;
  if (text.substr(i, 2) == "\xC2\xA0") return 2;
  if (text.substr(i, 3) == "\xE3\x80\x80") return 3;
  return 0;
}

// Runs of white space become one space; none at either end.
std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (const std::size_t width = space_width(text, i); width > 0) {
      pending_space = !out.empty();
      i += width;
      continue;
    }
    // Copy from here up to the next byte that may start a space, whole.
    const std::size_t run = detail::scan(text, i + 1, detail::SpaceStops{});
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(text.substr(i, run - i));
    i = run;
  }
  return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Cuts at a character boundary, preferring the last space in the final quarter.
// Reads only the first max_bytes bytes and whether there are more.
std::string cut(std::string text, std::size_t max_bytes) {
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  if (max_bytes == 0 || text.size() <= max_bytes) return text;
  if (max_bytes <= kEllipsis.size()) return std::string(kEllipsis.substr(0, 0));
  std::size_t end = max_bytes - kEllipsis.size();
  while (end > 0 && is_continuation(text[end])) --end;
  const std::size_t space = text.rfind(' ', end);
  if (space != std::string::npos && space > end - end / 4 && space > 0) end = space;
  text.resize(end);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text += kEllipsis;
}

// One line of text from all of `value`, not cut.
std::string whole_line(std::string_view value, bool is_html) {
  // Entities are decoded once after the tags are gone; plain text is decoded too,
  // as feeds often escape it once more ("&amp;amp;").
  return collapse_whitespace(is_html ? decode_entities(strip_tags(value)) : decode_entities(value));
}

}  // namespace

namespace detail {

std::string plain_text(std::string_view value, bool is_html, std::size_t max_bytes,
                       std::size_t prefix_bytes) {
  // Each step (tags, entities, white space) turns a prefix of its input into a
  // prefix of its output, except near the prefix's end: an entity or tag cut off
  // there (an entity is at most 32 bytes). So when a prefix of `value` already
  // gives kSlack bytes more than the cut keeps, the cut line is the same as from
  // all of `value`, and a 50 KB article body costs what its first KBs do.
  constexpr std::size_t kSlack = 64;
  if (max_bytes > 0 && value.size() > prefix_bytes) {
    std::string line = whole_line(value.substr(0, prefix_bytes), is_html);
    if (line.size() >= max_bytes + kSlack) return cut(std::move(line), max_bytes);
  }
  return cut(whole_line(value, is_html), max_bytes);
}

}  // namespace detail

std::string plain_text(std::string_view value, bool is_html, std::size_t max_bytes) {
  return detail::plain_text(value, is_html, max_bytes,
                            std::max<std::size_t>(4 * max_bytes, 4096));
}

}  // namespace monsoon::parse
