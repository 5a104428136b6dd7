#pragma once
// Text constructs: the value and type of a title, summary, content, subtitle or rights
// element, following feedparser (type/mode attributes, base64, inline XHTML, div
// stripping for Atom 1.0, HTML guessing for RSS, sanitizing).

#include "xml_tree.hpp"

#include <monsoon/model.hpp>

#include <string>
#include <string_view>

namespace monsoon::parse::detail {

struct TextContext {
  bool utf8 = false;    // the document was read as UTF-8 (double-encoding repair applies)
  bool atom = false;    // the document is some Atom version (no HTML guessing)
  bool atom10 = false;  // Atom 1.0: a lone wrapping <div> of XHTML content is removed
  bool sanitize_bodies = true;  // HTML summaries and content are sanitised (ParseOptions::sanitize_html)
  // Set when a value was read from several nodes or from markup. There, whitespace-only
  // text between elements can be part of the value, and a parse that dropped such text
  // must be done again keeping it (parse_feed.cpp).
  mutable bool whitespace_matters = false;
};

// Reads `element` as a text construct whose type defaults to `default_type`. An
// entry's summary or content is a `body` (TextContext::sanitize_bodies).
model::Text read_text(const Element& element, std::string_view default_type,
                      const TextContext& context, bool body = false);

// Character data of a simple element (link, id, date...), stripped and repaired.
std::string field_text(const Element& element, const TextContext& context);

// feedparser's last steps for every value: UTF-8 that was read as ISO-8859-1 and
// re-encoded is decoded once more (UTF-8 documents only), and C1 controls U+0080-U+009F
// become the windows-1252 characters their writers meant (U+0092 -> U+2019).
std::string repair_text(std::string value, bool utf8_document);

// feedparser's map_content_type: "text" -> text/plain, "html" -> text/html, ...
std::string map_content_type(std::string_view type);

// Python's str.strip() for ASCII whitespace.
std::string strip(std::string_view text);
void strip_in_place(std::string& text);

}  // namespace monsoon::parse::detail
