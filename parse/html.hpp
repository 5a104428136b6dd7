#pragma once
// HTML fragments found in feed text: the Universal Feed Parser's sanitizing
// re-serializer, and its guess whether a plain-text value is really HTML.

#include <optional>
#include <string>
#include <string_view>

namespace monsoon::parse::detail {

// Re-serializes an HTML fragment the way feedparser's _HTMLSanitizer does: tags and
// attribute names lower-cased, attributes sorted and double-quoted, void elements as
// "<br />", entity and character references kept as written, bare '&' in attributes
// escaped. Drops script/style/applet (with content), unknown elements (keeping their
// text), event-handler and other unlisted attributes, comments, PIs and declarations.
// URL-valued attributes (href, src, ...) go through clean_url_attribute: relative ones
// are resolved against `base` (the xml:base / document URL in effect; "" leaves them
// relative) and script URLs are removed with their attribute.
std::string sanitize_html(std::string_view html, std::string_view base = {});

// True for attributes whose value is a URL (href, src, cite, action, poster, ...).
bool is_url_attribute(std::string_view name);

// The value to write for URL attribute `name` whose value was `written` (character
// references as in the source): references decoded, surrounding spaces and controls
// trimmed, resolved against `base` unless absolute or a same-document usemap, and
// escaped for a double-quoted attribute. nullopt when the attribute must be dropped:
// a javascript:, vbscript: or data: URL (data:image/ other than SVG is kept), however
// it is disguised (case, entities, embedded tabs, leading spaces).
std::optional<std::string> clean_url_attribute(std::string_view name, std::string_view written,
                                               std::string_view base);

// feedparser's _looks_like_html: a close tag or an entity reference, only known HTML
// elements, and only known entities.
bool looks_like_html(std::string_view text);

// Appends `text` with &, < and > escaped (and " too when it goes inside a
// double-quoted attribute value).
void append_escaped(std::string& out, std::string_view text, bool in_attribute = false);

// True for elements that have no end tag (br, img, hr, ...).
bool is_void_element(std::string_view tag);

}  // namespace monsoon::parse::detail
