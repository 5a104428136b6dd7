#include "canonical_url.hpp"

#include <monsoon/model.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace monsoon::store::detail {
namespace {

struct CurlUrlFree {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// RFC 3986 6.2.2: one spelling per octet. Unreserved characters are written plainly,
// every other escape with upper-case hex, and what should have been escaped (bytes of
// an IRI, spaces) is escaped.
void append_normalized(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      c = static_cast<unsigned char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
      if (unreserved(c)) {
        out += static_cast<char>(c);
        continue;
      }
    } else if (c > ' ' && c < 0x7F) {
      out += static_cast<char>(c);
      continue;
    }
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 0x0F];
  }
}

std::string normalize_escapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_normalized(text, out);
  return out;
}

// A part of the URL in `handle`, valid until the next get_part() into `part`.
class Part {
 public:
  Part() = default;
  Part(const Part&) = delete;
  Part& operator=(const Part&) = delete;
  ~Part() { curl_free(value_); }
  // Empty when the URL has no such part.
  std::string_view get(CURLU* handle, CURLUPart part) {
    curl_free(value_);
    value_ = nullptr;
    if (curl_url_get(handle, part, &value_, 0) != CURLUE_OK || value_ == nullptr) return {};
    return value_;
  }

 private:
  char* value_ = nullptr;
};

// Appends the host lower-cased, without a trailing dot and one leading "www.", "m.",
// "mobile." or "amp.".
void append_host(std::string_view host, std::string& out) {
  if (host.ends_with('.')) host.remove_suffix(1);
  const std::size_t start = out.size();
  std::transform(host.begin(), host.end(), std::back_inserter(out), ascii_lower);
  const std::string_view lowered = std::string_view(out).substr(start);
  for (const std::string_view prefix : {"www.", "m.", "mobile.", "amp."}) {
    // Keep at least "name.tld" after the prefix.
    if (lowered.starts_with(prefix) && lowered.find('.', prefix.size()) != std::string::npos) {
      out.erase(start, prefix.size());
      return;
    }
  }
}

// "/amp/", "/x/amp", "/story.amp", "/story.amp.html" are the AMP copies of
// "/", "/x", "/story", "/story.html".
void append_path(std::string_view raw, std::string& out) {
  thread_local std::string path;
  path.clear();
  append_normalized(raw, path);
  const std::size_t start = out.size();
  std::size_t begin = 0;
  while (begin < path.size()) {
    std::size_t end = path.find('/', begin);
    if (end == std::string::npos) end = path.size();
    std::string_view segment = std::string_view(path).substr(begin, end - begin);
    begin = end + 1;
    if (segment.empty() || segment == "amp") continue;
    if (segment.ends_with(".amp")) segment.remove_suffix(4);
    out += '/';
    const std::size_t amp_dot = segment.rfind(".amp.");
    if (amp_dot == std::string_view::npos) {
      out += segment;
    } else {
      out += segment.substr(0, amp_dot);
      out += segment.substr(amp_dot + 4);
    }
  }
  if (out.size() == start) out += '/';
}

bool dropped_parameter(std::string_view parameter) {
  const std::size_t equals = parameter.find('=');
  const std::string_view name = parameter.substr(0, equals);
  const std::string_view value =
      equals == std::string_view::npos ? std::string_view{} : parameter.substr(equals + 1);
  if (name.empty()) return true;
  if (iequals(name, "amp")) return value.empty() || value == "1" || iequals(value, "true");
  if (iequals(name, "outputtype")) return iequals(value, "amp");
  return model::is_tracking_parameter(name);
}

void append_query(std::string_view query, std::string& out) {
  std::vector<std::string> kept;
  std::size_t begin = 0;
  while (begin <= query.size()) {
    std::size_t end = query.find('&', begin);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view parameter = query.substr(begin, end - begin);
    if (!parameter.empty() && !dropped_parameter(parameter)) {
      kept.push_back(normalize_escapes(parameter));
    }
    begin = end + 1;
  }
  std::sort(kept.begin(), kept.end());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += kept[i];
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string canonical_url(std::string_view url) {
  const std::string_view text = trim(url);
  const std::string_view unchanged = text.substr(0, text.find('#'));
  const bool web = text.size() > 7 && (iequals(text.substr(0, 7), "http://") ||
                                       (text.size() > 8 && iequals(text.substr(0, 8), "https://")));
  if (!web) return std::string(unchanged);
  // One handle a thread: curl_url_set() of a whole URL replaces everything it held.
  thread_local std::unique_ptr<CURLU, CurlUrlFree> handle(curl_url());
  thread_local std::string terminated;
  terminated.assign(text);
  if (!handle ||
      curl_url_set(handle.get(), CURLUPART_URL, terminated.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) {
    return std::string(unchanged);
  }
  Part part;
  const std::string_view host = part.get(handle.get(), CURLUPART_HOST);
  if (host.empty()) return std::string(unchanged);
  std::string out;
  out.reserve(text.size() + 8);
  out += "https://";
  append_host(host, out);
  const std::string_view port = part.get(handle.get(), CURLUPART_PORT);
  if (!port.empty() && port != "80" && port != "443") {
    out += ':';
    out += port;
  }
  append_path(part.get(handle.get(), CURLUPART_PATH), out);
  append_query(part.get(handle.get(), CURLUPART_QUERY), out);
  return out;
}

}  // namespace monsoon::store::detail
