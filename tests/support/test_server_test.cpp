#include "test_server.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <iterator>
#include <memory>
#include <netinet/in.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>
#include <zlib.h>

namespace {

using monsoon::testing::Request;
using monsoon::testing::Response;
using monsoon::testing::TestServer;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A reply split into its parts. Header lookups ignore case.
struct Reply {
  std::string status_line;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  [[nodiscard]] std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (std::equal(key.begin(), key.end(), name.begin(), name.end(),
                     [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return value;
      }
    }
    return std::nullopt;
  }
};

// Parses a status line and header lines; `head` ends before the blank line.
Reply parse_head(std::string_view head) {
  Reply reply;
  auto end = head.find("\r\n");
  reply.status_line = std::string(head.substr(0, end));
  while (end != std::string_view::npos) {
    head.remove_prefix(end + 2);
    end = head.find("\r\n");
    const std::string_view line = head.substr(0, end);
    const auto colon = line.find(": ");
    REQUIRE(colon != std::string_view::npos);
    reply.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  return reply;
}

// A blocking HTTP client on one socket, written against the wire so the test trusts no HTTP
// library. Every read gives up after two seconds, so a broken server fails instead of hanging.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    const timeval timeout{2, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void send(std::string_view data) {
    REQUIRE(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == std::ssize(data));
  }

  // Everything until the server closes (FIN or RST); nullopt if it did not close in time.
  std::optional<std::string> read_to_close() {
    while (receive()) {
    }
    if (!closed_) return std::nullopt;
    return std::exchange(buffer_, {});
  }

  // One reply whose body is framed by Content-Length (none for HEAD). Leaves later bytes.
  Reply read_reply(bool head_request = false) {
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) REQUIRE(receive());
    Reply reply = parse_head(std::string_view(buffer_).substr(0, head_end));
    buffer_.erase(0, head_end + 4);
    const std::size_t length =
        head_request ? 0 : std::stoul(reply.header("Content-Length").value_or("0"));
    while (buffer_.size() < length) REQUIRE(receive());
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
  }

  // Reads at least `count` bytes; returns them all.
  std::string read_at_least(std::size_t count) {
    while (buffer_.size() < count) REQUIRE(receive());
    return std::exchange(buffer_, {});
  }

 private:
  bool receive() {
    char chunk[4096];
    const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
    if (got == 0 || (got < 0 && errno == ECONNRESET)) closed_ = true;
    if (got <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }

  int fd_;
  std::string buffer_;
  bool closed_ = false;
};

// The reply to one request sent on its own connection with "Connection: close".
Reply fetch(const TestServer& server, std::string_view target,
            std::string_view extra_headers = "") {
  RawClient client(server.port());
  client.send("GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
              std::string(extra_headers) + "Connection: close\r\n\r\n");
  const std::optional<std::string> raw = client.read_to_close();
  REQUIRE(raw.has_value());
  const auto head_end = raw->find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  Reply reply = parse_head(std::string_view(*raw).substr(0, head_end));
  reply.body = raw->substr(head_end + 4);
  return reply;
}

std::string gunzip(std::string_view data) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  CHECK(result == Z_STREAM_END);
  return out;
}

Response text(std::string body) {
  Response response;
  response.headers = {{"Content-Type", "text/plain"}};
  response.body = std::move(body);
  return response;
}

}  // namespace

TEST_CASE("Fixed response arrives with its headers in order and its body") {
  TestServer server;
  Response response = text("<rss/>");
  response.headers.emplace_back("ETag", "\"v1\"");
  server.on("/feed.xml", response);

  const Reply reply = fetch(server, "/feed.xml?ignored=1");
  CHECK(reply.status_line == "HTTP/1.1 200 OK");
  REQUIRE(reply.headers.size() >= 2);
  CHECK(reply.headers[0] == std::pair<std::string, std::string>("Content-Type", "text/plain"));
  CHECK(reply.headers[1] == std::pair<std::string, std::string>("ETag", "\"v1\""));
  CHECK(reply.header("Content-Length") == "6");
  CHECK(reply.body == "<rss/>");
}

TEST_CASE("Computed response sees the request headers") {
  TestServer server;
  server.on("/feed.xml", [](const Request& request) {
    if (request.header("if-none-match") == "\"v1\"") return Response{.status = 304};
    return text("fresh");
  });

  const Reply modified = fetch(server, "/feed.xml");
  CHECK(modified.status_line == "HTTP/1.1 200 OK");
  CHECK(modified.body == "fresh");
  const Reply not_modified = fetch(server, "/feed.xml", "If-None-Match: \"v1\"\r\n");
  CHECK(not_modified.status_line == "HTTP/1.1 304 Not Modified");
  CHECK(not_modified.body.empty());
  CHECK_FALSE(not_modified.header("Content-Length").has_value());
}

TEST_CASE("Unknown path answers 404 with a short body") {
  TestServer server;
  server.on("/feed.xml", text("x"));
  const Reply reply = fetch(server, "/other.xml");
  CHECK(reply.status_line == "HTTP/1.1 404 Not Found");
  CHECK_FALSE(reply.body.empty());
  CHECK(reply.body.size() < 100);
}

TEST_CASE("Redirect answers with its status and Location header") {
  TestServer server;
  server.redirect("/old", server.url("/new"), 302);
  const Reply reply = fetch(server, "/old");
  CHECK(reply.status_line == "HTTP/1.1 302 Found");
  CHECK(reply.header("Location") == "http://127.0.0.1:" + std::to_string(server.port()) + "/new");
  CHECK(server.hits("/new") == 0);
}

TEST_CASE("Handler that throws yields 500 with the message as body") {
  TestServer server;
  server.on("/boom", [](const Request&) -> Response { throw std::runtime_error("kaboom"); });
  const Reply reply = fetch(server, "/boom");
  CHECK(reply.status_line == "HTTP/1.1 500 Internal Server Error");
  CHECK(reply.body == "kaboom");
}

TEST_CASE("Gzip body decompresses to the original") {
  TestServer server;
  std::string original;
  for (int i = 0; i < 200; ++i) original += "<item>monsoon " + std::to_string(i) + "</item>\n";
  Response response = text(original);
  response.gzip = true;
  server.on("/feed.xml", response);

  const Reply reply = fetch(server, "/feed.xml");
  CHECK(reply.header("Content-Encoding") == "gzip");
  CHECK(reply.header("Content-Length") == std::to_string(reply.body.size()));
  CHECK(reply.body.size() < original.size() / 2);
  CHECK(gunzip(reply.body) == original);
}

TEST_CASE("Chunked body is framed as sized chunks ending with a zero chunk") {
  TestServer server;
  Response response = text("hello world!");
  response.chunked = true;
  response.drip_chunk = 5;
  server.on("/feed.xml", response);

  const Reply reply = fetch(server, "/feed.xml");
  CHECK(reply.header("Transfer-Encoding") == "chunked");
  CHECK_FALSE(reply.header("Content-Length").has_value());
  CHECK(reply.body == "5\r\nhello\r\n5\r\n worl\r\n2\r\nd!\r\n0\r\n\r\n");
}

TEST_CASE("close_after closes the connection after that many body bytes") {
  TestServer server;
  Response response = text(std::string(100, 'x'));
  response.close_after = 10;
  server.on("/feed.xml", response);

  RawClient client(server.port());
  client.send("GET /feed.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");  // asks for keep-alive
  const std::optional<std::string> raw = client.read_to_close();
  REQUIRE(raw.has_value());  // the server closed although the client wanted keep-alive
  CHECK(raw->find("Content-Length: 100\r\n") != std::string::npos);
  CHECK(raw->find("Connection: close\r\n") != std::string::npos);
  CHECK(raw->substr(raw->find("\r\n\r\n") + 4) == std::string(10, 'x'));
}

TEST_CASE("omit_content_length ends the body when the server closes") {
  TestServer server;
  Response response = text("until close");
  response.omit_content_length = true;
  server.on("/feed.xml", response);

  RawClient client(server.port());
  client.send("GET /feed.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const std::optional<std::string> raw = client.read_to_close();
  REQUIRE(raw.has_value());
  CHECK(raw->find("Content-Length") == std::string::npos);
  CHECK(raw->substr(raw->find("\r\n\r\n") + 4) == "until close");
}

TEST_CASE("declared_length is announced while the real body is sent") {
  TestServer server;
  Response response = text("small");
  response.declared_length = 10'000'000'000ULL;
  server.on("/feed.xml", response);

  const Reply reply = fetch(server, "/feed.xml");
  CHECK(reply.header("Content-Length") == "10000000000");
  CHECK(reply.body == "small");
}

TEST_CASE("Delay and drip still deliver the whole body") {
  TestServer server;
  Response response = text("0123456789abcdef");
  response.delay = 50ms;
  response.drip_chunk = 4;
  response.drip_interval = 20ms;
  server.on("/slow", response);

  const auto start = Clock::now();
  const Reply reply = fetch(server, "/slow");
  const auto elapsed = Clock::now() - start;
  CHECK(reply.body == "0123456789abcdef");
  CHECK(elapsed >= 50ms + 3 * 20ms);  // the delay and three pauses between four pieces
}

TEST_CASE("Two requests share one keep-alive connection until Connection close") {
  TestServer server;
  server.on("/a", text("first"));
  server.on("/b", text("second"));

  RawClient client(server.port());
  client.send("GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const Reply first = client.read_reply();
  CHECK(first.body == "first");
  CHECK_FALSE(first.header("Connection").has_value());
  client.send("HEAD /b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const Reply head = client.read_reply(/*head_request=*/true);
  CHECK(head.header("Content-Length") == "6");
  client.send("GET /b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const Reply last = client.read_reply();  // would start with HEAD's body if one was sent
  CHECK(last.status_line == "HTTP/1.1 200 OK");
  CHECK(last.body == "second");
  CHECK(last.header("Connection") == "close");
  CHECK(client.read_to_close() == "");
  CHECK(server.hits("/b") == 2);
}

TEST_CASE("requests and hits record every request in order") {
  TestServer server;
  server.on("/a", text("a"));
  fetch(server, "/a?page=2", "X-Probe: one\r\n");
  {
    RawClient client(server.port());
    client.send(
        "POST /b HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
    client.send("hello");
    REQUIRE(client.read_to_close().has_value());
  }
  fetch(server, "/a");

  const std::vector<Request> requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].target == "/a?page=2");
  CHECK(requests[0].path == "/a");
  CHECK(requests[0].query == "page=2");
  CHECK(requests[0].header("x-probe") == "one");
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].body == "hello");
  CHECK(requests[2].query.empty());
  CHECK(server.hits("/a") == 2);
  CHECK(server.hits("/b") == 1);
  CHECK(server.hits("/c") == 0);
}

TEST_CASE("Malformed request gets 400 and is not recorded") {
  TestServer server;
  RawClient client(server.port());
  client.send("NONSENSE\r\n\r\n");
  const std::optional<std::string> raw = client.read_to_close();
  REQUIRE(raw.has_value());
  CHECK(raw->starts_with("HTTP/1.1 400 Bad Request\r\n"));
  CHECK(server.requests().empty());
}

TEST_CASE("Destructor returns promptly while clients are mid-drip and mid-delay") {
  auto server = std::make_unique<TestServer>();
  Response drip = text(std::string(1000, 'x'));
  drip.drip_chunk = 1;
  drip.drip_interval = 10s;  // the whole body would take hours
  server->on("/drip", drip);
  Response delayed = text("late");
  delayed.delay = 60s;
  server->on("/delay", delayed);

  RawClient dripping(server->port());
  dripping.send("GET /drip HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const std::string started = dripping.read_at_least(1);
  CHECK(started.starts_with("HTTP/1.1 200 OK\r\n"));
  RawClient waiting(server->port());
  waiting.send("GET /delay HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  RawClient idle(server->port());
  // The delay must have begun before the server stops, or this tests nothing.
  const auto deadline = Clock::now() + 2s;
  while (server->hits("/delay") == 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  REQUIRE(server->hits("/delay") == 1);

  const auto start = Clock::now();
  server.reset();
  CHECK(Clock::now() - start < 500ms);
  CHECK(dripping.read_to_close().has_value());  // closed, not left hanging
  CHECK(waiting.read_to_close() == "");
  CHECK(idle.read_to_close() == "");  // FIN, or RST if it was still in the accept queue
}
