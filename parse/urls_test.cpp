#include "urls.hpp"

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
