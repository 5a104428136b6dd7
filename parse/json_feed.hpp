#pragma once
// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) read into the same
// ParsedFeed vocabulary as RSS and Atom.

#include "encoding.hpp"

#include <monsoon/model.hpp>
#include <monsoon/parse.hpp>

#include <string_view>

namespace monsoon::parse::detail {

// True when the raw bytes, after an optional byte order mark and white space, start
// with '{' or '[' (in UTF-8, UTF-16 or UTF-32): the body is JSON, not XML.
bool looks_like_json(std::string_view bytes);

// The Content-Type to decode a JSON body with: application/json, keeping an HTTP
// charset parameter if there was one, so XML media-type rules do not apply.
std::string json_content_type(std::string_view content_type);

// Reads an already decoded JSON document as a JSON Feed. Fails with malformed_feed
// (message names the byte offset, line and column) when the text is not JSON, and with
// unsupported_format when it is JSON but not a JSON Feed (no "version" under
// jsonfeed.org/version/). Relative URLs resolve against options.base_url, or against
// an absolute feed_url when no base is known.
model::Result<model::ParsedFeed> parse_json_feed(const DecodedDocument& decoded,
                                                 const ParseOptions& options);

}  // namespace monsoon::parse::detail
