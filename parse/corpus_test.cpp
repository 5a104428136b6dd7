// Every real-world feed in ../shared/corpus/real parses without crashing; feeds whose
// notes promise items yield entries; CJK feeds come out as CJK text, not mojibake.
#include <monsoon/parse.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kDir = std::string(MONSOON_SHARED_DIR) + "/corpus/real/";

// Files whose rows promise items that parse_feed does not (or cannot) return. Keep
// this list short and give the reason for each.
struct Exception {
  std::string_view file;
  int entries;  // what parse_feed yields; -1 when it rejects the file
  std::string_view reason;
};
constexpr std::array<Exception, 4> kExceptions = {{
    // gzip bodies: the fetcher decompresses (Content-Encoding); parse sees raw gzip here.
    {"danmactough+node-feedparser/compressed.xml", -1, "gzip body"},
    {"danmactough+node-feedparser/invalid-characters-gzipped.xml", -1, "gzip body"},
    // Cut off mid-string and with a raw control character: malformed JSON is rejected
    // with its position (no partial JSON recovery yet); the note counts the 3 items a
    // lenient reader salvages.
    {"Ranchero-Software+NetNewsWire/allthis-partial.json", -1, "truncated JSON"},
    // The note counts every <item> element: each of the 10 real items holds an empty
    // <item /> (the "illegal nesting"). We read 10; feedparser would open 20 entries.
    {"danmactough+node-feedparser/illegally-nested.xml", 10, "nested empty <item />"},
}};

// CJK-language files that contain no title element at all (feedparser test stubs).
constexpr std::array<std::string_view, 5> kCjkWithoutTitles = {
    "kurtmckee+feedparser/http_application_atom_xml_gb2312_encoding.xml",
    "kurtmckee+feedparser/euc-kr-item.xml",
    "kurtmckee+feedparser/big5.xml",
    "kurtmckee+feedparser/euc-kr-attribute.xml",
    "kurtmckee+feedparser/http_application_atom_xml_gb2312_charset.xml",
};

struct Source {
  std::string file;
  std::string language;
  std::string notes;
};

std::vector<Source> read_sources() {
  std::ifstream in(kDir + "SOURCES.tsv");
  std::vector<Source> sources;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // Split by hand: getline on a stringstream would drop an empty last column (notes).
    std::vector<std::string> columns;
    std::size_t begin = 0;
    for (std::size_t tab = line.find('\t'); tab != std::string::npos;
         tab = line.find('\t', begin)) {
      columns.push_back(line.substr(begin, tab - begin));
      begin = tab + 1;
    }
    columns.push_back(line.substr(begin));
    REQUIRE_MESSAGE(columns.size() == 10, line);
    sources.push_back({columns[0], columns[7], columns[9]});
  }
  return sources;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The N of "items/entries=N" in the notes, -1 when absent.
int promised_items(const std::string& notes) {
  const std::size_t at = notes.find("items/entries=");
  return at == std::string::npos ? -1 : std::stoi(notes.substr(at + 14));
}

bool says_malformed(const std::string& notes) {
  return notes.find("malformed") != std::string::npos ||
         notes.find("not well-formed") != std::string::npos ||
         notes.find("truncated/invalid") != std::string::npos;
}

const Exception* exception_for(const std::string& file) {
  for (const Exception& exception : kExceptions) {
    if (exception.file == file) return &exception;
  }
  return nullptr;
}

// Decodes UTF-8 and reports whether a code point lies in the CJK, kana or Hangul blocks.
bool has_cjk(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    char32_t code = lead;
    std::size_t length = 1;
    if (lead >= 0xF0) {
      code = lead & 0x07, length = 4;
    } else if (lead >= 0xE0) {
      code = lead & 0x0F, length = 3;
    } else if (lead >= 0xC0) {
      code = lead & 0x1F, length = 2;
    }
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += length;
    if ((code >= 0x3040 && code <= 0x30FF) || (code >= 0x3400 && code <= 0x9FFF) ||
        (code >= 0xAC00 && code <= 0xD7AF) || (code >= 0xF900 && code <= 0xFAFF)) {
      return true;
    }
  }
  return false;
}

bool is_cjk_language(const std::string& language) {
  return language.starts_with("zh") || language.starts_with("ja") || language.starts_with("ko");
}

}  // namespace

TEST_CASE("Every corpus feed parses and each well-formed feed yields exactly its items") {
  const std::vector<Source> sources = read_sources();
  CHECK(sources.size() == 359);  // one row per file in the corpus README
  int visited = 0, parsed = 0, rejected = 0, counted = 0, json = 0;
  for (const Source& source : sources) {
    CAPTURE(source.file);
    CAPTURE(source.notes);
    ++visited;
    const auto result = monsoon::parse::parse_feed(read_file(kDir + source.file), {});
    const Exception* exception = exception_for(source.file);
    const int promised = promised_items(source.notes);
    const bool well_formed = !says_malformed(source.notes);
    if (!result) {
      ++rejected;
      // Only files the notes call broken or not a feed, and listed files, may be rejected.
      const bool not_a_feed = source.notes.find("not a feed") != std::string::npos ||
                              source.notes.find("not RSS/Atom") != std::string::npos ||
                              source.notes.find("not JSON Feed") != std::string::npos;
      const bool listed = exception != nullptr && exception->entries < 0;
      CHECK_MESSAGE((!well_formed || not_a_feed || listed), "rejected: " << result.error().message);
      continue;
    }
    ++parsed;
    if (source.file.ends_with(".json")) ++json;
    const bool listed_as_rejected = exception != nullptr && exception->entries < 0;
    CHECK_FALSE_MESSAGE(listed_as_rejected, "listed as rejected but parsed");
    if (promised < 0 || !well_formed) continue;
    ++counted;
    const int expected = exception != nullptr ? exception->entries : promised;
    CHECK(static_cast<int>(result->entries.size()) == expected);
  }
  CHECK(visited == 359);
  MESSAGE("corpus: " << visited << " files, " << parsed << " parsed (" << json << " JSON Feed), "
                     << rejected << " rejected, " << counted << " item counts checked exactly");
}

TEST_CASE("CJK corpus feeds have CJK titles without replacement characters") {
  for (const Source& source : read_sources()) {
    if (!is_cjk_language(source.language)) continue;
    if (std::find(kCjkWithoutTitles.begin(), kCjkWithoutTitles.end(), source.file) !=
        kCjkWithoutTitles.end()) {
      continue;
    }
    CAPTURE(source.file);
    const auto result = monsoon::parse::parse_feed(read_file(kDir + source.file), {});
    REQUIRE(result.has_value());
    std::vector<std::string> titles;
    if (result->feed.title) titles.push_back(result->feed.title->value);
    for (const auto& entry : result->entries) {
      if (entry.title) titles.push_back(entry.title->value);
    }
    REQUIRE_FALSE(titles.empty());
    const bool any_cjk = std::any_of(titles.begin(), titles.end(), has_cjk);
    CHECK(any_cjk);
    for (const std::string& title : titles) {
      CHECK(title.find("\xEF\xBF\xBD") == std::string::npos);
    }
  }
}
