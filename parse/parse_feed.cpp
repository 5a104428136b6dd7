// parse_feed: bytes -> UTF-8 -> repaired XML -> pugixml tree -> ParsedFeed, or
// bytes -> UTF-8 -> JSON -> ParsedFeed for JSON Feed.
#include "encoding.hpp"
#include "feed_builder.hpp"
#include "json_feed.hpp"
#include "xml_recovery.hpp"
#include "xml_tree.hpp"

#include <monsoon/parse.hpp>

#include <pugixml.hpp>

#include <optional>

namespace monsoon::parse {
namespace {

using detail::Element;

std::string rss_version(const Element& root, bool netscape_doctype) {
  const std::string declared = detail::attribute(root, "version");
  if (declared == "0.91") return netscape_doctype ? "rss091n" : "rss091u";
  if (declared == "0.92") return "rss092";
  if (declared == "0.93") return "rss093";
  if (declared == "0.94") return "rss094";
  if (declared.starts_with("2.") || declared == "2") return "rss20";
  return "rss";
}

// feedparser's version ids; "" when the root is not a feed.
std::string detect_version(const Element& root, bool netscape_doctype) {
  if (root.local == "rss" && (root.ns.empty() || root.key == "rss")) {
    return rss_version(root, netscape_doctype);
  }
  if (root.local == "rdf" && root.ns == detail::kRdfNs) {
    // feedparser decides by the first RSS namespace declared.
    for (const auto& [prefix, uri] : root.bindings()) {
      if (uri == detail::kRss090Ns && prefix.empty()) return "rss090";
      if (uri == detail::kRss10Ns) return "rss10";
    }
    for (const Element& child : detail::children(root)) {
      if (child.ns == detail::kRss090Ns) return "rss090";
    }
    return "rss10";
  }
  if (root.local == "feed") {
    if (root.ns == detail::kAtom10Ns) return "atom10";
    const std::string declared = detail::attribute(root, "version");
    if (declared == "0.3") return "atom03";
    if (declared == "0.2") return "atom02";
    if (declared == "0.1") return "atom01";
    return "atom";
  }
  return "";
}

// A feed wrapped in another document (an Atom <feed> inside XHTML <body>): the first
// element within a few levels whose name is a feed root.
std::optional<Element> nested_feed(const Element& element, int depth) {
  if (depth == 0) return std::nullopt;
  for (const Element& child : detail::children(element)) {
    if (child.local == "rss" || child.local == "feed" || child.local == "rdf") return child;
    if (auto found = nested_feed(child, depth - 1)) return found;
  }
  return std::nullopt;
}

std::string bozo_message(const std::string& encoding_problem,
                         const std::vector<std::string>& xml_problems) {
  std::string message = encoding_problem;
  if (!xml_problems.empty()) {
    if (!message.empty()) message += "; ";
    message += "not well-formed: " + xml_problems.front();
    if (xml_problems.size() > 1) {
      message += " (and " + std::to_string(xml_problems.size() - 1) + " more)";
    }
  }
  return message;
}

// Judges every entry's date; see model::DateTrust.
model::ParsedFeed with_date_trust(model::ParsedFeed feed, const ParseOptions& options) {
  for (model::Entry& entry : feed.entries) {
    entry.date_trust = judge_date(entry.published ? entry.published : entry.updated, options.now);
  }
  return feed;
}

// How whitespace-only text between elements is read: dropped (most feeds: it is only
// indentation, and leaving it out of the tree saves pugixml and the walk over the tree
// time) or kept (values made of markup, where "<b>a</b> <i>b</i>" needs its space).
enum class Whitespace { dropped, kept };

struct XmlParse {
  model::Result<model::ParsedFeed> feed;
  bool whitespace_matters = false;  // dropped whitespace may have been part of a value
};

// `decoded.text` is parsed in place when it needs no repair, and is garbage afterwards.
XmlParse parse_xml_feed(detail::DecodedDocument& decoded, const ParseOptions& options,
                        Whitespace whitespace) {
  detail::RecoveredXml recovered = detail::recover_xml(decoded.text);
  if (!recovered.saw_root) {
    return XmlParse{model::fail(model::Errc::malformed_feed,
                       "no XML element found" +
                           (recovered.problems.empty() ? "" : ": " + recovered.problems.front()))};
  }
  // Parsed in place: the tree points into the repaired text, or into the decoded text
  // when it needed no repair; both outlive `doc`.
  std::string& text = recovered.repaired ? recovered.text : decoded.text;
  pugi::xml_document doc;
  const unsigned flags = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_wconv_attribute |
                         pugi::parse_eol |
                         (whitespace == Whitespace::kept ? pugi::parse_ws_pcdata : 0U);
  const pugi::xml_parse_result result =
      doc.load_buffer_inplace(text.data(), text.size(), flags, pugi::encoding_utf8);
  if (!result) {
    // Recovery should make this impossible; keep what pugixml read before the error.
    recovered.problems.push_back(std::string("XML parser: ") + result.description() +
                                 " at offset " + std::to_string(result.offset));
  }
  if (!doc.document_element()) {
    return XmlParse{model::fail(model::Errc::malformed_feed, "no XML element could be read")};
  }
  Element root = detail::root_element(doc, options.base_url);
  model::ParsedFeed feed;
  feed.version = detect_version(root, recovered.netscape_doctype);
  if (feed.version.empty()) {
    if (auto nested = nested_feed(root, 3)) {
      recovered.problems.push_back("feed element <" + nested->local + "> is inside <" + root.local +
                                   ">");
      root = std::move(*nested);
      feed.version = detect_version(root, recovered.netscape_doctype);
    }
  }
  if (feed.version.empty()) {
    return XmlParse{model::fail(
        model::Errc::unsupported_format,
        "root element <" + std::string(doc.document_element().name()) + "> is not RSS or Atom")};
  }
  feed.encoding = decoded.encoding;
  feed.bozo_exception = bozo_message(decoded.problem, recovered.problems);
  feed.bozo = !feed.bozo_exception.empty();
  detail::FeedBuilder builder(feed, options);
  builder.build(root);
  const bool whitespace_matters = builder.whitespace_matters();
  return {std::move(feed), whitespace_matters};
}

// XML without whitespace-only text first; again with it when a value turned out to be
// made of markup or several pieces (few feeds: inline XHTML, HTML left unescaped).
model::Result<model::ParsedFeed> read_xml(std::string_view bytes, detail::DecodedDocument& decoded,
                                          const ParseOptions& options) {
  XmlParse parsed = parse_xml_feed(decoded, options, Whitespace::dropped);
  if (!parsed.whitespace_matters) return std::move(parsed.feed);
  // The in-place parse used up the decoded text: decode the bytes again.
  decoded = detail::decode_document(bytes, options.content_type, options.forced_encoding);
  return std::move(parse_xml_feed(decoded, options, Whitespace::kept).feed);
}

}  // namespace

model::Result<model::ParsedFeed> parse_feed(std::string_view bytes, const ParseOptions& options) {
  // JSON is told apart by its bytes, not by Content-Type: servers send JSON Feed as
  // text/plain or application/octet-stream as often as application/feed+json.
  bool json = detail::looks_like_json(bytes);
  detail::DecodedDocument decoded = detail::decode_document(
      bytes, json ? detail::json_content_type(options.content_type) : options.content_type,
      options.forced_encoding);
  const std::size_t first = decoded.text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (decoded.text[first] == '{' || decoded.text[first] == '[')) {
    json = true;  // only visible after decoding, e.g. under a forced UTF-16 encoding
  }
  auto feed = json ? detail::parse_json_feed(decoded, options) : read_xml(bytes, decoded, options);
  return std::move(feed).map(
      [&options](model::ParsedFeed value) { return with_date_trust(std::move(value), options); });
}

}  // namespace monsoon::parse
