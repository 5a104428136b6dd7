#pragma once
// HTML fragments found in feed text: the Universal Feed Parser's sanitizing
// re-serializer, and its guess whether a plain-text value is really HTML.

#include <string>
#include <string_view>

namespace monsoon::parse::detail {

// Re-serializes an HTML fragment the way feedparser's _HTMLSanitizer does: tags and
// attribute names lower-cased, attributes sorted and double-quoted, void elements as
// "<br />", entity and character references kept as written, bare '&' in attributes
// escaped. Drops script/style/applet (with content), unknown elements (keeping their
// text), event-handler and other unlisted attributes, comments, PIs and declarations.
std::string sanitize_html(std::string_view html);

// feedparser's _looks_like_html: a close tag or an entity reference, only known HTML
// elements, and only known entities.
bool looks_like_html(std::string_view text);

// True for elements that have no end tag (br, img, hr, ...).
bool is_void_element(std::string_view tag);

}  // namespace monsoon::parse::detail
