// Hosts and registrable domains, for per-site politeness.
#include <monsoon/fetch.hpp>

#include <curl/curl.h>
#include <libpsl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace monsoon::fetch {

std::string host_of(std::string_view url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), &curl_url_cleanup);
  if (!handle) return {};
  const std::string text(url);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return {};
  char* scheme = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) return {};
  const std::string scheme_name = scheme;
  curl_free(scheme);
  if (scheme_name != "http" && scheme_name != "https") return {};
  char* host = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return {};
  std::string result = host;
  curl_free(host);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

std::string registrable_domain(std::string_view host) {
  const std::string name(host);
  if (name.empty() || name.front() == '[') return name;  // IPv6 literal
  const bool ipv4 = std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isdigit(c) != 0 || c == '.';
  });
  if (ipv4) return name;
  // The built-in list is compiled into libpsl; it needs no file at run time.
  const psl_ctx_t* psl = psl_builtin();
  if (psl == nullptr) return name;
  const char* domain = psl_registrable_domain(psl, name.c_str());
  return domain != nullptr ? std::string(domain) : name;
}

}  // namespace monsoon::fetch
