#include "xml_doctype.hpp"

namespace monsoon::parse::detail {
namespace {

void entity_declarations(std::string_view subset, std::map<std::string, std::string>& out) {
  std::size_t at = 0;
  while ((at = subset.find("<!ENTITY", at)) != std::string_view::npos) {
    std::size_t i = at + 8;
    at = i;
    while (i < subset.size() && is_space(subset[i])) ++i;
    if (i < subset.size() && subset[i] == '%') continue;
    const std::size_t name_begin = i;
    while (i < subset.size() && is_name_char(static_cast<unsigned char>(subset[i]))) ++i;
    const std::string name(subset.substr(name_begin, i - name_begin));
    while (i < subset.size() && is_space(subset[i])) ++i;
    if (name.empty() || i >= subset.size() || (subset[i] != '"' && subset[i] != '\'')) continue;
    const std::size_t close = subset.find(subset[i], i + 1);
    if (close == std::string_view::npos) break;
    // Markup inside an entity value would need a real DTD processor; keep it as text.
    std::string value;
    for (const char c : subset.substr(i + 1, close - i - 1)) {
      if (c == '<') {
        value += "&lt;";
      } else {
        value.push_back(c);
      }
    }
    out.emplace(name, std::move(value));
  }
}

}  // namespace

Doctype read_doctype(std::string_view text, std::size_t pos) {
  Doctype doctype;
  // Skip to the '>' that ends the declaration, past an internal subset in [ ].
  std::size_t i = pos + 9;
  std::size_t subset_begin = std::string_view::npos;
  std::size_t subset_end = std::string_view::npos;
  char quote = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' && subset_begin == std::string_view::npos) {
      subset_begin = i + 1;
    } else if (c == ']' && subset_begin != std::string_view::npos) {
      subset_end = i;
    } else if (c == '>' &&
               (subset_begin == std::string_view::npos || subset_end != std::string_view::npos)) {
      break;
    }
  }
  if (i >= text.size()) return doctype;
  doctype.complete = true;
  doctype.end = i + 1;
  doctype.netscape = text.substr(pos, i - pos).find("-//Netscape Communications//DTD RSS 0.91") !=
                     std::string_view::npos;
  if (subset_begin != std::string_view::npos && subset_end != std::string_view::npos) {
    entity_declarations(text.substr(subset_begin, subset_end - subset_begin), doctype.entities);
  }
  return doctype;
}

}  // namespace monsoon::parse::detail
