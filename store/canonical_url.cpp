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
std::string normalize_escapes(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
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
  return out;
}

std::string get_part(CURLU* handle, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, 0) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

std::string canonical_host(std::string host) {
  std::transform(host.begin(), host.end(), host.begin(), ascii_lower);
  if (host.ends_with('.')) host.pop_back();
  for (const std::string_view prefix : {"www.", "m.", "mobile.", "amp."}) {
    // Keep at least "name.tld" after the prefix.
    if (host.starts_with(prefix) && host.find('.', prefix.size()) != std::string::npos) {
      return host.substr(prefix.size());
    }
  }
  return host;
}

// "/amp/", "/x/amp", "/story.amp", "/story.amp.html" are the AMP copies of
// "/", "/x", "/story", "/story.html".
std::string canonical_path(std::string_view raw) {
  const std::string path = normalize_escapes(raw);
  std::string out;
  std::size_t begin = 0;
  while (begin < path.size()) {
    std::size_t end = path.find('/', begin);
    if (end == std::string::npos) end = path.size();
    std::string segment = path.substr(begin, end - begin);
    begin = end + 1;
    if (segment.empty() || segment == "amp") continue;
    if (segment.ends_with(".amp")) segment.resize(segment.size() - 4);
    const std::size_t amp_dot = segment.rfind(".amp.");
    if (amp_dot != std::string::npos) segment.erase(amp_dot, 4);
    out += '/';
    out += segment;
  }
  return out.empty() ? "/" : out;
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

std::string canonical_query(std::string_view query) {
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
  std::string out;
  for (const auto& parameter : kept) {
    out += out.empty() ? '?' : '&';
    out += parameter;
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string canonical_url(std::string_view url) {
  const std::string text(trim(url));
  const std::string unchanged = text.substr(0, text.find('#'));
  const bool web = text.size() > 7 && (iequals(text.substr(0, 7), "http://") ||
                                       (text.size() > 8 && iequals(text.substr(0, 8), "https://")));
  std::unique_ptr<CURLU, CurlUrlFree> handle(web ? curl_url() : nullptr);
  if (!handle ||
      curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) {
    return unchanged;
  }
  std::string host = get_part(handle.get(), CURLUPART_HOST);
  if (host.empty()) return unchanged;
  std::string out = "https://" + canonical_host(std::move(host));
  const std::string port = get_part(handle.get(), CURLUPART_PORT);
  if (!port.empty() && port != "80" && port != "443") out += ':' + port;
  out += canonical_path(get_part(handle.get(), CURLUPART_PATH));
  out += canonical_query(get_part(handle.get(), CURLUPART_QUERY));
  return out;
}

}  // namespace monsoon::store::detail
