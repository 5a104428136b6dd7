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

#include <optional>
#include <string>
#include <string_view>

namespace monsoon::parse {

struct ParseOptions {
  std::string content_type;     // HTTP Content-Type, may carry charset=
  std::string base_url;         // document URL; relative links resolve against it
  std::string forced_encoding;  // operator override from config; wins over everything
  model::Region region = model::Region::unassigned;  // for ambiguous date zones
  // When the bytes were fetched. Entries dated more than a day later are judged
  // DateTrust::future; when unset only the missing and before-1995 rules apply.
  std::optional<model::TimePoint> now;
  // HTML values (text/html, XHTML) are sanitised (html.hpp: allowed elements and
  // attributes only, links absolute). A caller that keeps only the plain text of
  // entries' summaries and content (plain_text(), which drops every tag) may skip it
  // for them, the long texts: they then keep their markup as the feed wrote it, with
  // their type, and must not be shown as HTML. Titles are sanitised whatever this
  // says: an entry without id or link is known by its title's value
  // (classify::identity_key).
  bool sanitize_html = true;
};

// Formats: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 (version "json1" /
// "json11"; JSON is recognised by its first byte, whatever the Content-Type). Every
// entry's date_trust is set from its date and options.now (see model::DateTrust).
[[nodiscard]] model::Result<model::ParsedFeed> parse_feed(std::string_view bytes,
                                                          const ParseOptions& options);

// The rule behind Entry::date_trust: missing without a date, before_1995 before
// 1995-01-01T00:00:00Z, future when later than now + 24 h (only if `now` is given).
[[nodiscard]] model::DateTrust judge_date(std::optional<model::TimePoint> date,
                                          std::optional<model::TimePoint> now);

// The entry's date (published, else updated) when its date_trust is ok and it has one;
// nullopt otherwise, so callers fall back to their own first-seen time.
[[nodiscard]] std::optional<model::TimePoint> trusted_date(const model::Entry& entry);

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
// Each entry whose date_trust is not ok also carries "date_trust" ("missing",
// "before_1995", "future"), a key feedparser does not have.
std::string to_json_line(const model::ParsedFeed& feed, std::string_view file);

// The same line appended to `out`, for callers that write many feeds through one
// buffer (monsoon parse): the buffer's capacity is reused instead of reallocated.
void append_json_line(std::string& out, const model::ParsedFeed& feed, std::string_view file);

// A URL in the form used to compare links, through curl's URL API: scheme and host
// lower-cased, the default port (:80 for http, :443 for https) dropped, the fragment
// removed, an empty path written "/", dot segments removed, percent-escapes
// upper-cased (%2f -> %2F) and raw non-ASCII bytes after the host percent-encoded.
// Text curl cannot parse as an absolute URL comes back trimmed and without its
// fragment, otherwise unchanged. Not a canonical URL: http and https, "www." and
// tracking parameters still differ (that is the store's job).
[[nodiscard]] std::string normalize_link(std::string_view url);

// True when the two links are equal after normalize_link.
[[nodiscard]] bool same_link(std::string_view a, std::string_view b);

}  // namespace monsoon::parse
