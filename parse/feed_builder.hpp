#pragma once
// Turns the namespace-aware element tree into a ParsedFeed with feedparser's rules:
// which element fills which field, which value wins when one repeats, how RSS guids
// become links, how authors are split into name and email.

#include "content.hpp"
#include "xml_tree.hpp"

#include <monsoon/model.hpp>
#include <monsoon/parse.hpp>

#include <string>

namespace monsoon::parse::detail {

class FeedBuilder {
 public:
  FeedBuilder(model::ParsedFeed& out, const ParseOptions& options);

  // Walks the document element; `out.version` must already be set.
  void build(const Element& root);
  // Whether a value came from several nodes or from markup (see TextContext).
  bool whitespace_matters() const { return text_context_.whitespace_matters; }

 private:
  enum class Scope { feed, entry };

  void visit_container(const Element& element);
  void visit_entry(const Element& element);
  void visit_fields(const Element& parent, model::CommonFields& target, Scope scope);
  void stray_entries(const Element& element, int depth);
  void reserve_entries(const std::vector<Element>& elements);
  bool common_field(const Element& element, model::CommonFields& target, Scope scope);
  bool feed_field(const Element& element, model::FeedHead& head);
  bool entry_field(const Element& element, model::Entry& entry);

  // feed_builder.cpp
  void title(const Element& element, model::CommonFields& target, Scope scope);
  void identifier(const Element& element, model::CommonFields& target, Scope scope);
  void date(const Element& element, model::CommonFields& target, bool published);
  void category(const Element& element, model::CommonFields& target);
  void keywords(const Element& element, model::CommonFields& target);
  // `body`: an entry's summary or content (TextContext::sanitize_bodies).
  model::Text text(const Element& element, std::string_view default_type, bool body = false) const;

  // rss.cpp
  void rss_link(const Element& element, model::CommonFields& target, Scope scope);
  void enclosure(const Element& element, model::Entry& entry);
  void ttl(const Element& element, model::FeedHead& head);

  // atom.cpp
  void link(const Element& element, model::CommonFields& target, Scope scope);
  void person(const Element& element, model::CommonFields& target);
  void person_text(const Element& element, model::CommonFields& target);
  void content(const Element& element, model::Entry& entry, std::string_view default_type);
  void summary(const Element& element, model::Entry& entry, std::string_view default_type);

  model::ParsedFeed& out_;
  const ParseOptions& options_;
  TextContext text_context_;
  bool guid_is_link_ = false;
  bool entry_link_set_ = false;
  bool feed_link_set_ = false;
  bool summary_set_ = false;
};

// "en_US" -> "en-US", as feedparser does.
std::string normalize_language(std::string language);

// Resolves `value` against the element's xml:base / document URL.
std::string resolve_against(const Element& element, std::string_view value);

}  // namespace monsoon::parse::detail
