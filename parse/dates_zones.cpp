// Zone abbreviations, region defaults and non-English month names for parse_date.
#include "dates.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <utility>

namespace monsoon::parse::detail {
namespace {

using Region = model::Region;

// feedparser's table (including the military letters it knows) plus Asian zones.
constexpr std::array<std::pair<std::string_view, long>, 44> kZones = {{
    {"ut", 0},        {"utc", 0},       {"gmt", 0},       {"z", 0},         {"adt", -3 * 60},
    {"ast", -4 * 60}, {"at", -4 * 60},  {"edt", -4 * 60}, {"est", -5 * 60}, {"et", -5 * 60},
    {"cdt", -5 * 60}, {"ct", -6 * 60},  {"mdt", -6 * 60}, {"mst", -7 * 60}, {"mt", -7 * 60},
    {"pdt", -7 * 60}, {"pst", -8 * 60}, {"pt", -8 * 60},  {"a", -60},       {"n", 60},
    {"m", -12 * 60},  {"y", 12 * 60},   {"met", 60},      {"mest", 120},    {"cet", 60},
    {"cest", 120},    {"bst", 60},      {"eet", 120},     {"eest", 180},    {"msk", 180},
    {"jst", 540},     {"kst", 540},     {"hkt", 480},     {"sgt", 480},     {"pht", 480},
    {"myt", 480},     {"awst", 480},    {"wib", 420},     {"ict", 420},     {"pkt", 300},
    {"npt", 345},     {"aest", 600},    {"aedt", 660},    {"nzst", 720},
}};

// Greek abbreviations (feedparser's _greek_months / _greek_wdays) and Hungarian months.
constexpr std::array<std::pair<std::string_view, std::string_view>, 39> kNames = {{
    {"Ιαν", "Jan"},    {"Φεβ", "Feb"},     {"Μάώ", "Mar"},      {"Μαώ", "Mar"},
    {"Μαρ", "Mar"},    {"Απρ", "Apr"},     {"Μάι", "May"},      {"Μαϊ", "May"},
    {"Μαι", "May"},    {"Ιούν", "Jun"},    {"Ιον", "Jun"},      {"Ιούλ", "Jul"},
    {"Ιολ", "Jul"},    {"Αύγ", "Aug"},     {"Αυγ", "Aug"},      {"Σεπ", "Sep"},
    {"Οκτ", "Oct"},    {"Νοέ", "Nov"},     {"Νοε", "Nov"},      {"Δεκ", "Dec"},
    {"Κυρ", "Sun"},    {"Δευ", "Mon"},     {"Τρι", "Tue"},      {"Τετ", "Wed"},
    {"Πεμ", "Thu"},    {"Παρ", "Fri"},     {"Σαβ", "Sat"},      {"január", "01"},
    {"február", "02"}, {"március", "03"},  {"április", "04"},   {"május", "05"},
    {"június", "06"},  {"július", "07"},   {"augusztus", "08"}, {"szeptember", "09"},
    {"október", "10"}, {"november", "11"}, {"december", "12"},
}};

}  // namespace

std::optional<long> zone_offset(std::string_view name, Region region) {
  // CST is China Standard Time in Chinese and Taiwanese feeds, US Central elsewhere.
  if (name == "cst") {
    return region == Region::china || region == Region::taiwan ? 480 : -6 * 60;
  }
  // IST: India Standard Time for an Asia-focused reader (Irish and Israel time lose).
  if (name == "ist") return 330;
  for (const auto& [zone, offset] : kZones) {
    if (zone == name) return offset;
  }
  return std::nullopt;
}

long default_offset(Region region) { return region == Region::japan ? 540 : 0; }

std::string translate_month_names(std::string_view text) {
  std::string out(text);
  // Only "november" and "december" are ASCII; skip the other 37 searches for ASCII text.
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  for (const auto& [from, to] : kNames) {
    if (ascii && static_cast<unsigned char>(from.front()) >= 0x80) continue;
    for (std::size_t at = out.find(from); at != std::string::npos; at = out.find(from, at)) {
      // Only whole words (or dash-separated parts) are replaced.
      const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(out[at - 1]));
      if (!starts) {
        at += from.size();
        continue;
      }
      out.replace(at, from.size(), to);
      at += to.size();
    }
  }
  return out;
}

std::optional<model::TimePoint> to_time_point(const DateFields& f, Region region) {
  using namespace std::chrono;
  if (f.year < 1 || f.year > 9999 || f.hour < 0 || f.hour > 23 || f.minute < 0 || f.minute > 59 ||
      f.second < 0 || f.second > 60) {
    return std::nullopt;
  }
  const year_month_day ymd{year{static_cast<int>(f.year)},
                           month{static_cast<unsigned>(std::max(0L, f.month))},
                           day{static_cast<unsigned>(std::max(0L, f.day))}};
  if (!ymd.ok()) return std::nullopt;
  const long offset = f.offset_minutes.value_or(default_offset(region));
  if (offset <= -24L * 60 || offset >= 24L * 60) return std::nullopt;
  const sys_seconds local =
      sys_days{ymd} + hours{f.hour} + minutes{f.minute} + seconds{std::min(f.second, 59L)};
  const sys_seconds utc = local - minutes{offset};
  const auto utc_year = year_month_day{floor<days>(utc)}.year();
  if (utc_year < year{1} || utc_year > year{9999}) return std::nullopt;
  return utc;
}

}  // namespace monsoon::parse::detail
