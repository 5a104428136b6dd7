#include "canonical_url.hpp"

#include <doctest/doctest.h>

using monsoon::store::detail::canonical_url;

TEST_CASE("Canonical URL lower-cases scheme and host and drops default ports") {
  CHECK(canonical_url("HTTPS://Example.COM:443/Story") == "https://example.com/Story");
  CHECK(canonical_url("http://example.com:80/a") == "https://example.com/a");
  CHECK(canonical_url("https://example.com:8443/a") == "https://example.com:8443/a");
  CHECK(canonical_url("http://example.com./a") == "https://example.com/a");
}

TEST_CASE("Canonical URL treats http and https as one article") {
  CHECK(canonical_url("http://example.com/a") == canonical_url("https://example.com/a"));
}

TEST_CASE("Canonical URL removes www and mobile and AMP host prefixes") {
  CHECK(canonical_url("https://www.example.com/a") == "https://example.com/a");
  CHECK(canonical_url("https://m.example.com/a") == "https://example.com/a");
  CHECK(canonical_url("https://mobile.example.co.jp/a") == "https://example.co.jp/a");
  CHECK(canonical_url("https://amp.example.com/a") == "https://example.com/a");
  CHECK(canonical_url("https://m.co/a") == "https://m.co/a");
  CHECK(canonical_url("https://news.example.com/a") == "https://news.example.com/a");
}

TEST_CASE("Canonical URL drops tracking parameters and keeps meaningful ones") {
  CHECK(canonical_url("https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x") ==
        "https://example.com/a");
  CHECK(canonical_url("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5") ==
        "https://example.com/a");
  CHECK(canonical_url("https://example.com/a?ref=hn&ref_src=twsrc") == "https://example.com/a");
  CHECK(canonical_url("https://example.com/?p=123&utm_source=x") == "https://example.com/?p=123");
  CHECK(canonical_url("https://facebook.com/permalink.php?story_fbid=9&id=7&fbclid=z") ==
        "https://facebook.com/permalink.php?id=7&story_fbid=9");
  CHECK(canonical_url("https://example.com/a?article=5&&") == "https://example.com/a?article=5");
}

TEST_CASE("Canonical URL sorts query parameters") {
  CHECK(canonical_url("https://example.com/a?b=2&a=1") ==
        canonical_url("https://example.com/a?a=1&b=2"));
}

TEST_CASE("Canonical URL removes fragments and credentials") {
  CHECK(canonical_url("https://example.com/a#comments") == "https://example.com/a");
  CHECK(canonical_url("https://user:secret@example.com/a") == "https://example.com/a");
}

TEST_CASE("Canonical URL folds AMP variants onto the article") {
  const std::string article = "https://example.com/2026/11/story";
  CHECK(canonical_url("https://example.com/2026/11/story/amp/") == article);
  CHECK(canonical_url("https://example.com/amp/2026/11/story") == article);
  CHECK(canonical_url("https://example.com/2026/11/story?amp=1") == article);
  CHECK(canonical_url("https://example.com/2026/11/story?amp") == article);
  CHECK(canonical_url("https://example.com/2026/11/story?outputType=amp") == article);
  CHECK(canonical_url("https://example.com/2026/11/story.amp") == article);
  CHECK(canonical_url("https://example.com/story.amp.html") == "https://example.com/story.html");
  CHECK(canonical_url("https://example.com/example.html?amp=2") ==
        "https://example.com/example.html?amp=2");
  CHECK(canonical_url("https://example.com/ampere/lamp") == "https://example.com/ampere/lamp");
}

TEST_CASE("Canonical URL ignores trailing slashes and writes an empty path as a slash") {
  CHECK(canonical_url("https://example.com/a/b/") == "https://example.com/a/b");
  CHECK(canonical_url("https://example.com") == "https://example.com/");
  CHECK(canonical_url("https://example.com/") == "https://example.com/");
  CHECK(canonical_url("https://example.com?x=1") == "https://example.com/?x=1");
}

TEST_CASE("Canonical URL writes each octet one way") {
  CHECK(canonical_url("https://example.com/a%2fb") == "https://example.com/a%2Fb");
  CHECK(canonical_url("https://example.com/%7Euser/%41") == "https://example.com/~user/A");
  CHECK(canonical_url("https://example.com/新闻") ==
        canonical_url("https://example.com/%E6%96%B0%E9%97%BB"));
  CHECK(canonical_url("https://example.com/a b") == "https://example.com/a%20b");
  CHECK(canonical_url("https://example.com/?q=%e4%b8%ad") == "https://example.com/?q=%E4%B8%AD");
}

TEST_CASE("Canonical URL keeps path case and removes dot segments") {
  CHECK(canonical_url("https://example.com/A/./b/../C") == "https://example.com/A/C");
}

TEST_CASE("Canonical URL leaves text that is not a web URL nearly unchanged") {
  CHECK(canonical_url("  tag:example.com,2026:1#x ") == "tag:example.com,2026:1");
  CHECK(canonical_url("/relative/path") == "/relative/path");
  CHECK(canonical_url("") == "");
  CHECK(canonical_url("http://") == "http://");
  CHECK(canonical_url("https://exa mple.com/\x01x") == "https://exa mple.com/\x01x");
}
