// to_json_line: the Universal Feed Parser's canonical keys, one JSON object per line.
//
// Written straight into one string rather than through a JSON tree: building and
// serialising an nlohmann::json per entry was 40 % of `monsoon parse` (bench/parse_speed.sh).
#include "charsets.hpp"
#include "scan.hpp"

#include <monsoon/parse.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace monsoon::parse {
namespace {

// Appends `value` as a JSON string. Invalid UTF-8 becomes U+FFFD, one per bad byte, so
// the line is always valid JSON; everything else is copied in runs.
void append_json_string(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  const auto* data = reinterpret_cast<const unsigned char*>(value.data());
  const std::size_t size = value.size();
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < size) {
    i = detail::skip_plain(value, i, '"', '\\');
    if (i >= size) break;
    const unsigned char c = data[i];
    if (c >= 0x80) {
      const std::size_t length = detail::utf8_sequence_length(value.substr(i));
      if (length != 0) {
        i += length;
        continue;
      }
    }
    out.append(value.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c >= 0x80) {
          out += "\xEF\xBF\xBD";
        } else {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        }
    }
    run = ++i;
  }
  out.append(value.data() + run, size - run);
  out += '"';
}

// One JSON object being written: keys in call order, empty strings left out by put().
class Object {
 public:
  explicit Object(std::string& out) : out_(out) { out_ += '{'; }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  ~Object() { out_ += '}'; }

  // Starts a member; the caller writes its value. `name` is a literal ASCII key.
  std::string& key(std::string_view name) {
    // One append per key: the four small ones showed in the profile.
    char buffer[48];
    std::size_t size = 0;
    if (!first_) buffer[size++] = ',';
    first_ = false;
    if (name.size() + 4 > sizeof buffer) {
      out_.append(buffer, size);
      out_ += '"';
      out_ += name;
      out_ += "\":";
      return out_;
    }
    buffer[size++] = '"';
    std::memcpy(buffer + size, name.data(), name.size());
    size += name.size();
    buffer[size++] = '"';
    buffer[size++] = ':';
    out_.append(buffer, size);
    return out_;
  }
  void string(std::string_view name, std::string_view value) {
    append_json_string(key(name), value);
  }
  void put(std::string_view name, std::string_view value) {
    if (!value.empty()) string(name, value);
  }
  void boolean(std::string_view name, bool value) { key(name) += value ? "true" : "false"; }

  // name: [ write(element) for each element ], left out when `items` is empty.
  template <class Range, class Write>
  void array(std::string_view name, const Range& items, Write write) {
    if (items.empty()) return;
    std::string& out = key(name);
    out += '[';
    bool first = true;
    for (const auto& item : items) {
      if (!first) out_ += ',';
      first = false;
      write(out_, item);
    }
    out_ += ']';
  }

 private:
  std::string& out_;
  bool first_ = true;
};

// "2026-11-20T01:30:00Z", quoted, appended as a JSON string. The calendar date comes
// from Howard Hinnant's civil_from_days (chrono's year_month_day and hh_mm_ss took
// 800 instructions a date); years outside 0000-9999 (bozo dates) go through snprintf.
void append_iso_utc(std::string& out, model::TimePoint time) {
  using namespace std::chrono;
  const std::int64_t since_epoch = floor<seconds>(time).time_since_epoch().count();
  std::int64_t day = since_epoch / 86400;
  std::int64_t second = since_epoch % 86400;
  if (second < 0) second += 86400, --day;
  // civil_from_days: eras of 400 years from 0000-03-01.
  const std::int64_t shifted = day + 719468;
  const std::int64_t era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
  const std::int64_t day_of_era = shifted - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month_index = (5 * day_of_year + 2) / 153;
  const std::int64_t month_day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const std::int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  const std::int64_t hour = second / 3600;
  const std::int64_t minute = second / 60 % 60;
  second %= 60;
  char buffer[48];
  std::size_t size = 0;
  if (year < 0 || year > 9999) {
    const int written = std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                                      static_cast<long long>(year), static_cast<long long>(month),
                                      static_cast<long long>(month_day), static_cast<long long>(hour),
                                      static_cast<long long>(minute), static_cast<long long>(second));
    size = static_cast<std::size_t>(std::clamp(written, 0, static_cast<int>(sizeof buffer) - 1));
  } else {
    auto put = [&buffer, &size](std::int64_t value, int width) {
      for (int i = width - 1; i >= 0; --i) {
        buffer[size + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
        value /= 10;
      }
      size += static_cast<std::size_t>(width);
    };
    auto separator = [&buffer, &size](char c) { buffer[size++] = c; };
    put(year, 4);
    separator('-');
    put(month, 2);
    separator('-');
    put(month_day, 2);
    separator('T');
    put(hour, 2);
    separator(':');
    put(minute, 2);
    separator(':');
    put(second, 2);
    separator('Z');
  }
  out += '"';
  out.append(buffer, size);
  out += '"';
}

// Where a value already written as a JSON string sits in the output.
struct Written {
  std::size_t offset = 0;
  std::size_t size = 0;  // 0: not written yet
};

// A text construct's detail object; its value is copied from `escaped` when that was
// written already, else escaped here.
void detail_of(std::string& out, const model::Text& text, Written escaped) {
  Object object(out);
  object.string("type", text.type);
  if (escaped.size == 0) {
    object.string("value", text.value);
  } else {
    // Appending part of a string to itself is safe: the source is read before the old
    // buffer is released.
    object.key("value").append(out, escaped.offset, escaped.size);
  }
  object.put("base", text.base);
  object.put("language", text.language);
  object.put("src", text.src);
}

void content_json(std::string& out, const model::Text& text) { detail_of(out, text, Written{}); }

// "title" and "title_detail", or the same for subtitle and summary. The value appears in
// both and is escaped once (summaries are a quarter of a feed's bytes).
void text_members(Object& object, std::string_view name, const std::optional<model::Text>& text) {
  if (!text) return;
  std::string& out = object.key(name);
  const std::size_t start = out.size();
  append_json_string(out, text->value);
  const Written escaped{start, out.size() - start};
  std::string detail_key(name);
  detail_key += "_detail";
  detail_of(object.key(detail_key), *text, escaped);
}

void person_json(std::string& out, const model::Person& person) {
  Object object(out);
  object.put("name", person.name);
  object.put("email", person.email);
  object.put("href", person.href);
}

// feedparser's author string: "Name (email)", or whichever of the two exists.
std::string author_line(const model::Person& person) {
  if (!person.name.empty() && !person.email.empty()) {
    return person.name + " (" + person.email + ")";
  }
  return person.name.empty() ? person.email : person.name;
}

void link_json(std::string& out, const model::Link& link) {
  Object object(out);
  object.put("href", link.href);
  object.put("rel", link.rel);
  object.put("type", link.type);
  object.put("title", link.title);
  object.put("hreflang", link.hreflang);
  object.put("length", link.length);
}

void tag_json(std::string& out, const model::Tag& tag) {
  Object object(out);
  object.put("term", tag.term);
  object.put("scheme", tag.scheme);
  object.put("label", tag.label);
}

void common_json(Object& object, const model::CommonFields& fields) {
  text_members(object, "title", fields.title);
  object.put("link", fields.link);
  object.array("links", fields.links, link_json);
  object.put("id", fields.id);
  // Dates are ISO 8601 UTC; feedparser's raw strings go beside them for diagnostics.
  if (fields.published) append_iso_utc(object.key("published"), *fields.published);
  if (fields.updated) append_iso_utc(object.key("updated"), *fields.updated);
  object.put("published_raw", fields.published_raw);
  object.put("updated_raw", fields.updated_raw);
  if (fields.author) {
    object.put("author", author_line(*fields.author));
    person_json(object.key("author_detail"), *fields.author);
  }
  object.array("authors", fields.authors, person_json);
  object.array("tags", fields.tags, tag_json);
  object.put("language", fields.language);
}

void feed_json(std::string& out, const model::FeedHead& head) {
  Object object(out);
  common_json(object, head);
  text_members(object, "subtitle", head.subtitle);
  object.put("rights", head.rights);
  if (head.ttl) object.string("ttl", std::to_string(head.ttl->count() / 60));
}

void enclosure_json(std::string& out, const model::Enclosure& enclosure) {
  Object object(out);
  object.put("href", enclosure.href);
  object.put("length", enclosure.length);
  object.put("type", enclosure.type);
}

void entry_json(std::string& out, const model::Entry& entry) {
  Object object(out);
  common_json(object, entry);
  text_members(object, "summary", entry.summary);
  object.array("content", entry.content, content_json);
  object.array("enclosures", entry.enclosures, enclosure_json);
  object.put("comments", entry.comments);
  object.boolean("guidislink", entry.guidislink);
  if (entry.date_trust != model::DateTrust::ok) {
    object.string("date_trust", model::to_string(entry.date_trust));
  }
}

}  // namespace

std::string to_json_line(const model::ParsedFeed& feed, std::string_view file) {
  std::string out;
  append_json_line(out, feed, file);
  return out;
}

void append_json_line(std::string& out, const model::ParsedFeed& feed, std::string_view file) {
  {
    Object object(out);
    object.string("file", file);
    object.boolean("bozo", feed.bozo);
    object.put("bozo_exception", feed.bozo_exception);
    object.put("encoding", feed.encoding);
    object.put("version", feed.version);
    feed_json(object.key("feed"), feed.feed);
    std::string& entries = object.key("entries");
    entries += '[';
    for (std::size_t i = 0; i < feed.entries.size(); ++i) {
      if (i != 0) entries += ',';
      entry_json(entries, feed.entries[i]);
    }
    entries += ']';
  }
}

}  // namespace monsoon::parse
