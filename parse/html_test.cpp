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
  CHECK(sanitize_html("<a href=\"javascript:alert(1)\">x</a>") == "<a href=\"\">x</a>");
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
