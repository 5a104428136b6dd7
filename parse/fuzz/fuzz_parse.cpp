// libFuzzer target for the feed parser: parse_feed, to_json_line, plain_text and
// parse_date on arbitrary bytes. Built only with -DMONSOON_FUZZ=ON under clang; see
// parse/fuzz/README.md for how to run it.
//
// Input layout: the first byte selects the ParseOptions (content type with charset,
// base URL, forced encoding, region and fetch time) and the plain_text cut length; the remaining
// bytes are the document. seed.sh prefixes every seed file with 0x00, the variant
// that parses the file the way `monsoon parse FILE` does.
//
// Beyond crashes, leaks and timeouts the target checks two contracts of parse.hpp:
// to_json_line is one line, and plain_text of a decoded (hence UTF-8) title stays
// valid UTF-8 and within max_bytes.
#include <monsoon/parse.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using monsoon::model::Region;
using monsoon::parse::ParseOptions;

constexpr std::array<const char*, 8> kContentTypes = {
    "",
    "text/xml",
    "application/rss+xml; charset=utf-8",
    "application/atom+xml; charset=\"ISO-8859-1\"",
    "text/xml; charset=gb2312",
    "text/html; charset=Shift_JIS",
    "application/xml;charset=UTF-16",
    "text/plain; charset=x-no-such-charset",
};

constexpr std::array<const char*, 4> kBaseUrls = {
    "",
    "http://example.com/feeds/tech/index.xml",
    "https://user@xn--eckwd4c7c.jp:8443/a/b/../feed?q=1#top",
    "not a url",
};

constexpr std::array<const char*, 4> kForcedEncodings = {
    "",
    "big5",
    "windows-1252",
    "euc-kr",
};

constexpr std::array<Region, 8> kRegions = {
    Region::unassigned,  Region::china, Region::taiwan,         Region::japan,
    Region::south_korea, Region::india, Region::southeast_asia, Region::global,
};

ParseOptions options_for(std::uint8_t selector) {
  ParseOptions options;
  options.content_type = kContentTypes[selector & 7u];
  options.base_url = kBaseUrls[(selector >> 3) & 3u];
  options.forced_encoding = kForcedEncodings[(selector >> 5) & 3u];
  // Bit 7 turns on a region, picked by the content-type bits so that every region is
  // reachable without spending more selector bits, and a fetch time for date_trust.
  if (selector & 0x80u) {
    options.region = kRegions[selector & 7u];
    options.now = monsoon::model::TimePoint(std::chrono::seconds(1795132800));  // 2026-11-20
  }
  return options;
}

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07u;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10FFFF)) ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

[[noreturn]] void contract_broken(const char* what) {
  std::fprintf(stderr, "fuzz_parse: contract broken: %s\n", what);
  std::abort();
}

void check_plain_text(const monsoon::model::Text& text, std::size_t max_bytes) {
  const bool is_html = text.type.find("html") != std::string::npos;
  const std::string plain = monsoon::parse::plain_text(text.value, is_html, max_bytes);
  if (max_bytes > 0 && plain.size() > max_bytes) contract_broken("plain_text exceeds max_bytes");
  if (valid_utf8(text.value) && !valid_utf8(plain)) {
    contract_broken("plain_text of valid UTF-8 is not valid UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string_view document(reinterpret_cast<const char*>(data + 1), size - 1);
  const ParseOptions options = options_for(selector);
  const std::size_t max_bytes = selector % 41u;  // 0 = no cut; small values hit the edges

  auto parsed = monsoon::parse::parse_feed(document, options);
  if (parsed) {
    const std::string line = monsoon::parse::to_json_line(*parsed, "fuzz.xml");
    if (line.find('\n') != std::string::npos) contract_broken("to_json_line is not one line");
    if (parsed->feed.title) check_plain_text(*parsed->feed.title, max_bytes);
    for (const auto& entry : parsed->entries) {
      (void)monsoon::parse::trusted_date(entry);
      if (entry.title) check_plain_text(*entry.title, max_bytes);
      if (entry.summary) check_plain_text(*entry.summary, max_bytes);
    }
  }

  // The raw bytes as an HTML fragment: the tag stripper and entity decoder on input
  // that never went through the XML reader.
  (void)monsoon::parse::plain_text(document, (selector & 1u) != 0, max_bytes);
  // Dates: the start of the first line, as a feed's <pubDate> text would be.
  const std::size_t line_end = document.find('\n');
  (void)monsoon::parse::parse_date(document.substr(0, line_end < 256 ? line_end : 256),
                                   options.region);
  return 0;
}
