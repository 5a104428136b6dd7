#include "content.hpp"

#include "charsets.hpp"
#include "html.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace monsoon::parse::detail {
namespace {

constexpr std::string_view kXhtml = "application/xhtml+xml";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string local_name(std::string_view qname) {
  const std::size_t colon = qname.find(':');
  return to_lower(colon == std::string_view::npos ? qname : qname.substr(colon + 1));
}

// Collects the pieces feedparser would: text, and markup of child elements once the
// content has turned out to be XHTML.
class Collector {
 public:
  explicit Collector(std::string type) : type_(std::move(type)) {}

  void children_of(pugi::xml_node node) {
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      visit(child);
    }
  }
  const std::string& type() const { return type_; }
  std::string take() { return std::move(out_); }

 private:
  void visit(pugi::xml_node node) {
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      if (type_ == kXhtml) {
        append_escaped(out_, node.value());
      } else {
        out_ += node.value();
      }
      return;
    }
    if (node.type() != pugi::node_element) return;
    const std::string tag = local_name(node.name());
    const bool declared_xml = type_.size() >= 3 && type_.ends_with("xml");
    if (!declared_xml) {
      // Typepad wraps escaped HTML in a <div>; markup anywhere else means XHTML.
      if (tag == "div") return children_of(node);
      type_ = std::string(kXhtml);
    }
    if (type_ != kXhtml) return children_of(node);
    out_ += '<';
    out_ += tag;
    for (const pugi::xml_attribute& attr : node.attributes()) {
      const std::string_view name = attr.name();
      if (name == "xmlns" || name.starts_with("xmlns:")) continue;
      out_ += ' ';
      out_ += to_lower(name);
      out_ += "=\"";
      for (const char c : std::string_view(attr.value())) {
        if (c == '"') {
          out_ += "&quot;";
        } else {
          out_.push_back(c);
        }
      }
      out_ += "\"";
    }
    out_ += ">";
    children_of(node);
    out_ += "</";
    out_ += tag;
    out_ += '>';
  }

  std::string type_;
  std::string out_;
};

// The single <div> child of an Atom 1.0 XHTML construct, if that is all there is.
pugi::xml_node lone_div(pugi::xml_node node) {
  pugi::xml_node div;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) {
      if (div || local_name(child.name()) != "div") return {};
      div = child;
    } else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      for (const char c : std::string_view(child.value())) {
        if (!is_space(c)) return {};
      }
    }
  }
  return div;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::string> decode_base64(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (is_space(c)) continue;
    if (c == '=') break;
    const int value = base64_value(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

bool is_base64(std::string_view mode, std::string_view type) {
  if (mode == "base64") return true;
  if (type.starts_with("text/")) return false;
  return !(type.ends_with("+xml") || type.ends_with("/xml"));
}

// "Ã©" (UTF-8 bytes read as Latin-1) -> "é", when every character is Latin-1 and the
// bytes form valid UTF-8.
std::optional<std::string> undo_double_encoding(const std::string& value) {
  std::string bytes;
  bool high = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x80) {
      bytes.push_back(static_cast<char>(c));
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < value.size()) {
      const auto next = static_cast<unsigned char>(value[++i]);
      bytes.push_back(static_cast<char>(((c & 0x03) << 6) | (next & 0x3F)));
      high = true;
    } else {
      return std::nullopt;
    }
  }
  if (!high || first_invalid_utf8(bytes) != std::string::npos) return std::nullopt;
  return bytes;
}

}  // namespace

std::string repair_text(std::string value, bool utf8_document) {
  // Both repairs start from a C2 or C3 byte; most values have none (ASCII, CJK).
  if (value.find('\xC2') == std::string::npos && value.find('\xC3') == std::string::npos) {
    return value;
  }
  if (utf8_document) {
    if (auto repaired = undo_double_encoding(value)) value = std::move(*repaired);
  }
  if (value.find('\xC2') == std::string::npos) return value;
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == 0xC2 && i + 1 < value.size()) {
      const auto next = static_cast<unsigned char>(value[i + 1]);
      if (const char32_t mapped = windows1252_for_c1(next); mapped != 0) {
        append_utf8(out, mapped);
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string field_text(const Element& element, const TextContext& context) {
  if (const pugi::xml_node first = element.node.first_child(); first && first.next_sibling()) {
    context.whitespace_matters = true;
  }
  std::string text = inner_text(element);
  strip_in_place(text);
  return repair_text(std::move(text), context.utf8);
}

std::string map_content_type(std::string_view type) {
  std::string lowered = to_lower(type);
  if (lowered == "text" || lowered == "plain") return "text/plain";
  if (lowered == "html") return "text/html";
  if (lowered == "xhtml") return std::string(kXhtml);
  return lowered;
}

void strip_in_place(std::string& text) {
  std::size_t end = text.size();
  while (end > 0 && is_space(text[end - 1])) --end;
  text.resize(end);
  std::size_t begin = 0;
  while (begin < end && is_space(text[begin])) ++begin;
  text.erase(0, begin);
}

std::string strip(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

model::Text read_text(const Element& element, std::string_view default_type,
                      const TextContext& context, bool body) {
  model::Text text;
  static constexpr std::array<std::string_view, 2> kNames = {"type", "mode"};
  const auto values = attributes(element, kNames);
  const std::string_view declared = values[0].value_or("");
  std::string type = map_content_type(declared.empty() ? default_type : declared);
  const bool base64 = is_base64(to_lower(values[1].value_or("")), type);
  pugi::xml_node source = element.node;
  if (context.atom10 && type == kXhtml) {
    if (pugi::xml_node div = lone_div(source)) source = div;
  }
  if (const pugi::xml_node first = source.first_child();
      first && (first.next_sibling() || first.type() == pugi::node_element)) {
    context.whitespace_matters = true;
  }
  Collector collector(type);
  collector.children_of(source);
  type = collector.type();
  std::string value = collector.take();
  strip_in_place(value);
  if (base64) {
    // Like feedparser, keep the text when it is not base64 of UTF-8 after all.
    auto decoded = decode_base64(value);
    if (decoded && first_invalid_utf8(*decoded) == std::string::npos) value = std::move(*decoded);
  }
  if (!base64) value = repair_text(std::move(value), context.utf8);
  if (!context.atom && type == "text/plain" && looks_like_html(value)) type = "text/html";
  if ((!body || context.sanitize_bodies) && (type == "text/html" || type == kXhtml)) {
    value = sanitize_html(value, element.base());
  }
  text.value = std::move(value);
  text.type = std::move(type);
  text.base = element.base();
  text.language = element.lang();
  std::replace(text.language.begin(), text.language.end(), '_', '-');
  return text;
}

}  // namespace monsoon::parse::detail
