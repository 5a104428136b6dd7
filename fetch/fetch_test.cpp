// fetch against the loopback test server: every limit and failure class.
#include <monsoon/fetch.hpp>

#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "test_server.hpp"

using namespace monsoon;
using monsoon::testing::Request;
using monsoon::testing::Response;
using monsoon::testing::TestServer;

namespace {

fetch::Limits quick_limits() {
  fetch::Limits limits;
  limits.timeout = model::Seconds{2};
  limits.connect_timeout = model::Seconds{2};
  limits.max_body = 64 * 1024;
  limits.user_agent = "monsoon-test";
  return limits;
}

const char* kFeed = "<rss version=\"2.0\"><channel><title>T</title></channel></rss>";

std::string gzip_of(const std::string& data) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace

TEST_CASE("A 200 answer returns the body and the validators") {
  fetch::global_init();
  TestServer server;
  server.on("/feed", Response{.headers = {{"Content-Type", "application/rss+xml; charset=utf-8"},
                                          {"ETag", "\"abc\""},
                                          {"Last-Modified", "Fri, 20 Nov 2026 10:00:00 GMT"}},
                              .body = kFeed});
  auto response = fetch::fetch_feed({.url = server.url("/feed")}, quick_limits());
  REQUIRE(response.has_value());
  CHECK(response->outcome == fetch::Outcome::fetched);
  CHECK(response->status == 200);
  CHECK(response->body == kFeed);
  CHECK(response->etag == "\"abc\"");
  CHECK(response->last_modified == "Fri, 20 Nov 2026 10:00:00 GMT");
  CHECK(response->content_type == "application/rss+xml; charset=utf-8");
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].header("user-agent") == "monsoon-test");
  CHECK(requests[0].header("accept-encoding").find("gzip") != std::string::npos);
}

TEST_CASE("Validators are sent and a 304 is a value not an error") {
  TestServer server;
  server.on("/feed", [](const Request& request) {
    if (request.header("if-none-match") == "\"abc\"" &&
        request.header("if-modified-since") == "Fri, 20 Nov 2026 10:00:00 GMT") {
      return Response{.status = 304};
    }
    return Response{.body = kFeed};
  });
  auto response = fetch::fetch_feed({.url = server.url("/feed"),
                                     .etag = "\"abc\"",
                                     .last_modified = "Fri, 20 Nov 2026 10:00:00 GMT"},
                                    quick_limits());
  REQUIRE(response.has_value());
  CHECK(response->outcome == fetch::Outcome::not_modified);
  CHECK(response->status == 304);
  CHECK(response->body.empty());
}

TEST_CASE("A gzip body is decompressed") {
  TestServer server;
  server.on("/feed", Response{.body = kFeed, .gzip = true});
  auto response = fetch::fetch_feed({.url = server.url("/feed")}, quick_limits());
  REQUIRE(response.has_value());
  CHECK(response->body == kFeed);
}

TEST_CASE("An error status is reported with the status code") {
  TestServer server;
  auto response = fetch::fetch_feed({.url = server.url("/missing")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().code == model::Errc::http_status);
  CHECK(response.error().message.find("HTTP 404") != std::string::npos);
  CHECK(response.error().message.find("/missing") != std::string::npos);
}

TEST_CASE("A body over the cap is refused by its Content-Length or while streaming") {
  TestServer server;
  const std::string big(200 * 1024, 'x');
  server.on("/declared", Response{.body = big});
  server.on("/streamed", Response{.body = big, .omit_content_length = true});
  for (const char* path : {"/declared", "/streamed"}) {
    auto response = fetch::fetch_feed({.url = server.url(path)}, quick_limits());
    REQUIRE_FALSE(response.has_value());
    CHECK_MESSAGE(response.error().code == model::Errc::too_large, path);
  }
}

TEST_CASE("A gzip bomb stops at the cap on the decompressed size") {
  TestServer server;
  const std::string expanded(8 * 1024 * 1024, 'a');  // compresses to about 8 KiB
  server.on("/bomb", Response{.headers = {{"Content-Encoding", "gzip"}},
                              .body = gzip_of(expanded)});
  auto response = fetch::fetch_feed({.url = server.url("/bomb")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().code == model::Errc::too_large);
}

TEST_CASE("A redirect is followed but never to another protocol") {
  TestServer server;
  server.redirect("/old", "/feed", 301);
  server.on("/feed", Response{.body = kFeed});
  auto followed = fetch::fetch_feed({.url = server.url("/old")}, quick_limits());
  REQUIRE(followed.has_value());
  CHECK(followed->body == kFeed);
  CHECK(followed->effective_url == server.url("/feed"));

  server.redirect("/to-file", "file:///etc/passwd", 302);
  auto refused = fetch::fetch_feed({.url = server.url("/to-file"), .allow_file = true},
                                   quick_limits());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == model::Errc::refused);
}

TEST_CASE("A redirect loop ends with an error after the redirect limit") {
  TestServer server;
  server.redirect("/a", "/b", 302);
  server.redirect("/b", "/a", 302);
  auto response = fetch::fetch_feed({.url = server.url("/a")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().message.find("redirects") != std::string::npos);
  CHECK(server.hits("/a") + server.hits("/b") == 6);  // the first request and 5 redirects
}

TEST_CASE("A connection closed mid-body is a network error") {
  TestServer server;
  server.on("/cut", Response{.body = std::string(4096, 'x'), .close_after = 100});
  auto response = fetch::fetch_feed({.url = server.url("/cut")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().code == model::Errc::network);
}

TEST_CASE("A server slower than the timeout is cut off") {
  TestServer server;
  server.on("/slow", Response{.body = kFeed, .delay = std::chrono::milliseconds(3000)});
  auto limits = quick_limits();
  limits.timeout = model::Seconds{1};
  auto response = fetch::fetch_feed({.url = server.url("/slow")}, limits);
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().code == model::Errc::timeout);
}

TEST_CASE("file URLs are read only when the request allows them") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("monsoon-fetch-test-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(path) << kFeed;
  const std::string url = "file://" + path.string();
  auto refused = fetch::fetch_feed({.url = url}, quick_limits());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == model::Errc::refused);
  auto allowed = fetch::fetch_feed({.url = url, .allow_file = true}, quick_limits());
  REQUIRE(allowed.has_value());
  CHECK(allowed->body == kFeed);
  std::filesystem::remove(path);
}

TEST_CASE("Schemes other than http and https are refused") {
  for (const char* url : {"ftp://127.0.0.1/feed", "gopher://127.0.0.1/feed"}) {
    auto response = fetch::fetch_feed({.url = url}, quick_limits());
    REQUIRE_FALSE(response.has_value());
    CHECK_MESSAGE(response.error().code == model::Errc::refused, url);
  }
}
