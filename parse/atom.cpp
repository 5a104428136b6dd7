// Atom constructs: <link> with attributes, person constructs, content and summary.
// feedparser reads these element names in any format, so RSS feeds use them too.
#include "feed_builder.hpp"

#include <array>
#include <optional>
#include <regex>
#include <string_view>

namespace monsoon::parse::detail {
namespace {

bool is_html_type(std::string_view type) {
  const std::string mapped = map_content_type(type);
  return mapped == "text/html" || mapped == "application/xhtml+xml";
}

// feedparser's _sync_author_detail: "Name (email)" or "email (Name)" -> name, email.
// Compiled on first use: most runs meet no author field with an address in it.
const std::regex& email_pattern() {
  static const std::regex kEmail(
      R"((([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?)");
  return kEmail;
}

model::Person split_author(std::string_view text) {
  model::Person person;
  std::string name(text);
  std::smatch match;
  // Every address has an '@'; most author fields are bare names, so skip the regex then.
  if (name.find('@') != std::string::npos && std::regex_search(name, match, email_pattern())) {
    person.email = match.str(0);
    auto erase_all = [&name](std::string_view what) {
      for (std::size_t at = name.find(what); at != std::string::npos; at = name.find(what)) {
        name.erase(at, what.size());
      }
    };
    erase_all(person.email);
    erase_all("()");
    erase_all("<>");
    erase_all("&lt;&gt;");
    name = strip(name);
    if (!name.empty() && name.front() == '(') name.erase(0, 1);
    if (!name.empty() && name.back() == ')') name.pop_back();
    name = strip(name);
  }
  person.name = name;
  return person;
}

}  // namespace

void FeedBuilder::link(const Element& element, model::CommonFields& target, Scope scope) {
  // One pass over the attributes (eight lookups were a third of reading a link).
  static constexpr std::array<std::string_view, 8> kNames = {
      "href", "url", "uri", "rel", "type", "title", "hreflang", "length"};
  const auto values = attributes(element, kNames);
  const auto value = [&values](std::size_t i) { return values[i].value_or(std::string_view()); };
  if (!values[0] && !values[1] && !values[2]) return rss_link(element, target, scope);
  const std::string_view href =
      !value(0).empty() ? value(0) : !value(1).empty() ? value(1) : value(2);
  model::Link link;
  link.rel = value(3);
  if (link.rel.empty()) link.rel = "alternate";
  link.type = value(4);
  if (link.type.empty()) link.type = link.rel == "self" ? "application/atom+xml" : "text/html";
  link.title = value(5);
  link.hreflang = value(6);
  link.length = value(7);
  link.href = resolve_against(element, href);
  if (!link.href.empty() && link.rel == "alternate" && is_html_type(link.type)) {
    target.link = link.href;
    (scope == Scope::entry ? entry_link_set_ : feed_link_set_) = true;
  }
  if (scope == Scope::entry && link.rel == "enclosure" && !link.href.empty()) {
    static_cast<model::Entry&>(target).enclosures.push_back({link.href, link.length, link.type});
  }
  target.links.push_back(std::move(link));
}

// Atom person constructs (<name>, <email>, <uri>) and RSS "email (Name)" strings.
void FeedBuilder::person(const Element& element, model::CommonFields& target) {
  model::Person person;
  bool structured = false;
  for_each_child(element, [&](const Element& child) {
    std::string value = field_text(child, text_context_);
    if (child.key == "name") {
      person.name = std::move(value);
    } else if (child.key == "email") {
      person.email = std::move(value);
    } else if (child.key == "uri" || child.key == "url" || child.key == "homepage") {
      person.href = resolve_against(child, value);
    } else {
      return;
    }
    structured = true;
  });
  if (!structured) return person_text(element, target);
  if (person.name.empty() && person.email.empty() && person.href.empty()) return;
  model::Person merged = target.author.value_or(model::Person{});
  if (!person.name.empty()) merged.name = person.name;
  if (!person.email.empty()) merged.email = person.email;
  if (!person.href.empty()) merged.href = person.href;
  target.author = merged;
  target.authors.push_back(person);
}

void FeedBuilder::person_text(const Element& element, model::CommonFields& target) {
  const std::string value = field_text(element, text_context_);
  if (value.empty()) return;
  model::Person person = split_author(value);
  target.author = person;
  target.authors.push_back(std::move(person));
}

void FeedBuilder::content(const Element& element, model::Entry& entry,
                          std::string_view default_type) {
  model::Text value = text(element, default_type, true);
  value.src = attribute(element, "src");
  if (!value.src.empty()) value.src = resolve_against(element, value.src);
  entry.content.push_back(std::move(value));
}

// A second summary-like element becomes content, as in feedparser.
void FeedBuilder::summary(const Element& element, model::Entry& entry,
                          std::string_view default_type) {
  if (summary_set_ && entry.content.empty()) return content(element, entry, default_type);
  entry.summary = text(element, default_type, true);
  summary_set_ = true;
}

}  // namespace monsoon::parse::detail
