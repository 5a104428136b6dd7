#include "scan.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>

using monsoon::parse::detail::NonAsciiStops;
using monsoon::parse::detail::PlainStops;
using monsoon::parse::detail::SpaceStops;
using monsoon::parse::detail::scan_bytes;
using monsoon::parse::detail::scan_words;
using monsoon::parse::detail::skip_plain;
using monsoon::parse::detail::skip_xml_chars;
using monsoon::parse::detail::TwoStops;
using monsoon::parse::detail::XmlCharStops;

namespace {

// Every wide scan must find exactly the byte the one-byte-at-a-time scan finds, from
// every starting offset, including stops straddling a word or block boundary and
// mixtures where a false flag could follow a true one (a borrow in the word tests).
template <typename Stops>
void check_all_scans(const std::string& text, const Stops& stops) {
  for (std::size_t from = 0; from <= text.size(); ++from) {
    const std::size_t expected = scan_bytes(text, from, stops);
    REQUIRE(scan_words(text, from, stops) == expected);
#if defined(__SSE2__)
    REQUIRE(monsoon::parse::detail::scan_blocks(text, from, stops) == expected);
#endif
    REQUIRE(monsoon::parse::detail::scan(text, from, stops) == expected);
  }
}

std::string random_text(std::mt19937& random, std::size_t size, std::string_view alphabet) {
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string text;
  for (std::size_t i = 0; i < size; ++i) text.push_back(alphabet[pick(random)]);
  return text;
}

}  // namespace

TEST_CASE("skip_plain stops at controls non-ASCII and its two stops") {
  CHECK(skip_plain("plain text here", 0, '"', '\\') == 15);
  CHECK(skip_plain("say \"hi\"", 0, '"', '\\') == 4);
  CHECK(skip_plain("a long plain prefix then\\", 0, '"', '\\') == 24);
  CHECK(skip_plain("0123456789abcdef0123\n", 0, '"', '\\') == 20);
  CHECK(skip_plain("0123456789abcdefg\xC3\xA9", 3, '<', '&') == 17);
  CHECK(skip_plain("ab<", 3, '<', '&') == 3);
}

TEST_CASE("skip_xml_chars passes CJK text and stops at what XML data must check") {
  const std::string cjk = "\xE4\xB8\xAD\xE5\x9B\xBD\xE7\xA7\x91\xE6\x8A\x80\xE6\x96\xB0\xE9\x97\xBB";
  CHECK(skip_xml_chars(cjk + cjk, 0) == cjk.size() * 2);
  CHECK(skip_xml_chars(cjk + "&amp;", 0) == cjk.size());
  CHECK(skip_xml_chars(cjk + "\xEF\xBC\x8C", 0) == cjk.size());  // full-width comma: EF lead
  CHECK(skip_xml_chars("0123456789abcdefghij\t\r\n", 0) == 23);
  CHECK(skip_xml_chars("\t\x08", 0) == 1);
  CHECK(skip_xml_chars("0123456789abcdefghij\x01", 0) == 20);
  CHECK(skip_xml_chars("0123456789abcdefghij<", 0) == 20);
}

TEST_CASE("word and block scans agree with the byte scan on every offset") {
  std::mt19937 random(20261129);
  // Stops, their neighbours (0x1F/0x20/0x21, 0x7F/0x80, 0xC1/0xC2/0xC3, 0xE2/0xE3/0xE4,
  // 0xEE/0xEF/0xF0), the controls one above tab, line feed and carriage return (a borrow
  // from those must not hide them) and plain bytes.
  const std::string alphabet =
      std::string("abcXYZ09 \"\\&<>;\t\n\r\x01\x08\x0B\x0C\x1F\x7F\x80\xBF\xC3\xE4\xEE\xEF\xF0\xFF", 32) +
      std::string(1, '\0') + "!\xC1\xC2\xE2\xE3";  // SpaceStops' edges
  for (int round = 0; round < 300; ++round) {
    const std::size_t size = static_cast<std::size_t>(round % 70);
    const std::string text = random_text(random, size, alphabet);
    check_all_scans(text, PlainStops{'"', '\\'});
    check_all_scans(text, PlainStops{'<', '&'});
    check_all_scans(text, XmlCharStops{});
    check_all_scans(text, TwoStops{'<', '&'});
    check_all_scans(text, TwoStops{0xEF, 0x00});
    check_all_scans(text, NonAsciiStops{});
    check_all_scans(text, SpaceStops{});
  }
  // Long plain runs with a single stop at every position.
  for (std::size_t at = 0; at < 40; ++at) {
    std::string text(40, 'x');
    text[at] = '&';
    check_all_scans(text, XmlCharStops{});
    text[at] = '\xEF';
    check_all_scans(text, XmlCharStops{});
    check_all_scans(text, PlainStops{'"', '\\'});
  }
}
