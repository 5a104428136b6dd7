#include "outcome.hpp"

#include <doctest/doctest.h>

using namespace monsoon;
using daemon::PollContext;
using daemon::PollOutcome;
using model::Seconds;
using model::TimePoint;
using Kind = PollOutcome::Kind;

namespace {

const TimePoint kNow{Seconds{1795168800}};  // 2026-11-20 10:00:00 UTC

store::FeedState feed_state() {
  store::FeedState state;
  state.id = 1;
  state.url = "https://news.example/feed";
  return state;
}

PollContext context_at(TimePoint now, double random = 0.999999) {
  return {.now = now,
          .interval = Seconds{3600},
          .min_interval = Seconds{300},
          .max_interval = Seconds{86400},
          .unit_random = random};
}

PollOutcome failure(model::Errc code, long status = 0, fetch::Headers headers = {}) {
  PollOutcome outcome;
  outcome.kind = Kind::failed;
  outcome.error_class = code;
  outcome.error_message = "boom";
  outcome.status = status;
  outcome.headers = std::move(headers);
  return outcome;
}

PollOutcome fetched(std::string effective_url = "https://news.example/feed") {
  PollOutcome outcome;
  outcome.kind = Kind::fetched;
  outcome.status = 200;
  outcome.etag = "\"v2\"";
  outcome.last_modified = "Fri, 20 Nov 2026 09:00:00 GMT";
  outcome.body_hash = "hash2";
  outcome.effective_url = std::move(effective_url);
  return outcome;
}

}  // namespace

TEST_CASE("Backoff grows with each failure by the injected clock and stops at the cap") {
  auto state = feed_state();
  TimePoint now = kNow;
  Seconds previous{0};
  for (int attempt = 1; attempt <= 12; ++attempt) {
    auto decision = daemon::decide(state, failure(model::Errc::timeout), context_at(now));
    state = decision.state;
    const auto delay = *state.next_poll - now;
    CHECK(state.error_streak == attempt);
    CHECK(state.not_before == state.next_poll);
    CHECK(delay >= previous);
    CHECK(delay <= Seconds{86400});
    previous = delay;
    now = *state.next_poll;  // the clock moves to the retry
  }
  CHECK(previous == Seconds{86400});
  CHECK(state.last_error_class == "timeout");
}

TEST_CASE("A success clears the failure state and schedules the next poll") {
  auto state = feed_state();
  state.error_streak = 4;
  state.last_error_class = "dns";
  state.last_error = "no such host";
  state.not_before = kNow + Seconds{100};
  auto decision = daemon::decide(state, fetched(), context_at(kNow, 0.5));
  const auto& next = decision.state;
  CHECK(next.error_streak == 0);
  CHECK(next.last_error.empty());
  CHECK(next.last_error_class.empty());
  CHECK_FALSE(next.not_before.has_value());
  CHECK(next.last_success == kNow);
  CHECK(next.etag == "\"v2\"");
  CHECK(next.body_hash == "hash2");
  CHECK(next.next_poll == kNow + Seconds{3600});
  CHECK(decision.log.error_class.empty());
}

TEST_CASE("A 304 keeps the stored validators and body hash") {
  auto state = feed_state();
  state.etag = "\"v1\"";
  state.body_hash = "hash1";
  PollOutcome outcome;
  outcome.kind = Kind::not_modified;
  outcome.status = 304;
  auto decision = daemon::decide(state, outcome, context_at(kNow));
  CHECK(decision.state.etag == "\"v1\"");
  CHECK(decision.state.body_hash == "hash1");
  CHECK(decision.state.last_status == 304);
}

TEST_CASE("Retry-After on a 429 holds the feed and blocks its host until then") {
  auto state = feed_state();
  auto decision = daemon::decide(
      state, failure(model::Errc::http_status, 429, {{"retry-after", "7200"}}), context_at(kNow));
  CHECK(decision.state.not_before == kNow + Seconds{7200});
  REQUIRE(decision.host_block.has_value());
  CHECK(decision.host_block->host == "news.example");
  CHECK(decision.host_block->until == kNow + Seconds{7200});
  // A Retry-After shorter than the backoff does not shorten it.
  auto brief = daemon::decide(
      state, failure(model::Errc::http_status, 503, {{"retry-after", "1"}}), context_at(kNow));
  CHECK(*brief.state.not_before - kNow == Seconds{300});
  // An absurd Retry-After is capped at max_interval.
  auto absurd = daemon::decide(
      state, failure(model::Errc::http_status, 429, {{"retry-after", "99999999"}}),
      context_at(kNow));
  CHECK(*absurd.state.not_before - kNow == Seconds{86400});
}

TEST_CASE("Other failures block no host") {
  auto decision = daemon::decide(feed_state(), failure(model::Errc::http_status, 500),
                                 context_at(kNow));
  CHECK_FALSE(decision.host_block.has_value());
}

TEST_CASE("A 410 marks the feed gone once and rechecks weekly") {
  auto first = daemon::decide(feed_state(), failure(model::Errc::gone, 410), context_at(kNow));
  CHECK(first.gone_now);
  CHECK(first.state.gone);
  CHECK(first.state.not_before == kNow + daemon::kGoneRecheck);
  auto again = daemon::decide(first.state, failure(model::Errc::gone, 410),
                              context_at(kNow + daemon::kGoneRecheck));
  CHECK_FALSE(again.gone_now);
  auto back = daemon::decide(again.state, fetched(), context_at(kNow + 2 * daemon::kGoneRecheck));
  CHECK_FALSE(back.state.gone);
}

TEST_CASE("Permanent redirects to one URL on three polls move the feed") {
  auto state = feed_state();
  auto moved = fetched("https://new.example/feed");
  moved.moved_permanently = true;
  for (int poll = 1; poll <= 3; ++poll) {
    auto decision = daemon::decide(state, moved, context_at(kNow));
    state = decision.state;
    CHECK(state.moved_streak == poll);
    CHECK(decision.moved_now == (poll == 3));
  }
  CHECK(daemon::request_url(state) == "https://new.example/feed");
  // Once moved, a direct answer from the new URL keeps the move.
  auto settled = daemon::decide(state, fetched("https://new.example/feed"), context_at(kNow));
  CHECK(daemon::request_url(settled.state) == "https://new.example/feed");
}

TEST_CASE("A redirect that stops or changes target resets the count") {
  auto state = feed_state();
  auto moved = fetched("https://new.example/feed");
  moved.moved_permanently = true;
  state = daemon::decide(state, moved, context_at(kNow)).state;
  state = daemon::decide(state, moved, context_at(kNow)).state;
  state = daemon::decide(state, fetched(), context_at(kNow)).state;  // no redirect this time
  CHECK(state.moved_streak == 0);
  CHECK(state.moved_url.empty());
  auto elsewhere = fetched("https://other.example/feed");
  elsewhere.moved_permanently = true;
  state = daemon::decide(state, moved, context_at(kNow)).state;
  state = daemon::decide(state, elsewhere, context_at(kNow)).state;
  CHECK(state.moved_streak == 1);
  CHECK(state.moved_url == "https://other.example/feed");
  CHECK(daemon::request_url(state) == "https://news.example/feed");
}

TEST_CASE("HTML pages are recognised by type or by their first bytes") {
  CHECK(daemon::looks_like_html("<p>x</p>", "text/html; charset=utf-8"));
  CHECK(daemon::looks_like_html("\n  <!DOCTYPE html><html>", ""));
  CHECK(daemon::looks_like_html("<HTML><body>", "application/octet-stream"));
  CHECK_FALSE(daemon::looks_like_html("<rss version=\"2.0\">", "application/xml"));
  CHECK_FALSE(daemon::looks_like_html("not markup at all", "text/plain"));
}

TEST_CASE("The publishing gap is the median gap between recent items") {
  using daemon::publishing_gap;
  CHECK_FALSE(publishing_gap({kNow, kNow - Seconds{60}}).has_value());
  CHECK(publishing_gap({kNow, kNow - Seconds{100}, kNow - Seconds{300}, kNow - Seconds{10000}}) ==
        Seconds{200});
}
