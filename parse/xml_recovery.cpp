#include "xml_recovery.hpp"

#include "charsets.hpp"
#include "html_entities.hpp"
#include "scan.hpp"
#include "xml_doctype.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>

namespace monsoon::parse::detail {
namespace {

constexpr std::size_t kMaxProblems = 16;

// Bytes copy_chars must look at: references, controls, the lead byte of U+FFFE/U+FFFF,
// and '<' (only special inside attribute values).
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = true;
  table['\t'] = table['\n'] = table['\r'] = false;
  table['&'] = table['<'] = table[0xEF] = true;
  return table;
}();

bool is_xml_char(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::string_view local_part(std::string_view name) {
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The repaired text, or nothing at all in a checking pass (see recover_xml).
class Output {
 public:
  explicit Output(bool enabled) : enabled_(enabled) {}
  void reserve(std::size_t size) {
    if (enabled_) text_.reserve(size);
  }
  Output& operator+=(std::string_view text) {
    if (enabled_) text_.append(text);
    return *this;
  }
  Output& operator+=(char c) {
    if (enabled_) text_.push_back(c);
    return *this;
  }
  void append(const char* data, std::size_t size) {
    if (enabled_) text_.append(data, size);
  }
  void append(std::string_view text) { *this += text; }
  void push_back(char c) { *this += c; }
  std::size_t size() const { return text_.size(); }
  void resize(std::size_t size) { text_.resize(size); }
  // Every '"' from `from` on becomes &quot;.
  void escape_quotes_from(std::size_t from) {
    for (std::size_t k = from; k < text_.size(); ++k) {
      if (text_[k] == '"') {
        text_.replace(k, 1, "&quot;");
        k += 5;
      }
    }
  }
  std::string take() { return std::move(text_); }

 private:
  bool enabled_;
  std::string text_;
};

// Names are views into the input, which outlives the Recoverer: no element costs an
// allocation in the checking pass.
struct Frame {
  std::string_view name;
  std::size_t out_offset = 0;     // where its start tag begins in the output
  std::size_t prefixes_from = 0;  // its namespace prefixes: Recoverer::prefixes_[from..]
};

class Recoverer {
 public:
  // With `emit` false nothing is written: the pass only finds out whether the input
  // needs repair (RecoveredXml::repaired).
  Recoverer(std::string_view input, bool emit) : in_(input), out_(emit) {}

  RecoveredXml run() {
    out_.reserve(in_.size() + in_.size() / 16);
    while (pos_ < in_.size() && !stopped_) {
      if (in_[pos_] == '<') {
        markup();
      } else {
        text();
      }
    }
    finish();
    const bool repaired = !problems_.empty() || rewritten_;
    return RecoveredXml{out_.take(), std::move(problems_), saw_root_, netscape_, repaired};
  }

 private:
  void problem(std::size_t offset, const std::string& what) {
    if (problems_.size() >= kMaxProblems) return;
    offset = std::min(offset, in_.size());
    if (offset < line_offset_) line_ = 1, line_offset_ = 0;  // reported out of order
    const auto begin = in_.begin() + static_cast<std::ptrdiff_t>(line_offset_);
    line_ += static_cast<std::size_t>(
        std::count(begin, in_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    line_offset_ = offset;
    problems_.push_back("line " + std::to_string(line_) + ": " + what);
  }

  bool inside_root() const { return !stack_.empty(); }

  // Character data up to the next '<'.
  void text() {
    // Indentation between tags, the most common run, is read here without a scan.
    std::size_t spaces_end = pos_;
    while (spaces_end < in_.size() && is_space(in_[spaces_end])) ++spaces_end;
    // Most other character data holds nothing to repair: one scan then finds its end.
    const std::size_t first_special =
        spaces_end < in_.size() && in_[spaces_end] == '<' ? spaces_end
                                                          : skip_xml_chars(in_, spaces_end);
    std::size_t end = first_special;
    if (end < in_.size() && in_[end] != '<') end = in_.find('<', end);
    if (end == std::string_view::npos) end = in_.size();
    const std::string_view run = in_.substr(pos_, end - pos_);
    if (!inside_root()) {
      const bool blank = std::all_of(run.begin(), run.end(), is_space);
      if (!blank) {
        problem(pos_, saw_root_ ? "junk after document element" : "text before root element");
        if (saw_root_) stopped_ = true;
      }
      pos_ = end;
      return;
    }
    if (first_special == end) {
      out_.append(run);
    } else {
      copy_chars(run, pos_, false);
    }
    pos_ = end;
  }

  // Copies text or attribute content, repairing references and invalid characters.
  // Runs of ordinary bytes are appended whole; only the bytes kSpecial marks are looked at
  // one by one (a per-byte push_back here was 7 % of `monsoon parse`).
  void copy_chars(std::string_view run, std::size_t base, bool in_attribute) {
    std::size_t copied = 0;
    for (std::size_t i = skip_xml_chars(run, 0); i < run.size(); i = skip_xml_chars(run, i + 1)) {
      const auto c = static_cast<unsigned char>(run[i]);
      if (!kSpecial[c] || (c == '<' && !in_attribute)) continue;
      out_.append(run.data() + copied, i - copied);
      copied = i + 1;
      if (c == '&') {
        i = reference(run, i, base);
        copied = i + 1;
      } else if (c < 0x20) {
        problem(base + i, "invalid control character");
      } else if (c == 0xEF) {
        if (i + 2 < run.size() && static_cast<unsigned char>(run[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(run[i + 2]) & 0xFE) == 0xBE) {
          problem(base + i, "invalid character U+FFFE/U+FFFF");
          i += 2;
          copied = i + 1;
        } else {
          out_.push_back(static_cast<char>(c));
        }
      } else {  // '<' in an attribute value
        problem(base + i, "'<' in attribute value");
        out_ += "&lt;";
      }
    }
    out_.append(run.data() + copied, run.size() - copied);
  }

  // Handles '&' at run[i]; returns the index of the last character consumed.
  std::size_t reference(std::string_view run, std::size_t i, std::size_t base) {
    std::size_t j = i + 1;
    if (j < run.size() && run[j] == '#') {
      ++j;
      const bool hex = j < run.size() && (run[j] == 'x' || run[j] == 'X');
      if (hex) ++j;
      const std::size_t digits = j;
      std::uint32_t value = 0;
      while (j < run.size() && j - digits < 8 &&
             std::isxdigit(static_cast<unsigned char>(run[j])) != 0 &&
             (hex || std::isdigit(static_cast<unsigned char>(run[j])) != 0)) {
        const char d = run[j];
        const std::uint32_t v = d <= '9' ? static_cast<std::uint32_t>(d - '0')
                                         : static_cast<std::uint32_t>((d | 0x20) - 'a' + 10);
        value = value * (hex ? 16 : 10) + v;
        ++j;
      }
      if (j > digits && j < run.size() && run[j] == ';') {
        if (is_xml_char(value)) {
          out_.append(run.substr(i, j + 1 - i));
        } else {
          problem(base + i, "reference to invalid character number");
        }
        return j;
      }
      problem(base + i, "malformed character reference");
      out_ += "&amp;";
      return i;
    }
    while (j < run.size() && is_name_char(static_cast<unsigned char>(run[j]))) ++j;
    if (j == i + 1 || j >= run.size() || run[j] != ';') {
      problem(base + i, "bare '&' (not a reference)");
      out_ += "&amp;";
      return i;
    }
    const std::string_view name = run.substr(i + 1, j - i - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
      out_.append(run.substr(i, j + 1 - i));
    } else if (auto declared = entities_.find(std::string(name)); declared != entities_.end()) {
      out_ += declared->second;
      rewritten_ = true;
    } else if (auto code = html_entity(name)) {
      problem(base + i, "undefined entity &" + std::string(name) + ";");
      out_ += "&#" + std::to_string(static_cast<std::uint32_t>(*code)) + ";";
    } else {
      problem(base + i, "undefined entity &" + std::string(name) + ";");
      out_ += "&amp;";
      return i;
    }
    return j;
  }

  void markup() {
    const bool first = !seen_markup_;
    seen_markup_ = true;
    const std::string_view rest = in_.substr(pos_);
    // Tags first: nearly all markup is a start or an end tag.
    if (rest.size() > 1 && is_name_start(static_cast<unsigned char>(rest[1]))) return start_tag();
    if (rest.size() > 2 && rest[1] == '/') return end_tag();
    if (rest.starts_with("<?")) return processing_instruction(first && pos_ == 0);
    if (rest.starts_with("<!--")) return delimited("-->", "unterminated comment", true);
    if (rest.starts_with("<![CDATA[")) return cdata();
    if (rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype")) return doctype();
    if (rest.starts_with("</")) return end_tag();
    if (rest.size() == 1) {
      problem(pos_, "document ends inside markup");
      pos_ = in_.size();
      return;
    }
    problem(pos_, "not well-formed (invalid token)");
    if (inside_root()) out_ += "&lt;";
    ++pos_;
  }

  void processing_instruction(bool at_start) {
    const std::size_t end = in_.find("?>", pos_);
    if (end == std::string_view::npos) {
      problem(pos_, "unterminated processing instruction");
      stopped_ = true;
      return;
    }
    const std::string_view target = in_.substr(pos_ + 2, 4);
    const bool declaration = target.size() == 4 && (target[0] | 0x20) == 'x' &&
                             (target[1] | 0x20) == 'm' && (target[2] | 0x20) == 'l' &&
                             is_space(target[3]);
    if (declaration) {
      // The text is UTF-8 now, so the declaration (and its encoding) is dropped.
      if (!at_start) problem(pos_, "XML declaration not at start of document");
    } else {
      out_.append(in_.substr(pos_, end + 2 - pos_));
    }
    pos_ = end + 2;
  }

  void delimited(std::string_view close, const char* unterminated, bool keep) {
    const std::size_t end = in_.find(close, pos_);
    if (end == std::string_view::npos) {
      problem(pos_, unterminated);
      stopped_ = true;
      return;
    }
    if (keep) out_.append(in_.substr(pos_, end + close.size() - pos_));
    pos_ = end + close.size();
  }

  void cdata() {
    const std::size_t end = in_.find("]]>", pos_);
    if (!inside_root()) problem(pos_, "CDATA section outside the root element");
    if (end == std::string_view::npos) {
      problem(pos_, "unterminated CDATA section");
      if (inside_root()) {
        out_.append(in_.substr(pos_));
        out_ += "]]>";
      }
      pos_ = in_.size();
      return;
    }
    if (inside_root()) out_.append(in_.substr(pos_, end + 3 - pos_));
    pos_ = end + 3;
  }

  struct AttributeValue {
    bool complete = true;    // false: the data ended inside the value
    std::size_t end = 0;     // offset after the value
    std::size_t offset = 0;  // where the value text starts (for problem lines)
    std::string_view text;
  };

  // Writes the end tag of the innermost open element and pops it.
  void close_top() {
    out_ += "</";
    out_ += stack_.back().name;
    out_ += '>';
    prefixes_.resize(stack_.back().prefixes_from);
    stack_.pop_back();
  }

  void doctype();
  AttributeValue attribute_value(std::size_t name_begin, std::size_t name_end);
  void end_tag();
  void start_tag();
  std::size_t attributes(std::size_t i, bool& self_closing, bool& ok);
  void check_prefix(std::string_view name, std::size_t offset);
  void finish();

  std::string_view in_;
  std::size_t pos_ = 0;
  Output out_;
  bool rewritten_ = false;  // changed without a problem: declared entities expanded
  std::vector<Frame> stack_;
  // Prefixes declared by the open elements (and the tag being read), outermost first.
  std::vector<std::string_view> prefixes_;
  std::vector<std::string_view> seen_attributes_;  // of the tag being read
  std::map<std::string, std::string> entities_;
  std::vector<std::string> problems_;
  std::size_t line_ = 1;
  std::size_t line_offset_ = 0;
  bool seen_markup_ = false;
  bool saw_root_ = false;
  bool stopped_ = false;
  bool netscape_ = false;
};

void Recoverer::doctype() {
  Doctype doctype = read_doctype(in_, pos_);
  if (!doctype.complete) {
    problem(pos_, "unterminated DOCTYPE");
    stopped_ = true;
    return;
  }
  if (saw_root_) problem(pos_, "DOCTYPE after the root element");
  netscape_ = netscape_ || doctype.netscape;
  rewritten_ = true;  // the DOCTYPE is dropped, its entities applied
  entities_.merge(doctype.entities);
  pos_ = doctype.end;
}

void Recoverer::end_tag() {
  std::size_t i = pos_ + 2;
  const std::size_t name_begin = i;
  while (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i]))) ++i;
  const std::string_view name = in_.substr(name_begin, i - name_begin);
  while (i < in_.size() && is_space(in_[i])) ++i;
  if (i >= in_.size()) {
    problem(pos_, "document ends inside an end tag");
    pos_ = in_.size();
    return;
  }
  if (in_[i] != '>' || name.empty()) {
    problem(pos_, "malformed end tag");
    const std::size_t close = in_.find('>', i);
    pos_ = close == std::string_view::npos ? in_.size() : close + 1;
    return;
  }
  const std::size_t start = pos_;
  pos_ = i + 1;
  auto match =
      std::find_if(stack_.rbegin(), stack_.rend(), [&](const Frame& f) { return f.name == name; });
  if (match == stack_.rend()) {
    problem(start, stack_.empty() ? "junk after document element"
                                  : "mismatched tag </" + std::string(name) + ">");
    if (stack_.empty()) stopped_ = true;
    return;
  }
  if (match != stack_.rbegin()) {
    problem(start,
            "mismatched tag </" + std::string(name) + "> closes <" + std::string(stack_.back().name) +
                ">");
  }
  const auto depth = static_cast<std::size_t>(stack_.rend() - match) - 1;
  while (stack_.size() > depth) {
    close_top();
  }
}

void Recoverer::start_tag() {
  const std::size_t start = pos_;
  if (stack_.empty() && saw_root_) {
    problem(start, "junk after document element");
    stopped_ = true;
    return;
  }
  std::size_t i = pos_ + 1;
  while (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i]))) ++i;
  Frame frame;
  frame.name = in_.substr(pos_ + 1, i - pos_ - 1);
  frame.out_offset = out_.size();
  frame.prefixes_from = prefixes_.size();
  const std::size_t mark = out_.size();
  out_ += '<';
  out_ += frame.name;
  bool self_closing = false;
  bool ok = true;
  i = attributes(i, self_closing, ok);
  if (!ok) {
    // The data ended inside the tag: drop the partial tag.
    problem(start, "document ends inside a start tag");
    out_.resize(mark);
    prefixes_.resize(frame.prefixes_from);
    pos_ = in_.size();
    return;
  }
  check_prefix(frame.name, start);
  saw_root_ = true;
  pos_ = i;
  if (self_closing) {
    out_ += "/>";
    prefixes_.resize(frame.prefixes_from);  // its declarations end with it
  } else {
    out_ += ">";
    stack_.push_back(frame);
  }
}

std::size_t Recoverer::attributes(std::size_t i, bool& self_closing, bool& ok) {
  seen_attributes_.clear();  // views into in_; the vector keeps its room between tags
  while (true) {
    while (i < in_.size() && is_space(in_[i])) ++i;
    if (i >= in_.size()) return ok = false, i;
    if (in_[i] == '>') return i + 1;
    if (in_[i] == '/' && i + 1 < in_.size() && in_[i + 1] == '>') {
      self_closing = true;
      return i + 2;
    }
    if (!is_name_start(static_cast<unsigned char>(in_[i]))) {
      problem(i, "not well-formed (invalid token) in tag");
      ++i;
      continue;
    }
    const std::size_t name_begin = i;
    while (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i]))) ++i;
    const std::string_view name = in_.substr(name_begin, i - name_begin);
    AttributeValue value = attribute_value(name_begin, i);
    if (!value.complete) return ok = false, value.end;
    i = value.end;
    if (std::find(seen_attributes_.begin(), seen_attributes_.end(), name) !=
        seen_attributes_.end()) {
      problem(name_begin, "duplicate attribute " + std::string(name));
      continue;
    }
    seen_attributes_.push_back(name);
    if (name.starts_with("xmlns:")) prefixes_.push_back(name.substr(6));
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    const std::size_t before = out_.size();
    copy_chars(value.text, value.offset, true);
    // A '"' copied from a single-quoted value must not end the re-quoted one.
    out_.escape_quotes_from(before);
    out_ += "\"";
  }
}

// The value after an attribute name ending at `name_end`: quoted, unquoted (HTML
// style) or missing (then the name is the value, as in HTML's <input checked>).
Recoverer::AttributeValue Recoverer::attribute_value(std::size_t name_begin, std::size_t name_end) {
  std::size_t j = name_end;
  while (j < in_.size() && is_space(in_[j])) ++j;
  if (j >= in_.size() || in_[j] != '=') {
    problem(name_begin, "attribute without value");
    return {true, name_end, name_begin, in_.substr(name_begin, name_end - name_begin)};
  }
  ++j;
  while (j < in_.size() && is_space(in_[j])) ++j;
  if (j >= in_.size()) return {false, j, j, {}};
  if (in_[j] == '"' || in_[j] == '\'') {
    const std::size_t close = in_.find(in_[j], j + 1);
    if (close == std::string_view::npos) return {false, j, j, {}};
    return {true, close + 1, j + 1, in_.substr(j + 1, close - j - 1)};
  }
  problem(j, "unquoted attribute value");
  std::size_t end = j;
  while (end < in_.size() && !is_space(in_[end]) && in_[end] != '>') ++end;
  return {true, end, j, in_.substr(j, end - j)};
}

void Recoverer::check_prefix(std::string_view name, std::size_t offset) {
  const std::size_t colon = name.find(':');
  if (colon == std::string_view::npos) return;
  const std::string_view prefix = name.substr(0, colon);
  if (prefix == "xml" || prefix == "xmlns") return;
  if (std::find(prefixes_.begin(), prefixes_.end(), prefix) != prefixes_.end()) return;
  problem(offset, "unbound prefix " + std::string(prefix));
}

void Recoverer::finish() {
  if (stack_.empty()) return;
  problem(in_.size(), "document ends with <" + std::string(stack_.back().name) + "> still open");
  // An entry cut off by the end of the data is dropped: half an entry is worse than none.
  auto cut = std::find_if(stack_.begin(), stack_.end(), [](const Frame& f) {
    const std::string_view local = local_part(f.name);
    return local == "item" || local == "entry";
  });
  if (cut != stack_.end()) {
    out_.resize(cut->out_offset);
    prefixes_.resize(cut->prefixes_from);
    stack_.erase(cut, stack_.end());
  }
  while (!stack_.empty()) close_top();
}

}  // namespace

RecoveredXml recover_xml(std::string_view utf8) {
  // Most feeds need no repair. A first pass that writes nothing finds out, and then the
  // input is used as it is (no copy either): writing every document out again was a
  // third of the repair's cost. Only a document that needs repair is read a second time.
  RecoveredXml checked = Recoverer(utf8, false).run();
  if (checked.repaired) return Recoverer(utf8, true).run();
  return checked;
}

}  // namespace monsoon::parse::detail
