#include <monsoon/fetch.hpp>

#include <doctest/doctest.h>

using namespace monsoon;
using fetch::Headers;
using model::Seconds;
using model::TimePoint;

namespace {
// 2026-11-20 10:00:00 UTC
const TimePoint kNow{Seconds{1795168800}};
}  // namespace

TEST_CASE("Retry-After in seconds is counted from now") {
  auto at = fetch::retry_after(Headers{{"retry-after", "120"}}, kNow);
  REQUIRE(at.has_value());
  CHECK(*at == kNow + Seconds{120});
}

TEST_CASE("Retry-After as an HTTP date is that moment") {
  auto at = fetch::retry_after(Headers{{"retry-after", "Fri, 20 Nov 2026 11:30:00 GMT"}}, kNow);
  REQUIRE(at.has_value());
  CHECK(*at == kNow + Seconds{5400});
}

TEST_CASE("A missing or unreadable Retry-After gives nothing") {
  CHECK_FALSE(fetch::retry_after(Headers{}, kNow).has_value());
  CHECK_FALSE(fetch::retry_after(Headers{{"retry-after", "soon"}}, kNow).has_value());
  CHECK_FALSE(fetch::retry_after(Headers{{"retry-after", "-5"}}, kNow).has_value());
}

TEST_CASE("Freshness comes from max-age then from Expires minus Date") {
  CHECK(fetch::freshness(Headers{{"cache-control", "public, max-age=1800"}}, kNow) ==
        Seconds{1800});
  CHECK(fetch::freshness(Headers{{"cache-control", "s-maxage=99, max-age=600"}}, kNow) ==
        Seconds{600});
  CHECK(fetch::freshness(Headers{{"cache-control", "no-cache"}}, kNow) == Seconds{0});
  CHECK(fetch::freshness(Headers{{"expires", "Fri, 20 Nov 2026 12:00:00 GMT"},
                                 {"date", "Fri, 20 Nov 2026 11:00:00 GMT"}},
                         kNow) == Seconds{3600});
  CHECK(fetch::freshness(Headers{{"expires", "Fri, 20 Nov 2026 10:30:00 GMT"}}, kNow) ==
        Seconds{1800});
  CHECK(fetch::freshness(Headers{{"expires", "0"}}, kNow) == Seconds{0});
  CHECK_FALSE(fetch::freshness(Headers{{"content-type", "text/xml"}}, kNow).has_value());
}

TEST_CASE("Backoff doubles per failure up to the cap and jitter stays within half") {
  const Seconds base{60};
  const Seconds cap{86400};
  CHECK(fetch::backoff(0, base, cap, 0.0) == Seconds{0});
  CHECK(fetch::backoff(1, base, cap, 0.999999) == Seconds{60});
  CHECK(fetch::backoff(1, base, cap, 0.0) == Seconds{30});
  CHECK(fetch::backoff(2, base, cap, 0.999999) == Seconds{120});
  CHECK(fetch::backoff(5, base, cap, 0.999999) == Seconds{960});
  // 60 * 2^20 is far past a day: capped, and never gives up (no streak is too long).
  CHECK(fetch::backoff(21, base, cap, 0.999999) == cap);
  CHECK(fetch::backoff(1000, base, cap, 0.999999) == cap);
  CHECK(fetch::backoff(1000, base, cap, 0.0) == cap / 2);
}

TEST_CASE("The next interval honours server hints and clamps to the bounds") {
  fetch::IntervalHints hints;
  hints.configured = Seconds{3600};
  hints.min = Seconds{300};
  hints.max = Seconds{86400};
  CHECK(fetch::next_interval(hints, 0.5) == Seconds{3600});
  CHECK(fetch::next_interval(hints, 0.0) == Seconds{3240});
  hints.freshness = Seconds{7200};
  CHECK(fetch::next_interval(hints, 0.5) == Seconds{7200});
  hints.freshness = Seconds{60};  // asks for sooner: ignored
  CHECK(fetch::next_interval(hints, 0.5) == Seconds{3600});
  hints.feed_ttl = Seconds{200000};  // past the maximum
  CHECK(fetch::next_interval(hints, 0.5) == Seconds{86400});
  CHECK(fetch::next_interval(hints, 0.999) == Seconds{86400});
}

TEST_CASE("A feed that publishes rarely is polled less often") {
  fetch::IntervalHints hints;
  hints.configured = Seconds{3600};
  hints.publishing_gap = Seconds{4 * 86400};
  CHECK(fetch::next_interval(hints, 0.5) == Seconds{86400});
  hints.publishing_gap = Seconds{4 * 3600};
  CHECK(fetch::next_interval(hints, 0.5) == Seconds{7200});
  hints.publishing_gap = Seconds{600};  // busier than configured: configured stays
  CHECK(fetch::next_interval(hints, 0.5) == Seconds{3600});
}

TEST_CASE("Registrable domains follow the public suffix list") {
  CHECK(fetch::registrable_domain("news.example.co.uk") == "example.co.uk");
  CHECK(fetch::registrable_domain("www.scmp.com") == "scmp.com");
  CHECK(fetch::registrable_domain("feeds.feedburner.com") == "feedburner.com");
  CHECK(fetch::registrable_domain("a.b.kr-asia.com") == "kr-asia.com");
  CHECK(fetch::registrable_domain("127.0.0.1") == "127.0.0.1");
  CHECK(fetch::registrable_domain("localhost") == "localhost");
}

TEST_CASE("The host of a URL is lower-case and only http and https have one") {
  CHECK(fetch::host_of("https://WWW.Example.COM:8443/feed") == "www.example.com");
  CHECK(fetch::host_of("http://127.0.0.1:8080/x") == "127.0.0.1");
  CHECK(fetch::host_of("file:///etc/feed.xml").empty());
  CHECK(fetch::host_of("not a url").empty());
}
