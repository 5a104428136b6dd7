#include "html.hpp"

#include <doctest/doctest.h>

using monsoon::parse::detail::looks_like_html;
using monsoon::parse::detail::sanitize_html;

TEST_CASE("sanitize_html re-serializes tags like feedparser") {
  CHECK(sanitize_html("<BR/><P CLASS=x>t</P>") == "<br /><p class=\"x\">t</p>");
  CHECK(sanitize_html("<img src=\"a.png\" alt=\"a<b\">") == "<img alt=\"a&lt;b\" src=\"a.png\" />");
  CHECK(sanitize_html("<a title=\"x&y\" href=\"/p\">l</a>") ==
        "<a href=\"/p\" title=\"x&amp;y\">l</a>");
}

TEST_CASE("sanitize_html removes scripts styles and event handlers") {
  CHECK(sanitize_html("a<script>alert(1)</script>b") == "ab");
  CHECK(sanitize_html("<style>p{}</style><p onclick=\"x()\">t</p>") == "<p>t</p>");
  CHECK(sanitize_html("<a href=\"javascript:alert(1)\">x</a>") == "<a>x</a>");
  CHECK(sanitize_html("<blink>text</blink>") == "text");
}

TEST_CASE("sanitize_html keeps references as written") {
  CHECK(sanitize_html("&#38; &amp; &#x26;") == "&#38; &amp; &#x26;");
  CHECK(sanitize_html("&#146;") == "&#x2019;");
  CHECK(sanitize_html("&bogus;") == "&amp;bogus");
}

TEST_CASE("looks_like_html needs a close tag or an entity and only known names") {
  CHECK(looks_like_html("<b>bold</b>"));
  CHECK(looks_like_html("AT&amp;T"));
  CHECK_FALSE(looks_like_html("1 < 2"));
  CHECK_FALSE(looks_like_html("<blink>x</blink>"));
  CHECK_FALSE(looks_like_html("plain"));
}

TEST_CASE("sanitize_html resolves relative href and src against the base") {
  const std::string base = "https://example.jp/news/2026/item.html";
  CHECK(sanitize_html("<a href=\"../about\">a</a>", base) ==
        "<a href=\"https://example.jp/news/about\">a</a>");
  CHECK(sanitize_html("<img src=\"/i/1.png\">", base) ==
        "<img src=\"https://example.jp/i/1.png\" />");
  CHECK(sanitize_html("<a href=\"#top\">t</a>", base) ==
        "<a href=\"https://example.jp/news/2026/item.html#top\">t</a>");
  CHECK(sanitize_html("<blockquote cite=\"q.html\">q</blockquote>", base) ==
        "<blockquote cite=\"https://example.jp/news/2026/q.html\">q</blockquote>");
}

TEST_CASE("sanitize_html leaves absolute URLs and URLs without a base as they are") {
  CHECK(sanitize_html("<a href=\"HTTPS://Other.example/x?a=1&amp;b=2\">x</a>", "https://e.jp/") ==
        "<a href=\"HTTPS://Other.example/x?a=1&amp;b=2\">x</a>");
  CHECK(sanitize_html("<a href=\"rel/x\">x</a>") == "<a href=\"rel/x\">x</a>");
  CHECK(sanitize_html("<img usemap=\"#m\">", "https://e.jp/") == "<img usemap=\"#m\" />");
}

TEST_CASE("sanitize_html drops script URLs however they are disguised") {
  const std::string base = "https://example.jp/";
  for (const char* html :
       {"<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"java&#9script:alert(1)\">x</a>", "<a href=\"jav&Tab;ascript:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>", "<a href=\"  javascript:alert(1)\">x</a>",
        "<a href=\"&#x20;&#1;javascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;vascript:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>", "<a href=javascript:alert(1)>x</a>",
        "<a href=\"VBScript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>"}) {
    CAPTURE(html);
    CHECK(sanitize_html(html, base) == "<a>x</a>");
    CHECK(sanitize_html(html) == "<a>x</a>");
  }
  CHECK(sanitize_html("<img src=\" data:image/svg+xml;base64,PHN2Zz4=\">") == "<img />");
  CHECK(sanitize_html("<form action=\"javascript:x()\"></form>") == "<form></form>");
}

TEST_CASE("sanitize_html keeps raster data images and unknown references as text") {
  CHECK(sanitize_html("<img src=\"data:image/png;base64,iVBO\">") ==
        "<img src=\"data:image/png;base64,iVBO\" />");
  // &bogus; is not a reference a browser decodes, so it must reach it as text.
  CHECK(sanitize_html("<a href=\"/x?a=1&bogus;\">x</a>") == "<a href=\"/x?a=1&amp;bogus;\">x</a>");
}

TEST_CASE("sanitize_html removes event handlers and script and style elements in any case") {
  CHECK(sanitize_html("<IMG SRC=\"a.png\" OnError=\"x()\" onload=y()>") == "<img src=\"a.png\" />");
  CHECK(sanitize_html("<p onmouseover = 'x()'>t</p>") == "<p>t</p>");
  CHECK(sanitize_html("a<SCRIPT type=\"text/javascript\">x()</SCRIPT>b") == "ab");
  CHECK(sanitize_html("a<script src=\"https://evil.example/x.js\"/>b") == "ab");
  CHECK(sanitize_html("a<StYlE>body{display:none}</sTyLe>b") == "ab");
  CHECK(sanitize_html("<p style=\"background:url(javascript:x)\">t</p>") == "<p>t</p>");
  CHECK(sanitize_html("<iframe src=\"https://e.jp/\">f</iframe>") == "f");
}
