#pragma once
// Canonical URLs: one spelling for every link that names the same article, so that
// "same canonical URL" can mean "same story" across feeds. Pure and thread-safe (no
// shared state; libcurl's URL API needs no global init).
//
// The canonical form is a comparison key, not a link to show or fetch: keep the
// original link for readers. Rules, in order (through curl's URL API, CURLU):
//   - only absolute http(s) URLs are canonicalised; anything else (tag:, relative,
//     unparsable) comes back trimmed and without its fragment, otherwise unchanged;
//   - the scheme is always written "https": http and https name the same article on
//     every news site we poll, and https is what a reader lands on today;
//   - the host is lower-cased, a trailing dot dropped, and one leading "www.", "m.",
//     "mobile." or "amp." label removed while at least two labels remain ("m.example.com"
//     -> "example.com", but "m.co" stays); the default ports 80 and 443 are dropped;
//   - the fragment and any user:password are dropped;
//   - path: escapes of unreserved characters decoded (%7E -> ~), other escapes
//     upper-cased (%2f -> %2F), raw bytes >= 0x80 and spaces percent-encoded; AMP
//     variants undone (a path segment that is exactly "amp", a last segment ending
//     ".amp" or containing ".amp." before an extension); a trailing "/" removed; an
//     empty path written "/";
//   - query: parameters split on "&", tracking parameters (model::is_tracking_parameter, any
//     "utm_*") and AMP switches ("amp", "amp=1", "outputType=amp") dropped, escapes
//     normalised as in the path, the rest sorted so their order does not matter;
//     an empty query is dropped with its "?".
// Meaningful parameters such as "id", "p", "story_fbid" or "article" are kept.
// FeedBurner: parse_feed already replaces an entry's link by its feedburner:origLink,
// so a feedproxy link only remains when the feed had no origLink; it is kept as is.

#include <array>
#include <string>
#include <string_view>

namespace monsoon::store::detail {

// The canonical key of `url` (see the rules above). Never fails.
[[nodiscard]] std::string canonical_url(std::string_view url);

}  // namespace monsoon::store::detail
