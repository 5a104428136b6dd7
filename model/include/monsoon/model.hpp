#pragma once
// Plain value types shared by every monsoon module. No I/O, no behaviour beyond
// conversions between enums and their names. Everything here is a value: cheap to
// copy, safe to move between threads.

#include <tl/expected.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monsoon::model {

// ---------------------------------------------------------------------------
// Errors: Result<T> inside the program, exceptions only at its edges.

enum class Errc {
  network,             // DNS, connect, TLS, reset: the transfer did not complete
  timeout,             // connect or transfer took longer than allowed
  http_status,         // the server answered with a status that is not a feed
  too_large,           // body (or decompressed body) over the configured cap
  malformed_feed,      // bytes that cannot be read as a feed at all
  unsupported_format,  // well-formed XML/JSON whose root is not a feed format
  storage,             // SQLite or file system
  config,              // configuration text or values
  refused,             // a URL or redirect we will not follow (scheme, policy)
  dns,                 // the host name did not resolve
  connect,             // no TCP connection (refused, unreachable)
  tls,                 // TLS handshake or certificate failure
  blocked,             // a bot challenge (Cloudflare, DataDome) instead of the feed
  gone,                // HTTP 410: the publisher removed the feed
  not_a_feed,          // the URL serves an HTML page or other non-feed document
};

struct Error {
  Errc code;
  std::string message;  // names the feed, URL or file it is about
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(Errc code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

inline std::string_view to_string(Errc code) noexcept;

// ---------------------------------------------------------------------------
// Regions. The seven regional sections of the digest; `pan_asia` for outlets that
// cover many Asian countries; `global` for outlets, and items, not about Asia; and
// `unassigned` for items nobody could place.

enum class Region {
  china,
  taiwan,
  japan,
  south_korea,
  india,
  southeast_asia,
  rest_of_asia,
  pan_asia,  // a source covering several Asian countries; never an item's verdict
  global,    // a source covering the world, or an item not about Asia (no digest section)
  unassigned,
};

inline constexpr std::array<Region, 7> kDigestRegions = {
    Region::china, Region::taiwan,         Region::japan,       Region::south_korea,
    Region::india, Region::southeast_asia, Region::rest_of_asia};

// Config/database spelling: "south_korea".
inline std::string_view to_string(Region region) noexcept;
// Human heading: "South Korea".
inline std::string_view display_name(Region region) noexcept;
// Accepts exactly the config spelling; nullopt otherwise.
inline std::optional<Region> region_from_string(std::string_view name) noexcept;
// Every config spelling, in declaration order (for error messages and did-you-mean).
inline std::vector<std::string_view> region_names();

// ---------------------------------------------------------------------------
// Feeds as the operator configured them.

using Seconds = std::chrono::seconds;
using TimePoint = std::chrono::sys_seconds;

struct FeedSource {
  std::string url;
  std::string name;
  Region region = Region::unassigned;
  std::string language;  // BCP 47 tag as configured, may be empty
  Seconds interval{0};   // 0 = use the [fetch] default
  std::string encoding;  // forced character encoding, empty = detect
  bool enabled = true;
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
  std::string username;  // HTTP basic auth; never logged
  std::string password;  // HTTP basic auth; never logged
  Seconds timeout{0};    // whole-transfer timeout, 0 = the [fetch] default
  bool region_fixed = false;  // every item takes `region`; the text is not read
  bool aggregator = false;    // republishes other outlets' stories (Google News, Techmeme)
};

// An operator's classification rule: text that means a region. `pattern` matches
// like a regions.toml term (a literal, not a regex; see classify/data/regions.toml).
struct RegionRule {
  std::string pattern;
  Region region = Region::unassigned;
  double weight = 3.0;
};

// ---------------------------------------------------------------------------
// A parsed feed, with feedparser's vocabulary so the conformance data applies.

// A text construct: value plus how to read it.
struct Text {
  std::string value;
  std::string type = "text/plain";  // text/plain, text/html, application/xhtml+xml
  std::string base;                 // xml:base in effect, may be empty
  std::string language;             // xml:lang in effect, may be empty
  std::string src;                  // Atom content@src only
};

struct Link {
  std::string href;
  std::string rel;  // "alternate" when absent
  std::string type;
  std::string title;
  std::string hreflang;
  std::string length;
};

struct Person {
  std::string name;
  std::string email;
  std::string href;
};

struct Tag {
  std::string term;
  std::string scheme;
  std::string label;
};

struct Enclosure {
  std::string href;
  std::string length;
  std::string type;
};

// Fields common to a feed's head and to its entries.
struct CommonFields {
  std::optional<Text> title;
  std::string link;  // main alternate link, possibly relative if no base known
  std::vector<Link> links;
  std::string id;
  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  std::string published_raw;  // the date text as found, for diagnostics
  std::string updated_raw;
  std::optional<Person> author;
  std::vector<Person> authors;
  std::vector<Tag> tags;
  std::string language;
};

// Whether an entry's date can be believed. The date judged is `published`, else
// `updated` (the one a reader would show); both keep the value as read either way.
// parse_feed sets it; an Entry built elsewhere starts as ok, so ask
// parse::trusted_date() rather than reading the dates directly.
enum class DateTrust {
  ok,           // within [1995-01-01T00:00Z, now + 24 h]; no upper bound when now is unknown
  missing,      // no date, or none that could be read (published_raw/updated_raw keep it)
  before_1995,  // earlier than 1995-01-01T00:00Z: a zeroed or broken clock
  future,       // more than a day after the fetch time (parse::ParseOptions::now)
};

// "ok", "missing", "before_1995", "future".
inline std::string_view to_string(DateTrust trust) noexcept;

struct Entry : CommonFields {
  std::optional<Text> summary;
  std::vector<Text> content;
  std::vector<Enclosure> enclosures;
  std::string comments;
  bool guidislink = false;
  DateTrust date_trust = DateTrust::ok;
};

struct FeedHead : CommonFields {
  std::optional<Text> subtitle;
  std::string rights;
  std::optional<Seconds> ttl;  // RSS <ttl>, a polling hint
};

struct ParsedFeed {
  bool bozo = false;            // not well-formed, or the declared encoding was wrong
  std::string bozo_exception;   // what was wrong and where, empty when !bozo
  std::string encoding;         // the encoding the bytes were read with
  std::string version;          // rss20, rss10, atom10, atom03, rss090, rss091u, ...
  FeedHead feed;
  std::vector<Entry> entries;
};

// ---------------------------------------------------------------------------
// What the store keeps of an entry and hands to the digest.

struct StoredItem {
  std::int64_t id = 0;
  std::string feed_url;
  std::string feed_name;
  std::string title;    // one line of plain text
  std::string link;     // absolute http(s) URL, may be empty
  std::string summary;  // plain text, may be empty
  std::optional<TimePoint> published;
  TimePoint first_seen{};
  Region region = Region::unassigned;
  std::int64_t story_id = 0;  // items sharing it are one story across sources
  bool from_aggregator = false;  // its feed is marked `aggregator` in the config
};

// What choosing a week's stories needs of each item, without its text: a digest
// plans from the outlines of the whole week, then reads only the items it prints.
struct ItemOutline {
  std::int64_t id = 0;
  std::int64_t story_id = 0;
  std::int64_t feed_id = 0;
  TimePoint time{};  // published, else first seen
  Region region = Region::unassigned;
  bool from_aggregator = false;
};

// Query parameters (compared case-insensitively) that only say where a click came
// from: the store ignores them when it compares links, the digest drops them from
// the links it prints. "utm_" prefixed parameters are tracking as well.
inline constexpr std::array<std::string_view, 20> kTrackingParameters = {
    "fbclid", "gclid", "gclsrc",  "dclid", "msclkid", "yclid",   "twclid",
    "igshid", "mc_cid", "mc_eid", "_ga",   "_gl",     "ref",     "ref_src",
    "ref_url", "ncid",  "cmpid",  "spm",   "__twitter_impression", "sr_share"};

// Whether a query parameter's name (before any "=") is a tracking parameter.
inline bool is_tracking_parameter(std::string_view name) noexcept {
  const auto iequals = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
      if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y)) return false;
    }
    return true;
  };
  if (name.size() >= 4 && iequals(name.substr(0, 4), "utm_")) return true;
  for (const std::string_view tracking : kTrackingParameters) {
    if (iequals(name, tracking)) return true;
  }
  return false;
}

// ISO 8601 week, e.g. 2026-W48.
struct IsoWeek {
  int year = 0;
  unsigned week = 0;  // 1..53
  friend bool operator==(const IsoWeek&, const IsoWeek&) = default;
};

// ---------------------------------------------------------------------------
// Inline definitions.

namespace detail {
struct RegionName {
  Region region;
  std::string_view name;
  std::string_view display;
};
inline constexpr std::array<RegionName, 10> kRegionNames = {{
    {Region::china, "china", "China"},
    {Region::taiwan, "taiwan", "Taiwan"},
    {Region::japan, "japan", "Japan"},
    {Region::south_korea, "south_korea", "South Korea"},
    {Region::india, "india", "India"},
    {Region::southeast_asia, "southeast_asia", "Southeast Asia"},
    {Region::rest_of_asia, "rest_of_asia", "Rest of Asia"},
    {Region::pan_asia, "pan_asia", "Pan-Asia"},
    {Region::global, "global", "Global"},
    {Region::unassigned, "unassigned", "Unassigned"},
}};
}  // namespace detail

inline std::string_view to_string(Region region) noexcept {
  for (const auto& entry : detail::kRegionNames) {
    if (entry.region == region) return entry.name;
  }
  return "unassigned";
}

inline std::string_view display_name(Region region) noexcept {
  for (const auto& entry : detail::kRegionNames) {
    if (entry.region == region) return entry.display;
  }
  return "Unassigned";
}

inline std::optional<Region> region_from_string(std::string_view name) noexcept {
  for (const auto& entry : detail::kRegionNames) {
    if (entry.name == name) return entry.region;
  }
  return std::nullopt;
}

inline std::vector<std::string_view> region_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : detail::kRegionNames) names.push_back(entry.name);
  return names;
}

inline std::string_view to_string(DateTrust trust) noexcept {
  switch (trust) {
    case DateTrust::ok: return "ok";
    case DateTrust::missing: return "missing";
    case DateTrust::before_1995: return "before_1995";
    case DateTrust::future: return "future";
  }
  return "ok";
}

inline std::string_view to_string(Errc code) noexcept {
  switch (code) {
    case Errc::network: return "network";
    case Errc::timeout: return "timeout";
    case Errc::http_status: return "http_status";
    case Errc::too_large: return "too_large";
    case Errc::malformed_feed: return "malformed_feed";
    case Errc::unsupported_format: return "unsupported_format";
    case Errc::storage: return "storage";
    case Errc::config: return "config";
    case Errc::refused: return "refused";
    case Errc::dns: return "dns";
    case Errc::connect: return "connect";
    case Errc::tls: return "tls";
    case Errc::blocked: return "blocked";
    case Errc::gone: return "gone";
    case Errc::not_a_feed: return "not_a_feed";
  }
  return "unknown";
}

}  // namespace monsoon::model
