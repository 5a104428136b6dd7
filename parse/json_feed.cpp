// JSON Feed -> ParsedFeed. feedparser has no JSON Feed support, so the version ids are
// ours: "json1" for https://jsonfeed.org/version/1, "json11" for .../version/1.1 and
// "json" for any other version under jsonfeed.org/version/ (read with the 1.1 rules).
// The http:// spelling of the version URL is accepted too; real 1.0 feeds use it.
#include "json_feed.hpp"

#include "html.hpp"
#include "urls.hpp"

#include <nlohmann/json.hpp>

#include <optional>

#include <string>

namespace monsoon::parse::detail {
namespace {

using nlohmann::json;

// A string member, or a number written as text (1.0 feeds use numeric ids); "" otherwise.
std::string string_of(const json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end()) return "";
  if (found->is_string()) return found->get<std::string>();
  if (found->is_number_integer()) return found->dump();
  return "";
}

const json* member(const json& object, const char* key, json::value_t type) {
  const auto found = object.find(key);
  return found == object.end() || found->type() != type ? nullptr : &*found;
}

std::string version_id(const json& document) {
  if (!document.is_object()) return "";
  std::string version = string_of(document, "version");
  for (const std::string_view prefix :
       {"https://jsonfeed.org/version/", "http://jsonfeed.org/version/"}) {
    if (!version.starts_with(prefix)) continue;
    version.erase(0, prefix.size());
    if (!version.empty() && version.back() == '/') version.pop_back();
    if (version == "1" || version == "1.0") return "json1";
    if (version == "1.1") return "json11";
    return "json";
  }
  return "";
}

struct Context {
  std::string base;      // what relative URLs resolve against
  std::string language;  // the feed's language, inherited by texts
  bool sanitize = true;  // ParseOptions::sanitize_html, for content_html (a body)
};

// A URL member resolved against the base; "" when absent (resolve_url would return the
// base itself for an empty reference).
std::string url_of(const json& object, const char* key, const Context& context) {
  const std::string url = string_of(object, key);
  return url.empty() ? url : resolve_url(context.base, url);
}

model::Text text_of(std::string value, bool html, const Context& context) {
  model::Text text;
  text.type = html ? "text/html" : "text/plain";
  text.value = html && context.sanitize ? sanitize_html(value, context.base) : std::move(value);
  text.base = context.base;
  text.language = context.language;
  return text;
}

model::Person person_of(const json& object, const Context& context) {
  model::Person person;
  person.name = string_of(object, "name");
  const std::string url = url_of(object, "url", context);
  if (url.starts_with("mailto:")) {
    person.email = url.substr(7);
  } else {
    person.href = url;
  }
  return person;
}

// 1.1 "authors" wins over the deprecated 1.0 "author" when a feed carries both.
void read_authors(const json& object, model::CommonFields& target, const Context& context) {
  if (const json* authors = member(object, "authors", json::value_t::array)) {
    for (const json& author : *authors) {
      if (author.is_object()) target.authors.push_back(person_of(author, context));
    }
  }
  if (target.authors.empty()) {
    if (const json* author = member(object, "author", json::value_t::object)) {
      target.authors.push_back(person_of(*author, context));
    }
  }
  std::erase_if(target.authors, [](const model::Person& person) {
    return person.name.empty() && person.email.empty() && person.href.empty();
  });
  if (!target.authors.empty()) target.author = target.authors.front();
}

void add_link(model::CommonFields& target, std::string href, const char* rel, const char* type) {
  if (href.empty()) return;
  target.links.push_back(model::Link{std::move(href), rel, type, "", "", ""});
}

void read_dates(const json& item, model::Entry& entry, model::Region region) {
  entry.published_raw = string_of(item, "date_published");
  entry.updated_raw = string_of(item, "date_modified");
  if (!entry.published_raw.empty()) entry.published = parse_date(entry.published_raw, region);
  if (!entry.updated_raw.empty()) entry.updated = parse_date(entry.updated_raw, region);
}

void read_tags(const json& object, model::CommonFields& target) {
  const json* tags = member(object, "tags", json::value_t::array);
  if (tags == nullptr) return;
  for (const json& tag : *tags) {
    if (tag.is_string() && !tag.get<std::string>().empty()) {
      target.tags.push_back(model::Tag{tag.get<std::string>(), "", ""});
    }
  }
}

void read_attachments(const json& item, model::Entry& entry, const Context& context) {
  const json* attachments = member(item, "attachments", json::value_t::array);
  if (attachments == nullptr) return;
  for (const json& attachment : *attachments) {
    if (!attachment.is_object()) continue;
    model::Enclosure enclosure;
    enclosure.href = url_of(attachment, "url", context);
    if (enclosure.href.empty()) continue;
    enclosure.type = string_of(attachment, "mime_type");
    enclosure.length = string_of(attachment, "size_in_bytes");
    add_link(entry, enclosure.href, "enclosure", enclosure.type.c_str());
    entry.links.back().length = enclosure.length;
    entry.enclosures.push_back(std::move(enclosure));
  }
}

// content_html comes before content_text; an item without "summary" gets its first
// content as summary, as feedparser does for Atom entries without <summary>.
void read_texts(const json& item, model::Entry& entry, const Context& context) {
  const std::string title = string_of(item, "title");
  if (!title.empty()) entry.title = text_of(title, false, context);
  const std::string html = string_of(item, "content_html");
  const std::string plain = string_of(item, "content_text");
  if (!html.empty()) entry.content.push_back(text_of(html, true, context));
  if (!plain.empty()) entry.content.push_back(text_of(plain, false, context));
  const std::string summary = string_of(item, "summary");
  if (!summary.empty()) {
    entry.summary = text_of(summary, false, context);
  } else if (!entry.content.empty()) {
    entry.summary = entry.content.front();
  }
}

model::Entry read_item(const json& item, Context context, model::Region region) {
  model::Entry entry;
  entry.language = string_of(item, "language");
  if (!entry.language.empty()) context.language = entry.language;
  entry.id = string_of(item, "id");
  entry.link = url_of(item, "url", context);
  add_link(entry, entry.link, "alternate", "text/html");
  add_link(entry, url_of(item, "external_url", context), "related", "text/html");
  read_texts(item, entry, context);
  read_dates(item, entry, region);
  read_authors(item, entry, context);
  read_tags(item, entry);
  read_attachments(item, entry, context);
  return entry;
}

void read_head(const json& document, model::FeedHead& head, const Context& context) {
  const std::string title = string_of(document, "title");
  if (!title.empty()) head.title = text_of(title, false, context);
  head.link = url_of(document, "home_page_url", context);
  add_link(head, head.link, "alternate", "text/html");
  add_link(head, url_of(document, "feed_url", context), "self", "application/feed+json");
  const std::string description = string_of(document, "description");
  if (!description.empty()) head.subtitle = text_of(description, false, context);
  head.language = context.language;
  read_authors(document, head, context);
}

// "parse error at line 1, column 10308: syntax error ...; last read: '...'" without
// the exception id and the echo of the input.
std::string describe(const json::parse_error& error) {
  std::string what = error.what();
  const std::size_t begin = what.find("parse error");
  if (begin != std::string::npos) what.erase(0, begin);
  const std::size_t echo = what.find("; last read");
  if (echo != std::string::npos) what.erase(echo);
  return what + " (byte " + std::to_string(error.byte) + ")";
}

// A cut-off document closed again just after the last complete element of a top-level
// array (a JSON Feed's "items"): `{"items": [{...}, {...}, {"id": "3", "ti` becomes
// `{"items": [{...}, {...}]}`. nullopt when no such element was completed. Like the XML
// reader, a half item is dropped rather than half kept.
std::optional<std::string> close_after_last_item(std::string_view text) {
  std::string open;  // the containers open at each point, outermost first
  bool in_string = false;
  bool escaped = false;
  std::size_t cut = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      open.push_back(c);
    } else if (c == '}' || c == ']') {
      if (open.empty()) break;
      open.pop_back();
      if (c == '}' && open == "{[") cut = i + 1;
    }
  }
  if (cut == std::string_view::npos) return std::nullopt;
  return std::string(text.substr(0, cut)) + "]}";
}

}  // namespace

bool looks_like_json(std::string_view bytes) {
  std::size_t i = 0;
  if (bytes.starts_with("\xEF\xBB\xBF")) i = 3;
  // NUL bytes are the other half of UTF-16/32 code units; FE/FF are their BOMs.
  while (i < bytes.size() &&
         (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n' ||
          bytes[i] == '\0' || bytes[i] == '\xFE' || bytes[i] == '\xFF')) {
    ++i;
  }
  return i < bytes.size() && (bytes[i] == '{' || bytes[i] == '[');
}

std::string json_content_type(std::string_view content_type) {
  const std::string charset = charset_from_content_type(content_type);
  return charset.empty() ? "application/json" : "application/json; charset=" + charset;
}

model::Result<model::ParsedFeed> parse_json_feed(const DecodedDocument& decoded,
                                                 const ParseOptions& options) {
  json document;
  std::string damage;
  try {
    document = json::parse(decoded.text);
  } catch (const json::parse_error& error) {
    damage = "not valid JSON: " + describe(error);
    // A truncated feed keeps the items it delivered whole.
    const auto closed = close_after_last_item(decoded.text);
    if (!closed) return model::fail(model::Errc::malformed_feed, damage);
    document = json::parse(*closed, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) return model::fail(model::Errc::malformed_feed, damage);
    damage += "; the complete items before it were kept";
  }
  model::ParsedFeed feed;
  feed.version = version_id(document);
  if (feed.version.empty()) {
    return model::fail(model::Errc::unsupported_format,
                       "JSON document is not a JSON Feed (no \"version\" under "
                       "https://jsonfeed.org/version/)");
  }
  feed.encoding = decoded.encoding;
  feed.bozo_exception = decoded.problem;
  if (!damage.empty()) {
    feed.bozo_exception += (feed.bozo_exception.empty() ? "" : "; ") + damage;
  }
  feed.bozo = !feed.bozo_exception.empty();
  Context context{options.base_url, string_of(document, "language"), options.sanitize_html};
  const std::string feed_url = string_of(document, "feed_url");
  if (context.base.empty() &&
      (feed_url.starts_with("https://") || feed_url.starts_with("http://"))) {
    context.base = feed_url;
  }
  read_head(document, feed.feed, context);
  if (const json* items = member(document, "items", json::value_t::array)) {
    for (const json& item : *items) {
      if (item.is_object()) feed.entries.push_back(read_item(item, context, options.region));
    }
  }
  return feed;
}

}  // namespace monsoon::parse::detail
