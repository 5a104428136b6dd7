#include "charsets.hpp"

#include "scan.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iconv.h>
#include <utility>

namespace monsoon::parse::detail {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Python codec aliases that glibc iconv spells differently.
// Legacy East Asian labels decode with their Windows supersets, which real feeds use.
constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kAliases = {{
    {"cp_is", "CP861"},
    {"csibm861", "IBM861"},
    {"ibm039", "IBM037"},
    {"maccentraleurope", "MAC-CENTRALEUROPE"},
    {"maclatin2", "MAC-CENTRALEUROPE"},
    {"mac_latin2", "MAC-CENTRALEUROPE"},
    {"maciceland", "MAC-IS"},
    {"mac_iceland", "MAC-IS"},
    {"macroman", "MACINTOSH"},
    {"mac_roman", "MACINTOSH"},
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"cp936", "GB18030"},
    {"x-sjis", "CP932"},
    {"shift-jis", "CP932"},
    {"shift_jis", "CP932"},
    {"sjis", "CP932"},
    {"ms_kanji", "CP932"},
    {"csshiftjis", "CP932"},
    {"windows-31j", "CP932"},
    {"euc-kr", "CP949"},
    {"euckr", "CP949"},
    {"cseuckr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"csgb2312", "GB18030"},
}};

// glibc lacks these two Mac code pages; their upper halves (from Python's codecs).
constexpr std::array<char16_t, 128> kMacGreek = {
    0x00C4, 0x00B9, 0x00B2, 0x00C9, 0x00B3, 0x00D6, 0x00DC, 0x0385, 0x00E0, 0x00E2, 0x00E4, 0x0384,
    0x00A8, 0x00E7, 0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00A3, 0x2122, 0x00EE, 0x00EF, 0x2022, 0x00BD,
    0x2030, 0x00F4, 0x00F6, 0x00A6, 0x20AC, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x0393, 0x0394, 0x0398,
    0x039B, 0x039E, 0x03A0, 0x00DF, 0x00AE, 0x00A9, 0x03A3, 0x03AA, 0x00A7, 0x2260, 0x00B0, 0x00B7,
    0x0391, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x0392, 0x0395, 0x0396, 0x0397, 0x0399, 0x039A, 0x039C,
    0x03A6, 0x03AB, 0x03A8, 0x03A9, 0x03AC, 0x039D, 0x00AC, 0x039F, 0x03A1, 0x2248, 0x03A4, 0x00AB,
    0x00BB, 0x2026, 0x00A0, 0x03A5, 0x03A7, 0x0386, 0x0388, 0x0153, 0x2013, 0x2015, 0x201C, 0x201D,
    0x2018, 0x2019, 0x00F7, 0x0389, 0x038A, 0x038C, 0x038E, 0x03AD, 0x03AE, 0x03AF, 0x03CC, 0x038F,
    0x03CD, 0x03B1, 0x03B2, 0x03C8, 0x03B4, 0x03B5, 0x03C6, 0x03B3, 0x03B7, 0x03B9, 0x03BE, 0x03BA,
    0x03BB, 0x03BC, 0x03BD, 0x03BF, 0x03C0, 0x03CE, 0x03C1, 0x03C3, 0x03C4, 0x03B8, 0x03C9, 0x03C2,
    0x03C7, 0x03C5, 0x03B6, 0x03CA, 0x03CB, 0x0390, 0x03B0, 0x00AD};
constexpr std::array<char16_t, 128> kMacTurkish = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3,
    0x00E5, 0x00E7, 0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x00B0, 0x00A2, 0x00A3,
    0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA,
    0x00BA, 0x03A9, 0x00E6, 0x00F8, 0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, 0x2013, 0x2014, 0x201C, 0x201D,
    0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x011E, 0x011F, 0x0130, 0x0131, 0x015E, 0x015F,
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE,
    0x00CF, 0x00CC, 0x00D3, 0x00D4, 0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0xF8A0, 0x02C6, 0x02DC,
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7};

// windows-1252 characters for 0x80-0x9F (0 where windows-1252 has none).
constexpr std::array<char16_t, 32> kCp1252 = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

const std::array<char16_t, 128>* table_for(std::string_view label) {
  if (label == "macgreek" || label == "mac_greek" || label == "mac-greek") return &kMacGreek;
  if (label == "macturkish" || label == "mac_turkish" || label == "mac-turkish") {
    return &kMacTurkish;
  }
  return nullptr;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Owns an iconv descriptor.
class Converter {
 public:
  explicit Converter(std::string_view label) {
    const std::string normalized = normalize_label(label);
    for (const auto& [alias, name] : kAliases) {
      if (normalized == alias) {
        open(std::string(name));
        return;
      }
    }
    if (normalized == "us-ascii" || normalized == "ascii") {
      open("ASCII");
      return;
    }
    if (open(upper(normalized))) return;
    std::string dashed = upper(normalized);
    for (char& c : dashed) {
      if (c == '_') c = '-';
    }
    if (open(dashed)) return;
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  ~Converter() {
    if (ok()) iconv_close(handle_);
  }
  bool ok() const { return open_; }

  // Converts, calling on_bad(offset) and skipping one byte per invalid sequence.
  template <class OnBad>
  std::string run(std::string_view bytes, OnBad on_bad) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 2 + 16);
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    std::array<char, 4096> buffer{};
    while (in_left > 0) {
      char* out_ptr = buffer.data();
      std::size_t out_left = buffer.size();
      const std::size_t rc = iconv(handle_, &in, &in_left, &out_ptr, &out_left);
      out.append(buffer.data(), static_cast<std::size_t>(out_ptr - buffer.data()));
      if (rc != static_cast<std::size_t>(-1)) break;
      if (errno == E2BIG) continue;
      // EILSEQ or EINVAL (truncated sequence at the end): skip one byte.
      if (!on_bad(static_cast<std::size_t>(in - bytes.data()))) return out;
      append_utf8(out, kReplacement);
      ++in;
      --in_left;
      iconv(handle_, nullptr, nullptr, nullptr, nullptr);
    }
    return out;
  }

 private:
  bool open(const std::string& name) {
    handle_ = iconv_open("UTF-8", name.c_str());
    // iconv_open reports failure as (iconv_t)-1; compare without casting an int.
    open_ = !is_failure(handle_);
    return open_;
  }
  static bool is_failure(iconv_t handle) {
    iconv_t failed;
    std::memset(&failed, 0xFF, sizeof failed);
    return std::memcmp(&handle, &failed, sizeof handle) == 0;
  }
  iconv_t handle_{};
  bool open_ = false;
};

std::string decode_table(std::string_view bytes, const std::array<char16_t, 128>& table) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else {
      append_utf8(out, table[byte - 0x80]);
    }
  }
  return out;
}

bool is_utf8_label(std::string_view label) {
  return label == "utf-8" || label == "utf8" || label == "utf_8" || label == "u8";
}

}  // namespace

std::string normalize_label(std::string_view label) {
  std::size_t begin = 0;
  std::size_t end = label.size();
  auto is_trim = [](char c) { return c == ' ' || c == '\t' || c == '"' || c == '\''; };
  while (begin < end && is_trim(label[begin])) ++begin;
  while (end > begin && is_trim(label[end - 1])) --end;
  std::string out(label.substr(begin, end - begin));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_known_charset(std::string_view label) {
  const std::string normalized = normalize_label(label);
  if (normalized.empty()) return false;
  if (table_for(normalized) != nullptr || is_utf8_label(normalized)) return true;
  return Converter(normalized).ok();
}

std::optional<std::string> decode_strict(std::string_view bytes, std::string_view label) {
  const std::string normalized = normalize_label(label);
  if (is_utf8_label(normalized)) {
    if (first_invalid_utf8(bytes) != std::string_view::npos) return std::nullopt;
    return std::string(bytes);
  }
  if (const auto* table = table_for(normalized)) return decode_table(bytes, *table);
  Converter converter(normalized);
  if (!converter.ok()) return std::nullopt;
  bool bad = false;
  std::string out = converter.run(bytes, [&bad](std::size_t) {
    bad = true;
    return false;
  });
  if (bad) return std::nullopt;
  return out;
}

std::optional<std::string> decode_lossy(std::string_view bytes, std::string_view label,
                                        std::size_t& bad_count, std::size_t& bad_offset) {
  bad_count = 0;
  bad_offset = std::string_view::npos;
  const std::string normalized = normalize_label(label);
  if (const auto* table = table_for(normalized)) return decode_table(bytes, *table);
  Converter converter(is_utf8_label(normalized) ? std::string_view("UTF-8") : normalized);
  if (!converter.ok()) return std::nullopt;
  return converter.run(bytes, [&](std::size_t offset) {
    if (bad_count++ == 0) bad_offset = offset;
    return true;
  });
}

std::size_t first_invalid_utf8(std::string_view bytes) {
  // ASCII a block at a time: most of any feed is markup.
  for (std::size_t i = scan(bytes, 0, NonAsciiStops{}); i < bytes.size();
       i = scan(bytes, i, NonAsciiStops{})) {
    const std::size_t length = utf8_sequence_length(bytes.substr(i));
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

char32_t windows1252_for_c1(char32_t code_point) {
  if (code_point < 0x80 || code_point > 0x9F) return 0;
  return kCp1252[code_point - 0x80];
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    code_point = kReplacement;
  }
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

}  // namespace monsoon::parse::detail
