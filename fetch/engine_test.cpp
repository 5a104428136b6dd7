// The multi engine driven by a small poll(2) loop written for the test, so the
// EventLoop contract is exercised without Asio (daemon/ has the real loop).
#include <monsoon/fetch.hpp>

#include <doctest/doctest.h>
#include <poll.h>

#include <algorithm>
#include <map>

#include "test_server.hpp"

using namespace monsoon;
using monsoon::testing::Response;
using monsoon::testing::TestServer;

namespace {

class PollLoop final : public fetch::EventLoop {
 public:
  void watch(int fd, Interest interest) override {
    if (interest == Interest::none) {
      fds_.erase(fd);
    } else {
      fds_[fd] = interest;
    }
  }
  void set_timer(std::optional<std::chrono::milliseconds> delay) override {
    timer_ = delay ? std::optional(std::chrono::steady_clock::now() + *delay) : std::nullopt;
  }

  // Runs until the engine has nothing left or `limit` passes.
  void run(fetch::Engine& engine, std::chrono::seconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (engine.active() > 0 && std::chrono::steady_clock::now() < until) {
      std::vector<pollfd> polled;
      for (auto [fd, interest] : fds_) {
        short events = 0;
        if (interest != Interest::write) events |= POLLIN;
        if (interest != Interest::read) events |= POLLOUT;
        polled.push_back({fd, events, 0});
      }
      int wait_ms = 100;
      if (timer_) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            *timer_ - std::chrono::steady_clock::now());
        wait_ms = static_cast<int>(std::clamp<long long>(left.count(), 0, 100));
      }
      ::poll(polled.data(), polled.size(), wait_ms);
      if (timer_ && std::chrono::steady_clock::now() >= *timer_) {
        timer_.reset();
        engine.on_timer();
      }
      for (const auto& entry : polled) {
        if (entry.revents == 0 || !fds_.contains(entry.fd)) continue;
        engine.on_socket(entry.fd, (entry.revents & POLLIN) != 0, (entry.revents & POLLOUT) != 0,
                         (entry.revents & (POLLERR | POLLHUP)) != 0);
      }
    }
  }

 private:
  std::map<int, Interest> fds_;
  std::optional<std::chrono::steady_clock::time_point> timer_;
};

fetch::Limits limits() {
  fetch::Limits value;
  value.timeout = model::Seconds{5};
  value.max_body = 1024 * 1024;
  return value;
}

}  // namespace

TEST_CASE("The engine runs many transfers at once and completes each exactly once") {
  TestServer server;
  server.on("/slow", Response{.body = "slow", .delay = std::chrono::milliseconds(300)});
  for (int i = 0; i < 40; ++i) {
    server.on("/feed/" + std::to_string(i), Response{.body = "body " + std::to_string(i)});
  }
  PollLoop loop;
  fetch::Engine engine(loop, limits());
  std::map<std::string, std::string> bodies;
  int completions = 0;
  engine.start({.url = server.url("/slow")}, [&](fetch::FetchResult result) {
    ++completions;
    REQUIRE(result.has_value());
    bodies["/slow"] = result->body;
  });
  for (int i = 0; i < 40; ++i) {
    const std::string path = "/feed/" + std::to_string(i);
    engine.start({.url = server.url(path)}, [&, path](fetch::FetchResult result) {
      ++completions;
      REQUIRE(result.has_value());
      bodies[path] = result->body;
    });
  }
  CHECK(engine.active() == 41);
  loop.run(engine, std::chrono::seconds(20));
  CHECK(engine.active() == 0);
  CHECK(completions == 41);
  CHECK(bodies.size() == 41);
  CHECK(bodies["/feed/7"] == "body 7");
  CHECK(bodies["/slow"] == "slow");
}

TEST_CASE("Failures in the engine complete with their class and others are unaffected") {
  TestServer server;
  server.on("/ok", Response{.body = "fine"});
  server.on("/cut", Response{.body = std::string(4096, 'x'), .close_after = 10});
  server.on("/big", Response{.body = std::string(2 * 1024 * 1024, 'x')});
  PollLoop loop;
  fetch::Engine engine(loop, limits());
  std::map<std::string, std::optional<model::Errc>> outcome;
  for (const char* path : {"/ok", "/cut", "/big", "/missing"}) {
    engine.start({.url = server.url(path)}, [&, path = std::string(path)](fetch::FetchResult r) {
      outcome[path] = r ? std::nullopt : std::optional(r.error().error.code);
    });
  }
  engine.start({.url = "gopher://127.0.0.1/x"},
               [&](fetch::FetchResult r) { outcome["gopher"] = r.error().error.code; });
  loop.run(engine, std::chrono::seconds(20));
  REQUIRE(outcome.size() == 5);
  CHECK_FALSE(outcome["/ok"].has_value());
  CHECK(outcome["/cut"] == model::Errc::network);
  CHECK(outcome["/big"] == model::Errc::too_large);
  CHECK(outcome["/missing"] == model::Errc::http_status);
  CHECK(outcome["gopher"] == model::Errc::refused);
}

TEST_CASE("A completion may start the next transfer") {
  TestServer server;
  server.on("/first", Response{.body = "1"});
  server.on("/second", Response{.body = "2"});
  PollLoop loop;
  fetch::Engine engine(loop, limits());
  std::string order;
  engine.start({.url = server.url("/first")}, [&](fetch::FetchResult first) {
    order += first->body;
    engine.start({.url = server.url("/second")},
                 [&](fetch::FetchResult second) { order += second->body; });
  });
  loop.run(engine, std::chrono::seconds(10));
  CHECK(order == "12");
}

TEST_CASE("Destroying the engine with transfers running calls no completion") {
  TestServer server;
  server.on("/slow", Response{.body = "x", .delay = std::chrono::milliseconds(2000)});
  PollLoop loop;
  bool called = false;
  {
    fetch::Engine engine(loop, limits());
    engine.start({.url = server.url("/slow")}, [&](fetch::FetchResult) { called = true; });
    CHECK(engine.active() == 1);
  }
  CHECK_FALSE(called);
}
