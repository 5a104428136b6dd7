#include "feed_builder.hpp"

#include "urls.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace monsoon::parse::detail {

std::string normalize_language(std::string language) {
  std::replace(language.begin(), language.end(), '_', '-');
  return language;
}

std::string resolve_against(const Element& element, std::string_view value) {
  return resolve_url(element.base(), value);
}

FeedBuilder::FeedBuilder(model::ParsedFeed& out, const ParseOptions& options)
    : out_(out), options_(options) {}

void FeedBuilder::build(const Element& root) {
  text_context_.utf8 = out_.encoding == "utf-8";
  text_context_.atom = out_.version.starts_with("atom");
  text_context_.atom10 = out_.version == "atom10";
  text_context_.sanitize_bodies = options_.sanitize_html;
  if (!root.lang().empty()) out_.feed.language = normalize_language(root.lang());
  if (root.local == "feed") {
    // An Atom document element is the feed itself.
    visit_fields(root, out_.feed, Scope::feed);
    return;
  }
  visit_container(root);
}

// <rss> and <rdf:RDF> hold <channel>, and RSS 1.0 puts items beside the channel.
void FeedBuilder::visit_container(const Element& element) {
  const std::vector<Element> kids = children(element);
  reserve_entries(kids);
  for (const Element& child : kids) {
    const std::string_view key = child.key;
    if (key == "channel" || key == "feed") {
      visit_fields(child, out_.feed, Scope::feed);
    } else if (key == "item" || key == "entry") {
      visit_entry(child);
    }
  }
}

void FeedBuilder::visit_entry(const Element& element) {
  // Built where it stays (moving an Entry is a dozen strings). Nothing below adds an
  // entry, which could move this one: entry scope never visits entries.
  model::Entry& entry = out_.entries.emplace_back();
  const bool saved_link = feed_link_set_;
  entry_link_set_ = false;
  guid_is_link_ = false;
  summary_set_ = false;
  if (!element.lang().empty() && element.lang() != out_.feed.language) {
    entry.language = normalize_language(element.lang());
  }
  // RSS 1.0 items name themselves with rdf:about.
  entry.id = attribute(element, "about", kRdfNs);
  visit_fields(element, entry, Scope::entry);
  feed_link_set_ = saved_link;
}

namespace {

// The last <media:title> directly in `element` or in its <media:content>/<media:group>.
std::optional<Element> media_title_in(const Element& element, int depth) {
  std::optional<Element> found;
  for (const Element& child : children(element)) {
    if (child.key == "media:title") {
      found = child;
    } else if (depth > 0 && (child.key == "media:content" || child.key == "media:group")) {
      if (auto inner = media_title_in(child, depth - 1)) found = std::move(inner);
    }
  }
  return found;
}

}  // namespace

void FeedBuilder::visit_fields(const Element& parent, model::CommonFields& target, Scope scope) {
  bool have_title = false;
  bool has_media = false;  // a media:* child that may hold a fallback title
  auto visit = [&](const Element& child) {
    const std::string_view key = child.key;
    if (scope == Scope::feed && (key == "item" || key == "entry")) {
      visit_entry(child);
      return;
    }
    if (key == "title" || key == "dc:title") {
      // The first non-empty title wins (feedparser's title_depth rule).
      if (have_title) return;
      title(child, target, scope);
      have_title = target.title.has_value() && !target.title->value.empty();
      return;
    }
    has_media = has_media || key.starts_with("media:");
    if (common_field(child, target, scope)) return;
    if (scope == Scope::feed) {
      if (!feed_field(child, static_cast<model::FeedHead&>(target))) stray_entries(child, 3);
    } else {
      entry_field(child, static_cast<model::Entry&>(target));
    }
  };
  if (scope == Scope::feed) {
    const std::vector<Element> kids = children(parent);
    reserve_entries(kids);
    for (const Element& child : kids) visit(child);
  } else {
    for_each_child(parent, visit);  // an entry's fields, one at a time
  }
  // feedparser reads <media:title> as a title that any real <title> overrides.
  if (!have_title && has_media) {
    if (auto media = media_title_in(parent, 2)) title(*media, target, scope);
  }
}

// Room for the entries among `elements`, so that Entry, a large value, is not moved
// again each time the vector grows.
void FeedBuilder::reserve_entries(const std::vector<Element>& elements) {
  const auto count = std::count_if(elements.begin(), elements.end(), [](const Element& e) {
    return e.key == "item" || e.key == "entry";
  });
  out_.entries.reserve(out_.entries.size() + static_cast<std::size_t>(count));
}

// Entries inside an element that is not a feed field: an unclosed <itunes:category>
// swallows every <item> after it. feedparser reads an entry wherever it starts, and so
// do we, up to `depth` levels down.
void FeedBuilder::stray_entries(const Element& element, int depth) {
  if (depth == 0 || !element.node.first_child()) return;
  for (const Element& child : children(element)) {
    if (child.key == "item" || child.key == "entry") {
      visit_entry(child);
    } else {
      stray_entries(child, depth - 1);
    }
  }
}

bool FeedBuilder::common_field(const Element& element, model::CommonFields& target, Scope scope) {
  const std::string_view key = element.key;
  if (key == "link") {
    link(element, target, scope);
  } else if (key == "id" || key == "guid") {
    identifier(element, target, scope);
  } else if (key == "published" || key == "issued" || key == "pubdate" || key == "dcterms:issued") {
    date(element, target, true);
  } else if (key == "updated" || key == "modified" || key == "dc:date" || key == "lastbuilddate" ||
             key == "dcterms:modified") {
    date(element, target, false);
  } else if (key == "category" || key == "dc:subject") {
    category(element, target);
  } else if (key == "tags" || key == "keywords" || key == "itunes:keywords") {
    keywords(element, target);
  } else if (key == "author" || key == "dc:creator" || key == "dc:author" ||
             key == "managingeditor" || key == "itunes:author") {
    person(element, target);
  } else if (key == "language" || key == "dc:language") {
    target.language = normalize_language(field_text(element, text_context_));
  } else {
    return false;
  }
  return true;
}

bool FeedBuilder::feed_field(const Element& element, model::FeedHead& head) {
  const std::string_view key = element.key;
  if (key == "description" || key == "dc:description" || key == "subtitle" || key == "tagline") {
    const bool rss = key == "description" || key == "dc:description";
    head.subtitle = text(element, rss ? "text/html" : "text/plain");
  } else if (key == "rights" || key == "copyright" || key == "dc:rights") {
    head.rights = text(element, "text/plain").value;
  } else if (key == "ttl") {
    ttl(element, head);
  } else {
    return false;
  }
  return true;
}

bool FeedBuilder::entry_field(const Element& element, model::Entry& entry) {
  const std::string_view key = element.key;
  if (key == "description" || key == "dc:description") {
    summary(element, entry, "text/html");
  } else if (key == "summary") {
    summary(element, entry, "text/plain");
  } else if (key == "content") {
    content(element, entry, "text/plain");
  } else if (key == "content:encoded" || key == "fullitem") {
    content(element, entry, "text/html");
  } else if (key == "xhtml:body" || key == "body") {
    content(element, entry, "application/xhtml+xml");
  } else if (key == "enclosure") {
    enclosure(element, entry);
  } else if (key == "comments") {
    entry.comments = resolve_against(element, field_text(element, text_context_));
  } else if (key == "feedburner:origlink") {
    // FeedBurner rewrites links to its tracker; the original is what readers want.
    const std::string original = resolve_against(element, field_text(element, text_context_));
    if (!original.empty()) entry.link = original;
  } else {
    return false;
  }
  return true;
}

model::Text FeedBuilder::text(const Element& element, std::string_view default_type,
                              bool body) const {
  return read_text(element, default_type, text_context_, body);
}

void FeedBuilder::title(const Element& element, model::CommonFields& target, Scope) {
  target.title = text(element, "text/plain");
}

void FeedBuilder::identifier(const Element& element, model::CommonFields& target, Scope scope) {
  const std::string permalink = to_lower(attribute(element, "ispermalink"));
  const bool is_link = permalink.empty() || permalink == "true";
  std::string value = field_text(element, text_context_);
  if (is_link) value = resolve_against(element, value);
  target.id = value;
  bool& link_set = scope == Scope::entry ? entry_link_set_ : feed_link_set_;
  if (scope == Scope::entry) {
    auto& entry = static_cast<model::Entry&>(target);
    if (!guid_is_link_) entry.guidislink = is_link && !link_set;
    guid_is_link_ = true;
  }
  if (is_link && !link_set) {
    target.link = value;
    link_set = true;
  }
}

void FeedBuilder::date(const Element& element, model::CommonFields& target, bool published) {
  std::string raw = field_text(element, text_context_);
  auto parsed = parse_date(raw, options_.region);
  if (published) {
    target.published_raw = std::move(raw);
    target.published = parsed;
  } else {
    target.updated_raw = std::move(raw);
    target.updated = parsed;
  }
}

void FeedBuilder::category(const Element& element, model::CommonFields& target) {
  static constexpr std::array<std::string_view, 4> kNames = {"term", "scheme", "domain", "label"};
  const auto values = attributes(element, kNames);
  model::Tag tag;
  tag.term = values[0].value_or("");
  tag.scheme = values[1] ? *values[1] : values[2].value_or("");
  tag.label = values[3].value_or("");
  const std::string value = field_text(element, text_context_);
  if (tag.term.empty()) tag.term = value;
  if (tag.term.empty() && tag.scheme.empty() && tag.label.empty()) return;
  const bool duplicate = std::any_of(target.tags.begin(), target.tags.end(), [&](const auto& t) {
    return t.term == tag.term && t.scheme == tag.scheme && t.label == tag.label;
  });
  if (!duplicate) target.tags.push_back(std::move(tag));
}

}  // namespace monsoon::parse::detail

namespace monsoon::parse::detail {

// Comma-separated keyword lists (<tags>, <keywords>, <itunes:keywords>) become tags.
void FeedBuilder::keywords(const Element& element, model::CommonFields& target) {
  const std::string value = field_text(element, text_context_);
  std::size_t begin = 0;
  while (begin <= value.size()) {
    std::size_t end = value.find(',', begin);
    if (end == std::string::npos) end = value.size();
    const std::string term = strip(std::string_view(value).substr(begin, end - begin));
    const bool duplicate = std::any_of(target.tags.begin(), target.tags.end(),
                                       [&](const model::Tag& t) { return t.term == term; });
    if (!term.empty() && !duplicate) target.tags.push_back(model::Tag{term, "", ""});
    begin = end + 1;
  }
}

}  // namespace monsoon::parse::detail
