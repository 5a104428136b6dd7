#include <monsoon/parse.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>

namespace {

using monsoon::model::DateTrust;
using monsoon::model::TimePoint;
using monsoon::parse::judge_date;
using namespace std::chrono;

constexpr TimePoint kNow{sys_days{year{2026} / 11 / 20} + hours{12}};

// One RSS item per date text; an empty text writes an item without <pubDate>.
std::string rss_with_dates(std::initializer_list<std::string_view> dates) {
  std::string xml = "<rss version=\"2.0\"><channel><title>T</title>";
  for (const std::string_view date : dates) {
    xml += "<item><title>i</title>";
    if (!date.empty()) xml += "<pubDate>" + std::string(date) + "</pubDate>";
    xml += "</item>";
  }
  return xml + "</channel></rss>";
}

}  // namespace

TEST_CASE("judge_date flags missing dates and dates before 1995") {
  CHECK(judge_date(std::nullopt, kNow) == DateTrust::missing);
  CHECK(judge_date(sys_days{year{1970} / 1 / 1}, kNow) == DateTrust::before_1995);
  CHECK(judge_date(sys_days{year{1995} / 1 / 1} - seconds{1}, std::nullopt) ==
        DateTrust::before_1995);
  CHECK(judge_date(sys_days{year{1995} / 1 / 1}, kNow) == DateTrust::ok);
}

TEST_CASE("judge_date flags dates more than a day after now and only when now is known") {
  CHECK(judge_date(kNow + hours{24}, kNow) == DateTrust::ok);
  CHECK(judge_date(kNow + hours{24} + seconds{1}, kNow) == DateTrust::future);
  CHECK(judge_date(kNow + days{3650}, std::nullopt) == DateTrust::ok);
}

TEST_CASE("parse_feed sets date_trust per entry and keeps the dates as read") {
  monsoon::parse::ParseOptions options;
  options.now = kNow;
  const auto feed = monsoon::parse::parse_feed(
      rss_with_dates({"Fri, 20 Nov 2026 10:30:00 +0800", "", "Thu, 01 Jan 1970 00:00:00 GMT",
                      "Mon, 01 Jan 2035 00:00:00 GMT", "not a date"}),
      options);
  REQUIRE(feed.has_value());
  REQUIRE(feed->entries.size() == 5);
  CHECK(feed->entries[0].date_trust == DateTrust::ok);
  CHECK(feed->entries[1].date_trust == DateTrust::missing);
  CHECK(feed->entries[2].date_trust == DateTrust::before_1995);
  CHECK(feed->entries[2].published.has_value());
  CHECK(feed->entries[3].date_trust == DateTrust::future);
  CHECK(feed->entries[3].published.has_value());
  CHECK(feed->entries[4].date_trust == DateTrust::missing);
  CHECK(feed->entries[4].published_raw == "not a date");
}

TEST_CASE("Without now a far future date is trusted") {
  const auto feed =
      monsoon::parse::parse_feed(rss_with_dates({"Mon, 01 Jan 2035 00:00:00 GMT"}), {});
  REQUIRE(feed.has_value());
  REQUIRE(feed->entries.size() == 1);
  CHECK(feed->entries[0].date_trust == DateTrust::ok);
}

TEST_CASE("trusted_date returns published then updated and nothing for untrusted dates") {
  monsoon::model::Entry entry;
  CHECK_FALSE(monsoon::parse::trusted_date(entry).has_value());
  entry.updated = kNow;
  CHECK(monsoon::parse::trusted_date(entry) == kNow);
  entry.published = kNow - hours{1};
  CHECK(monsoon::parse::trusted_date(entry) == kNow - hours{1});
  entry.date_trust = DateTrust::future;
  CHECK_FALSE(monsoon::parse::trusted_date(entry).has_value());
}

TEST_CASE("to_json_line writes date_trust only for entries whose date is not trusted") {
  monsoon::parse::ParseOptions options;
  options.now = kNow;
  const auto feed = monsoon::parse::parse_feed(
      rss_with_dates({"Fri, 20 Nov 2026 10:30:00 +0800", "Mon, 01 Jan 2035 00:00:00 GMT", ""}),
      options);
  REQUIRE(feed.has_value());
  const auto object = nlohmann::json::parse(monsoon::parse::to_json_line(*feed, "f.xml"));
  REQUIRE(object["entries"].size() == 3);
  CHECK_FALSE(object["entries"][0].contains("date_trust"));
  CHECK(object["entries"][1]["date_trust"] == "future");
  CHECK(object["entries"][2]["date_trust"] == "missing");
}
