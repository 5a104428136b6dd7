#include "json_feed.hpp"

#include <monsoon/parse.hpp>

#include <doctest/doctest.h>

namespace {

using monsoon::model::Errc;
using monsoon::parse::parse_feed;
using monsoon::parse::ParseOptions;

monsoon::model::ParsedFeed parse_ok(std::string_view text, ParseOptions options = {}) {
  auto result = parse_feed(text, options);
  REQUIRE(result.has_value());
  return *result;
}

constexpr std::string_view kFeed11 = R"({
  "version": "https://jsonfeed.org/version/1.1",
  "title": "台北 Tech",
  "home_page_url": "https://example.tw/",
  "feed_url": "https://example.tw/feed.json",
  "description": "Chips & more",
  "language": "zh-TW",
  "authors": [{"name": "Lin", "url": "https://example.tw/lin"}],
  "items": [
    {
      "id": "1",
      "url": "/posts/1",
      "external_url": "https://news.example.com/story",
      "title": "TSMC opens a fab",
      "content_html": "<p>See <a href=\"more.html\">more</a></p><script>x()</script>",
      "content_text": "See more",
      "date_published": "2026-11-20T10:30:00+08:00",
      "date_modified": "2026-11-21T00:00:00Z",
      "tags": ["chips", "taiwan"],
      "attachments": [{"url": "/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 123}]
    },
    {"id": 2, "summary": "Only a summary", "content_text": "Body text"}
  ]
})";

}  // namespace

TEST_CASE("A JSON Feed 1.1 document maps onto feed fields") {
  const auto feed = parse_ok(kFeed11);
  CHECK(feed.version == "json11");
  CHECK_FALSE(feed.bozo);
  CHECK(feed.encoding == "utf-8");
  REQUIRE(feed.feed.title.has_value());
  CHECK(feed.feed.title->value == "台北 Tech");
  CHECK(feed.feed.link == "https://example.tw/");
  REQUIRE(feed.feed.links.size() == 2);
  CHECK(feed.feed.links[1].rel == "self");
  CHECK(feed.feed.links[1].href == "https://example.tw/feed.json");
  REQUIRE(feed.feed.subtitle.has_value());
  CHECK(feed.feed.subtitle->value == "Chips & more");
  CHECK(feed.feed.language == "zh-TW");
  REQUIRE(feed.feed.author.has_value());
  CHECK(feed.feed.author->name == "Lin");
  CHECK(feed.feed.author->href == "https://example.tw/lin");
}

TEST_CASE("JSON Feed items carry links content dates tags and attachments") {
  ParseOptions options;
  options.base_url = "https://example.tw/feeds/main.json";
  const auto feed = parse_ok(kFeed11, options);
  REQUIRE(feed.entries.size() == 2);
  const auto& entry = feed.entries[0];
  CHECK(entry.id == "1");
  CHECK(entry.link == "https://example.tw/posts/1");
  REQUIRE(entry.links.size() == 3);
  CHECK(entry.links[1].rel == "related");
  CHECK(entry.links[1].href == "https://news.example.com/story");
  REQUIRE(entry.content.size() == 2);
  CHECK(entry.content[0].type == "text/html");
  CHECK(entry.content[0].value ==
        "<p>See <a href=\"https://example.tw/feeds/more.html\">more</a></p>");
  CHECK(entry.content[1].type == "text/plain");
  REQUIRE(entry.summary.has_value());
  CHECK(entry.summary->value == entry.content[0].value);
  CHECK(entry.published_raw == "2026-11-20T10:30:00+08:00");
  REQUIRE(entry.published.has_value());
  CHECK(entry.published->time_since_epoch().count() == 1795141800);
  REQUIRE(entry.updated.has_value());
  REQUIRE(entry.tags.size() == 2);
  CHECK(entry.tags[1].term == "taiwan");
  REQUIRE(entry.enclosures.size() == 1);
  CHECK(entry.enclosures[0].href == "https://example.tw/a.mp3");
  CHECK(entry.enclosures[0].length == "123");
  CHECK(entry.enclosures[0].type == "audio/mpeg");
}

TEST_CASE("A JSON Feed item with a summary keeps it and numeric ids become text") {
  const auto feed = parse_ok(kFeed11);
  REQUIRE(feed.entries.size() == 2);
  const auto& entry = feed.entries[1];
  CHECK(entry.id == "2");
  CHECK(entry.link.empty());
  REQUIRE(entry.summary.has_value());
  CHECK(entry.summary->value == "Only a summary");
  REQUIRE(entry.content.size() == 1);
  CHECK(entry.content[0].value == "Body text");
  CHECK(entry.date_trust == monsoon::model::DateTrust::missing);
}

TEST_CASE("JSON Feed 1.0 uses the singular author and the http version URL") {
  const auto feed = parse_ok(R"({"version": "http://jsonfeed.org/version/1", "title": "T",
    "items": [{"id": "a", "author": {"name": "Ko", "url": "mailto:ko@example.jp"},
               "content_text": "x"}]})");
  CHECK(feed.version == "json1");
  REQUIRE(feed.entries.size() == 1);
  REQUIRE(feed.entries[0].author.has_value());
  CHECK(feed.entries[0].author->name == "Ko");
  CHECK(feed.entries[0].author->email == "ko@example.jp");
  CHECK(feed.entries[0].authors.size() == 1);
}

TEST_CASE("JSON Feed 1.1 authors win over the deprecated author") {
  const auto feed = parse_ok(R"({"version": "https://jsonfeed.org/version/1.1",
    "items": [{"id": "a", "author": {"name": "Old"},
               "authors": [{"name": "New 1"}, {"name": "New 2"}]}]})");
  REQUIRE(feed.entries.size() == 1);
  REQUIRE(feed.entries[0].authors.size() == 2);
  CHECK(feed.entries[0].authors[0].name == "New 1");
  CHECK(feed.entries[0].author->name == "New 1");
}

TEST_CASE("Without a base URL relative JSON Feed URLs resolve against an absolute feed_url") {
  const auto feed = parse_ok(R"({"version": "https://jsonfeed.org/version/1",
    "feed_url": "https://example.kr/blog/feed.json", "home_page_url": "/",
    "items": [{"id": "a", "url": "2026/post.html"}]})");
  CHECK(feed.feed.link == "https://example.kr/");
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.entries[0].link == "https://example.kr/blog/2026/post.html");
}

TEST_CASE("Relative JSON Feed URLs stay relative when no base is known") {
  const auto feed = parse_ok(R"({"version": "https://jsonfeed.org/version/1",
    "feed_url": "/feed.json", "items": [{"id": "a", "url": "/p/1"}]})");
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.entries[0].link == "/p/1");
}

TEST_CASE("JSON Feed is recognised by content whatever the Content-Type says") {
  ParseOptions options;
  options.content_type = "text/plain";
  const auto feed =
      parse_ok("\xEF\xBB\xBF  {\"version\": \"https://jsonfeed.org/version/1.1\"}", options);
  CHECK(feed.version == "json11");
  CHECK_FALSE(feed.bozo);
  CHECK(feed.entries.empty());
}

TEST_CASE("Malformed JSON fails with malformed_feed naming the position") {
  const auto result = parse_feed(R"({"version": "https://jsonfeed.org/version/1", "items": [)", {});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == Errc::malformed_feed);
  CHECK(result.error().message.find("line 1, column ") != std::string::npos);
  CHECK(result.error().message.find("(byte ") != std::string::npos);
}

TEST_CASE("JSON that is not a JSON Feed fails with unsupported_format") {
  for (const std::string_view input :
       {std::string_view(R"({"version": 1})"), std::string_view(R"({"rss": {"channel": {}}})"),
        std::string_view("[1, 2]"),
        std::string_view(R"({"version": "https://example.com/version/1"})")}) {
    CAPTURE(input);
    const auto result = parse_feed(input, {});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == Errc::unsupported_format);
  }
}

TEST_CASE("looks_like_json sees braces after byte order marks and white space only") {
  using monsoon::parse::detail::looks_like_json;
  CHECK(looks_like_json(" \n{}"));
  CHECK(looks_like_json("\xFF\xFE{\0"));
  CHECK(looks_like_json("[1]"));
  CHECK_FALSE(looks_like_json("<rss/>"));
  CHECK_FALSE(looks_like_json("x{"));
  CHECK_FALSE(looks_like_json(""));
}

TEST_CASE("A truncated JSON Feed keeps its complete items and drops the cut one") {
  const std::string whole = R"({"version": "https://jsonfeed.org/version/1.1", "title": "T",
    "items": [{"id": "1", "title": "One {with} [brackets] and \"quotes\""},
              {"id": "2", "title": "Two", "authors": [{"name": "A"}]},
              {"id": "3", "title": "Thr)";
  const auto result = parse_feed(whole, {});
  REQUIRE(result.has_value());
  CHECK(result->bozo);
  CHECK(result->bozo_exception.find("not valid JSON") != std::string::npos);
  CHECK(result->feed.title->value == "T");
  REQUIRE(result->entries.size() == 2);
  CHECK(result->entries[0].title->value == "One {with} [brackets] and \"quotes\"");
  CHECK(result->entries[1].id == "2");
}
