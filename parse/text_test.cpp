#include <monsoon/parse.hpp>

#include "text.hpp"

#include <doctest/doctest.h>

#include <random>

using monsoon::parse::plain_text;

TEST_CASE("plain_text strips tags and decodes entities") {
  CHECK(plain_text("<p>Hello&nbsp;<b>world</b> &amp; more</p>", true) == "Hello world & more");
  CHECK(plain_text("a<br>b<script>x()</script>c", true) == "a b c");
  CHECK(plain_text("&#x4E2D;&#25991;", true) == "中文");
}

TEST_CASE("plain_text keeps inline markup inside the line and breaks at blocks") {
  CHECK(plain_text("Chips made by <b>TSMC</b>.", true) == "Chips made by TSMC.");
  CHECK(plain_text("<a href=\"x\">Sony</a>'s <em>new</em> <SPAN>camera</SPAN>", true) ==
        "Sony's new camera");
  CHECK(plain_text("<p>One.</p><p>Two.</p>", true) == "One. Two.");
  CHECK(plain_text("line<br/>break<h2>head</h2>tail", true) == "line break head tail");
  CHECK(plain_text("a</script>b", true) == "a b");
}

TEST_CASE("plain_text reads references as HTML5 and the sanitiser do") {
  // A numeric reference ends at its last digit, ';' or not: a feed's cut summary.
  CHECK(plain_text("In particolare&nbsp;l&#39...", true) == "In particolare l'...");
  CHECK(plain_text("&#x4E2D&#25991 x", true) == "中文 x");
  // &#146; meant the windows-1252 character, not the C1 control U+0092.
  CHECK(plain_text("don&#146;t &#x93;quoted&#x94;", true) == "don\u2019t \u201cquoted\u201d");
  // A known name without ';', before a character that cannot continue it.
  CHECK(plain_text("&copy 2024 &amp AT&T R&D", true) == "\u00a9 2024 & AT&T R&D");
  // Unknown names, a name running into other letters, references without digits and
  // past U+10FFFF stay as written.
  CHECK(plain_text("&bogus; &nbspx &#; &#xZ; &#1114112; &", true) ==
        "&bogus; &nbspx &#; &#xZ; &#1114112; &");
}

TEST_CASE("A feed parsed without sanitising gives the same plain text") {
  // The daemon keeps only plain text and skips the sanitiser (ParseOptions::
  // sanitize_html): stripping the raw markup must read as the sanitised markup does.
  const std::string feed = R"feed(<?xml version="1.0"?><rss version="2.0"><channel><item>
    <title>TSMC &amp;amp; &lt;b onclick="x()"&gt;ASML&lt;/b&gt;</title>
    <description><![CDATA[<p onclick="x()">Chips&nbsp;<b>made</b> <script>evil()</script>by
      <a href="/x">TSMC</a>&#146;s fabs<style>p{}</style><br>in <object>Tainan</object>
      <!-- a comment --> &#39;24 &copy 2024</p>]]></description>
    </item></channel></rss>)feed";
  monsoon::parse::ParseOptions sanitised, raw;
  raw.sanitize_html = false;
  const auto a = monsoon::parse::parse_feed(feed, sanitised);
  const auto b = monsoon::parse::parse_feed(feed, raw);
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(a->entries.size() == 1);
  REQUIRE(b->entries.size() == 1);
  const auto& x = a->entries[0];
  const auto& y = b->entries[0];
  CHECK(x.summary->value != y.summary->value);  // the raw markup is kept as written
  CHECK(y.summary->value.find("onclick") != std::string::npos);
  CHECK(plain_text(x.summary->value, true) == plain_text(y.summary->value, true));
  CHECK(plain_text(y.summary->value, true) == "Chips made by TSMC\u2019s fabs in Tainan '24 \u00a9 2024");
  // Titles are sanitised either way: an entry without id or link is known by its
  // title's value (classify::identity_key).
  CHECK(x.title->type == "text/html");
  CHECK(x.title->value.find("onclick") == std::string::npos);
  CHECK(x.title->value == y.title->value);
}

TEST_CASE("plain_text collapses whitespace including ideographic spaces") {
  CHECK(plain_text("  one\n\t two\u3000three  ", false) == "one two three");
}

TEST_CASE("plain_text cuts CJK text at a character boundary with an ellipsis") {
  const std::string text = "深圳的芯片公司宣布完成新一轮融资";
  const std::string cut = plain_text(text, false, 20);
  CHECK(cut.size() <= 20);
  CHECK(cut.ends_with("…"));
  CHECK(cut == "深圳的芯片…");
}

TEST_CASE("plain_text prefers a word boundary when cutting") {
  CHECK(plain_text("The quick brown fox jumps", false, 18) == "The quick brown…");
  CHECK(plain_text("short", false, 18) == "short");
}

TEST_CASE("plain_text reads a long value's prefix to the same line as the whole value") {
  // Random markup, entities, spaces and CJK; the prefix path must agree with the
  // whole-value path whatever the prefix cuts through (a tag, an entity, a script,
  // a comment, a multi-byte space).
  constexpr std::string_view kPieces[] = {
      "<b>", "</b>", "<p class=\"x\">", "<script>", "</script>", "<style>", "</style>", "<!--",
      "-->", "&amp;", "&amp;amp;", "&#x4E2D;", "&#25991;", "&nbsp;", "&", ";", "&lt;b&gt;",
      " ", "  ", "\n", "\t", "\xC2\xA0", "\xE3\x80\x80", "a", "word", "深圳", "<", ">", "&#32;"};
  std::mt19937 random(20261129);
  for (int round = 0; round < 3000; ++round) {
    std::string value;
    const int pieces = 1 + static_cast<int>(random() % 400);
    for (int i = 0; i < pieces; ++i) value += kPieces[random() % std::size(kPieces)];
    const bool is_html = random() % 2 == 0;
    const std::size_t max_bytes = 1 + random() % 120;
    const std::size_t prefix = random() % (value.size() + 1);
    INFO("value: " << value << " html " << is_html << " max " << max_bytes << " prefix " << prefix);
    CHECK(monsoon::parse::detail::plain_text(value, is_html, max_bytes, prefix) ==
          monsoon::parse::detail::plain_text(value, is_html, max_bytes, value.size()));
  }
}

TEST_CASE("plain_text of a long article body is cut from its first bytes") {
  std::string body = "<p>Opening paragraph &amp; more.</p>";
  while (body.size() < 100'000) body += "<p>Another paragraph of the article, with <b>markup</b>.</p>\n";
  const std::string line = plain_text(body, true, 600);
  CHECK(line.size() <= 600);
  CHECK(line.starts_with("Opening paragraph & more. Another paragraph of the article, with markup. Another"));
  CHECK(line.ends_with("…"));
}
