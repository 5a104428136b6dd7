#pragma once

// Internal to monsoon_test_support: the HTTP/1.1 text of TestServer, without sockets.

#include "test_server.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace monsoon::testing::wire {

inline constexpr std::size_t kMaxHeadBytes = 64 * 1024;
inline constexpr std::size_t kMaxBodyBytes = 8 * 1024 * 1024;
inline constexpr std::size_t kDefaultChunkBytes = 4096;

// Parses a request line and header lines (`head` ends before the blank line). Fills everything
// but Request::body. Returns nullopt if the head is not HTTP/1.x.
[[nodiscard]] std::optional<Request> parse_request_head(std::string_view head);

enum class BodyFraming { none, length, unsupported };
struct RequestBody {
  BodyFraming framing = BodyFraming::none;
  std::size_t length = 0;
};
// How the body of `request` is framed: a Content-Length within kMaxBodyBytes, none, or
// something this server refuses (Transfer-Encoding, an invalid or too large Content-Length).
[[nodiscard]] RequestBody request_body(const Request& request);

// True if the client lets the connection stay open after this request.
[[nodiscard]] bool client_keeps_alive(const Request& request);

// The gzip (RFC 1952) encoding of `data`. Throws std::runtime_error if zlib fails.
[[nodiscard]] std::string gzip_compress(std::string_view data);

// A Response turned into bytes and sending instructions.
struct ResponsePlan {
  std::string head;     // status line and headers, ending with the blank line
  std::string payload;  // body after gzip, before chunk framing; empty if none is sent
  bool chunked = false;
  std::size_t piece_bytes = 0;        // payload goes out in pieces of this size (> 0)
  std::optional<std::size_t> cut_at;  // stop after this many payload bytes and close
  bool close = false;                 // close the connection after this response
};

// Plans `response` to a request (`head_request` for HEAD) on a connection the client wants
// kept open or not.
[[nodiscard]] ResponsePlan plan_response(const Response& response, bool head_request,
                                         bool keep_alive);

}  // namespace monsoon::testing::wire
