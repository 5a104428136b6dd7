#pragma once
// Finding a document's character encoding and converting it to UTF-8, the way the
// Universal Feed Parser does it (RFC 3023 rules for HTTP media types, then the XML
// declaration, then the byte order mark, then detection, then fallbacks).

#include <string>
#include <string_view>

namespace monsoon::parse::detail {

struct DecodedDocument {
  std::string text;      // UTF-8 without BOM; invalid sequences became U+FFFD
  std::string encoding;  // lower-case name as feedparser reports it ("utf-8", "gb18030")
  std::string problem;   // why the encoding is suspect (sets bozo); empty when fine
};

// Never fails: the last fallback (iso-8859-2) decodes any byte string.
DecodedDocument decode_document(std::string_view bytes, std::string_view content_type,
                                std::string_view forced_encoding);

// The charset parameter of a Content-Type value ("" when absent or malformed).
std::string charset_from_content_type(std::string_view content_type);

// The encoding named in a leading <?xml ... encoding="..."?> (lower-case, "" if none).
std::string declared_xml_encoding(std::string_view text);

}  // namespace monsoon::parse::detail
