#include "title_affixes.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace monsoon::store::detail {
namespace {

constexpr std::size_t kMaxTagBytes = 24;
constexpr std::size_t kMaxOutletBytes = 40;

constexpr std::array<std::string_view, 21> kWireTags = {
    "update",    "exclusive",  "breaking news", "breaking",  "factbox",   "analysis", "refile",
    "corrected", "correction", "wrapup",        "insight",   "explainer", "rpt",      "live",
    "watch",     "video",      "opinion",       "editorial", "urgent",    "flash",    "just in"};

// Bracket pairs, as UTF-8: ASCII, full-width, and the CJK lenticular and tortoise shell.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kBrackets = {
    {{"[", "]"},
     {"(", ")"},
     {"\xE3\x80\x90", "\xE3\x80\x91"},
     {"\xEF\xBC\x88", "\xEF\xBC\x89"},
     {"\xE3\x80\x94", "\xE3\x80\x95"},
     {"\xEF\xBC\xBB", "\xEF\xBC\xBD"}}};

bool space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  // Spaces, and the ideographic space U+3000.
  while (true) {
    if (!text.empty() && space(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with("\xE3\x80\x80")) {
      text.remove_prefix(3);
    } else if (!text.empty() && space(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with("\xE3\x80\x80")) {
      text.remove_suffix(3);
    } else {
      return text;
    }
  }
}

std::size_t words(std::string_view text) {
  std::size_t count = 0;
  bool in_word = false;
  for (const char c : text) {
    if (!space(c) && !in_word) ++count;
    in_word = !space(c);
  }
  return count;
}

bool starts_with_tag(std::string_view text, std::string_view tag) {
  return text.size() >= tag.size() &&
         std::equal(tag.begin(), tag.end(), text.begin(), [](char a, char b) {
           return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : b);  // tags are ASCII
         });
}

// "UPDATE 2-", "Exclusive:", "BREAKING |": a wire tag, digits, then - : | or a dash.
std::string_view strip_wire_tag(std::string_view text) {
  for (const std::string_view tag : kWireTags) {
    if (!starts_with_tag(text, tag)) continue;
    std::string_view rest = text.substr(tag.size());
    while (!rest.empty() &&
           (space(rest.front()) || std::isdigit(static_cast<unsigned char>(rest.front())))) {
      rest.remove_prefix(1);
    }
    for (const std::string_view mark : {"-", ":", "|", "\xE2\x80\x93", "\xE2\x80\x94"}) {
      if (rest.starts_with(mark)) return trim(rest.substr(mark.size()));
    }
    return text;
  }
  return text;
}

std::string_view strip_brackets(std::string_view text) {
  for (const auto& [open, close] : kBrackets) {
    if (text.starts_with(open)) {
      const std::size_t end = text.find(close, open.size());
      if (end != std::string_view::npos && end <= kMaxTagBytes + open.size()) {
        text = trim(text.substr(end + close.size()));
      }
    }
    if (text.ends_with(close)) {
      const std::size_t begin = text.rfind(open, text.size() - close.size());
      if (begin != std::string_view::npos && text.size() - begin <= kMaxTagBytes + close.size() &&
          begin > 0) {
        text = trim(text.substr(0, begin));
      }
    }
  }
  return text;
}

// "... - Reuters", "... | The Straits Times", "... – Nikkei Asia": the last spaced
// dash or bar, found in one backward pass.
std::string_view strip_outlet(std::string_view text) {
  for (std::size_t at = text.size(); at-- > 1;) {
    if (text.size() - at > kMaxOutletBytes + 5) return text;
    if (text[at - 1] != ' ') continue;
    std::size_t length = 0;
    if (text[at] == '-' || text[at] == '|') {
      length = 1;
    } else if (text.substr(at).starts_with("\xE2\x80\x93") ||
               text.substr(at).starts_with("\xE2\x80\x94")) {
      length = 3;
    }
    if (length == 0 || at + length >= text.size() || text[at + length] != ' ') continue;
    const std::string_view outlet = text.substr(at + length + 1);
    const std::string_view head = trim(text.substr(0, at - 1));
    if (outlet.size() > kMaxOutletBytes || words(outlet) > 5 || words(head) < 3) return text;
    return head;
  }
  return text;
}

}  // namespace

std::string_view strip_outlet_affixes(std::string_view title) {
  std::string_view text = trim(title);
  for (int round = 0; round < 2; ++round) {
    const std::string_view before = text;
    text = strip_outlet(strip_brackets(strip_wire_tag(text)));
    if (text.size() == before.size()) break;  // nothing stripped: a second round neither
  }
  return text.empty() ? title : text;
}

}  // namespace monsoon::store::detail
