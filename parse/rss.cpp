// RSS-only elements: <enclosure>, <ttl>, and the text form of <link>.
#include "feed_builder.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <string_view>

namespace monsoon::parse::detail {
namespace {

bool is_reference_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// feedparser: "query variables in urls in link elements are improperly converted from
// ?a=1&b=2 to ?a=1&b;=2 as if they're unhandled character references". So "&amp;"
// becomes "&", then every "&name;" loses its ';'.
std::string fix_link_ampersands(std::string value) {
  if (value.find('&') == std::string::npos) return value;
  std::string unescaped;
  unescaped.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    unescaped.push_back(value[i]);
    if (value.compare(i, 5, "&amp;") == 0) i += 4;
  }
  std::string out;
  out.reserve(unescaped.size());
  for (std::size_t i = 0; i < unescaped.size(); ++i) {
    out.push_back(unescaped[i]);
    if (unescaped[i] != '&') continue;
    std::size_t end = i + 1;
    while (end < unescaped.size() && is_reference_name_char(unescaped[end])) ++end;
    if (end > i + 1 && end < unescaped.size() && unescaped[end] == ';') {
      out.append(unescaped, i + 1, end - i - 1);
      i = end;  // the ';' is dropped
    }
  }
  return out;
}

}  // namespace

// <link>text</link>: RSS's form, and Atom 0.3 links written without href. Only an
// alternate link becomes the main link.
void FeedBuilder::rss_link(const Element& element, model::CommonFields& target, Scope scope) {
  std::string value = field_text(element, text_context_);
  if (value.empty()) return;
  value = fix_link_ampersands(resolve_against(element, value));
  static constexpr std::array<std::string_view, 3> kNames = {"rel", "type", "title"};
  const auto values = attributes(element, kNames);
  model::Link link;
  link.href = value;
  link.rel = values[0].value_or("");
  if (link.rel.empty()) link.rel = "alternate";
  link.type = values[1].value_or("");
  if (link.type.empty()) link.type = "text/html";
  link.title = values[2].value_or("");
  if (link.rel == "alternate") {
    target.link = value;
    (scope == Scope::entry ? entry_link_set_ : feed_link_set_) = true;
  }
  target.links.push_back(std::move(link));
}

void FeedBuilder::enclosure(const Element& element, model::Entry& entry) {
  model::Link link;
  link.href = attribute(element, "url");
  if (link.href.empty()) link.href = attribute(element, "href");
  link.href = resolve_against(element, link.href);
  link.rel = "enclosure";
  link.type = attribute(element, "type");
  link.length = attribute(element, "length");
  entry.enclosures.push_back({link.href, link.length, link.type});
  entry.links.push_back(std::move(link));
}

void FeedBuilder::ttl(const Element& element, model::FeedHead& head) {
  const std::string value = field_text(element, text_context_);
  long minutes = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), minutes);
  if (error == std::errc() && end == value.data() + value.size() && minutes >= 0) {
    head.ttl = model::Seconds(minutes * 60);
  }
}

}  // namespace monsoon::parse::detail
