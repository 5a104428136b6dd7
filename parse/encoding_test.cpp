#include "encoding.hpp"

#include <monsoon/parse.hpp>

#include <doctest/doctest.h>

#include <string>

namespace {

using monsoon::parse::detail::decode_document;

std::string rss_with_title(std::string_view declaration, std::string_view title_bytes) {
  return std::string(declaration) + "<rss version=\"2.0\"><channel><title>" +
         std::string(title_bytes) + "</title></channel></rss>";
}

std::string title_of(std::string_view bytes, monsoon::parse::ParseOptions options = {}) {
  auto result = monsoon::parse::parse_feed(bytes, options);
  REQUIRE(result.has_value());
  REQUIRE(result->feed.title);
  return result->feed.title->value;
}

// "中文科技新闻" in GB2312 and "台灣科技新聞" in Big5.
constexpr std::string_view kGb2312 = "\xD6\xD0\xCE\xC4\xBF\xC6\xBC\xBC\xD0\xC2\xCE\xC5";
constexpr std::string_view kBig5 = "\xA5\x78\xC6\x57\xAC\xEC\xA7\xDE\xB7\x73\xBB\x44";
// "日本のテクノロジーニュース" in Shift_JIS, "한국 기술 뉴스" in EUC-KR.
constexpr std::string_view kShiftJis =
    "\x93\xFA\x96\x7B\x82\xCC\x83\x65\x83\x4E\x83\x6D\x83\x8D\x83\x57\x81\x5B\x83\x6A\x83\x85"
    "\x81\x5B\x83\x58";
constexpr std::string_view kEucKr = "\xC7\xD1\xB1\xB9\x20\xB1\xE2\xBC\xFA\x20\xB4\xBA\xBD\xBA";

}  // namespace

TEST_CASE("A GB2312 declaration is read as GB18030 and reported so") {
  const std::string bytes = rss_with_title("<?xml version=\"1.0\" encoding=\"GB2312\"?>", kGb2312);
  const auto decoded = decode_document(bytes, "", "");
  CHECK(decoded.encoding == "gb18030");
  CHECK(decoded.problem.empty());
  CHECK(title_of(bytes) == "中文科技新闻");
}

TEST_CASE("Big5 Shift_JIS and EUC-KR declarations decode to UTF-8") {
  CHECK(title_of(rss_with_title("<?xml version=\"1.0\" encoding=\"big5\"?>", kBig5)) ==
        "台灣科技新聞");
  CHECK(title_of(rss_with_title("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>", kShiftJis)) ==
        "日本のテクノロジーニュース");
  CHECK(title_of(rss_with_title("<?xml version=\"1.0\" encoding=\"euc-kr\"?>", kEucKr)) ==
        "한국 기술 뉴스");
}

TEST_CASE("The HTTP charset wins over the XML declaration") {
  monsoon::parse::ParseOptions options;
  options.content_type = "application/rss+xml; charset=\"gbk\"";
  const std::string bytes = rss_with_title("<?xml version=\"1.0\" encoding=\"utf-8\"?>", kGb2312);
  CHECK(decode_document(bytes, options.content_type, "").encoding == "gbk");
  CHECK(title_of(bytes, options) == "中文科技新闻");
}

TEST_CASE("text/xml without charset is us-ascii per RFC 3023 and non-ASCII bytes make it bozo") {
  const std::string bytes = rss_with_title("", "caf\xC3\xA9");
  const auto decoded = decode_document(bytes, "text/xml", "");
  CHECK(decoded.encoding == "utf-8");
  CHECK_FALSE(decoded.problem.empty());
  CHECK(decode_document(rss_with_title("", "plain"), "text/xml", "").encoding == "us-ascii");
}

TEST_CASE("A forced encoding wins over everything") {
  const std::string bytes = rss_with_title("<?xml version=\"1.0\" encoding=\"utf-8\"?>", kBig5);
  monsoon::parse::ParseOptions options;
  options.content_type = "text/xml; charset=utf-8";
  options.forced_encoding = "big5";
  CHECK(title_of(bytes, options) == "台灣科技新聞");
  auto result = monsoon::parse::parse_feed(bytes, options);
  CHECK(result->encoding == "big5");
}

TEST_CASE("Undeclared Shift_JIS is detected") {
  std::string title;
  for (int i = 0; i < 8; ++i) title += std::string(kShiftJis);
  const auto decoded = decode_document(rss_with_title("", title), "", "");
  CHECK(decoded.encoding == "shift_jis");
  CHECK_FALSE(decoded.problem.empty());
  CHECK(title_of(rss_with_title("", title)).starts_with("日本のテクノロジーニュース"));
}

TEST_CASE("UTF-16 with a byte order mark is decoded") {
  const std::string utf8 = "<rss version=\"2.0\"><channel><title>新聞</title></channel></rss>";
  std::u16string wide = u"<rss version=\"2.0\"><channel><title>新聞</title></channel></rss>";
  std::string bytes = "\xFF\xFE";
  for (const char16_t c : wide) {
    bytes.push_back(static_cast<char>(c & 0xFF));
    bytes.push_back(static_cast<char>(c >> 8));
  }
  const auto decoded = decode_document(bytes, "", "");
  CHECK(decoded.encoding == "utf-16le");
  CHECK(decoded.text == utf8);
}

TEST_CASE("A few invalid bytes in declared UTF-8 become U+FFFD and make the feed bozo") {
  std::string title = "中文";
  title += "\xFF";
  title += "新闻";
  const std::string bytes = rss_with_title("<?xml version=\"1.0\" encoding=\"utf-8\"?>", title);
  auto result = monsoon::parse::parse_feed(bytes, {});
  REQUIRE(result.has_value());
  CHECK(result->bozo);
  CHECK(result->encoding == "utf-8");
  CHECK(result->feed.title->value == "中文\xEF\xBF\xBD新闻");
}

TEST_CASE("An unknown declared encoding is overridden and reported") {
  const auto decoded =
      decode_document(rss_with_title("<?xml version=\"1.0\" encoding=\"bogus\"?>", "x"), "", "");
  CHECK(decoded.encoding == "utf-8");
  CHECK(decoded.problem.find("bogus") != std::string::npos);
}

TEST_CASE("The charset parameter is read with quotes and spaces") {
  using monsoon::parse::detail::charset_from_content_type;
  CHECK(charset_from_content_type("text/xml; charset= \"UTF-8\"") == "utf-8");
  CHECK(charset_from_content_type("application/xml;charset='gb2312'") == "gb2312");
  CHECK(charset_from_content_type("text/xml; charset:iso-8859-1") == "");
  CHECK(charset_from_content_type("text/xml") == "");
}

TEST_CASE("An ISO-8859-1 declaration over bytes that are UTF-8 loses to the bytes and is bozo") {
  const std::string bytes =
      rss_with_title("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Caf\xC3\xA9 \xED\x85\x8C");
  auto result = monsoon::parse::parse_feed(bytes, {});
  REQUIRE(result.has_value());
  CHECK(result->encoding == "utf-8");
  CHECK(result->bozo);
  CHECK(result->bozo_exception.find("iso-8859-1") != std::string::npos);
  REQUIRE(result->feed.title);
  CHECK(result->feed.title->value == "Caf\xC3\xA9 \xED\x85\x8C");
}

TEST_CASE("Real ISO-8859-1 bytes keep their declaration") {
  const std::string bytes =
      rss_with_title("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Caf\xE9");
  auto result = monsoon::parse::parse_feed(bytes, {});
  REQUIRE(result.has_value());
  CHECK(result->encoding == "iso-8859-1");
  CHECK_FALSE(result->bozo);
  CHECK(title_of(bytes) == "Caf\xC3\xA9");
}
