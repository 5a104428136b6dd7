#pragma once
// Feed parsing: raw bytes plus what the fetch knew -> model::ParsedFeed.
//
// Pure: no I/O, no clock, no logging. Never throws for bad input: a document that is
// not well-formed still yields every entry that could be read, with bozo = true and
// bozo_exception saying what was wrong and where. Fails (Result error) only when
// nothing feed-like could be found at all: malformed_feed for bytes that are not XML
// (or JSON) even after recovery, unsupported_format for a well-formed document whose
// root is not a feed.

#include <monsoon/model.hpp>

#include <string>
#include <string_view>

namespace monsoon::parse {

struct ParseOptions {
  std::string content_type;     // HTTP Content-Type, may carry charset=
  std::string base_url;         // document URL; relative links resolve against it
  std::string forced_encoding;  // operator override from config; wins over everything
  model::Region region = model::Region::unassigned;  // for ambiguous date zones
};

[[nodiscard]] model::Result<model::ParsedFeed> parse_feed(std::string_view bytes,
                                                          const ParseOptions& options);

// Parses a feed date (RFC 822 and its corruptions, ISO 8601 / W3C-DTF, ...).
// nullopt when the text is not a date we understand.
std::optional<model::TimePoint> parse_date(std::string_view text,
                                           model::Region region = model::Region::unassigned);

// Plain one-line text from a possibly-HTML value: tags stripped, entities decoded,
// whitespace collapsed, trimmed. Cut to at most max_bytes at a UTF-8 character
// boundary (preferring a word boundary) with "…" appended when cut.
std::string plain_text(std::string_view value, bool is_html, std::size_t max_bytes = 0);

// One line of JSON (no trailing newline) describing `feed` with the Universal Feed
// Parser's canonical keys: file, bozo, bozo_exception, encoding, version, feed,
// entries (see ../shared/conformance/feedparser/README.md for the vocabulary).
// Dates are ISO 8601 UTC ("2026-11-20T09:30:00Z"). Absent values are omitted.
std::string to_json_line(const model::ParsedFeed& feed, std::string_view file);

}  // namespace monsoon::parse
