#include <monsoon/parse.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using nlohmann::json;

TEST_CASE("to_json_line writes feedparser keys with ISO UTC dates") {
  const auto feed = monsoon::parse::parse_feed(R"(<rss version="2.0"><channel>
    <title>T</title><item><title>I</title><link>https://e.com/1</link>
    <pubDate>Fri, 20 Nov 2026 10:30:00 +0900</pubDate>
    <category>c</category></item></channel></rss>)",
                                               {});
  REQUIRE(feed.has_value());
  const std::string line = monsoon::parse::to_json_line(*feed, "x.xml");
  CHECK(line.find('\n') == std::string::npos);
  const json object = json::parse(line);
  CHECK(object["file"] == "x.xml");
  CHECK(object["bozo"] == false);
  CHECK_FALSE(object.contains("bozo_exception"));
  CHECK(object["version"] == "rss20");
  CHECK(object["encoding"] == "utf-8");
  CHECK(object["feed"]["title"] == "T");
  CHECK(object["feed"]["title_detail"]["type"] == "text/plain");
  const json& entry = object["entries"][0];
  CHECK(entry["published"] == "2026-11-20T01:30:00Z");
  CHECK(entry["link"] == "https://e.com/1");
  CHECK(entry["links"][0]["rel"] == "alternate");
  CHECK(entry["tags"][0]["term"] == "c");
  CHECK_FALSE(entry["tags"][0].contains("scheme"));
  CHECK_FALSE(entry.contains("summary"));
  CHECK_FALSE(entry.contains("updated"));
}

TEST_CASE("to_json_line reports bozo feeds with their exception") {
  const auto feed =
      monsoon::parse::parse_feed("<rss version=\"2.0\"><channel><title>a&b</title>", {});
  REQUIRE(feed.has_value());
  const json object = json::parse(monsoon::parse::to_json_line(*feed, "y.xml"));
  CHECK(object["bozo"] == true);
  CHECK(object["bozo_exception"].get<std::string>().find("line 1") != std::string::npos);
  CHECK(object["entries"].empty());
}

TEST_CASE("to_json_line escapes quotes and controls and replaces invalid UTF-8 in long values") {
  monsoon::model::ParsedFeed feed;
  monsoon::model::Entry entry;
  // Long plain runs on both sides of each special byte exercise the word-at-a-time scan.
  const std::string plain(37, 'a');
  entry.id = plain + "\"q\"" + plain + "\\" + plain + "\x01\t\n" + plain + "\xff" + plain +
             "\xE4\xB8\xAD\xE6\x96\x87" + plain + "\xE4\xB8" + plain;
  feed.entries.push_back(entry);
  const std::string line = monsoon::parse::to_json_line(feed, "z.xml");
  CHECK(line.find('\n') == std::string::npos);
  const json object = json::parse(line);
  CHECK(object["entries"][0]["id"] == plain + "\"q\"" + plain + "\\" + plain + "\x01\t\n" + plain +
                                          "\xEF\xBF\xBD" + plain + "\xE4\xB8\xAD\xE6\x96\x87" +
                                          plain + "\xEF\xBF\xBD\xEF\xBF\xBD" + plain);
}

TEST_CASE("to_json_line writes years outside 0000-9999 and keeps title and detail equal") {
  using namespace std::chrono;
  monsoon::model::ParsedFeed feed;
  monsoon::model::Entry entry;
  entry.published = sys_days{year{12026} / November / 20} + hours{1} + minutes{2} + seconds{3};
  entry.updated = sys_days{year{2026} / January / 5};
  monsoon::model::Text title;
  title.type = "text/plain";
  title.value = std::string(40, 'x') + "\"quoted\" \xE4\xB8\xAD";
  entry.title = title;
  feed.entries.push_back(entry);
  const json object = json::parse(monsoon::parse::to_json_line(feed, "z.xml"));
  const json& written = object["entries"][0];
  CHECK(written["published"] == "12026-11-20T01:02:03Z");
  CHECK(written["updated"] == "2026-01-05T00:00:00Z");
  CHECK(written["title"] == title.value);
  CHECK(written["title_detail"]["value"] == title.value);
}

TEST_CASE("to_json_line dates agree with chrono's calendar across eras") {
  // The writer has its own civil-from-days arithmetic; chrono is the reference.
  using namespace std::chrono;
  for (const long long seconds_since_epoch :
       {-62135596800LL, -2208988800LL, -86401LL, -1LL, 0LL, 951782400LL, 951868799LL, 1709251199LL,
        1709251200LL, 1795000000LL, 4102444800LL, 253402300799LL}) {
    const monsoon::model::TimePoint time{seconds{seconds_since_epoch}};
    const auto day = floor<days>(time);
    const year_month_day ymd{day};
    const hh_mm_ss clock{floor<seconds>(time) - day};
    char expected[32];
    std::snprintf(expected, sizeof expected, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    monsoon::model::ParsedFeed feed;
    monsoon::model::Entry entry;
    entry.published = time;
    feed.entries.push_back(entry);
    const json object = json::parse(monsoon::parse::to_json_line(feed, "d.xml"));
    CHECK(object["entries"][0]["published"] == std::string(expected));
  }
}
