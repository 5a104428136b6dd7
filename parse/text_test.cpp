#include <monsoon/parse.hpp>

#include <doctest/doctest.h>

using monsoon::parse::plain_text;

TEST_CASE("plain_text strips tags and decodes entities") {
  CHECK(plain_text("<p>Hello&nbsp;<b>world</b> &amp; more</p>", true) == "Hello world & more");
  CHECK(plain_text("a<br>b<script>x()</script>c", true) == "a b c");
  CHECK(plain_text("&#x4E2D;&#25991;", true) == "中文");
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
