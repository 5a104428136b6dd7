#include "urls.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>

namespace monsoon::parse::detail {
namespace {

struct UrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};

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
  std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
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
