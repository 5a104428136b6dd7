#include "urls.hpp"

#include <monsoon/parse.hpp>

#include <doctest/doctest.h>

using monsoon::parse::detail::is_safe_url;
using monsoon::parse::detail::resolve_url;

TEST_CASE("Relative references resolve against an http base") {
  CHECK(resolve_url("https://example.com/a/b.xml", "c.html") == "https://example.com/a/c.html");
  CHECK(resolve_url("https://example.com/a/b.xml", "/c") == "https://example.com/c");
  CHECK(resolve_url("https://example.com/a/b.xml", "../c") == "https://example.com/c");
  CHECK(resolve_url("https://example.com/a/b.xml", "//cdn.example.com/x") ==
        "https://cdn.example.com/x");
}

TEST_CASE("Absolute references and missing bases leave the reference unchanged") {
  CHECK(resolve_url("https://example.com/", "HTTP://Example.COM/X") == "HTTP://Example.COM/X");
  CHECK(resolve_url("", "a/b") == "a/b");
  CHECK(resolve_url("tag:example.com,2026:x", "a") == "a");
}

TEST_CASE("An empty reference is the base itself") {
  CHECK(resolve_url("http://www.詹姆斯.com/feed", "") == "http://www.詹姆斯.com/feed");
}

TEST_CASE("Extra slashes after the scheme are collapsed") {
  CHECK(resolve_url("http:///example.com/test/", "a") == "http://example.com/test/a");
}

TEST_CASE("Script URLs are not safe bases") {
  CHECK_FALSE(is_safe_url("javascript:alert(1)"));
  CHECK_FALSE(is_safe_url(" JavaScript:alert(1)"));
  CHECK(is_safe_url("https://example.com/"));
}

TEST_CASE("normalize_link lower-cases scheme and host but not the path") {
  CHECK(monsoon::parse::normalize_link("HTTPS://News.Example.JP/Path/A") ==
        "https://news.example.jp/Path/A");
}

TEST_CASE("normalize_link drops default ports and fragments and writes an empty path as slash") {
  using monsoon::parse::normalize_link;
  CHECK(normalize_link("http://example.com:80") == "http://example.com/");
  CHECK(normalize_link("https://example.com:443/a#section") == "https://example.com/a");
  CHECK(normalize_link("http://example.com:8080/a") == "http://example.com:8080/a");
  CHECK(normalize_link("https://example.com:80/a") == "https://example.com:80/a");
  CHECK(normalize_link("  https://example.com/a?q=1#x ") == "https://example.com/a?q=1");
}

TEST_CASE("normalize_link upper-cases percent escapes in path and query") {
  CHECK(monsoon::parse::normalize_link("https://example.com/a%2fb?q=%e4%b8%ad") ==
        "https://example.com/a%2Fb?q=%E4%B8%AD");
}

TEST_CASE("normalize_link percent-encodes raw non-ASCII bytes after the host") {
  CHECK(monsoon::parse::normalize_link("https://example.jp/記事?q=東京") ==
        "https://example.jp/%E8%A8%98%E4%BA%8B?q=%E6%9D%B1%E4%BA%AC");
  CHECK(monsoon::parse::same_link("https://example.jp/記事",
                                  "https://example.jp/%e8%a8%98%e4%ba%8b"));
}

TEST_CASE("normalize_link returns text that is not an absolute URL without its fragment") {
  using monsoon::parse::normalize_link;
  CHECK(normalize_link("/relative/path#frag") == "/relative/path");
  CHECK(normalize_link("not a url") == "not a url");
  CHECK(normalize_link("") == "");
}

TEST_CASE("same_link treats case port fragment and escape spellings as one link") {
  using monsoon::parse::same_link;
  CHECK(same_link("HTTP://Example.com:80", "http://example.com/"));
  CHECK(same_link("https://example.com/a%2f#one", "https://EXAMPLE.com:443/a%2F#two"));
  CHECK(same_link("https://example.com/a/../b", "https://example.com/b"));
}

TEST_CASE("same_link keeps scheme path case and query differences apart") {
  using monsoon::parse::same_link;
  CHECK_FALSE(same_link("http://example.com/a", "https://example.com/a"));
  CHECK_FALSE(same_link("https://example.com/A", "https://example.com/a"));
  CHECK_FALSE(same_link("https://example.com/a?utm_source=x", "https://example.com/a"));
  CHECK_FALSE(same_link("https://www.example.com/a", "https://example.com/a"));
}
