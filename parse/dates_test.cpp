#include <monsoon/parse.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

using monsoon::model::Region;
using monsoon::parse::parse_date;

std::string iso(const std::optional<monsoon::model::TimePoint>& time) {
  if (!time) return "INVALID";
  using namespace std::chrono;
  const auto day = floor<days>(*time);
  const year_month_day ymd{day};
  const hh_mm_ss clock{*time - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

}  // namespace

TEST_CASE("Every vector of the feedparser dates table parses to its expected UTC time") {
  std::ifstream in(std::string(MONSOON_SHARED_DIR) + "/conformance/feedparser/dates.tsv");
  REQUIRE(in.good());
  std::string line;
  int vectors = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    const std::string input = line.substr(0, tab);
    const std::string expected = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
    CAPTURE(input);
    CHECK(iso(parse_date(input)) == expected);
    ++vectors;
  }
  CHECK(vectors == 68);
}

TEST_CASE("RFC 822 dates with named and numeric zones convert to UTC") {
  CHECK(iso(parse_date("Fri, 20 Nov 2026 10:30:00 +0900")) == "2026-11-20T01:30:00Z");
  CHECK(iso(parse_date("Fri, 20 Nov 2026 10:30:00 JST")) == "2026-11-20T01:30:00Z");
  CHECK(iso(parse_date("Fri, 20 Nov 2026 10:30:00 KST")) == "2026-11-20T01:30:00Z");
  CHECK(iso(parse_date("20 Nov 2026 10:30 GMT")) == "2026-11-20T10:30:00Z");
}

TEST_CASE("CST means China Standard Time only in Chinese and Taiwanese feeds") {
  const char* text = "Fri, 20 Nov 2026 10:30:00 CST";
  CHECK(iso(parse_date(text, Region::china)) == "2026-11-20T02:30:00Z");
  CHECK(iso(parse_date(text, Region::taiwan)) == "2026-11-20T02:30:00Z");
  CHECK(iso(parse_date(text, Region::global)) == "2026-11-20T16:30:00Z");
}

TEST_CASE("IST is India Standard Time") {
  CHECK(iso(parse_date("Fri, 20 Nov 2026 10:30:00 IST", Region::india)) == "2026-11-20T05:00:00Z");
}

TEST_CASE("A date without a zone is JST in a Japanese feed and UTC elsewhere") {
  CHECK(iso(parse_date("2026-11-20 10:30:00", Region::japan)) == "2026-11-20T01:30:00Z");
  CHECK(iso(parse_date("2026-11-20 10:30:00", Region::china)) == "2026-11-20T10:30:00Z");
  CHECK(iso(parse_date("2026-11-20T10:30:00Z", Region::japan)) == "2026-11-20T10:30:00Z");
}

TEST_CASE("Chinese and Japanese year month day dates are read") {
  CHECK(iso(parse_date("2026年11月20日 10:30")) == "2026-11-20T10:30:00Z");
  CHECK(iso(parse_date("2026年11月20日 10:30", Region::japan)) == "2026-11-20T01:30:00Z");
  CHECK(iso(parse_date("2026年11月20日")) == "2026-11-20T00:00:00Z");
  CHECK(iso(parse_date("2026年11月20日(金) 10時30分", Region::japan)) == "2026-11-20T01:30:00Z");
  CHECK(iso(parse_date("2026年11月20日 下午 3:05")) == "2026-11-20T15:05:00Z");
}

TEST_CASE("Slash separated dates from Chinese forum software are read") {
  CHECK(iso(parse_date("2026/11/20 10:30:00")) == "2026-11-20T10:30:00Z");
  CHECK(iso(parse_date("2020/1/10 14:33:00")) == "2020-01-10T14:33:00Z");
}

TEST_CASE("Korean dates default to KST") {
  CHECK(iso(parse_date("2026년 11월 20일")) == "2026-11-19T15:00:00Z");
  CHECK(iso(parse_date("2026년 11월 20일 10:30")) == "2026-11-20T01:30:00Z");
  CHECK(iso(parse_date("2026-11-20 오전 9:05:00")) == "2026-11-20T00:05:00Z");
}

TEST_CASE("Junk and out of range dates are rejected") {
  CHECK_FALSE(parse_date(""));
  CHECK_FALSE(parse_date("   "));
  CHECK_FALSE(parse_date("yesterday"));
  CHECK_FALSE(parse_date("2026-02-30"));
  CHECK_FALSE(parse_date("2026-13-01T00:00:00Z"));
  CHECK_FALSE(parse_date("Fri, 32 Nov 2026 10:30:00 GMT"));
  CHECK_FALSE(parse_date(std::string(500, '9')));
}

TEST_CASE("Old and far future dates are parsed without judging them") {
  CHECK(iso(parse_date("Mon, 01 Jan 1990 00:00:00 GMT")) == "1990-01-01T00:00:00Z");
  CHECK(iso(parse_date("2099-01-01T00:00:00Z")) == "2099-01-01T00:00:00Z");
}

TEST_CASE("The common RFC 822 and W3C forms read the same as their variants") {
  // Each canonical form (read by the allocation-free fast path) beside a variant only
  // the general readers accept; both must give the same instant.
  const std::pair<const char*, const char*> pairs[] = {
      {"Sun, 02 Jun 2024 11:23:00 GMT", "sun, 2 jun 2024 11:23:00 gmt"},
      {"Sun, 02 Jun 2024 11:23:00 +0930", "Sun,  02 Jun 2024 11:23:00 +09:30"},
      {"Mon, 31 Dec 2029 23:59:59 -0800", "31 Dec 2029 23:59:59 PST"},
      {"2024-06-03T09:00:00Z", "2024-06-03t09:00:00z"},
      {"2024-06-03T09:00:00.75-05:00", "2024-06-03 09:00:00 -05:00"},
      {"2024-06-03T09:00:00+09:00", "2024-06-03T09:00:00+0900"},
  };
  for (const auto& [canonical, variant] : pairs) {
    CAPTURE(canonical);
    const auto fast = parse_date(canonical, Region::unassigned);
    REQUIRE(fast.has_value());
    CHECK(iso(fast) == iso(parse_date(variant, Region::unassigned)));
  }
  CHECK(iso(parse_date("Sun, 02 Jun 2024 11:23:00 GMT", Region::unassigned)) ==
        "2024-06-02T11:23:00Z");
  CHECK(iso(parse_date("2024-06-03T09:00:00.75-05:00", Region::unassigned)) ==
        "2024-06-03T14:00:00Z");
  // Out of range fields are not accepted by the fast path either.
  CHECK_FALSE(parse_date("Sun, 02 Jun 2024 25:23:00 GMT", Region::unassigned).has_value());
  CHECK_FALSE(parse_date("2024-13-03T09:00:00Z", Region::unassigned).has_value());
}
