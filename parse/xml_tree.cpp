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

// Sets `key` to the canonical name of an element (written in place: no temporary).
void set_canonical_key(std::string& key, std::string_view ns, std::string_view prefix,
                       const std::string& local) {
  if (std::find(kCoreNamespaces.begin(), kCoreNamespaces.end(), ns) != kCoreNamespaces.end() ||
      // Feeds sometimes point at the RSS 2.0 spec page with a trailing path.
      ns.find("backend.userland.com/rss") != std::string_view::npos) {
    key = local;
    return;
  }
  for (const auto& [uri, known_prefix] : kPrefixes) {
    if (ns == uri) {
      key.assign(known_prefix);
      key += ':';
      key += local;
      return;
    }
  }
  // Like feedparser, elements in an unknown default namespace read as plain RSS/Atom.
  // Prefixed ones are keyed by URI, so "dc:" bound elsewhere is not Dublin Core.
  if (prefix.empty()) {
    key = local;
  } else {
    key.clear();
    key += '{';
    key += ns;
    key += '}';
    key += local;
  }
}

bool declares_scope(std::string_view name) {
  return name.starts_with("xmlns") || name == "xml:base" || name == "base" ||
         name == "xml:lang" || name == "lang";
}

// A new scope for `node` when it declares namespaces, a base or a language; otherwise
// the parent's, shared.
std::shared_ptr<const Scope> scope_for(pugi::xml_node node,
                                       const std::shared_ptr<const Scope>& parent) {
  // pugixml's attribute range is several calls into the shared library per element;
  // first_attribute() is one, and most elements have none.
  if (parent && !node.first_attribute()) return parent;
  bool declares = false;
  for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
    if (declares_scope(attr.name())) {
      declares = true;
      break;
    }
  }
  if (!declares && parent) return parent;
  auto scope = parent ? std::make_shared<Scope>(*parent) : std::make_shared<Scope>();
  for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
    const std::string_view name = attr.name();
    if (name == "xmlns") {
      scope->bindings.emplace_back("", to_lower(attr.value()));
    } else if (name.starts_with("xmlns:")) {
      scope->bindings.emplace_back(std::string(name.substr(6)), to_lower(attr.value()));
    }
  }
  // feedparser also honours unprefixed base= and lang= attributes.
  for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
    const std::string_view name = attr.name();
    if ((name == "xml:base" || name == "base") && is_safe_url(attr.value())) {
      scope->base = resolve_url(scope->base, attr.value());
    }
    if (name == "xml:lang" || name == "lang") scope->lang = attr.value();
  }
  return scope;
}

// Fills `element` in place (children() builds each one inside its vector).
void fill_element(Element& element, pugi::xml_node node, std::shared_ptr<const Scope> scope) {
  element.node = node;
  element.scope = std::move(scope);
  const std::string_view qname = node.name();
  const std::size_t colon = qname.find(':');
  const std::string_view prefix =
      colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
  element.local.assign(colon == std::string_view::npos ? qname : qname.substr(colon + 1));
  lower_in_place(element.local);
  element.ns = namespace_for(element, prefix);
  set_canonical_key(element.key, element.ns, prefix, element.local);
}

}  // namespace

void lower_in_place(std::string& text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  lower_in_place(out);
  return out;
}

std::string_view namespace_for(const Element& element, std::string_view prefix) {
  if (prefix == "xml") return "http://www.w3.org/xml/1998/namespace";
  const Bindings& bindings = element.bindings();
  for (auto it = bindings.rbegin(); it != bindings.rend(); ++it) {
    if (it->first == prefix) return it->second;
  }
  return "";
}

Element root_element(const pugi::xml_document& doc, const std::string& document_base) {
  auto document = std::make_shared<Scope>();
  document->base = document_base;
  const pugi::xml_node root = doc.document_element();
  Element element;
  fill_element(element, root, scope_for(root, document));
  return element;
}

void fill_child(Element& child, pugi::xml_node node, const Element& parent) {
  fill_element(child, node, scope_for(node, parent.scope));
}

std::vector<Element> children(const Element& parent) {
  std::size_t count = 0;
  for (pugi::xml_node child = parent.node.first_child(); child; child = child.next_sibling()) {
    count += child.type() == pugi::node_element ? 1 : 0;
  }
  std::vector<Element> out;
  out.reserve(count);
  for (pugi::xml_node child = parent.node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) {
      fill_element(out.emplace_back(), child, scope_for(child, parent.scope));
    }
  }
  return out;
}

namespace {

// `name` equals the lower-case `lowered` ignoring ASCII case, without allocating.
bool equals_lowered(std::string_view name, std::string_view lowered) {
  if (name.size() != lowered.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lowered[i]) return false;
  }
  return true;
}

// An attribute's prefix and local part.
std::pair<std::string_view, std::string_view> split_qname(std::string_view name) {
  const std::size_t colon = name.find(':');
  if (colon == std::string_view::npos) return {{}, name};
  return {name.substr(0, colon), name.substr(colon + 1)};
}

}  // namespace

std::string attribute(const Element& element, std::string_view local, std::string_view ns) {
  for (pugi::xml_attribute attr = element.node.first_attribute(); attr;
       attr = attr.next_attribute()) {
    const std::string_view name = attr.name();
    const auto [prefix, attr_local] = split_qname(name);
    if (prefix == "xmlns" || name == "xmlns") continue;
    if (!equals_lowered(attr_local, local)) continue;
    if (!ns.empty() && namespace_for(element, prefix) != ns) continue;
    if (ns.empty() && prefix == "xml") continue;
    return attr.value();
  }
  return "";
}

void attributes(const Element& element, std::span<const std::string_view> names,
                std::span<std::optional<std::string_view>> values) {
  for (pugi::xml_attribute attr = element.node.first_attribute(); attr;
       attr = attr.next_attribute()) {
    const std::string_view name = attr.name();
    const auto [prefix, attr_local] = split_qname(name);
    if (prefix == "xmlns" || name == "xmlns" || prefix == "xml") continue;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!values[i] && equals_lowered(attr_local, names[i])) values[i] = attr.value();
    }
  }
}

bool has_attribute(const Element& element, std::string_view local) {
  for (pugi::xml_attribute attr = element.node.first_attribute(); attr;
       attr = attr.next_attribute()) {
    const std::string_view name = attr.name();
    if (equals_lowered(split_qname(name).second, local) && !name.starts_with("xmlns")) {
      return true;
    }
  }
  return false;
}

std::string inner_text(const Element& element) {
  // Most fields hold one run of text: skip pugixml's tree walker (virtual calls) then.
  const pugi::xml_node first = element.node.first_child();
  if (!first) return "";
  if ((first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata) &&
      !first.next_sibling()) {
    return first.value();
  }
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
