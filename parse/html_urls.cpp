// URL-valued attributes in sanitised HTML. The value is checked as a browser would read
// it (character references decoded, tabs and newlines removed, surrounding spaces and
// controls trimmed) and written back from that decoded form, so what we checked is
// exactly what the browser sees: "java&#x09;script:" cannot slip through as text.
#include "charsets.hpp"
#include "html.hpp"
#include "html_entities.hpp"
#include "urls.hpp"
#include "xml_tree.hpp"

#include <algorithm>
#include <cstdint>

namespace monsoon::parse::detail {
namespace {

// feedparser's relative_uris attributes that survive the sanitizer, plus the legacy
// image attributes (dynsrc, lowsrc) that old browsers fetch.
constexpr std::string_view kUrlAttributes[] = {"action", "background", "cite", "data",
                                               "dynsrc", "href",       "icon", "longdesc",
                                               "lowsrc", "poster",     "src",  "usemap"};

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A numeric reference body after "&#": digits (hex after x/X); the semicolon is optional,
// as in browsers. Returns the code point and advances `i`, or nullopt.
std::optional<char32_t> numeric_reference(std::string_view text, std::size_t& i) {
  std::size_t j = i + 2;
  const bool hex = j < text.size() && (text[j] == 'x' || text[j] == 'X');
  if (hex) ++j;
  const std::size_t digits = j;
  std::uint32_t value = 0;
  for (; j < text.size(); ++j) {
    const char c = text[j];
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) break;
    value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit),
                                    0x110000);
  }
  if (j == digits) return std::nullopt;
  i = j < text.size() && text[j] == ';' ? j : j - 1;
  if (const char32_t mapped = windows1252_for_c1(value); mapped != 0) return mapped;
  return value;  // append_utf8 turns 0, surrogates and > U+10FFFF into U+FFFD
}

// Decodes &name; (known names only) and &#...; references. Unknown references stay as
// text; they are escaped on output, so a browser reads them as text too.
std::string decode_references(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '#') {
      if (const auto code = numeric_reference(text, i)) {
        append_utf8(out, *code);
        continue;
      }
    } else {
      std::size_t j = i + 1;
      while (j < text.size() && is_alnum(text[j])) ++j;
      const std::string_view name = text.substr(i + 1, j - i - 1);
      const auto code = name == "apos" ? std::optional<char32_t>(U'\'') : html_entity(name);
      if (code && j < text.size() && text[j] == ';') {
        append_utf8(out, *code);
        i = j;
        continue;
      }
    }
    out.push_back('&');
  }
  return out;
}

// The URL a browser's URL parser starts from: tabs and newlines removed anywhere,
// leading and trailing C0 controls and spaces trimmed.
std::string browser_form(std::string_view url) {
  const auto is_trimmed = [](char c) { return static_cast<unsigned char>(c) <= ' '; };
  const auto is_removed = [](char c) { return c == '\t' || c == '\n' || c == '\r'; };
  if (!url.empty() && !is_trimmed(url.front()) && !is_trimmed(url.back()) &&
      std::none_of(url.begin(), url.end(), is_removed)) {
    return std::string(url);  // most URLs: nothing to remove
  }
  std::string out;
  for (const char c : url) {
    if (!is_removed(c)) out.push_back(c);
  }
  const auto begin = std::find_if_not(out.begin(), out.end(), is_trimmed);
  const auto end = std::find_if_not(out.rbegin(), out.rend(), is_trimmed).base();
  return begin < end ? std::string(begin, end) : std::string();
}

// javascript:, vbscript: and data: other than raster images (data:image/svg+xml can
// carry script, so it is refused too).
bool is_forbidden(const std::string& url) {
  if (!has_scheme(url)) return false;
  const std::string scheme = to_lower(url.substr(0, url.find(':')));
  if (scheme == "javascript" || scheme == "vbscript") return true;
  if (scheme != "data") return false;
  const std::string media = to_lower(url.substr(5, 14));
  return !media.starts_with("image/") || media.starts_with("image/svg");
}

std::string escape_attribute(std::string_view value) {
  std::string out;
  append_escaped(out, value, true);
  return out;
}

}  // namespace

bool is_url_attribute(std::string_view name) {
  return std::find(std::begin(kUrlAttributes), std::end(kUrlAttributes), name) !=
         std::end(kUrlAttributes);
}

std::optional<std::string> clean_url_attribute(std::string_view name, std::string_view written,
                                               std::string_view base) {
  const std::string url = browser_form(decode_references(written));
  if (is_forbidden(url)) return std::nullopt;
  // usemap names a <map> in the same fragment ("#map"); resolving it would break it.
  if (name == "usemap" || base.empty() || url.empty() || has_scheme(url)) {
    return escape_attribute(url);
  }
  const std::string resolved = resolve_url(base, url);
  // The base itself may be a script URL only if the feed lied; never emit one.
  if (is_forbidden(browser_form(resolved))) return std::nullopt;
  return escape_attribute(resolved);
}

void append_escaped(std::string& out, std::string_view text, bool in_attribute) {
  // Runs without a character to escape are copied whole.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view replacement;
    switch (text[i]) {
      case '&': replacement = "&amp;"; break;
      case '<': replacement = "&lt;"; break;
      case '>': replacement = "&gt;"; break;
      case '"':
        if (!in_attribute) continue;
        replacement = "&quot;";
        break;
      default: continue;
    }
    out.append(text.data() + run, i - run);
    out += replacement;
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
}

}  // namespace monsoon::parse::detail
