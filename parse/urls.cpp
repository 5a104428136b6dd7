#include "urls.hpp"

#include "xml_tree.hpp"

#include <monsoon/parse.hpp>

#include <curl/curl.h>

#include <cctype>
#include <memory>

namespace monsoon::parse::detail {
namespace {

struct UrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// Trims ASCII spaces and control characters at both ends.
std::string trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && static_cast<unsigned char>(text[begin]) <= ' ') ++begin;
  while (end > begin && static_cast<unsigned char>(text[end - 1]) <= ' ') --end;
  return std::string(text.substr(begin, end - begin));
}

// Python's urljoin would collapse "http:///x" to "http://x"; feedparser's _urifixer
// does that explicitly.
std::string fix_slashes(std::string url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos || !has_scheme(url)) return url;
  std::size_t extra = scheme_end + 3;
  while (extra < url.size() && url[extra] == '/') ++extra;
  url.erase(scheme_end + 3, extra - scheme_end - 3);
  return url;
}

// Join for URLs curl refuses (IRIs with non-ASCII hosts): RFC 3986 5.2 without dot
// segment removal.
std::string simple_join(const std::string& base, const std::string& ref) {
  if (ref.starts_with("//")) return base.substr(0, base.find(':') + 1) + ref;
  const std::size_t authority = base.find("://");
  const std::size_t path =
      authority == std::string::npos ? std::string::npos : base.find('/', authority + 3);
  if (ref.starts_with("/")) return (path == std::string::npos ? base : base.substr(0, path)) + ref;
  if (ref.starts_with("?") || ref.starts_with("#")) {
    return base.substr(0, base.find_first_of(ref[0] == '?' ? "?#" : "#")) + ref;
  }
  const std::size_t slash = base.rfind('/');
  if (path == std::string::npos || slash < path) return base + "/" + ref;
  return base.substr(0, slash + 1) + ref;
}

}  // namespace

bool is_safe_url(std::string_view url) {
  std::string lowered;
  for (const char c : url) {
    if (static_cast<unsigned char>(c) > ' ') {
      lowered.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return !(lowered.starts_with("javascript:") || lowered.starts_with("vbscript:") ||
           lowered.starts_with("data:"));
}

bool has_scheme(std::string_view text) {
  if (text.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(text[0])) return false;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':') return true;
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

std::string resolve_url(std::string_view base, std::string_view reference) {
  std::string ref = fix_slashes(trim(reference));
  if (base.empty() || has_scheme(ref)) return ref;
  std::string base_text = fix_slashes(std::string(base));
  if (ref.empty()) return base_text;
  if (!(base_text.starts_with("http://") || base_text.starts_with("https://") ||
        base_text.starts_with("ftp://") || base_text.starts_with("file:"))) {
    return ref;
  }
  // curl 7.88 resolves "#top" against the base's directory, not the base document.
  if (ref.front() == '#') return simple_join(base_text, ref);
  UrlHandle handle(curl_url());
  if (!handle) return ref;
  if (curl_url_set(handle.get(), CURLUPART_URL, base_text.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK) {
    return simple_join(base_text, ref);
  }
  if (curl_url_set(handle.get(), CURLUPART_URL, ref.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK) {
    return simple_join(base_text, ref);
  }
  char* joined = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_URL, &joined, 0) != CURLUE_OK || joined == nullptr) {
    return ref;
  }
  std::string out(joined);
  curl_free(joined);
  return out;
}

}  // namespace monsoon::parse::detail

namespace monsoon::parse {
namespace {

using detail::UrlHandle;

// Escapes after the authority: hex digits upper-cased ("%2f" -> "%2F", as RFC 3986
// 6.2.2.1 recommends) and raw non-ASCII bytes (IRIs) percent-encoded, so an IRI and its
// URI form compare equal. The host keeps its spelling.
std::string normalize_escapes(const std::string& url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::size_t authority = url.find("://");
  const std::size_t path = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  if (path == std::string::npos) return url;
  std::string out = url.substr(0, path);
  for (std::size_t i = path; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c >= 0x80) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    } else if (c == '%' && i + 2 < url.size() &&
               std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(url[i + 2]))) {
      out += '%';
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(url[++i])));
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(url[++i])));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string get_part(CURLU* handle, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, 0) != CURLUE_OK || value == nullptr) return "";
  std::string out(value);
  curl_free(value);
  return out;
}

}  // namespace

std::string normalize_link(std::string_view url) {
  std::string text = detail::trim(url);
  UrlHandle handle(curl_url());
  if (!handle || !detail::has_scheme(text) ||
      curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
          CURLUE_OK) {
    return text.substr(0, text.find('#'));
  }
  curl_url_set(handle.get(), CURLUPART_FRAGMENT, nullptr, 0);
  const std::string host = get_part(handle.get(), CURLUPART_HOST);
  if (!host.empty()) curl_url_set(handle.get(), CURLUPART_HOST, detail::to_lower(host).c_str(), 0);
  const std::string scheme = get_part(handle.get(), CURLUPART_SCHEME);
  const std::string port = get_part(handle.get(), CURLUPART_PORT);
  if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) {
    curl_url_set(handle.get(), CURLUPART_PORT, nullptr, 0);
  }
  // After curl, which lower-cases the escapes of a component it is given.
  std::string out = normalize_escapes(get_part(handle.get(), CURLUPART_URL));
  return out.empty() ? text.substr(0, text.find('#')) : out;
}

bool same_link(std::string_view a, std::string_view b) {
  return normalize_link(a) == normalize_link(b);
}

}  // namespace monsoon::parse
