#include <monsoon/parse.hpp>

#include <doctest/doctest.h>

namespace {

using monsoon::model::Errc;
using monsoon::parse::parse_feed;

monsoon::model::ParsedFeed parse_ok(std::string_view xml,
                                    monsoon::parse::ParseOptions options = {}) {
  auto result = parse_feed(xml, options);
  REQUIRE(result.has_value());
  return *result;
}

constexpr std::string_view kRss20 = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Asia Tech Daily</title>
  <link>https://example.com/</link>
  <description>News &amp; analysis</description>
  <language>zh-CN</language>
  <ttl>30</ttl>
  <atom:link rel="self" type="application/rss+xml" href="https://example.com/feed"/>
  <item>
    <title>深圳 chip maker raises funds</title>
    <link>https://example.com/a?x=1&amp;y=2</link>
    <guid isPermaLink="false">tag:example.com,2026:1</guid>
    <pubDate>Fri, 20 Nov 2026 10:30:00 +0800</pubDate>
    <dc:creator>Li Wei</dc:creator>
    <category domain="https://example.com/c">Semiconductors</category>
    <description><![CDATA[<p>Short <b>summary</b></p>]]></description>
    <content:encoded><![CDATA[<p>Full text</p><script>alert(1)</script>]]></content:encoded>
    <enclosure url="https://example.com/a.mp3" length="123" type="audio/mpeg"/>
    <comments>https://example.com/a#comments</comments>
  </item>
  <item>
    <title>Second</title>
    <guid>https://example.com/b</guid>
  </item>
</channel>
</rss>)";

}  // namespace

TEST_CASE("RSS 2.0 channel fields fill the feed head") {
  const auto feed = parse_ok(kRss20);
  CHECK(feed.version == "rss20");
  CHECK_FALSE(feed.bozo);
  CHECK(feed.encoding == "utf-8");
  REQUIRE(feed.feed.title);
  CHECK(feed.feed.title->value == "Asia Tech Daily");
  CHECK(feed.feed.link == "https://example.com/");
  REQUIRE(feed.feed.subtitle);
  CHECK(feed.feed.subtitle->value == "News & analysis");
  CHECK(feed.feed.language == "zh-CN");
  REQUIRE(feed.feed.ttl);
  CHECK(feed.feed.ttl->count() == 1800);
  REQUIRE(feed.feed.links.size() == 2);
  CHECK(feed.feed.links[1].rel == "self");
}

TEST_CASE("RSS 2.0 items carry link guid date author tags content and enclosures") {
  const auto feed = parse_ok(kRss20);
  REQUIRE(feed.entries.size() == 2);
  const auto& item = feed.entries[0];
  CHECK(item.title->value == "深圳 chip maker raises funds");
  CHECK(item.link == "https://example.com/a?x=1&y=2");
  CHECK(item.id == "tag:example.com,2026:1");
  CHECK_FALSE(item.guidislink);
  REQUIRE(item.published);
  CHECK(item.published->time_since_epoch().count() == 1795141800);
  CHECK(item.author->name == "Li Wei");
  REQUIRE(item.tags.size() == 1);
  CHECK(item.tags[0].term == "Semiconductors");
  CHECK(item.tags[0].scheme == "https://example.com/c");
  CHECK(item.summary->type == "text/html");
  CHECK(item.summary->value == "<p>Short <b>summary</b></p>");
  REQUIRE(item.content.size() == 1);
  CHECK(item.content[0].value == "<p>Full text</p>");
  REQUIRE(item.enclosures.size() == 1);
  CHECK(item.enclosures[0].href == "https://example.com/a.mp3");
  CHECK(item.enclosures[0].length == "123");
  CHECK(item.comments == "https://example.com/a#comments");
}

TEST_CASE("A permalink guid becomes the link when the item has none") {
  const auto feed = parse_ok(kRss20);
  const auto& item = feed.entries[1];
  CHECK(item.link == "https://example.com/b");
  CHECK(item.guidislink);
  CHECK_FALSE(item.published);
}

TEST_CASE("RSS version attributes map to feedparser version ids") {
  CHECK(parse_ok("<rss version=\"0.91\"><channel/></rss>").version == "rss091u");
  CHECK(parse_ok("<rss version=\"0.92\"><channel/></rss>").version == "rss092");
  CHECK(parse_ok("<rss><channel/></rss>").version == "rss");
  CHECK(parse_ok("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
                 "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">"
                 "<rss version=\"0.91\"><channel/></rss>")
            .version == "rss091n");
}

TEST_CASE("RSS 1.0 items beside the channel are read with rdf about as id") {
  const auto feed = parse_ok(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel rdf:about="https://example.jp/"><title>日本のニュース</title></channel>
    <item rdf:about="https://example.jp/1"><title>記事</title><link>https://example.jp/1</link>
      <dc:date>2026-11-20T10:30:00+09:00</dc:date></item>
  </rdf:RDF>)");
  CHECK(feed.version == "rss10");
  CHECK(feed.feed.title->value == "日本のニュース");
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.entries[0].id == "https://example.jp/1");
  REQUIRE(feed.entries[0].updated);
}

TEST_CASE("Namespaces are matched by URI and not by prefix") {
  const auto feed = parse_ok(R"(<rss version="2.0" xmlns:x="http://purl.org/dc/elements/1.1/"
      xmlns:dc="http://example.com/not-dublin-core"><channel><item>
      <x:creator>Right</x:creator><dc:creator>Wrong</dc:creator></item></channel></rss>)");
  REQUIRE(feed.entries[0].author);
  CHECK(feed.entries[0].author->name == "Right");
}

TEST_CASE("An RSS author string is split into name and email") {
  const auto feed = parse_ok(R"(<rss version="2.0"><channel><item>
      <author>editor@example.com (Kim Min-jun)</author></item></channel></rss>)");
  REQUIRE(feed.entries[0].author);
  CHECK(feed.entries[0].author->name == "Kim Min-jun");
  CHECK(feed.entries[0].author->email == "editor@example.com");
}

TEST_CASE("FeedBurner origLink replaces the tracking link") {
  const auto feed = parse_ok(R"(<rss version="2.0"
      xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><item>
      <link>http://feeds.example.com/~r/x/1</link>
      <feedburner:origLink>https://example.com/story</feedburner:origLink>
      </item></channel></rss>)");
  CHECK(feed.entries[0].link == "https://example.com/story");
}

TEST_CASE("Relative RSS links resolve against the document URL") {
  monsoon::parse::ParseOptions options;
  options.base_url = "https://example.kr/news/feed.xml";
  const auto feed = parse_ok(
      "<rss version=\"2.0\"><channel><item><link>/story/1</link></item></channel></rss>", options);
  CHECK(feed.entries[0].link == "https://example.kr/story/1");
}

TEST_CASE("HTML in an RSS title is kept as HTML like feedparser does") {
  const auto feed = parse_ok(
      "<rss version=\"2.0\"><channel><item><title>&lt;b&gt;Bold&lt;/b&gt; news</title>"
      "</item><item><title>1 &lt; 2</title></item></channel></rss>");
  CHECK(feed.entries[0].title->type == "text/html");
  CHECK(feed.entries[0].title->value == "<b>Bold</b> news");
  CHECK(feed.entries[1].title->type == "text/plain");
  CHECK(feed.entries[1].title->value == "1 < 2");
}

TEST_CASE("A truncated RSS document keeps every complete item and is bozo") {
  const auto feed = parse_ok(
      "<rss version=\"2.0\"><channel><title>T</title>"
      "<item><title>one</title></item><item><title>two</title></item>"
      "<item><title>thr");
  CHECK(feed.bozo);
  CHECK(feed.bozo_exception.find("line 1") != std::string::npos);
  REQUIRE(feed.entries.size() == 2);
  CHECK(feed.entries[1].title->value == "two");
}

TEST_CASE("Undeclared HTML entities are decoded and reported with their line") {
  const auto feed = parse_ok(
      "<rss version=\"2.0\"><channel>\n<item>\n<title>Caf&eacute;&nbsp;Tokyo</title>"
      "</item></channel></rss>");
  CHECK(feed.bozo);
  CHECK(feed.bozo_exception.find("line 3") != std::string::npos);
  CHECK(feed.bozo_exception.find("eacute") != std::string::npos);
  CHECK(feed.entries[0].title->value == "Café\u00a0Tokyo");
}

TEST_CASE("A document that is not a feed fails with unsupported_format") {
  const auto result = parse_feed("<html><body><p>hi</p></body></html>", {});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == Errc::unsupported_format);
}

TEST_CASE("Empty and non XML input fails with malformed_feed") {
  for (const std::string_view input : {std::string_view(""), std::string_view("not xml at all")}) {
    CAPTURE(input);
    const auto result = parse_feed(input, {});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == Errc::malformed_feed);
  }
}

TEST_CASE("Items swallowed by an unclosed channel element are still read") {
  const auto feed = monsoon::parse::parse_feed(
      R"(<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
      <title>T</title><itunes:category text="Technology">
      <item><title>One</title></item><item><title>Two</title></item>
      </channel></rss>)",
      {});
  REQUIRE(feed.has_value());
  CHECK(feed->bozo);
  REQUIRE(feed->entries.size() == 2);
  CHECK(feed->entries[1].title->value == "Two");
}

TEST_CASE("media:title is the title only of an entry without a real title") {
  const auto feed = monsoon::parse::parse_feed(
      R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
      <item><media:content url="http://e.com/v.mov"><media:title>Media</media:title>
      </media:content></item>
      <item><media:title>Media</media:title><title>Real</title></item>
      </channel></rss>)",
      {});
  REQUIRE(feed.has_value());
  REQUIRE(feed->entries.size() == 2);
  REQUIRE(feed->entries[0].title);
  CHECK(feed->entries[0].title->value == "Media");
  CHECK(feed->entries[1].title->value == "Real");
}
