// Making hostile feed text safe to place in Markdown.
#include <monsoon/digest.hpp>

#include <cctype>
#include <string>

namespace monsoon::digest {

std::string escape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      // Inline Markdown syntax, HTML and entity starts. Block syntax (#, -, 1.)
      // cannot trigger because feed text never starts a line in the digest.
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
      case '|': case '~': case '&': case '!':
        out += '\\';
        out += c;
        break;
      case '\n': case '\r': case '\t':
        out += ' ';
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) break;  // control chars
        out += c;
    }
  }
  return out;
}

std::optional<std::string> safe_link(std::string_view url) {
  auto starts_with_ci = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    }
    return true;
  };
  std::size_t host_at = 0;
  if (starts_with_ci("https://")) {
    host_at = 8;
  } else if (starts_with_ci("http://")) {
    host_at = 7;
  } else {
    return std::nullopt;
  }
  if (url.size() == host_at || url[host_at] == '/') return std::nullopt;  // no host
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    // Characters that would end or break the (...) of a Markdown link, or that
    // are not allowed in a URL at all, are percent-encoded.
    if (byte <= 0x20 || byte == 0x7f || c == '(' || c == ')' || c == '<' || c == '>' ||
        c == '"' || c == '\\' || c == '`' || byte >= 0x80) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace monsoon::digest
