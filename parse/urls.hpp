#pragma once
// Relative URL resolution (RFC 3986) through libcurl's URL API.

#include <string>
#include <string_view>

namespace monsoon::parse::detail {

// `reference` resolved against `base`. An absolute reference, an empty base, or a
// base curl cannot use (tag:, urn:) returns the reference unchanged, like Python's urljoin.
std::string resolve_url(std::string_view base, std::string_view reference);

// False for javascript:, vbscript: and data: URLs, which must never become a base.
bool is_safe_url(std::string_view url);

// True when `text` starts with a URL scheme ("http:", "tag:").
bool has_scheme(std::string_view text);

}  // namespace monsoon::parse::detail
