#pragma once
// A namespace-aware view of a pugixml tree: each element with its namespace URI,
// lower-cased local name, canonical feedparser key ("title", "dc:date",
// "content:encoded"), and the xml:base / xml:lang in effect.

#include <pugixml.hpp>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monsoon::parse::detail {

inline constexpr std::string_view kAtom10Ns = "http://www.w3.org/2005/atom";
inline constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
inline constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
inline constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";

using Bindings = std::vector<std::pair<std::string, std::string>>;  // prefix -> URI

// What an element inherits: most elements declare nothing, so they share their parent's
// scope instead of copying its base URL and namespace table (that copying was 14 % of
// `monsoon parse` in bench/parse_speed.sh).
struct Scope {
  std::string base;   // xml:base in effect, resolved against the outer base
  std::string lang;   // xml:lang in effect
  Bindings bindings;  // namespace declarations in scope, innermost last
};

struct Element {
  pugi::xml_node node;
  std::string_view ns;  // lower-cased namespace URI, "" for none; lives in `scope`
  std::string local;    // lower-cased local name
  std::string key;      // canonical name; "" prefix for core RSS/Atom namespaces
  std::shared_ptr<const Scope> scope;

  const std::string& base() const { return scope->base; }
  const std::string& lang() const { return scope->lang; }
  const Bindings& bindings() const { return scope->bindings; }
};

// The document element, resolving xml:base against `document_base`.
Element root_element(const pugi::xml_document& doc, const std::string& document_base);

// Child elements in document order, each with its own scope.
std::vector<Element> children(const Element& parent);

// Calls visit(child) for each child element in document order, reusing one Element: no
// vector, and the child's strings keep their buffers from one child to the next. The
// child is only valid during the call.
void fill_child(Element& child, pugi::xml_node node, const Element& parent);
template <typename Visit>
void for_each_child(const Element& parent, Visit&& visit) {
  Element child;
  for (pugi::xml_node node = parent.node.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    fill_child(child, node, parent);
    visit(static_cast<const Element&>(child));
  }
}

// An attribute by lower-cased local name, ignoring its prefix unless `ns` is given
// (then only attributes in that namespace match). Empty when absent.
std::string attribute(const Element& element, std::string_view local, std::string_view ns = {});
bool has_attribute(const Element& element, std::string_view local);

// Several attributes in one pass: values[i] is what attribute(element, names[i]) would
// return, or nullopt when the element has no such attribute. The views live as long as
// the document.
void attributes(const Element& element, std::span<const std::string_view> names,
                std::span<std::optional<std::string_view>> values);
template <std::size_t N>
std::array<std::optional<std::string_view>, N> attributes(
    const Element& element, const std::array<std::string_view, N>& names) {
  std::array<std::optional<std::string_view>, N> values;
  attributes(element, names, values);
  return values;
}

// Concatenated character data of the element and its descendants.
std::string inner_text(const Element& element);

// Namespace URI bound to `prefix` in the scope of `element` ("" when unbound). The view
// lives as long as the element's scope.
std::string_view namespace_for(const Element& element, std::string_view prefix);

std::string to_lower(std::string_view text);
// ASCII letters lower-cased where they are, keeping the string's buffer.
void lower_in_place(std::string& text);

}  // namespace monsoon::parse::detail
