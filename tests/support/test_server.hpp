#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monsoon::testing {

// One HTTP request as the server parsed it.
struct Request {
  std::string method;   // "GET", "HEAD", ...
  std::string target;   // path and query exactly as sent ("/feed.xml?page=2")
  std::string version;  // "HTTP/1.1" or "HTTP/1.0"
  std::string path;     // target up to '?' ("/feed.xml")
  std::string query;    // target after '?', without it ("page=2"); empty if none
  std::string body;     // Content-Length bytes; chunked request bodies are refused with 501
  std::map<std::string, std::string> headers;  // keys lower-case; repeated headers joined ", "

  // The header value, or "" when absent. `name` must be lower-case.
  [[nodiscard]] std::string header(const std::string& name) const;
};

// A scripted answer. The defaults give a plain "200 OK" with Content-Length.
struct Response {
  int status = 200;
  // Sent as given, in order, before the automatic ones. An automatic header (Content-Length,
  // Transfer-Encoding, Content-Encoding, Connection) is only added if no header of that name is
  // given here, so a test can send odd values on purpose.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait this long before sending the status line
  // If > 0, the body goes out in pieces of this many bytes (one chunk each when chunked)...
  std::size_t drip_chunk = 0;
  std::chrono::milliseconds drip_interval{0};  // ...with this pause between pieces.
  // Transfer-Encoding: chunked, in pieces of drip_chunk (else 4096) bytes. Takes precedence
  // over omit_content_length and declared_length.
  bool chunked = false;
  bool gzip = false;  // gzip the body and add Content-Encoding: gzip
  // Send only this many body bytes (after gzip, not counting chunk framing), then close the
  // connection with a normal FIN. Headers still announce the full length, so a client sees a
  // short body (libcurl: CURLE_PARTIAL_FILE). The connection is closed even if N >= body size.
  std::optional<std::size_t> close_after;
  bool omit_content_length = false;  // no Content-Length; the body ends when the server closes
  // Announce this Content-Length whatever the real body size, send the real body, then close.
  std::optional<std::uint64_t> declared_length;
};

// A scriptable HTTP/1.1 server on 127.0.0.1 for tests of HTTP clients.
//
// The constructor binds 127.0.0.1 on a port the kernel picks and starts serving at once; it
// throws std::system_error if the socket cannot be set up. It only ever accepts loopback
// connections and never opens one itself. Requests are matched on their exact path (the query
// is ignored) against the answers registered with on() and redirect(); a later registration for
// the same path replaces the earlier one, and unknown paths get 404 with a short body. Every
// request is recorded before its answer is computed. A handler that throws yields a 500 whose
// body is the exception's what().
//
// It speaks enough HTTP for a client library: persistent connections (HTTP/1.1 keeps the
// connection unless the request says "Connection: close"; HTTP/1.0 always closes), HEAD (headers
// only, with the GET Content-Length), request bodies with Content-Length, "Expect:
// 100-continue". 1xx, 204 and 304 answers never carry a body or an automatic Content-Length.
// Malformed requests get 400 and a closed connection, and are not recorded.
//
// Limits, so a broken test cannot hang or exhaust the machine: at most kMaxConnections
// connections over the server's life (later ones are closed unanswered), request heads of 64 KiB
// and bodies of 8 MiB, and every read and write gives up after kIoTimeout without progress
// (so an idle keep-alive connection is closed after kIoTimeout).
// Only Response::delay and drip_interval wait longer, and only as long as they say.
//
// Thread-safety: every member function may be called from any thread while the server runs,
// including from inside a handler, except stop() and the destructor, which must not be called
// from a handler (they would wait for themselves). Handlers run on the connection's own thread,
// so two connections may call the same handler at once.
//
// Lifetime: stop() (also run by the destructor) closes the listening socket and every
// connection, interrupting delays, drips and transfers, and joins all threads before it returns;
// it is idempotent. requests() and hits() still work afterwards.
class TestServer {
 public:
  using Handler = std::function<Response(const Request&)>;

  static constexpr std::size_t kMaxConnections = 256;
  static constexpr std::chrono::milliseconds kIoTimeout{5000};

  TestServer();
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // "http://127.0.0.1:PORT" followed by `path`; a missing leading '/' is added.
  [[nodiscard]] std::string url(std::string_view path) const;

  // Answers every request for `path` with a copy of `response`.
  void on(std::string path, Response response);
  // Answers every request for `path` with what `handler` returns for it.
  void on(std::string path, Handler handler);
  // Answers `from` with `status` and "Location: to_location" (sent verbatim, may be relative).
  void redirect(std::string from, std::string to_location, int status = 301);

  // Every complete request received so far, in arrival order.
  [[nodiscard]] std::vector<Request> requests() const;
  // How many of those were for exactly `path` (query ignored).
  [[nodiscard]] std::size_t hits(std::string_view path) const;

  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace monsoon::testing
