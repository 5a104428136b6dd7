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
  CHECK(response.error().error.code == model::Errc::http_status);
  CHECK(response.error().error.message.find("HTTP 404") != std::string::npos);
  CHECK(response.error().error.message.find("/missing") != std::string::npos);
}

TEST_CASE("A body over the cap is refused by its Content-Length or while streaming") {
  TestServer server;
  const std::string big(200 * 1024, 'x');
  server.on("/declared", Response{.body = big});
  server.on("/streamed", Response{.body = big, .omit_content_length = true});
  for (const char* path : {"/declared", "/streamed"}) {
    auto response = fetch::fetch_feed({.url = server.url(path)}, quick_limits());
    REQUIRE_FALSE(response.has_value());
    CHECK_MESSAGE(response.error().error.code == model::Errc::too_large, path);
  }
}

TEST_CASE("A gzip bomb stops at the cap on the decompressed size") {
  TestServer server;
  const std::string expanded(8 * 1024 * 1024, 'a');  // compresses to about 8 KiB
  server.on("/bomb", Response{.headers = {{"Content-Encoding", "gzip"}},
                              .body = gzip_of(expanded)});
  auto response = fetch::fetch_feed({.url = server.url("/bomb")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().error.code == model::Errc::too_large);
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
  CHECK(refused.error().error.code == model::Errc::refused);
}

TEST_CASE("A redirect loop ends with an error after the redirect limit") {
  TestServer server;
  server.redirect("/a", "/b", 302);
  server.redirect("/b", "/a", 302);
  auto response = fetch::fetch_feed({.url = server.url("/a")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().error.message.find("redirects") != std::string::npos);
  CHECK(server.hits("/a") + server.hits("/b") == 6);  // the first request and 5 redirects
}

TEST_CASE("A connection closed mid-body is a network error") {
  TestServer server;
  server.on("/cut", Response{.body = std::string(4096, 'x'), .close_after = 100});
  auto response = fetch::fetch_feed({.url = server.url("/cut")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().error.code == model::Errc::network);
}

TEST_CASE("A server slower than the timeout is cut off") {
  TestServer server;
  server.on("/slow", Response{.body = kFeed, .delay = std::chrono::milliseconds(3000)});
  auto limits = quick_limits();
  limits.timeout = model::Seconds{1};
  auto response = fetch::fetch_feed({.url = server.url("/slow")}, limits);
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().error.code == model::Errc::timeout);
}

TEST_CASE("file URLs are read only when the request allows them") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("monsoon-fetch-test-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(path) << kFeed;
  const std::string url = "file://" + path.string();
  auto refused = fetch::fetch_feed({.url = url}, quick_limits());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().error.code == model::Errc::refused);
  auto allowed = fetch::fetch_feed({.url = url, .allow_file = true}, quick_limits());
  REQUIRE(allowed.has_value());
  CHECK(allowed->body == kFeed);
  std::filesystem::remove(path);
}

TEST_CASE("Schemes other than http and https are refused") {
  for (const char* url : {"ftp://127.0.0.1/feed", "gopher://127.0.0.1/feed"}) {
    auto response = fetch::fetch_feed({.url = url}, quick_limits());
    REQUIRE_FALSE(response.has_value());
    CHECK_MESSAGE(response.error().error.code == model::Errc::refused, url);
  }
}

TEST_CASE("A 410 is reported as gone") {
  TestServer server;
  server.on("/gone", Response{.status = 410, .body = "gone"});
  auto response = fetch::fetch_feed({.url = server.url("/gone")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().error.code == model::Errc::gone);
  CHECK(response.error().status == 410);
}

TEST_CASE("A 403 bot challenge is reported as blocked and not as a parse error") {
  TestServer server;
  server.on("/cf", Response{.status = 403,
                            .headers = {{"cf-mitigated", "challenge"}, {"Content-Type", "text/html"}},
                            .body = "<html>Just a moment...</html>"});
  server.on("/dd", Response{.status = 403, .headers = {{"X-DataDome", "protected"}}, .body = "x"});
  server.on("/plain403", Response{.status = 403, .body = "forbidden"});
  for (const char* path : {"/cf", "/dd"}) {
    auto response = fetch::fetch_feed({.url = server.url(path)}, quick_limits());
    REQUIRE_FALSE(response.has_value());
    CHECK_MESSAGE(response.error().error.code == model::Errc::blocked, path);
  }
  auto plain = fetch::fetch_feed({.url = server.url("/plain403")}, quick_limits());
  REQUIRE_FALSE(plain.has_value());
  CHECK(plain.error().error.code == model::Errc::http_status);
}

TEST_CASE("A 429 keeps its headers so the caller can honour Retry-After") {
  TestServer server;
  server.on("/busy", Response{.status = 429, .headers = {{"Retry-After", "120"}}, .body = "slow"});
  auto response = fetch::fetch_feed({.url = server.url("/busy")}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().status == 429);
  CHECK(fetch::retry_after(response.error().headers, model::TimePoint{}) ==
        model::TimePoint{model::Seconds{120}});
}

TEST_CASE("Redirect hops are recorded and only 301 and 308 chains count as moved") {
  TestServer server;
  server.redirect("/perm", "/perm2", 301);
  server.redirect("/perm2", "/feed", 308);
  server.redirect("/temp", "/feed", 302);
  server.on("/feed", Response{.body = kFeed});
  auto moved = fetch::fetch_feed({.url = server.url("/perm")}, quick_limits());
  REQUIRE(moved.has_value());
  REQUIRE(moved->redirects.size() == 2);
  CHECK(moved->redirects[0].status == 301);
  CHECK(moved->redirects[0].location == "/perm2");
  CHECK(moved->redirects[1].status == 308);
  CHECK(moved->moved_permanently());
  auto temporary = fetch::fetch_feed({.url = server.url("/temp")}, quick_limits());
  REQUIRE(temporary.has_value());
  CHECK_FALSE(temporary->moved_permanently());
  auto direct = fetch::fetch_feed({.url = server.url("/feed")}, quick_limits());
  REQUIRE(direct.has_value());
  CHECK_FALSE(direct->moved_permanently());
}

TEST_CASE("Extra headers and basic auth are sent") {
  TestServer server;
  server.on("/private", Response{.body = kFeed});
  auto response = fetch::fetch_feed({.url = server.url("/private"),
                                     .extra_headers = {{"X-Api-Key", "k1"}},
                                     .username = "reader",
                                     .password = "s3cret"},
                                    quick_limits());
  REQUIRE(response.has_value());
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].header("x-api-key") == "k1");
  CHECK(requests[0].header("authorization") == "Basic cmVhZGVyOnMzY3JldA==");
}

TEST_CASE("A refused connection is classed as connect") {
  int closed_port = 0;
  {
    TestServer server;
    closed_port = server.port();
  }
  auto response = fetch::fetch_feed(
      {.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/feed"}, quick_limits());
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().error.code == model::Errc::connect);
}

TEST_CASE("A server dripping bytes below the low-speed limit is cut off") {
  TestServer server;
  server.on("/drip", Response{.body = std::string(400, 'x'),
                              .drip_chunk = 1,
                              .drip_interval = std::chrono::milliseconds(200)});
  auto limits = quick_limits();
  limits.timeout = model::Seconds{10};
  limits.low_speed_bytes = 100;
  limits.low_speed_time = model::Seconds{1};
  auto response = fetch::fetch_feed({.url = server.url("/drip")}, limits);
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().error.code == model::Errc::timeout);
}
