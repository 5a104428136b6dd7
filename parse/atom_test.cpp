#include <monsoon/parse.hpp>

#include <doctest/doctest.h>

namespace {

monsoon::model::ParsedFeed parse_ok(std::string_view xml,
                                    monsoon::parse::ParseOptions options = {}) {
  auto result = monsoon::parse::parse_feed(xml, options);
  REQUIRE(result.has_value());
  return *result;
}

constexpr std::string_view kAtom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja" xml:base="https://example.jp/blog/">
  <title type="text">テック日記</title>
  <subtitle type="html">&lt;i&gt;daily&lt;/i&gt;</subtitle>
  <link rel="alternate" type="text/html" href="./"/>
  <link rel="self" href="feed.atom"/>
  <id>tag:example.jp,2026:blog</id>
  <updated>2026-11-20T10:30:00+09:00</updated>
  <rights>© 2026</rights>
  <author><name>山田</name><email>yamada@example.jp</email><uri>/about</uri></author>
  <entry>
    <title type="html">A &amp;amp; B</title>
    <link href="posts/1"/>
    <link rel="enclosure" type="audio/mpeg" length="42" href="/a.mp3"/>
    <id>tag:example.jp,2026:1</id>
    <published>2026-11-20T09:00:00+09:00</published>
    <updated>2026-11-20T10:00:00+09:00</updated>
    <category term="ai" scheme="https://example.jp/tags" label="AI"/>
    <summary>Plain &lt;summary&gt;</summary>
    <content type="xhtml" xml:base="https://cdn.example.jp/">
      <div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b></p></div>
    </content>
  </entry>
  <entry>
    <title>No alternate link</title>
    <id>https://example.jp/blog/2</id>
  </entry>
</feed>)";

}  // namespace

TEST_CASE("Atom 1.0 feed fields fill the feed head") {
  const auto feed = parse_ok(kAtom);
  CHECK(feed.version == "atom10");
  CHECK_FALSE(feed.bozo);
  CHECK(feed.feed.title->value == "テック日記");
  CHECK(feed.feed.title->language == "ja");
  CHECK(feed.feed.language == "ja");
  CHECK(feed.feed.subtitle->value == "<i>daily</i>");
  CHECK(feed.feed.link == "https://example.jp/blog/");
  CHECK(feed.feed.links[1].href == "https://example.jp/blog/feed.atom");
  CHECK(feed.feed.links[1].type == "application/atom+xml");
  CHECK(feed.feed.rights == "© 2026");
  REQUIRE(feed.feed.author);
  CHECK(feed.feed.author->name == "山田");
  CHECK(feed.feed.author->email == "yamada@example.jp");
  CHECK(feed.feed.author->href == "https://example.jp/about");
  REQUIRE(feed.feed.updated);
}

TEST_CASE("Atom entries resolve links against xml base and strip the XHTML div") {
  const auto feed = parse_ok(kAtom);
  REQUIRE(feed.entries.size() == 2);
  const auto& entry = feed.entries[0];
  CHECK(entry.title->type == "text/html");
  CHECK(entry.title->value == "A &amp; B");
  CHECK(entry.link == "https://example.jp/blog/posts/1");
  REQUIRE(entry.enclosures.size() == 1);
  CHECK(entry.enclosures[0].href == "https://example.jp/a.mp3");
  CHECK(entry.tags[0].label == "AI");
  CHECK(entry.summary->type == "text/plain");
  CHECK(entry.summary->value == "Plain <summary>");
  REQUIRE(entry.content.size() == 1);
  CHECK(entry.content[0].type == "application/xhtml+xml");
  CHECK(entry.content[0].value == "<p>Hello <b>world</b></p>");
  CHECK(entry.content[0].base == "https://cdn.example.jp/");
  CHECK(entry.published < entry.updated);
}

TEST_CASE("An Atom entry without an alternate link uses its id as link") {
  const auto feed = parse_ok(kAtom);
  CHECK(feed.entries[1].link == "https://example.jp/blog/2");
  CHECK(feed.entries[1].guidislink);
}

TEST_CASE("Atom 0.3 feeds are recognised and base64 content is decoded") {
  const auto feed = parse_ok(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
    <entry><title>t</title>
    <content type="text/html" mode="base64">PGI+aGk8L2I+</content></entry></feed>)");
  CHECK(feed.version == "atom03");
  REQUIRE(feed.entries[0].content.size() == 1);
  CHECK(feed.entries[0].content[0].value == "<b>hi</b>");
}

TEST_CASE("An Atom feed wrapped in XHTML is still found and marked bozo") {
  const auto feed = parse_ok(R"(<html xmlns="http://www.w3.org/1999/xhtml"><body>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Inside</title>
    <entry><title>e</title></entry></feed></body></html>)");
  CHECK(feed.bozo);
  CHECK(feed.version == "atom10");
  CHECK(feed.entries.size() == 1);
}

TEST_CASE("Relative URLs inside HTML content resolve against the xml:base in effect") {
  const auto feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom"
      xml:base="https://example.jp/blog/"><entry>
    <content type="html" xml:base="posts/">&lt;a href="1.html"&gt;one&lt;/a&gt;&lt;img src="/i.png"&gt;</content>
    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><a href="../x">x</a></div></summary>
  </entry></feed>)");
  REQUIRE(feed.entries.size() == 1);
  REQUIRE(feed.entries[0].content.size() == 1);
  CHECK(feed.entries[0].content[0].value ==
        "<a href=\"https://example.jp/blog/posts/1.html\">one</a>"
        "<img src=\"https://example.jp/i.png\" />");
  REQUIRE(feed.entries[0].summary.has_value());
  CHECK(feed.entries[0].summary->value == "<a href=\"https://example.jp/x\">x</a>");
}

TEST_CASE("Relative URLs inside an RSS description resolve against the document URL") {
  monsoon::parse::ParseOptions options;
  options.base_url = "https://example.kr/rss/feed.xml";
  const auto feed = parse_ok(R"xml(<rss version="2.0"><channel><item>
    <description>&lt;a href="../news/1"&gt;1&lt;/a&gt; &lt;a href="javascript:x()"&gt;2&lt;/a&gt;</description>
  </item></channel></rss>)xml",
                             options);
  REQUIRE(feed.entries.size() == 1);
  REQUIRE(feed.entries[0].summary.has_value());
  CHECK(feed.entries[0].summary->value == "<a href=\"https://example.kr/news/1\">1</a> <a>2</a>");
}

TEST_CASE("whitespace between elements inside a value is kept, indentation is not") {
  // Most documents are read without whitespace-only text; a value made of markup or of
  // several pieces makes parse_feed read the document again with it.
  const auto atom = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>a</b> <i>b</i></div></title>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p> <p><b>bold</b> <em>em</em></p></div></content>
    <summary><![CDATA[one]]> <![CDATA[two]]></summary>
  </entry></feed>)");
  REQUIRE(atom.entries.size() == 1);
  CHECK(atom.entries[0].title->value == "<b>a</b> <i>b</i>");
  CHECK(atom.entries[0].summary->value == "one two");
  REQUIRE(atom.entries[0].content.size() == 1);
  CHECK(atom.entries[0].content[0].value == "<p>x</p> <p><b>bold</b> <em>em</em></p>");

  const auto rss = parse_ok(R"(<rss version="2.0"><channel><title>t</title>
    <item><title>a</title><description><b>a</b> <i>b</i></description></item>
    <item><title>b</title><description>plain</description></item></channel></rss>)");
  REQUIRE(rss.entries.size() == 2);
  CHECK(rss.entries[0].summary->value == "<b>a</b> <i>b</i>");
  CHECK(rss.entries[1].summary->value == "plain");
}
