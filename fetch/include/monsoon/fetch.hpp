#pragma once
// Fetching one feed over http(s):// or file:// with libcurl.
//
// The walking skeleton fetches one feed at a time with a blocking transfer; the
// polling engine (curl multi on Asio, issue #5) will replace the driver, not this
// contract. Every limit is enforced here: connect and whole-transfer timeouts, a
// body cap checked on Content-Length, while streaming and after decompression, at
// most 5 redirects, and only http/https (plus file:// when the request allows it).
// Thread-safety: fetch_feed may be called from several threads at once; call
// global_init() once, before any thread starts.

#include <monsoon/model.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace monsoon::fetch {

struct Limits {
  model::Seconds timeout{20};
  model::Seconds connect_timeout{10};
  std::int64_t max_body = 15 * 1024 * 1024;
  long max_redirects = 5;
  std::string user_agent = "monsoon";
};

struct Request {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  bool allow_file = false;    // file:// is allowed only for feeds configured so
};

enum class Outcome { fetched, not_modified };

struct Response {
  Outcome outcome = Outcome::fetched;
  long status = 0;            // 0 for file://
  std::string effective_url;  // after redirects
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string body;  // decompressed; empty when not_modified
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response
};

// Initialises libcurl's global state. Call once at program start.
void global_init();

// Fetches req.url. A 304 is Outcome::not_modified, not an error. Fails with
// network, timeout, http_status (any final status other than 2xx/304), too_large or
// refused (scheme not allowed); the message names the URL and the cause.
[[nodiscard]] model::Result<Response> fetch_feed(const Request& req, const Limits& limits);

}  // namespace monsoon::fetch
