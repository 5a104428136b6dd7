// to_json_line: the Universal Feed Parser's canonical keys, one JSON object per line.
#include <monsoon/parse.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

namespace monsoon::parse {
namespace {

using nlohmann::json;

void put(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

std::string iso_utc(model::TimePoint time) {
  using namespace std::chrono;
  const auto day = floor<days>(time);
  const year_month_day ymd{day};
  const hh_mm_ss clock{time - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

json detail_of(const model::Text& text) {
  json object = {{"type", text.type}, {"value", text.value}};
  put(object, "base", text.base);
  put(object, "language", text.language);
  put(object, "src", text.src);
  return object;
}

json person_json(const model::Person& person) {
  json object = json::object();
  put(object, "name", person.name);
  put(object, "email", person.email);
  put(object, "href", person.href);
  return object;
}

// feedparser's author string: "Name (email)", or whichever of the two exists.
std::string author_line(const model::Person& person) {
  if (!person.name.empty() && !person.email.empty()) {
    return person.name + " (" + person.email + ")";
  }
  return person.name.empty() ? person.email : person.name;
}

void common_json(json& object, const model::CommonFields& fields) {
  if (fields.title) {
    object["title"] = fields.title->value;
    object["title_detail"] = detail_of(*fields.title);
  }
  put(object, "link", fields.link);
  if (!fields.links.empty()) {
    json links = json::array();
    for (const model::Link& link : fields.links) {
      json item = json::object();
      put(item, "href", link.href);
      put(item, "rel", link.rel);
      put(item, "type", link.type);
      put(item, "title", link.title);
      put(item, "hreflang", link.hreflang);
      put(item, "length", link.length);
      links.push_back(std::move(item));
    }
    object["links"] = std::move(links);
  }
  put(object, "id", fields.id);
  // Dates are ISO 8601 UTC; feedparser's raw strings go beside them for diagnostics.
  if (fields.published) object["published"] = iso_utc(*fields.published);
  if (fields.updated) object["updated"] = iso_utc(*fields.updated);
  put(object, "published_raw", fields.published_raw);
  put(object, "updated_raw", fields.updated_raw);
  if (fields.author) {
    put(object, "author", author_line(*fields.author));
    object["author_detail"] = person_json(*fields.author);
  }
  if (!fields.authors.empty()) {
    json authors = json::array();
    for (const model::Person& person : fields.authors) authors.push_back(person_json(person));
    object["authors"] = std::move(authors);
  }
  if (!fields.tags.empty()) {
    json tags = json::array();
    for (const model::Tag& tag : fields.tags) {
      json item = json::object();
      put(item, "term", tag.term);
      put(item, "scheme", tag.scheme);
      put(item, "label", tag.label);
      tags.push_back(std::move(item));
    }
    object["tags"] = std::move(tags);
  }
  put(object, "language", fields.language);
}

json feed_json(const model::FeedHead& head) {
  json object = json::object();
  common_json(object, head);
  if (head.subtitle) {
    object["subtitle"] = head.subtitle->value;
    object["subtitle_detail"] = detail_of(*head.subtitle);
  }
  put(object, "rights", head.rights);
  if (head.ttl) object["ttl"] = std::to_string(head.ttl->count() / 60);
  return object;
}

json entry_json(const model::Entry& entry) {
  json object = json::object();
  common_json(object, entry);
  if (entry.summary) {
    object["summary"] = entry.summary->value;
    object["summary_detail"] = detail_of(*entry.summary);
  }
  if (!entry.content.empty()) {
    json content = json::array();
    for (const model::Text& text : entry.content) content.push_back(detail_of(text));
    object["content"] = std::move(content);
  }
  if (!entry.enclosures.empty()) {
    json enclosures = json::array();
    for (const model::Enclosure& enclosure : entry.enclosures) {
      json item = json::object();
      put(item, "href", enclosure.href);
      put(item, "length", enclosure.length);
      put(item, "type", enclosure.type);
      enclosures.push_back(std::move(item));
    }
    object["enclosures"] = std::move(enclosures);
  }
  put(object, "comments", entry.comments);
  object["guidislink"] = entry.guidislink;
  if (entry.date_trust != model::DateTrust::ok) {
    object["date_trust"] = std::string(model::to_string(entry.date_trust));
  }
  return object;
}

}  // namespace

std::string to_json_line(const model::ParsedFeed& feed, std::string_view file) {
  json object = {{"file", std::string(file)}, {"bozo", feed.bozo}};
  put(object, "bozo_exception", feed.bozo_exception);
  put(object, "encoding", feed.encoding);
  put(object, "version", feed.version);
  object["feed"] = feed_json(feed.feed);
  json entries = json::array();
  for (const model::Entry& entry : feed.entries) entries.push_back(entry_json(entry));
  object["entries"] = std::move(entries);
  // Replacement characters rather than an exception for any invalid UTF-8 left over.
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace monsoon::parse
