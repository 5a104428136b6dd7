#include "encoding.hpp"

#include "charsets.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <uchardet/uchardet.h>
#include <vector>

namespace monsoon::parse::detail {
namespace {

struct Sniffed {
  std::string encoding;  // utf-8, utf-16le, ... or "" when nothing was sniffed
  std::size_t skip = 0;  // BOM length
};

bool starts_with_bytes(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

// XML 1.0 appendix F: byte order marks and the byte patterns of "<?" in wide encodings.
Sniffed sniff_bom(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (starts_with_bytes(bytes, "\x00\x00\xFE\xFF"sv)) return {"utf-32be", 4};
  if (starts_with_bytes(bytes, "\xFF\xFE\x00\x00"sv)) return {"utf-32le", 4};
  if (starts_with_bytes(bytes, "\x00\x00\x00\x3C"sv)) return {"utf-32be", 0};
  if (starts_with_bytes(bytes, "\x3C\x00\x00\x00"sv)) return {"utf-32le", 0};
  if (starts_with_bytes(bytes, "\xFE\xFF"sv)) return {"utf-16be", 2};
  if (starts_with_bytes(bytes, "\xFF\xFE"sv)) return {"utf-16le", 2};
  if (starts_with_bytes(bytes, "\x00\x3C\x00\x3F"sv)) return {"utf-16be", 0};
  if (starts_with_bytes(bytes, "\x3C\x00\x3F\x00"sv)) return {"utf-16le", 0};
  if (starts_with_bytes(bytes, "\xEF\xBB\xBF"sv)) return {"utf-8", 3};
  // No BOM and no declaration, but "<r" in UTF-16: NUL bytes give the byte order away.
  if (bytes.size() >= 4 && bytes[0] == '\0' && bytes[1] == '<' && bytes[2] == '\0') {
    return {"utf-16be", 0};
  }
  if (bytes.size() >= 4 && bytes[0] == '<' && bytes[1] == '\0' && bytes[3] == '\0') {
    return {"utf-16le", 0};
  }
  return {};
}

struct MediaType {
  std::string type;     // lower-case type/subtype, "" when no Content-Type was given
  std::string charset;  // lower-case, may be ""
};

MediaType parse_media_type(std::string_view content_type) {
  MediaType media;
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  media.type = normalize_label(type);
  media.charset = charset_from_content_type(content_type);
  return media;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_wide(std::string_view encoding) {
  return encoding.starts_with("utf-16") || encoding.starts_with("utf-32");
}

// Declarations that only say "some UTF-16/32": the BOM says which byte order.
bool is_unspecific_unicode(std::string_view label) {
  static constexpr std::array<std::string_view, 14> kLabels = {
      "u16",    "utf-16",          "utf16",           "utf_16", "u32",       "utf-32", "utf32",
      "utf_32", "iso-10646-ucs-2", "iso-10646-ucs-4", "csucs4", "csunicode", "ucs-2",  "ucs-4"};
  return std::find(kLabels.begin(), kLabels.end(), label) != kLabels.end();
}

// uchardet's verdict, named the way Python's chardet names it.
std::string detect_charset(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(
      uchardet_new(), uchardet_delete);
  if (uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) != 0) return "";
  uchardet_data_end(detector.get());
  std::string name = normalize_label(uchardet_get_charset(detector.get()));
  // chardet calls GB18030-compatible text "GB2312"; feedparser reports chardet's name.
  if (name == "gb18030") return "gb2312";
  if (name == "uhc") return "euc-kr";
  return name;
}

std::string http_charset_default(const MediaType& media, const std::string& xml_encoding,
                                 bool& acceptable) {
  const std::string& type = media.type;
  if (type.empty()) return xml_encoding.empty() ? "utf-8" : xml_encoding;
  if (type == "application/xml" || type == "application/xml-dtd" ||
      type == "application/xml-external-parsed-entity" ||
      (type.starts_with("application/") && ends_with(type, "+xml"))) {
    acceptable = true;
    if (!media.charset.empty()) return media.charset;
    return xml_encoding.empty() ? "utf-8" : xml_encoding;
  }
  if (type == "text/xml" || type == "text/xml-external-parsed-entity" ||
      (type.starts_with("text/") && ends_with(type, "+xml"))) {
    acceptable = true;
    return media.charset.empty() ? "us-ascii" : media.charset;
  }
  if (type.starts_with("text/")) return media.charset.empty() ? "us-ascii" : media.charset;
  // Any other media type (application/octet-stream, ...): trust the document.
  acceptable = true;
  if (!media.charset.empty()) return media.charset;
  return xml_encoding.empty() ? "utf-8" : xml_encoding;
}

std::string gb_upgrade(const std::string& label) { return label == "gb2312" ? "gb18030" : label; }

DecodedDocument decode_forced(std::string_view body, std::string_view forced) {
  DecodedDocument out;
  std::size_t bad_count = 0;
  std::size_t bad_offset = 0;
  auto text = decode_lossy(body, forced, bad_count, bad_offset);
  if (!text) {
    out.problem = "forced encoding " + std::string(forced) + " is unknown; read as utf-8";
    text = decode_lossy(body, "utf-8", bad_count, bad_offset);
    out.encoding = "utf-8";
  } else {
    out.encoding = gb_upgrade(normalize_label(forced));
  }
  out.text = std::move(*text);
  if (bad_count > 0 && out.problem.empty()) {
    out.problem = "invalid " + out.encoding + " byte sequence at byte " +
                  std::to_string(bad_offset) + " (replaced with U+FFFD)";
  }
  return out;
}

// A declared multi-byte encoding with a few bad bytes is still that encoding: better a
// few U+FFFD than a whole CJK feed read as windows-1252.
std::optional<std::string> decode_mostly(std::string_view body, const std::string& label,
                                         std::size_t& bad_offset) {
  std::size_t bad_count = 0;
  auto text = decode_lossy(body, label, bad_count, bad_offset);
  if (!text || bad_count == 0) return std::nullopt;
  if (bad_count > std::max<std::size_t>(8, body.size() / 1000)) return std::nullopt;
  return text;
}

// The BOM (or the "<?" byte pattern) is authoritative for UTF-16/32.
DecodedDocument decode_wide(std::string_view body, const std::string& encoding) {
  DecodedDocument out;
  std::size_t bad_count = 0;
  std::size_t bad_offset = 0;
  out.text = decode_lossy(body, encoding, bad_count, bad_offset).value_or("");
  out.encoding = encoding;
  if (bad_count > 0) out.problem = "invalid " + encoding + " byte sequence";
  return out;
}

struct Candidates {
  std::string proposed;   // what RFC 3023 says the encoding is
  std::string xml;        // from the XML declaration
  std::string bom;        // from the byte order mark
  bool declared = false;  // anything at all named an encoding
};

// A single-byte 8-bit charset (Latin, Cyrillic, ...). Real text in one of them is never
// valid UTF-8 with multi-byte sequences by chance, so such bytes contradict the label.
bool is_single_byte_charset(std::string_view label) {
  return label.starts_with("iso-8859-") || label.starts_with("iso8859") ||
         label.starts_with("windows-125") || label.starts_with("cp125") ||
         label.starts_with("latin") || label.starts_with("koi8") || label == "l1";
}

bool has_non_ascii(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// feedparser's order: the RFC 3023 answer, the declaration, the BOM; then (our change)
// a declared encoding with a few bad bytes; then UTF-8, detection, windows-1252 and
// iso-8859-2, which decodes anything.
DecodedDocument decode_candidates(std::string_view body, const Candidates& candidates) {
  DecodedDocument out;
  std::vector<std::string> tried;
  auto attempt = [&](const std::string& label) -> bool {
    if (label.empty() || std::find(tried.begin(), tried.end(), label) != tried.end()) {
      return false;
    }
    tried.push_back(label);
    auto text = decode_strict(body, label);
    if (!text) return false;
    out.text = std::move(*text);
    out.encoding = label;
    return true;
  };
  // Our change: "ISO-8859-1" declared over bytes that are UTF-8 (a template's prolog left
  // as it was) loses to the bytes, which feedparser also reads as UTF-8 in the end.
  if (is_single_byte_charset(candidates.proposed) && has_non_ascii(body) &&
      first_invalid_utf8(body) == std::string_view::npos) {
    out.text = std::string(body);
    out.encoding = "utf-8";
    out.problem = "document declared as " + candidates.proposed + ", but its bytes are utf-8";
    return out;
  }
  bool done = attempt(candidates.proposed) || attempt(candidates.xml) || attempt(candidates.bom);
  if (!done && candidates.declared) {
    const std::string label = is_known_charset(tried.front()) ? tried.front() : "utf-8";
    std::size_t bad_offset = 0;
    if (auto text = decode_mostly(body, label, bad_offset)) {
      out.text = std::move(*text);
      out.encoding = label;
      out.problem = "invalid " + label + " byte sequence at byte " + std::to_string(bad_offset) +
                    " (replaced with U+FFFD)";
      return out;
    }
  }
  // Valid UTF-8 is UTF-8 whatever a detector thinks; only other bytes need guessing.
  if (!done) done = attempt("utf-8") || attempt(detect_charset(body));
  if (!done) done = attempt("windows-1252") || attempt("iso-8859-2");
  if (done && out.encoding != candidates.proposed) {
    out.problem = candidates.declared ? "document declared as " + candidates.proposed +
                                            ", but parsed as " + out.encoding
                                      : "no encoding declared and the bytes are not " +
                                            candidates.proposed + "; detected " + out.encoding;
  }
  return out;
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  std::size_t pos = content_type.find(';');
  while (pos != std::string_view::npos) {
    std::string_view param = content_type.substr(pos + 1);
    const std::size_t next = param.find(';');
    param = param.substr(0, next);
    const std::size_t equals = param.find('=');
    if (equals != std::string_view::npos && normalize_label(param.substr(0, equals)) == "charset") {
      return normalize_label(param.substr(equals + 1));
    }
    pos = next == std::string_view::npos ? next : pos + 1 + next;
  }
  return "";
}

std::string declared_xml_encoding(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r' ||
                                 text[start] == '\n')) {
    ++start;
  }
  if (text.substr(start, 5) != "<?xml") return "";
  const std::size_t end = text.find("?>", start);
  if (end == std::string_view::npos || end - start > 512) return "";
  const std::string_view decl = text.substr(start, end - start);
  const std::size_t key = decl.find("encoding");
  if (key == std::string_view::npos) return "";
  std::size_t i = key + 8;
  while (i < decl.size() && (decl[i] == ' ' || decl[i] == '=')) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return "";
  const char quote = decl[i];
  const std::size_t close = decl.find(quote, i + 1);
  if (close == std::string_view::npos) return "";
  return normalize_label(decl.substr(i + 1, close - i - 1));
}

DecodedDocument decode_document(std::string_view bytes, std::string_view content_type,
                                std::string_view forced_encoding) {
  const Sniffed bom = sniff_bom(bytes);
  const std::string_view body = bytes.substr(bom.skip);
  if (!normalize_label(forced_encoding).empty()) return decode_forced(body, forced_encoding);
  if (is_wide(bom.encoding)) return decode_wide(body, bom.encoding);

  std::string head(body.substr(0, 512));
  if (starts_with_bytes(body, "\x4C\x6F\xA7\x94")) {
    // "<?xm" in EBCDIC: read the declaration in code page 037 to learn the real one.
    std::size_t bad_count = 0;
    std::size_t bad_offset = 0;
    head = decode_lossy(head, "cp037", bad_count, bad_offset).value_or(head);
  }
  Candidates candidates;
  candidates.xml = gb_upgrade(declared_xml_encoding(head));
  candidates.bom = bom.encoding;
  if (!bom.encoding.empty() && is_unspecific_unicode(candidates.xml)) candidates.xml = bom.encoding;
  const MediaType media = parse_media_type(content_type);
  bool acceptable = false;
  candidates.proposed = gb_upgrade(http_charset_default(media, candidates.xml, acceptable));
  candidates.declared = !media.charset.empty() || !candidates.xml.empty() || !bom.encoding.empty();

  DecodedDocument out = decode_candidates(body, candidates);
  if (!media.type.empty() && !acceptable) {
    out.problem = std::string(content_type) + " is not an XML media type" +
                  (out.problem.empty() ? "" : "; " + out.problem);
  }
  return out;
}

}  // namespace monsoon::parse::detail
