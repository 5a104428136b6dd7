#include "xml_tree.hpp"

#include "urls.hpp"

#include <algorithm>
#include <array>

namespace monsoon::parse::detail {
namespace {

// Namespaces whose elements feedparser treats as plain RSS/Atom vocabulary.
constexpr std::array<std::string_view, 8> kCoreNamespaces = {
    "",
    kAtom10Ns,
    kAtom03Ns,
    kRss10Ns,
    kRss090Ns,
    "http://backend.userland.com/rss",
    "http://backend.userland.com/rss2",
    "http://blogs.law.harvard.edu/tech/rss",
};

// Other namespaces carrying data we read, with feedparser's prefix for them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kPrefixes = {{
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/elements/1.0/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://rssnamespace.org/feedburner/ext/1.0", "feedburner"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://purl.org/rss/1.0/modules/slash/", "slash"},
    {"http://wellformedweb.org/commentapi/", "wfw"},
}};

std::string canonical_key(const std::string& ns, std::string_view prefix,
                          const std::string& local) {
  if (std::find(kCoreNamespaces.begin(), kCoreNamespaces.end(), ns) != kCoreNamespaces.end()) {
    return local;
  }
  // Feeds sometimes point at the RSS 2.0 spec page with a trailing path.
  if (ns.find("backend.userland.com/rss") != std::string::npos) return local;
  for (const auto& [uri, known_prefix] : kPrefixes) {
    if (ns == uri) return std::string(known_prefix) + ":" + local;
  }
  // Like feedparser, elements in an unknown default namespace read as plain RSS/Atom.
  // Prefixed ones are keyed by URI, so "dc:" bound elsewhere is not Dublin Core.
  if (prefix.empty()) return local;
  return "{" + ns + "}" + local;
}

Element make_element(pugi::xml_node node, const Element* parent, const std::string& doc_base) {
  Element element;
  element.node = node;
  if (parent != nullptr) {
    element.bindings = parent->bindings;
    element.base = parent->base;
    element.lang = parent->lang;
  } else {
    element.base = doc_base;
  }
  for (const pugi::xml_attribute& attr : node.attributes()) {
    const std::string_view name = attr.name();
    if (name == "xmlns") {
      element.bindings.emplace_back("", to_lower(attr.value()));
    } else if (name.starts_with("xmlns:")) {
      element.bindings.emplace_back(std::string(name.substr(6)), to_lower(attr.value()));
    }
  }
  // feedparser also honours unprefixed base= and lang= attributes.
  for (const pugi::xml_attribute& attr : node.attributes()) {
    const std::string_view name = attr.name();
    if ((name == "xml:base" || name == "base") && is_safe_url(attr.value())) {
      element.base = resolve_url(element.base, attr.value());
    }
    if (name == "xml:lang" || name == "lang") element.lang = attr.value();
  }
  const std::string_view qname = node.name();
  const std::size_t colon = qname.find(':');
  const std::string_view prefix =
      colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
  element.local = to_lower(colon == std::string_view::npos ? qname : qname.substr(colon + 1));
  element.ns = namespace_for(element, prefix);
  element.key = canonical_key(element.ns, prefix, element.local);
  return element;
}

}  // namespace

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string namespace_for(const Element& element, std::string_view prefix) {
  if (prefix == "xml") return "http://www.w3.org/xml/1998/namespace";
  for (auto it = element.bindings.rbegin(); it != element.bindings.rend(); ++it) {
    if (it->first == prefix) return it->second;
  }
  return "";
}

Element root_element(const pugi::xml_document& doc, const std::string& document_base) {
  return make_element(doc.document_element(), nullptr, document_base);
}

std::vector<Element> children(const Element& parent) {
  std::vector<Element> out;
  for (pugi::xml_node child = parent.node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) out.push_back(make_element(child, &parent, ""));
  }
  return out;
}

std::string attribute(const Element& element, std::string_view local, std::string_view ns) {
  for (const pugi::xml_attribute& attr : element.node.attributes()) {
    const std::string_view name = attr.name();
    const std::size_t colon = name.find(':');
    const std::string_view prefix =
        colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
    if (prefix == "xmlns" || name == "xmlns") continue;
    const std::string attr_local =
        to_lower(colon == std::string_view::npos ? name : name.substr(colon + 1));
    if (attr_local != local) continue;
    if (!ns.empty() && namespace_for(element, prefix) != ns) continue;
    if (ns.empty() && prefix == "xml") continue;
    return attr.value();
  }
  return "";
}

bool has_attribute(const Element& element, std::string_view local) {
  for (const pugi::xml_attribute& attr : element.node.attributes()) {
    const std::string_view name = attr.name();
    const std::size_t colon = name.find(':');
    if (to_lower(colon == std::string_view::npos ? name : name.substr(colon + 1)) == local &&
        !name.starts_with("xmlns")) {
      return true;
    }
  }
  return false;
}

std::string inner_text(const Element& element) {
  std::string out;
  struct Collector : pugi::xml_tree_walker {
    std::string* out = nullptr;
    bool for_each(pugi::xml_node& node) override {
      if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
        *out += node.value();
      }
      return true;
    }
  } collector;
  collector.out = &out;
  pugi::xml_node node = element.node;
  node.traverse(collector);
  return out;
}

}  // namespace monsoon::parse::detail
