#include "transfer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace monsoon::fetch::detail {
namespace {

using model::Errc;

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string header_list_value(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

// curl hands over the body already decompressed, so this cap also stops a gzip bomb.
size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (static_cast<std::int64_t>(transfer->body.size() + bytes) > transfer->max_body) {
    transfer->too_large = true;
    return CURL_WRITEFUNC_ERROR;
  }
  if (transfer->body.empty()) {
    // Sized once from Content-Length (a compressed body's is a lower bound), not
    // by doubling: bodies waiting for the worker are most of the poller's memory.
    curl_off_t length = -1;
    curl_easy_getinfo(transfer->easy.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (length > 0) {
      transfer->body.reserve(static_cast<std::size_t>(std::min(length, transfer->max_body)));
    }
  }
  transfer->body.append(data, bytes);
  return bytes;
}

// Each response (redirect hops, 100-continue, the final one) starts with a status
// line; a redirect hop is remembered with its Location before the next one starts.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    transfer->headers_in.clear();
    const auto space = line.find(' ');
    long status = 0;
    if (space != std::string_view::npos && line.size() >= space + 4) {
      std::from_chars(line.data() + space + 1, line.data() + space + 4, status);
    }
    transfer->pending_status = status;
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    transfer->headers_in.emplace_back(lower(trim(line.substr(0, colon))),
                                      trim(line.substr(colon + 1)));
  } else if (trim(line).empty()) {
    const long status = transfer->pending_status;
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      transfer->hops.push_back({status, header_list_value(transfer->headers_in, "location")});
    }
  }
  return size * count;
}

// Cloudflare and DataDome answer bots with a challenge page instead of the feed.
bool is_bot_challenge(long status, const Headers& headers) {
  if (status != 403 && status != 503 && status != 429) return false;
  if (!header_list_value(headers, "cf-mitigated").empty()) return true;
  if (!header_list_value(headers, "x-datadome").empty()) return true;
  return lower(header_list_value(headers, "server")) == "datadome";
}

Errc class_of(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return Errc::dns;
    case CURLE_COULDNT_CONNECT: return Errc::connect;
    case CURLE_OPERATION_TIMEDOUT: return Errc::timeout;
    case CURLE_UNSUPPORTED_PROTOCOL: return Errc::refused;
    case CURLE_FILESIZE_EXCEEDED: return Errc::too_large;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return Errc::tls;
    default: return Errc::network;
  }
}

Failure transfer_failure(CURLcode code, const Transfer& transfer, const Limits& limits) {
  const std::string& url = transfer.request.url;
  const std::string why =
      transfer.error_buffer[0] != '\0' ? transfer.error_buffer : curl_easy_strerror(code);
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return {{Errc::too_large, url + ": body larger than " + std::to_string(limits.max_body) +
                                  " bytes"}};
  }
  if (code == CURLE_TOO_MANY_REDIRECTS) {
    return {{Errc::network, url + ": more than " + std::to_string(limits.max_redirects) +
                                " redirects"}};
  }
  if (code == CURLE_UNSUPPORTED_PROTOCOL && !transfer.hops.empty()) {
    return {{Errc::refused, url + ": redirect to " + transfer.hops.back().location +
                                " refused (only http and https are followed)"}};
  }
  return {{class_of(code), url + ": " + why}};
}

}  // namespace

std::unique_ptr<Transfer> make_transfer(const Request& req, const Limits& limits) {
  auto transfer = std::make_unique<Transfer>();
  transfer->request = req;
  transfer->easy.reset(curl_easy_init());
  if (!transfer->easy) return nullptr;
  transfer->max_body = limits.max_body;

  curl_slist* list = curl_slist_append(nullptr,
                                       "Accept: application/rss+xml, application/atom+xml, "
                                       "application/feed+json, application/xml;q=0.9, "
                                       "text/xml;q=0.9, */*;q=0.8");
  if (!req.etag.empty()) list = curl_slist_append(list, ("If-None-Match: " + req.etag).c_str());
  if (!req.last_modified.empty()) {
    list = curl_slist_append(list, ("If-Modified-Since: " + req.last_modified).c_str());
  }
  for (const auto& [name, value] : req.extra_headers) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  transfer->headers_out.reset(list);

  CURL* easy = transfer->easy.get();
  const auto timeout = req.timeout.value_or(limits.timeout);
  curl_easy_setopt(easy, CURLOPT_URL, transfer->request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, req.allow_file ? "http,https,file" : "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, limits.max_redirects);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT,
                   static_cast<long>(limits.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, limits.low_speed_bytes);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(limits.low_speed_time.count()));
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_body));
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl supports
  curl_easy_setopt(easy, CURLOPT_USERAGENT, limits.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers_out.get());
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error_buffer);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
  if (!req.username.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(easy, CURLOPT_USERNAME, transfer->request.username.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, transfer->request.password.c_str());
    // Credentials go only to the configured host, never along a redirect.
    curl_easy_setopt(easy, CURLOPT_UNRESTRICTED_AUTH, 0L);
  }
  return transfer;
}

FetchResult finish_transfer(Transfer& transfer, CURLcode code, const Limits& limits) {
  if (code != CURLE_OK) return tl::unexpected(transfer_failure(code, transfer, limits));

  Response response;
  CURL* easy = transfer.easy.get();
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
  char* effective = nullptr;
  curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
  response.effective_url = effective != nullptr ? effective : transfer.request.url;
  response.headers = std::move(transfer.headers_in);
  response.redirects = std::move(transfer.hops);
  response.content_type = response.header("content-type");
  response.etag = response.header("etag");
  response.last_modified = response.header("last-modified");

  const std::string& url = transfer.request.url;
  const bool is_file = response.effective_url.starts_with("file:");
  if (!is_file && response.status == 304) {
    response.outcome = Outcome::not_modified;
    return response;
  }
  if (!is_file && (response.status < 200 || response.status > 299)) {
    const auto status = std::to_string(response.status);
    Failure failure{{Errc::http_status, url + ": HTTP " + status}, response.status,
                    std::move(response.headers)};
    if (response.status == 410) {
      failure.error = {Errc::gone, url + ": HTTP 410 Gone: the publisher removed this feed"};
    } else if (is_bot_challenge(response.status, failure.headers)) {
      failure.error = {Errc::blocked,
                       url + ": HTTP " + status + " bot challenge: the site blocks automated readers"};
    }
    return tl::unexpected(std::move(failure));
  }
  response.body = std::move(transfer.body);
  return response;
}

}  // namespace monsoon::fetch::detail

namespace monsoon::fetch {

std::string Response::header(std::string_view lower_name) const {
  return detail::header_list_value(headers, lower_name);
}

bool Response::moved_permanently() const {
  if (redirects.empty()) return false;
  return std::all_of(redirects.begin(), redirects.end(),
                     [](const Hop& hop) { return hop.status == 301 || hop.status == 308; });
}

}  // namespace monsoon::fetch
