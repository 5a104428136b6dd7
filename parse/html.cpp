#include "html.hpp"

#include "charsets.hpp"
#include "html_entities.hpp"
#include "scan.hpp"
#include "xml_tree.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

namespace monsoon::parse::detail {
namespace {

constexpr std::string_view kVoidElements[] = {
    "area",  "base",    "basefont", "br",   "col",  "command", "embed",  "frame", "hr", "img",
    "input", "isindex", "keygen",   "link", "meta", "param",   "source", "track", "wbr"};

// feedparser's _HTMLSanitizer.acceptable_elements.
constexpr std::string_view kAcceptableElements[] = {"a",          "abbr",
                                                    "acronym",    "address",
                                                    "area",       "article",
                                                    "aside",      "audio",
                                                    "b",          "big",
                                                    "blockquote", "br",
                                                    "button",     "canvas",
                                                    "caption",    "center",
                                                    "cite",       "code",
                                                    "col",        "colgroup",
                                                    "command",    "datagrid",
                                                    "datalist",   "dd",
                                                    "del",        "details",
                                                    "dfn",        "dialog",
                                                    "dir",        "div",
                                                    "dl",         "dt",
                                                    "em",         "event-source",
                                                    "fieldset",   "figcaption",
                                                    "figure",     "font",
                                                    "footer",     "form",
                                                    "h1",         "h2",
                                                    "h3",         "h4",
                                                    "h5",         "h6",
                                                    "header",     "hr",
                                                    "i",          "img",
                                                    "input",      "ins",
                                                    "kbd",        "keygen",
                                                    "label",      "legend",
                                                    "li",         "m",
                                                    "map",        "menu",
                                                    "meter",      "multicol",
                                                    "nav",        "nextid",
                                                    "noscript",   "ol",
                                                    "optgroup",   "option",
                                                    "output",     "p",
                                                    "pre",        "progress",
                                                    "q",          "s",
                                                    "samp",       "section",
                                                    "select",     "small",
                                                    "sound",      "source",
                                                    "spacer",     "span",
                                                    "strike",     "strong",
                                                    "sub",        "sup",
                                                    "table",      "tbody",
                                                    "td",         "textarea",
                                                    "tfoot",      "th",
                                                    "thead",      "time",
                                                    "tr",         "tt",
                                                    "u",          "ul",
                                                    "var",        "video",
                                                    "noscript",   "figure",
                                                    "mark",       "wbr",
                                                    "picture",    "summary"};

constexpr std::string_view kDroppedWithContent[] = {"script", "applet", "style"};

// feedparser's acceptable_attributes (style is dropped: CSS is not worth sanitizing here).
constexpr std::string_view kAcceptableAttributes[] = {"abbr",
                                                      "accept",
                                                      "accept-charset",
                                                      "accesskey",
                                                      "action",
                                                      "align",
                                                      "alt",
                                                      "autocomplete",
                                                      "autofocus",
                                                      "axis",
                                                      "background",
                                                      "balance",
                                                      "bgcolor",
                                                      "bgproperties",
                                                      "border",
                                                      "bordercolor",
                                                      "bordercolordark",
                                                      "bordercolorlight",
                                                      "bottompadding",
                                                      "cellpadding",
                                                      "cellspacing",
                                                      "ch",
                                                      "challenge",
                                                      "char",
                                                      "charoff",
                                                      "charset",
                                                      "checked",
                                                      "choff",
                                                      "cite",
                                                      "class",
                                                      "clear",
                                                      "color",
                                                      "cols",
                                                      "colspan",
                                                      "compact",
                                                      "contenteditable",
                                                      "controls",
                                                      "coords",
                                                      "data",
                                                      "datafld",
                                                      "datapagesize",
                                                      "datasrc",
                                                      "datetime",
                                                      "default",
                                                      "delay",
                                                      "dir",
                                                      "disabled",
                                                      "draggable",
                                                      "dynsrc",
                                                      "enctype",
                                                      "end",
                                                      "face",
                                                      "for",
                                                      "form",
                                                      "frame",
                                                      "galleryimg",
                                                      "gutter",
                                                      "headers",
                                                      "height",
                                                      "hidefocus",
                                                      "hidden",
                                                      "high",
                                                      "href",
                                                      "hreflang",
                                                      "hspace",
                                                      "icon",
                                                      "id",
                                                      "inputmode",
                                                      "ismap",
                                                      "keytype",
                                                      "label",
                                                      "lang",
                                                      "leftspacing",
                                                      "list",
                                                      "longdesc",
                                                      "loop",
                                                      "loopcount",
                                                      "loopend",
                                                      "loopstart",
                                                      "low",
                                                      "lowsrc",
                                                      "max",
                                                      "maxlength",
                                                      "media",
                                                      "method",
                                                      "min",
                                                      "multiple",
                                                      "name",
                                                      "nohref",
                                                      "noshade",
                                                      "nowrap",
                                                      "open",
                                                      "optimum",
                                                      "pattern",
                                                      "ping",
                                                      "point-size",
                                                      "poster",
                                                      "pqg",
                                                      "preload",
                                                      "prompt",
                                                      "radiogroup",
                                                      "readonly",
                                                      "rel",
                                                      "repeat-max",
                                                      "repeat-min",
                                                      "replace",
                                                      "required",
                                                      "rev",
                                                      "src",
                                                      "title",
                                                      "type",
                                                      "width",
                                                      "xml:lang"};

constexpr std::string_view kMoreAttributes[] = {
    "rightspacing", "rows",     "rowspan", "rules",    "scope",      "selected",
    "shape",        "size",     "span",    "start",    "step",       "summary",
    "suppress",     "tabindex", "target",  "template", "toppadding", "unselectable",
    "urn",          "usemap",   "valign",  "value",    "variable",   "vspace"};

// Membership in one of the lists above: they are looked up once per tag and attribute of
// every HTML summary. An open-addressing table with an FNV-1a hash of the short word;
// std::unordered_set (a longer hash, a division, a node per word) was 6 % of parsing.
class WordSet {
 public:
  template <std::size_t N>
  explicit WordSet(const std::string_view (&list)[N]) {
    while (slots_.size() < 2 * N) slots_.resize(slots_.empty() ? 16 : slots_.size() * 2);
    for (const std::string_view word : list) {
      std::size_t i = hash(word) & (slots_.size() - 1);
      while (slots_[i].data() != nullptr && slots_[i] != word) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = word;
    }
  }
  bool contains(std::string_view word) const {
    for (std::size_t i = hash(word) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].data() == nullptr) return false;  // half the slots stay empty
      if (slots_[i] == word) return true;
    }
  }

 private:
  static std::size_t hash(std::string_view word) {
    std::uint32_t h = 2166136261U;
    for (const char c : word) h = (h ^ static_cast<unsigned char>(c)) * 16777619U;
    return h;
  }
  std::vector<std::string_view> slots_;  // empty slot: a view with no data
};

const WordSet kAcceptableElementSet(kAcceptableElements);
const WordSet kAttributeSet(kAcceptableAttributes);
const WordSet kMoreAttributeSet(kMoreAttributes);
const WordSet kDroppedWithContentSet(kDroppedWithContent);
const WordSet kVoidElementSet(kVoidElements);

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_tag_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == ':' || c == '_';
}

// sgmllib's unquoted attribute value characters.
bool is_unquoted_value_char(char c) {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("][-./,:;+*%?!&$()_#=~'\"@").find(c) != std::string_view::npos;
}

// Whether the '&' at value[i] starts a reference: &name; or &#digits; / &#xhex;.
bool starts_reference(std::string_view value, std::size_t i) {
  std::size_t j = i + 1;
  if (j < value.size() && value[j] == '#') {
    const ReferenceDigits digits = reference_digits(value, j);
    return digits.end > digits.begin && digits.end < value.size() && value[digits.end] == ';';
  }
  while (j < value.size() && (is_alpha(value[j]) || is_digit(value[j]) || value[j] == '_')) ++j;
  return j > i + 1 && j < value.size() && value[j] == ';';
}

// Appends an attribute value for a double-quoted attribute: '<', '>' and '"' escaped, and
// '&' too unless it starts a reference. Runs without those are copied whole.
void append_attribute_value(std::string& out, std::string_view value) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    std::string_view replacement;
    if (c == '<') {
      replacement = "&lt;";
    } else if (c == '>') {
      replacement = "&gt;";
    } else if (c == '"') {
      replacement = "&quot;";
    } else if (c == '&' && !starts_reference(value, i)) {
      replacement = "&amp;";
    } else {
      continue;
    }
    out.append(value.data() + run, i - run);
    out += replacement;
    run = i + 1;
  }
  out.append(value.data() + run, value.size() - run);
}

// feedparser writes &#146; as &#x2019;: numeric references to C1 controls meant
// windows-1252 characters.
std::string windows1252_reference(const std::string& ref) {
  const bool hex = ref[0] == 'x';
  unsigned long value = 0;
  try {
    value = std::stoul(ref.substr(hex ? 1 : 0), nullptr, hex ? 16 : 10);
  } catch (const std::exception&) {
    return ref;
  }
  const char32_t mapped = windows1252_for_c1(static_cast<char32_t>(value));
  if (mapped == 0) return ref;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "x%x", static_cast<unsigned>(mapped));
  return buffer;
}


// `text` without leading and trailing HTML whitespace.
std::string trimmed(std::string text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  text.resize(end);
  text.erase(0, begin);
  return text;
}

class Sanitizer {
 public:
  Sanitizer(std::string_view input, std::string_view base) : in_(input), base_(base) {}

  std::string run() {
    out_.reserve(in_.size());  // sanitising seldom makes markup longer
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c == '<') {
        markup();
      } else if (c == '&') {
        reference();
      } else {
        // Text up to the next '<' or '&'. Two find() calls here rescanned the rest of the
        // input for the rarer character at every tag: quadratic on long content.
        const std::size_t end = scan(in_, pos_, TwoStops{'<', '&'});
        data(in_.substr(pos_, end - pos_));
        pos_ = end;
      }
    }
    return trimmed(std::move(out_));
  }

 private:
  void data(std::string_view text) {
    if (dropping_ == 0) out_.append(text);
  }
  void data(std::initializer_list<std::string_view> pieces) {
    if (dropping_ > 0) return;
    for (const std::string_view piece : pieces) out_.append(piece);
  }

  void reference() {
    std::size_t j = pos_ + 1;
    if (j < in_.size() && in_[j] == '#') {
      const ReferenceDigits digits = reference_digits(in_, j);
      j = digits.end;
      if (j > digits.begin) {
        std::string ref = to_lower(in_.substr(pos_ + 2, j - pos_ - 2));
        if (ref == "39") ref = "", data("'");
        if (ref == "34") ref = "", data("\"");
        if (!ref.empty()) data("&#" + windows1252_reference(ref) + ";");
        pos_ = (j < in_.size() && in_[j] == ';') ? j + 1 : j;
        return;
      }
    } else if (j < in_.size() && is_alpha(in_[j])) {
      j = reference_name_end(in_, j);
      if (j < in_.size()) {
        const std::string_view name = in_.substr(pos_ + 1, j - pos_ - 1);
        if (html_entity(name) || name == "apos") {
          data({"&", name, ";"});
        } else {
          data({"&amp;", name});
        }
        pos_ = in_[j] == ';' ? j + 1 : j;
        return;
      }
    }
    data("&");
    ++pos_;
  }

  void markup() {
    const std::string_view rest = in_.substr(pos_);
    if (rest.starts_with("<!--")) {
      const std::size_t end = in_.find("-->", pos_ + 4);
      pos_ = end == std::string_view::npos ? in_.size() : end + 3;
      return;
    }
    if (rest.starts_with("<!") || rest.starts_with("<?")) {
      const bool real = rest.starts_with("<?") || rest.starts_with("<![") ||
                        to_lower(rest.substr(0, 9)) == "<!doctype";
      const std::size_t end = in_.find('>', pos_);
      if (!real || end == std::string_view::npos) {
        // feedparser rewrites "<!x" that is no declaration to "&lt;!x".
        data(real ? rest : "&lt;!");
        pos_ = real ? in_.size() : pos_ + 2;
        return;
      }
      pos_ = end + 1;
      return;
    }
    if (rest.size() > 2 && rest[1] == '/' && is_alpha(rest[2])) return end_tag();
    if (rest.size() > 1 && is_alpha(rest[1])) return start_tag();
    data("<");
    ++pos_;
  }

  void end_tag() {
    std::size_t i = pos_ + 2;
    while (i < in_.size() && is_tag_char(in_[i])) ++i;
    const std::string tag = to_lower(in_.substr(pos_ + 2, i - pos_ - 2));
    const std::size_t close = in_.find('>', i);
    pos_ = close == std::string_view::npos ? in_.size() : close + 1;
    if (kDroppedWithContentSet.contains(tag)) {
      if (dropping_ > 0) --dropping_;
      return;
    }
    if (!kAcceptableElementSet.contains(tag) || is_void_element(tag)) return;
    data({"</", tag, ">"});
  }

  void start_tag() {
    std::size_t i = pos_ + 1;
    while (i < in_.size() && is_tag_char(in_[i])) ++i;
    lower_into(tag_, in_.substr(pos_ + 1, i - pos_ - 1));
    bool self_closing = false;
    i = parse_attributes(i, self_closing);
    pos_ = i;
    // The two lists are disjoint; most tags are acceptable, so that is looked up first.
    if (!kAcceptableElementSet.contains(tag_)) {
      if (kDroppedWithContentSet.contains(tag_) && !self_closing) ++dropping_;
      return;
    }
    if (dropping_ > 0) return;
    const auto attributes = std::span(attributes_).first(attribute_count_);
    std::sort(attributes.begin(), attributes.end());
    // Written straight to the output, piece by piece: building each tag in a string of
    // its own first was most of the sanitiser's allocations.
    out_ += '<';
    out_ += tag_;
    for (const auto& [key, value] : attributes) {
      if (!kAttributeSet.contains(key) && !kMoreAttributeSet.contains(key)) continue;
      if (is_url_attribute(key)) {
        // Dropped entirely when it is a script URL; see clean_url_attribute.
        if (auto url = clean_url_attribute(key, value, base_)) data({" ", key, "=\"", *url, "\""});
        continue;
      }
      data({" ", key, "=\""});
      append_attribute_value(out_, value);
      out_ += '"';
    }
    if (is_void_element(tag_)) {
      out_ += " />";
    } else {
      out_ += '>';
      if (self_closing) data({"</", tag_, ">"});
    }
  }

  // Lower-cases `text` into `out`, reusing its buffer.
  static void lower_into(std::string& out, std::string_view text) {
    out.assign(text);
    lower_in_place(out);
  }

  // The next attribute slot: the strings of earlier tags are reused, not reallocated.
  std::pair<std::string, std::string>& next_attribute() {
    if (attribute_count_ == attributes_.size()) attributes_.emplace_back();
    return attributes_[attribute_count_++];
  }

  std::size_t parse_attributes(std::size_t i, bool& self_closing) {
    attribute_count_ = 0;
    while (i < in_.size()) {
      while (i < in_.size() && is_space(in_[i])) ++i;
      if (i >= in_.size()) break;
      if (in_[i] == '>') return i + 1;
      if (in_[i] == '/' && i + 1 < in_.size() && in_[i + 1] == '>') {
        self_closing = true;
        return i + 2;
      }
      if (in_[i] == '<') return i;
      if (!is_alpha(in_[i]) && in_[i] != '_') {
        ++i;
        continue;
      }
      const std::size_t name_begin = i;
      while (i < in_.size() && is_tag_char(in_[i])) ++i;
      auto& [name, value] = next_attribute();
      lower_into(name, in_.substr(name_begin, i - name_begin));
      std::size_t j = i;
      while (j < in_.size() && is_space(in_[j])) ++j;
      value = name;
      if (j < in_.size() && in_[j] == '=') {
        ++j;
        while (j < in_.size() && is_space(in_[j])) ++j;
        if (j < in_.size() && (in_[j] == '"' || in_[j] == '\'')) {
          const std::size_t close = in_.find(in_[j], j + 1);
          const std::size_t end = close == std::string_view::npos ? in_.size() : close;
          value.assign(in_.substr(j + 1, end - j - 1));
          i = end == in_.size() ? end : end + 1;
        } else {
          std::size_t end = j;
          while (end < in_.size() && is_unquoted_value_char(in_[end])) ++end;
          value.assign(in_.substr(j, end - j));
          i = end;
        }
      }
      if (name == "rel" || name == "type") lower_in_place(value);
    }
    return in_.size();
  }

  std::string_view in_;
  std::string_view base_;
  std::size_t pos_ = 0;
  std::string out_;
  int dropping_ = 0;
  std::string tag_;  // the start tag being read, lower-cased
  std::vector<std::pair<std::string, std::string>> attributes_;  // its attributes (slots)
  std::size_t attribute_count_ = 0;                               // how many slots are used
};

}  // namespace

bool is_void_element(std::string_view tag) { return kVoidElementSet.contains(tag); }

std::string sanitize_html(std::string_view html, std::string_view base) {
  // Text without markup or references (most RSS descriptions, which default to HTML)
  // comes out as it went in, trimmed: no need to run the sanitizer over it.
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    return trimmed(std::string(html));
  }
  return Sanitizer(html, base).run();
}

bool looks_like_html(std::string_view text) {
  bool close_tag_or_reference = false;
  for (std::size_t i = scan(text, 0, TwoStops{'<', '&'}); i < text.size();
       i = scan(text, i + 1, TwoStops{'<', '&'})) {
    if (text[i] == '<') {
      std::size_t j = i + 1;
      const bool closing = j < text.size() && text[j] == '/';
      if (closing) ++j;
      const std::size_t name_begin = j;
      while (j < text.size() && (is_alpha(text[j]) || is_digit(text[j]) || text[j] == '_')) ++j;
      if (j == name_begin) continue;
      const std::string tag = to_lower(text.substr(name_begin, j - name_begin));
      if (!kAcceptableElementSet.contains(tag)) return false;
      if (closing && j < text.size() && text[j] == '>') close_tag_or_reference = true;
    } else if (text[i] == '&') {
      std::size_t j = i + 1;
      const bool numeric = j < text.size() && text[j] == '#';
      if (numeric) ++j;
      const std::size_t name_begin = j;
      while (j < text.size() && (is_alpha(text[j]) || is_digit(text[j]) || text[j] == '_')) ++j;
      if (j == name_begin || j >= text.size() || text[j] != ';') continue;
      close_tag_or_reference = true;
      if (!numeric && !html_entity(text.substr(name_begin, j - name_begin))) return false;
    }
  }
  return close_tag_or_reference;
}

}  // namespace monsoon::parse::detail
