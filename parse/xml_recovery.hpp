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
  // UTF-8 a strict parser accepts. When nothing needed repair it is the input as it
  // was, XML declaration included (a parser told the text is UTF-8 skips it); otherwise
  // it has no XML declaration and no DOCTYPE.
  std::string text;
  std::vector<std::string> problems;  // "line 12: undefined entity &nbsp;", in order
  bool saw_root = false;              // false: there was no element at all
  bool netscape_doctype = false;      // <!DOCTYPE rss PUBLIC "-//Netscape ...//DTD RSS 0.91//EN">
  bool repaired = false;              // text differs from the input beyond the declaration
};

RecoveredXml recover_xml(std::string_view utf8);

}  // namespace monsoon::parse::detail
