#pragma once
// Repairs a UTF-8 document so that a strict XML parser accepts it, noting each repair.
//
// Real feeds are often not well-formed: HTML entities nobody declared (&nbsp;), bare '&',
// control characters, mismatched or missing end tags, garbage after the root element,
// truncated bodies. The repaired text keeps everything that can be kept; an entry
// (<item>/<entry>) cut off by the end of the data is dropped rather than half-kept.
// A DOCTYPE is removed after its internal ENTITY declarations have been applied.

#include <string>
#include <string_view>
#include <vector>

namespace monsoon::parse::detail {

struct RecoveredXml {
  // When `repaired`: UTF-8 a strict parser accepts, without XML declaration or DOCTYPE.
  // Otherwise empty: the input itself is well-formed and is to be parsed as it is (a
  // parser told the text is UTF-8 skips its XML declaration).
  std::string text;
  std::vector<std::string> problems;  // "line 12: undefined entity &nbsp;", in order
  bool saw_root = false;              // false: there was no element at all
  bool netscape_doctype = false;      // <!DOCTYPE rss PUBLIC "-//Netscape ...//DTD RSS 0.91//EN">
  bool repaired = false;              // the input needed changes; `text` holds the result
};

RecoveredXml recover_xml(std::string_view utf8);

}  // namespace monsoon::parse::detail
