// The polling engine against the loopback test server: politeness, failure
// classes side by side, Retry-After, moves, 410, unchanged bodies.
#include <monsoon/config.hpp>
#include <monsoon/store.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <thread>

#include "pipeline.hpp"
#include "poller.hpp"
#include "scratch.hpp"
#include "test_server.hpp"

using namespace monsoon;
using monsoon::testing::Request;
using monsoon::testing::Response;
using monsoon::testing::TestServer;
using Scratch = monsoon::testing::ScratchDir;

namespace {

const std::string kRss = R"(<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Item one</title><link>https://x.example/1</link><guid>x-1</guid></item>
</channel></rss>)";

config::Config config_in(const Scratch& scratch) {
  config::Config config;
  config.source_file = scratch.path() / "monsoon.toml";
  config.store.path = scratch.path() / "monsoon.db";
  config.digest.output_dir = scratch.path() / "digests";
  config.fetch.timeout = model::Seconds{3};
  config.fetch.connect_timeout = model::Seconds{2};
  config.fetch.host_gap = model::Seconds{0};
  config.fetch.max_body = 256 * 1024;
  return config;
}

model::FeedSource feed(std::string url, std::string name) {
  model::FeedSource source;
  source.url = std::move(url);
  source.name = std::move(name);
  source.region = model::Region::japan;
  return source;
}

std::map<std::string, store::FeedState> states_by_name(store::Store& store) {
  std::map<std::string, store::FeedState> states;
  const auto all = store.feeds().value();
  for (const auto& state : all) states[state.name] = state;
  return states;
}

}  // namespace

TEST_CASE("Each failure is recorded with its class and the good feed is stored anyway") {
  TestServer server;
  server.on("/good", Response{.body = kRss});
  server.on("/big", Response{.body = std::string(512 * 1024, 'x')});
  server.on("/bomb", Response{.body = std::string(4 * 1024 * 1024, ' '), .gzip = true});
  server.redirect("/loop-a", "/loop-b", 302);
  server.redirect("/loop-b", "/loop-a", 302);
  server.redirect("/to-file", "file:///etc/passwd", 302);
  server.on("/reset", Response{.body = kRss, .close_after = 20});
  server.on("/html", Response{.headers = {{"Content-Type", "text/html"}},
                              .body = "<!DOCTYPE html><html><body>Home</body></html>"});
  server.on("/gone", Response{.status = 410, .body = "gone"});
  server.on("/challenge", Response{.status = 403, .headers = {{"cf-mitigated", "challenge"}},
                                   .body = "<html>Just a moment</html>"});
  server.on("/slow", Response{.body = kRss, .delay = std::chrono::milliseconds(5000)});
  Scratch scratch;
  auto config = config_in(scratch);
  const std::map<std::string, std::string> expected = {
      {"big", "too_large"},      {"bomb", "too_large"},  {"loop-a", "network"},
      {"to-file", "refused"},    {"reset", "network"},   {"html", "not_a_feed"},
      {"gone", "gone"},          {"challenge", "blocked"}, {"slow", "timeout"},
      {"good", ""}};
  for (const auto& [name, error_class] : expected) {
    config.feeds.push_back(feed(server.url("/" + name), name));
  }
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  const auto summary = daemon::poll_once(config, *store, true);
  CHECK(summary.feeds == 10);
  CHECK(summary.failed == 9);
  CHECK(summary.new_items == 1);
  const auto states = states_by_name(*store);
  for (const auto& [name, error_class] : expected) {
    INFO(name);
    const auto& state = states.at(name);
    CHECK(state.last_error_class == error_class);
    CHECK(state.error_streak == (error_class.empty() ? 0 : 1));
    if (!error_class.empty()) {
      CHECK(state.last_error.find("127.0.0.1") != std::string::npos);
    }
  }
  CHECK(states.at("gone").gone);
  CHECK(states.at("challenge").last_status == 403);
}

TEST_CASE("A 429 with Retry-After holds its host for this round and the next") {
  TestServer server;
  server.on("/busy", Response{.status = 429, .headers = {{"Retry-After", "3600"}}, .body = "no"});
  server.on("/sibling", Response{.body = kRss});
  server.on("/other", Response{.body = kRss});
  Scratch scratch;
  auto config = config_in(scratch);
  config.fetch.max_per_host = 1;
  config.feeds = {feed(server.url("/busy"), "busy"), feed(server.url("/sibling"), "sibling"),
                  // "localhost" is another host name for the same server.
                  feed("http://localhost:" + std::to_string(server.port()) + "/other", "other")};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  auto first = daemon::poll_once(config, *store, true);
  CHECK(first.feeds == 2);
  CHECK(first.waiting == 1);
  CHECK(server.hits("/busy") == 1);
  CHECK(server.hits("/sibling") == 0);
  CHECK(server.hits("/other") == 1);
  auto second = daemon::poll_once(config, *store, true);
  CHECK(server.hits("/busy") == 1);
  CHECK(server.hits("/sibling") == 0);
  CHECK(server.hits("/other") == 2);
  CHECK(second.waiting == 2);
  const auto blocks = store->host_blocks(daemon::now()).value();
  REQUIRE(blocks.size() == 1);
  CHECK(blocks.front().host == "127.0.0.1");
}

TEST_CASE("A failing feed waits out its backoff even on a manual poll") {
  TestServer server;
  server.on("/broken", Response{.status = 500, .body = "oops"});
  Scratch scratch;
  auto config = config_in(scratch);
  config.feeds = {feed(server.url("/broken"), "broken")};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  CHECK(daemon::poll_once(config, *store, true).failed == 1);
  CHECK(daemon::poll_once(config, *store, true).waiting == 1);
  CHECK(server.hits("/broken") == 1);
}

TEST_CASE("No host ever sees more than max_per_host transfers at once") {
  TestServer server;
  std::atomic<int> active{0};
  std::atomic<int> most{0};
  Scratch scratch;
  auto config = config_in(scratch);
  config.fetch.max_parallel = 10;
  config.fetch.max_per_host = 2;
  for (int i = 0; i < 8; ++i) {
    const std::string path = "/feed" + std::to_string(i);
    server.on(path, [&](const Request&) {
      const int now_active = ++active;
      int seen = most.load();
      while (now_active > seen && !most.compare_exchange_weak(seen, now_active)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      --active;
      return Response{.body = kRss};
    });
    config.feeds.push_back(feed(server.url(path), "feed" + std::to_string(i)));
  }
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  auto summary = daemon::poll_once(config, *store, true);
  CHECK(summary.feeds == 8);
  CHECK(summary.failed == 0);
  CHECK(most.load() == 2);
}

TEST_CASE("host_gap spaces out request starts to one host") {
  TestServer server;
  std::vector<std::chrono::steady_clock::time_point> starts;
  std::mutex mutex;
  Scratch scratch;
  auto config = config_in(scratch);
  config.fetch.host_gap = model::Seconds{1};
  for (int i = 0; i < 3; ++i) {
    const std::string path = "/gap" + std::to_string(i);
    server.on(path, [&](const Request&) {
      std::lock_guard lock(mutex);
      starts.push_back(std::chrono::steady_clock::now());
      return Response{.body = kRss};
    });
    config.feeds.push_back(feed(server.url(path), "gap" + std::to_string(i)));
  }
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  CHECK(daemon::poll_once(config, *store, true).feeds == 3);
  REQUIRE(starts.size() == 3);
  // The server sees a request when it arrives, which trails the client's start by the
  // connection's set-up: only the first request opens the connection (the others reuse
  // it), so on a loaded machine the first gap can look shorter by that set-up time.
  CHECK(starts[1] - starts[0] >= std::chrono::milliseconds(900));
  CHECK(starts[2] - starts[1] >= std::chrono::milliseconds(950));
}

TEST_CASE("A feed redirected permanently three times is then fetched at its new URL") {
  TestServer server;
  server.redirect("/old", "/new", 301);
  server.on("/new", Response{.body = kRss});
  Scratch scratch;
  auto config = config_in(scratch);
  config.feeds = {feed(server.url("/old"), "moving")};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  for (int poll = 0; poll < 4; ++poll) CHECK(daemon::poll_once(config, *store, true).failed == 0);
  CHECK(server.hits("/old") == 3);
  CHECK(server.hits("/new") == 4);
  const auto state = states_by_name(*store).at("moving");
  CHECK(state.moved_url == server.url("/new"));
  CHECK(state.moved_streak == 3);
  CHECK(state.url == server.url("/old"));  // the configured URL is kept, not rewritten
}

TEST_CASE("An unchanged body without validators is not parsed or stored again") {
  TestServer server;
  server.on("/plain", Response{.body = kRss});
  Scratch scratch;
  auto config = config_in(scratch);
  config.feeds = {feed(server.url("/plain"), "plain")};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  CHECK(daemon::poll_once(config, *store, true).new_items == 1);
  auto second = daemon::poll_once(config, *store, true);
  CHECK(second.unchanged == 1);
  CHECK(second.new_items == 0);
  CHECK(server.hits("/plain") == 2);
}

TEST_CASE("A feed that is not due is left alone unless the poll is manual") {
  TestServer server;
  server.on("/feed", Response{.body = kRss});
  Scratch scratch;
  auto config = config_in(scratch);
  config.feeds = {feed(server.url("/feed"), "feed")};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  CHECK(daemon::poll_once(config, *store, false).feeds == 1);  // never polled: due
  CHECK(daemon::poll_once(config, *store, false).waiting == 1);
  CHECK(server.hits("/feed") == 1);
  CHECK(daemon::poll_once(config, *store, true).feeds == 1);
  CHECK(server.hits("/feed") == 2);
}

TEST_CASE("A full disk fails the round and the next round stores every feed once space returns") {
  std::string big = R"(<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>)";
  for (int i = 0; i < 120; ++i) {  // 190 KB: under config_in's max_body
    big += "<item><title>Big item " + std::to_string(i) + "</title><link>https://b.example/" +
           std::to_string(i) + "</link><description>" + std::string(1500, 'x') +
           "</description></item>";
  }
  big += "</channel></rss>";
  TestServer server;
  server.on("/small", Response{.body = kRss});
  server.on("/big", Response{.body = big});
  Scratch scratch;
  auto config = config_in(scratch);
  config.feeds = {feed(server.url("/small"), "small")};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store);
  REQUIRE_FALSE(daemon::poll_once(config, *store, true).storage_error);
  const auto before = store->count_items().value();
  CHECK(before == 1);
  config.feeds.push_back(feed(server.url("/big"), "big"));
  REQUIRE(store->limit_size(store->database_bytes().value() + 16 * 1024));
  const auto full = daemon::poll_once(config, *store, true);
  REQUIRE(full.storage_error);
  CHECK(full.storage_error->message.find("database or disk is full") != std::string::npos);
  CHECK(store->count_items().value() == before);
  REQUIRE(store->limit_size(0));
  const auto retried = daemon::poll_once(config, *store, true);
  CHECK_FALSE(retried.storage_error);
  CHECK(store->count_items().value() == before + 120);
}
