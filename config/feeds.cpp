// The [[feed]] array: one FeedSource per entry, in file order.

#include "duration.hpp"
#include "sections.hpp"
#include "values.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

namespace monsoon::config::detail {

namespace {

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Why `url` cannot be fetched, or nullopt when it looks fine. Only the shape is
// checked; whether the host answers is the fetcher's business.
std::optional<std::string> url_problem(std::string_view url) {
  const bool has_space = std::any_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  if (has_space) return "URL " + quote(url) + " contains whitespace or a control character";
  const auto colon = url.find(':');
  const auto scheme = url.substr(0, colon == std::string_view::npos ? 0 : colon);
  const bool scheme_ok =
      !scheme.empty() && std::isalpha(static_cast<unsigned char>(scheme.front())) &&
      std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      });
  if (!scheme_ok) {
    return "invalid URL " + quote(url) +
           ": expected an absolute URL starting with http://, https:// or file://";
  }
  const std::string name = lowered(scheme);
  if (name != "http" && name != "https" && name != "file") {
    return "unsupported URL scheme " + quote(scheme) + " in " + quote(url) +
           ": use http, https or file";
  }
  const std::string_view rest = url.substr(colon + 1);
  // "file:feeds/x.xml" is a path relative to the config file's folder.
  if (name == "file" && !rest.empty() && rest.front() != '/') return std::nullopt;
  if (rest.substr(0, 2) != "//" || rest.size() == 2) {
    return "invalid URL " + quote(url) + ": expected " + name + "://" +
           (name == "file" ? "/path/to/feed.xml" : "host/path");
  }
  if (name != "file" && (rest[2] == '/' || rest[2] == '?' || rest[2] == '#')) {
    return "invalid URL " + quote(url) + ": no host after " + quote(name + "://");
  }
  return std::nullopt;
}

// "file:feeds/x.xml" -> "file:///abs/config/folder/feeds/x.xml"; other URLs unchanged.
std::string absolute_url(const std::string& url, const std::filesystem::path& base_dir) {
  if (lowered(url.substr(0, 5)) != "file:" || url.size() == 5 || url[5] == '/') return url;
  const auto path = (base_dir / url.substr(5)).lexically_normal().string();
  std::string out = "file://";
  for (char c : path) {
    // The few characters a path may hold that a URL may not.
    if (c == ' ' || c == '%' || c == '#' || c == '?') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// BCP 47 in its common shapes: "en", "zh-CN", "zh-Hant-TW".
bool looks_like_language_tag(std::string_view tag) {
  std::size_t start = 0;
  bool first = true;
  while (start <= tag.size()) {
    const std::size_t dash = std::min(tag.find('-', start), tag.size());
    const std::string_view part = tag.substr(start, dash - start);
    const bool ok =
        first ? part.size() >= 2 && part.size() <= 3 &&
                    std::all_of(part.begin(), part.end(),
                                [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })
              : !part.empty() && part.size() <= 8 &&
                    std::all_of(part.begin(), part.end(),
                                [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
    if (!ok) return false;
    first = false;
    start = dash + 1;
  }
  return true;
}

// Character set names as iconv and IANA spell them: "gb18030", "Shift_JIS", "EUC-KR".
bool looks_like_encoding(std::string_view name) {
  if (name.empty() || name.size() > 40 || !std::isalnum(static_cast<unsigned char>(name.front()))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
}

std::optional<model::Region> read_region(const TableReader& reader) {
  auto text = reader.string("region");
  if (!text) return std::nullopt;
  std::vector<std::string_view> valid;
  for (auto name : model::region_names()) {
    if (name != "unassigned") valid.push_back(name);
  }
  if (std::find(valid.begin(), valid.end(), *text) != valid.end()) {
    return model::region_from_string(*text);
  }
  std::string message = "unknown region " + quote(*text);
  if (auto suggestion = closest_match(*text, valid)) {
    message += ": did you mean " + quote(*suggestion) + "? Valid regions are " + join(valid);
  } else {
    message += "; valid regions are " + join(valid);
  }
  reader.error("region", message);
  return std::nullopt;
}

// RFC 9110 token characters: what a header name may be made of.
bool is_header_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// headers = { "X-Api-Key" = "..." }, username, password. Values become request
// header lines, so control characters (a newline would start a new header) are refused.
void read_credentials(const TableReader& reader, model::FeedSource& feed) {
  if (const auto* node = reader.find("headers")) {
    const auto* table = node->as_table();
    if (table == nullptr) {
      reader.error("headers", "expected a table of header names and string values, found " +
                                  std::string(type_phrase(*node)));
    } else {
      for (const auto& [key, value] : *table) {
        const auto* text = value.as_string();
        const std::string name(key.str());
        if (!is_header_name(name)) {
          reader.error("headers", "invalid header name " + quote(name));
        } else if (text == nullptr || has_control_character(text->get())) {
          reader.error("headers", "header " + quote(name) +
                                      " needs a string value without control characters");
        } else {
          feed.headers.emplace_back(name, text->get());
        }
      }
    }
  }
  for (const char* key : {"username", "password"}) {
    if (auto value = reader.string(key)) {
      if (has_control_character(*value)) {
        reader.error(key, "must not contain control characters");
      } else {
        (std::string_view(key) == "username" ? feed.username : feed.password) = *value;
      }
    }
  }
  if (!feed.password.empty() && feed.username.empty()) {
    reader.error("password", "a password needs a username");
  }
}

using FirstUrlLines = std::map<std::string, int, std::less<>>;

void read_feed(const TableReader& reader, const std::optional<IntervalLimits>& limits,
               const std::filesystem::path& base_dir, FirstUrlLines& first_lines,
               model::FeedSource& feed) {
  reader.reject_unknown({"url", "name", "region", "language", "interval", "encoding", "enabled",
                         "headers", "username", "password", "timeout", "region_fixed",
                         "aggregator"});
  if (reader.find("url") == nullptr) {
    reader.missing("url");
  } else if (auto given = reader.non_empty_string("url")) {
    const auto url = std::optional<std::string>(absolute_url(std::string(*given), base_dir));
    if (auto problem = url_problem(*given)) {
      reader.error("url", *problem);
    } else if (auto first = first_lines.find(*url); first != first_lines.end()) {
      reader.error("url", "duplicate feed URL " + quote(*url) + " (first defined on line " +
                              std::to_string(first->second) + ")");
    } else {
      first_lines.emplace(*url, reader.where("url").line);
    }
    feed.url = *url;
  }
  if (reader.find("name") == nullptr) reader.missing("name");
  if (auto name = reader.non_empty_string("name")) feed.name = *name;
  if (reader.find("region") == nullptr) reader.missing("region");
  if (auto region = read_region(reader)) feed.region = *region;
  if (auto language = reader.string("language")) {
    if (looks_like_language_tag(*language)) {
      feed.language = *language;
    } else {
      reader.error("language", "invalid language tag " + quote(*language) +
                                   ": use a BCP 47 tag such as \"en\" or \"zh-CN\"");
    }
  }
  if (auto interval = reader.duration("interval", Seconds{1})) {
    feed.interval = *interval;
    if (limits) check_interval_within(reader, "interval", *interval, *limits, "[fetch] ");
  }
  if (auto encoding = reader.string("encoding")) {
    if (looks_like_encoding(*encoding)) {
      feed.encoding = *encoding;
    } else {
      reader.error("encoding",
                   "invalid encoding name " + quote(*encoding) +
                       ": use a character set name such as \"gb18030\" or \"Shift_JIS\"");
    }
  }
  if (auto enabled = reader.boolean("enabled")) feed.enabled = *enabled;
  if (auto fixed = reader.boolean("region_fixed")) {
    feed.region_fixed = *fixed;
    if (*fixed && feed.region == model::Region::pan_asia) {
      reader.error("region_fixed", "a pan_asia feed cannot fix its items' region; give a "
                                   "country region or global, or drop region_fixed");
    }
  }
  if (auto aggregator = reader.boolean("aggregator")) feed.aggregator = *aggregator;
  read_credentials(reader, feed);
  if (auto timeout = reader.duration("timeout", Seconds{1})) feed.timeout = *timeout;
}

}  // namespace

void read_feeds(const toml::node* node, const std::optional<IntervalLimits>& limits,
                const std::filesystem::path& base_dir, Reporter& reporter, std::vector<model::FeedSource>& feeds) {
  FirstUrlLines first_lines;
  for (const auto* table : array_tables(node, "feed", reporter)) {
    model::FeedSource feed;
    read_feed(TableReader(*table, "feed", true, reporter), limits, base_dir, first_lines, feed);
    feeds.push_back(std::move(feed));
  }
}

}  // namespace monsoon::config::detail
