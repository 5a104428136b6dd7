// parse_date: RFC 822 and its corruptions, W3C-DTF / ISO 8601, asctime, and the Asian
// forms seen in Chinese, Japanese and Korean feeds. Rules follow feedparser's handlers
// (see ../shared/conformance/feedparser/dates.tsv for the vectors).
#include "dates.hpp"

#include <monsoon/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <regex>
#include <vector>

namespace monsoon::parse {
namespace {

using detail::DateFields;
using model::Region;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> split(std::string_view text, std::string_view separators) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && separators.find(text[i]) != std::string_view::npos) ++i;
    const std::size_t begin = i;
    while (i < text.size() && separators.find(text[i]) == std::string_view::npos) ++i;
    if (i > begin) parts.emplace_back(text.substr(begin, i - begin));
  }
  return parts;
}

// Up to kMax fields of a text split at separator characters, as views into it; `overflow` when
// there were more. Enough for the W3C-DTF and clock readers, without allocating.
struct Fields {
  static constexpr std::size_t kMax = 3;
  std::array<std::string_view, kMax> items{};
  std::size_t count = 0;
  bool overflow = false;

  void add(std::string_view item) {
    if (count == kMax) {
      overflow = true;
    } else {
      items[count++] = item;
    }
  }
  void add_split(std::string_view text, std::string_view separators) {
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && separators.find(text[i]) != std::string_view::npos) ++i;
      const std::size_t begin = i;
      while (i < text.size() && separators.find(text[i]) == std::string_view::npos) ++i;
      if (i > begin) add(text.substr(begin, i - begin));
    }
  }
};

// Python int(): optional sign, then digits only.
std::optional<long> to_int(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<long> month_number(std::string_view token) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string prefix = lower(token.substr(0, 3));
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (prefix == kMonths[i]) return static_cast<long>(i + 1);
  }
  return std::nullopt;
}

// "+0530", "-05:00", "+05" -> minutes; nullopt when malformed.
std::optional<long> numeric_offset(std::string_view zone) {
  if (zone.size() < 3 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  const bool colon = zone.find(':') != std::string_view::npos;
  const auto hours = to_int(zone.substr(1, 2));
  const std::string_view rest = zone.substr(colon ? 4 : 3);
  const auto minutes = rest.empty() ? std::optional<long>(0) : to_int(rest);
  if (!hours || !minutes || *hours < 0 || *minutes < 0) return std::nullopt;
  const long total = *hours * 60 + *minutes;
  return zone[0] == '-' ? -total : total;
}

// Named zone or numeric offset; unknown names count as UTC, as in feedparser.
std::optional<long> any_offset(std::string zone, Region region) {
  if (zone.starts_with("etc/")) zone = zone.substr(4);
  if (zone.starts_with("gmt") && zone.size() > 3) {
    std::string rest;
    for (const char c : zone.substr(3)) {
      if (c != ':') rest.push_back(c);
    }
    zone = rest;
  }
  if (!zone.empty() && (zone[0] == '+' || zone[0] == '-')) return numeric_offset(zone);
  return detail::zone_offset(zone, region).value_or(0);
}

bool read_clock(std::string_view text, DateFields& f) {
  Fields parts;
  parts.add_split(text, ":");
  if (parts.count == 0 || parts.overflow || text.back() == ':') return false;
  auto hour = to_int(parts.items[0]);
  auto minute = parts.count > 1 ? to_int(parts.items[1]) : std::optional<long>(0);
  std::optional<long> second = 0;
  if (parts.count > 2) {
    // Python's int(float(s)) for "58.0" and "55.1234".
    const std::string_view s = parts.items[2];
    second = to_int(s.substr(0, s.find_first_of(".,")));
  }
  if (!hour || !minute || !second) return false;
  f.hour = *hour, f.minute = *minute, f.second = *second;
  return true;
}

// feedparser's _parse_date_rfc822, plus "no zone given" left to the region default.
std::optional<DateFields> parse_rfc822(std::string_view text, Region region) {
  std::string cleaned(text);
  for (char& c : cleaned) {
    if (c == ',') c = ' ';
  }
  std::vector<std::string> parts = split(lower(cleaned), " \t\r\n");
  static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};
  if (!parts.empty() &&
      std::find(kDays.begin(), kDays.end(), parts[0].substr(0, 3)) != kDays.end()) {
    parts.erase(parts.begin());
  }
  if (parts.size() < 3 || parts.size() > 5) return std::nullopt;
  DateFields f;
  auto month = month_number(parts[1]);
  auto day = to_int(parts[0]);
  if (!day) {
    month = month_number(parts[0]);
    day = to_int(parts[1]);
    if (!month || !day) return std::nullopt;
  }
  const auto year = to_int(parts[2]);
  if (!month || !year || parts[2].size() > 4) return std::nullopt;
  f.year = *year;
  if (parts[2].size() <= 2) f.year += *year < 90 ? 2000 : 1900;
  f.month = *month;
  f.day = *day;
  if (parts.size() >= 4 && !read_clock(parts[3], f)) return std::nullopt;
  if (parts.size() == 5) {
    f.offset_minutes = any_offset(parts[4], region);
    if (!f.offset_minutes) return std::nullopt;
  } else if (parts.size() == 3) {
    f.offset_minutes = 0;  // a bare date is midnight UTC in feedparser
  }
  return f;
}

// "Sun Jan  4 16:29:06 2004" and "Sun Jul 15 01:16:00 +0000 2012".
std::optional<DateFields> parse_asctime(std::string_view text, Region region) {
  std::vector<std::string> parts = split(text, " \t");
  if (parts.size() == 5) parts.insert(parts.begin() + 4, "+0000");
  if (parts.size() != 6 || !month_number(parts[1])) return std::nullopt;
  return parse_rfc822(
      parts[0] + " " + parts[2] + " " + parts[1] + " " + parts[5] + " " + parts[3] + " " + parts[4],
      region);
}

// feedparser 6's _parse_date_w3dtf (also reads MSSQL's "2004-07-08 23:56:58").
std::optional<DateFields> parse_w3dtf(std::string_view text, Region region) {
  // The year below must be the text's first four characters, all digits or '+': a
  // cheap test that turns away every RFC 822 date before the splitting.
  if (text.size() < 4 || !std::all_of(text.begin(), text.begin() + 4, [](char c) {
        return (c >= '0' && c <= '9') || c == '+';
      })) {
    return std::nullopt;
  }
  const std::string lowered = lower(text);
  Fields parts;
  const auto t_count = std::count(lowered.begin(), lowered.end(), 't');
  if (t_count == 0) {
    parts.add_split(lowered, " \t");
  } else if (t_count == 1) {
    const std::size_t t = lowered.find('t');
    parts.add(std::string_view(lowered).substr(0, t));
    Fields clock_and_zone;
    clock_and_zone.add_split(std::string_view(lowered).substr(t + 1), " ");
    if (clock_and_zone.count == 0 || clock_and_zone.count > 2 || clock_and_zone.overflow) {
      return std::nullopt;
    }
    for (std::size_t i = 0; i < clock_and_zone.count; ++i) parts.add(clock_and_zone.items[i]);
  } else {
    return std::nullopt;
  }
  if (parts.count == 0 || parts.overflow) return std::nullopt;
  std::array<std::string_view, 3> date{};
  std::size_t date_count = 0;
  {
    std::string_view rest = parts.items[0];
    for (int i = 0; i < 2 && rest.find('-') != std::string_view::npos; ++i) {
      date[date_count++] = rest.substr(0, rest.find('-'));
      rest.remove_prefix(rest.find('-') + 1);
    }
    date[date_count++] = rest;
  }
  if (date[0].size() != 4) return std::nullopt;
  DateFields f;
  const auto year = to_int(date[0]);
  const auto month = date_count > 1 ? to_int(date[1]) : std::optional<long>(1);
  const auto day = date_count > 2 ? to_int(date[2]) : std::optional<long>(1);
  if (!year || !month || !day) return std::nullopt;
  f.year = *year, f.month = *month, f.day = *day;
  if (parts.count == 1) return f;  // a date alone: zone left to the region default
  std::string_view clock = parts.items[1];
  std::string_view zone = parts.count == 3 ? parts.items[2] : std::string_view();
  if (clock.ends_with('z')) {
    clock.remove_suffix(1);
    zone = "z";
  }
  const std::size_t sign = clock.find_first_of("+-");
  if (sign != std::string_view::npos) {
    if (!zone.empty()) return std::nullopt;
    zone = clock.substr(sign);
    clock = clock.substr(0, sign);
  }
  if (clock.empty() || !read_clock(clock, f)) return std::nullopt;
  if (!zone.empty()) {
    if (zone[0] == '+' || zone[0] == '-') {
      const auto hours = to_int(zone.substr(1, 2));
      const std::size_t at = zone.size() > 3 && zone[3] == ':' ? 4 : 3;
      const auto minutes = zone.size() > at ? to_int(zone.substr(at)) : std::optional<long>(0);
      if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
      f.offset_minutes = (zone[0] == '-' ? -1 : 1) * (*hours * 60 + *minutes);
    } else {
      f.offset_minutes = detail::zone_offset(zone, region).value_or(0);
    }
  }
  return f;
}

long century_year(long two_digits) { return 2000 + two_digits; }

// The compact ISO 8601 forms feedparser's _parse_date_iso8601 reads: -YYMM, YYMMDD,
// YY-MM-DD, -YY-MM, YYDDD (ordinal). Two-digit years are in this century.
std::optional<DateFields> parse_iso_compact(const std::string& text) {
  static const std::regex kYearMonth(R"(-(\d\d)-?(\d\d))");
  static const std::regex kYmd(R"((\d\d)-?(\d\d)-?(\d\d))");
  static const std::regex kOrdinal(R"((\d\d|\d{4})-?(\d{3}))");
  std::smatch m;
  DateFields f;
  f.offset_minutes = 0;
  if (std::regex_match(text, m, kYearMonth)) {
    f.year = century_year(std::stol(m[1])), f.month = std::stol(m[2]);
    return f;
  }
  if (std::regex_match(text, m, kYmd)) {
    f.year = century_year(std::stol(m[1])), f.month = std::stol(m[2]), f.day = std::stol(m[3]);
    return f;
  }
  if (std::regex_match(text, m, kOrdinal)) {
    const long day_of_year = std::stol(m[2]);
    // "22013" could be anything; only read YYDDD when DDD cannot be a day of a month.
    if (m[1].length() == 2 && day_of_year <= 31) return std::nullopt;
    if (day_of_year < 1 || day_of_year > 366) return std::nullopt;
    f.year = m[1].length() == 2 ? century_year(std::stol(m[1])) : std::stol(m[1]);
    const std::chrono::sys_days start{std::chrono::year{static_cast<int>(f.year)} /
                                      std::chrono::January / 1};
    const std::chrono::year_month_day ymd{start + std::chrono::days{day_of_year - 1}};
    f.month = static_cast<unsigned>(ymd.month());
    f.day = static_cast<unsigned>(ymd.day());
    return f;
  }
  return std::nullopt;
}

std::optional<long> optional_number(const std::ssub_match& match) {
  if (!match.matched) return std::nullopt;
  return std::stol(match.str());
}

// 2026年11月20日 10:30, 2004년 05월 28일 01:31:15, 2004-05-25 오후 11:23:17,
// 2026/11/20 10:30:00 and perforce's "Fri, 2006/09/15 08:19:53 EDT".
std::optional<DateFields> parse_asian(const std::string& text, Region region) {
  static const std::regex kForm(
      R"(^(?:[A-Za-z]{3},?\s+)?(\d{4})\s*(?:年|년|/|-|\.)\s*(\d{1,2})\s*(?:月|월|/|-|\.)\s*(\d{1,2})\s*(?:日|일)?)"
      R"((?:\s*(?:\(|（)(?:(?!\)|）).)*(?:\)|）))?\s*(오전|오후|午前|午後|上午|下午)?\s*)"
      R"((?:(\d{1,2})\s*(?::|時|时|시)\s*(\d{1,2})\s*(?:(?::|分|분)\s*(\d{1,2})?\s*(?:秒|초)?)?)?)"
      R"(\s*([A-Za-z]{1,5}|[+-]\d\d:?\d\d)?\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, kForm)) return std::nullopt;
  DateFields f;
  f.year = std::stol(m[1]), f.month = std::stol(m[2]), f.day = std::stol(m[3]);
  f.hour = optional_number(m[5]).value_or(0);
  f.minute = optional_number(m[6]).value_or(0);
  f.second = optional_number(m[7]).value_or(0);
  const std::string meridiem = m[4].str();
  const bool pm = meridiem == "오후" || meridiem == "午後" || meridiem == "下午";
  if (!meridiem.empty() && f.hour == 12) f.hour = 0;
  if (pm) f.hour += 12;
  const std::string whole = m[0].str();
  const bool korean =
      whole.find("년") != std::string::npos || meridiem == "오전" || meridiem == "오후";
  if (m[8].matched) {
    f.offset_minutes = any_offset(lower(m[8].str()), region);
  } else if (korean) {
    f.offset_minutes = 540;  // Korean portals write KST without saying so
  }
  return f;
}

// The two forms nearly every feed writes, read without allocating:
//   RFC 822  "Sun, 02 Jun 2024 11:23:00 GMT" (or +hhmm / -hhmm, UT, UTC, Z)
//   W3C-DTF  "2024-06-03T09:00:00Z" (or .fraction, +hh:mm / -hh:mm)
// Anything else (and any doubt) returns nullopt and goes to the general readers, which
// give the same answer for these forms; the fast path only skips their allocations.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  bool literal(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) return ++pos_, true;
    return false;
  }
  // Exactly `width` digits.
  std::optional<long> digits(std::size_t width) {
    if (pos_ + width > text_.size()) return std::nullopt;
    long value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += width;
    return value;
  }
  std::string_view rest() const { return text_.substr(pos_); }
  void skip(std::size_t count) { pos_ = std::min(text_.size(), pos_ + count); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// "+hhmm" / "-hhmm" (RFC 822) or "+hh:mm" / "-hh:mm" (W3C) at the end of the text.
std::optional<long> fast_offset(Cursor& at, bool colon) {
  const bool east = at.literal('+');
  if (!east && !at.literal('-')) return std::nullopt;
  const auto hours = at.digits(2);
  if (colon && !at.literal(':')) return std::nullopt;
  const auto minutes = at.digits(2);
  if (!hours || !minutes || *hours > 23 || *minutes > 59 || !at.done()) return std::nullopt;
  return (east ? 1 : -1) * (*hours * 60 + *minutes);
}

std::optional<DateFields> fast_clock(Cursor& at, DateFields f) {
  const auto hour = at.digits(2);
  const bool colon1 = at.literal(':');
  const auto minute = at.digits(2);
  const bool colon2 = at.literal(':');
  const auto second = at.digits(2);
  if (!hour || !colon1 || !minute || !colon2 || !second) return std::nullopt;
  f.hour = *hour, f.minute = *minute, f.second = *second;
  return f;
}

std::optional<DateFields> fast_rfc822(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu",
                                                            "Fri", "Sat", "Sun"};
  Cursor at(text);
  if (std::find(kDays.begin(), kDays.end(), at.rest().substr(0, 3)) == kDays.end()) {
    return std::nullopt;
  }
  at.skip(3);
  DateFields f;
  if (!at.literal(',') || !at.literal(' ')) return std::nullopt;
  const auto day = at.digits(2);
  if (!day || !at.literal(' ')) return std::nullopt;
  const auto month = std::find(kMonths.begin(), kMonths.end(), at.rest().substr(0, 3));
  if (month == kMonths.end()) return std::nullopt;
  at.skip(3);
  const auto year = at.literal(' ') ? at.digits(4) : std::nullopt;
  if (!year || !at.literal(' ')) return std::nullopt;
  f.year = *year, f.month = month - kMonths.begin() + 1, f.day = *day;
  auto clock = fast_clock(at, f);
  if (!clock || !at.literal(' ')) return std::nullopt;
  const std::string_view zone = at.rest();
  if (zone == "GMT" || zone == "UT" || zone == "UTC" || zone == "Z") {
    clock->offset_minutes = 0;
  } else {
    clock->offset_minutes = fast_offset(at, false);
    if (!clock->offset_minutes) return std::nullopt;
  }
  return clock;
}

std::optional<DateFields> fast_w3dtf(std::string_view text) {
  Cursor at(text);
  DateFields f;
  const auto year = at.digits(4);
  const bool dash1 = at.literal('-');
  const auto month = at.digits(2);
  const bool dash2 = at.literal('-');
  const auto day = at.digits(2);
  if (!year || !dash1 || !month || !dash2 || !day || !at.literal('T')) return std::nullopt;
  f.year = *year, f.month = *month, f.day = *day;
  auto clock = fast_clock(at, f);
  if (!clock) return std::nullopt;
  if (at.literal('.')) {
    while (at.digits(1)) {
    }
  }
  if (at.literal('Z')) {
    if (!at.done()) return std::nullopt;
    clock->offset_minutes = 0;
    return clock;
  }
  clock->offset_minutes = fast_offset(at, true);
  if (!clock->offset_minutes) return std::nullopt;
  return clock;
}

}  // namespace

std::optional<model::TimePoint> parse_date(std::string_view text, Region region) {
  const std::string_view trimmed = [&] {
    std::size_t b = 0;
    std::size_t e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b])) != 0) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1])) != 0) --e;
    return text.substr(b, e - b);
  }();
  if (trimmed.empty() || trimmed.size() > 128) return std::nullopt;
  if (auto fields = fast_rfc822(trimmed)) return detail::to_time_point(*fields, region);
  if (auto fields = fast_w3dtf(trimmed)) return detail::to_time_point(*fields, region);
  const std::string translated = detail::translate_month_names(trimmed);
  using Parser = std::optional<DateFields> (*)(const std::string&, Region);
  static constexpr std::array<Parser, 5> kParsers = {
      [](const std::string& s, Region r) { return parse_w3dtf(s, r); },
      [](const std::string& s, Region r) { return parse_rfc822(s, r); },
      [](const std::string& s, Region r) { return parse_asctime(s, r); },
      [](const std::string& s, Region r) { return parse_asian(s, r); },
      [](const std::string& s, Region) { return parse_iso_compact(s); },
  };
  for (const Parser parser : kParsers) {
    if (auto fields = parser(translated, region)) return detail::to_time_point(*fields, region);
  }
  return std::nullopt;
}

}  // namespace monsoon::parse
