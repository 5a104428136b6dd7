#include <monsoon/fetch.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string_view>

namespace monsoon::fetch {
namespace {

using model::Errc;
using model::fail;

struct EasyDeleter {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

// What the write and header callbacks accumulate during one transfer.
struct Transfer {
  std::string body;
  std::int64_t max_body = 0;
  bool too_large = false;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::string trim(std::string_view text) {
  const auto* begin = text.begin();
  const auto* end = text.end();
  while (begin != end && std::isspace(static_cast<unsigned char>(*begin))) ++begin;
  while (end != begin && std::isspace(static_cast<unsigned char>(*(end - 1)))) --end;
  return std::string(begin, end);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// curl hands over the body already decompressed, so this cap also stops a gzip bomb.
size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (static_cast<std::int64_t>(transfer->body.size() + bytes) > transfer->max_body) {
    transfer->too_large = true;
    return CURL_WRITEFUNC_ERROR;
  }
  transfer->body.append(data, bytes);
  return bytes;
}

// Keeps only the headers of the last response (redirects and 100-continue reset them).
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    transfer->headers.clear();
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    transfer->headers.emplace_back(lower(trim(line.substr(0, colon))),
                                   trim(line.substr(colon + 1)));
  }
  return size * count;
}

std::string header_value(const Transfer& transfer, std::string_view name) {
  for (const auto& [key, value] : transfer.headers) {
    if (key == name) return value;
  }
  return {};
}

model::Error transfer_error(CURLcode code, const Transfer& transfer, const Request& req,
                            const char* detail, const Limits& limits) {
  const std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return {Errc::too_large, req.url + ": body larger than " + std::to_string(limits.max_body) +
                                 " bytes"};
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return {Errc::timeout, req.url + ": timed out (" + why + ")"};
    case CURLE_UNSUPPORTED_PROTOCOL:
      return {Errc::refused, req.url + ": scheme not allowed (" + why + ")"};
    case CURLE_TOO_MANY_REDIRECTS:
      return {Errc::network, req.url + ": more than " + std::to_string(limits.max_redirects) +
                                 " redirects"};
    default:
      return {Errc::network, req.url + ": " + why};
  }
}

void set_options(CURL* easy, const Request& req, const Limits& limits, Transfer& transfer,
                 curl_slist* headers, char* error_buffer) {
  curl_easy_setopt(easy, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, req.allow_file ? "http,https,file" : "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, limits.max_redirects);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(limits.timeout.count()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT,
                   static_cast<long>(limits.connect_timeout.count()));
  // A server dripping less than 64 bytes/s for 10 s is not going to deliver a feed.
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 64L);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, 10L);
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_body));
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl supports
  curl_easy_setopt(easy, CURLOPT_USERAGENT, limits.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
}

}  // namespace

void global_init() { curl_global_init(CURL_GLOBAL_DEFAULT); }

model::Result<Response> fetch_feed(const Request& req, const Limits& limits) {
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) return fail(Errc::network, req.url + ": cannot create a curl handle");

  curl_slist* raw_headers = curl_slist_append(nullptr, "Accept: application/rss+xml, "
                                                       "application/atom+xml, application/xml;q=0.9, "
                                                       "text/xml;q=0.9, */*;q=0.8");
  if (!req.etag.empty()) {
    raw_headers = curl_slist_append(raw_headers, ("If-None-Match: " + req.etag).c_str());
  }
  if (!req.last_modified.empty()) {
    raw_headers =
        curl_slist_append(raw_headers, ("If-Modified-Since: " + req.last_modified).c_str());
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers(raw_headers);

  Transfer transfer;
  transfer.max_body = limits.max_body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  set_options(easy.get(), req, limits, transfer, headers.get(), error_buffer);

  const CURLcode code = curl_easy_perform(easy.get());
  if (code != CURLE_OK) return tl::unexpected(transfer_error(code, transfer, req, error_buffer, limits));

  Response response;
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
  char* effective = nullptr;
  curl_easy_getinfo(easy.get(), CURLINFO_EFFECTIVE_URL, &effective);
  response.effective_url = effective != nullptr ? effective : req.url;
  response.content_type = header_value(transfer, "content-type");
  response.etag = header_value(transfer, "etag");
  response.last_modified = header_value(transfer, "last-modified");
  response.headers = std::move(transfer.headers);

  const bool is_file = response.effective_url.starts_with("file:");
  if (!is_file && response.status == 304) {
    response.outcome = Outcome::not_modified;
    return response;
  }
  if (!is_file && (response.status < 200 || response.status > 299)) {
    return fail(Errc::http_status, req.url + ": HTTP " + std::to_string(response.status));
  }
  response.body = std::move(transfer.body);
  return response;
}

}  // namespace monsoon::fetch
