// ISO 8601 week arithmetic, on howardhinnant-date's iso_week.
#include <monsoon/digest.hpp>

#include <date/iso_week.h>

#include <charconv>
#include <cstdio>

namespace monsoon::digest {

std::string week_label(model::IsoWeek week) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-W%02u", week.year, week.week);
  return buffer;
}

std::optional<model::IsoWeek> parse_week(std::string_view text) {
  // YYYY-Www or YYYYWww
  if (text.size() != 8 && text.size() != 7) return std::nullopt;
  const bool dashed = text.size() == 8;
  if (dashed && text[4] != '-') return std::nullopt;
  const auto w_at = dashed ? 5U : 4U;
  if (text[w_at] != 'W') return std::nullopt;
  int year = 0;
  unsigned week = 0;
  auto year_text = text.substr(0, 4);
  auto week_text = text.substr(w_at + 1);
  if (week_text.size() != 2) return std::nullopt;
  auto [year_end, year_error] = std::from_chars(year_text.begin(), year_text.end(), year);
  auto [week_end, week_error] = std::from_chars(week_text.begin(), week_text.end(), week);
  if (year_error != std::errc() || year_end != year_text.end() || week_error != std::errc() ||
      week_end != week_text.end()) {
    return std::nullopt;
  }
  const auto last = iso_week::year{year} / iso_week::last;
  if (week < 1 || week > static_cast<unsigned>(last.weeknum())) return std::nullopt;
  return model::IsoWeek{year, week};
}

model::IsoWeek week_of(std::chrono::sys_days day) {
  const iso_week::year_weeknum_weekday iso{date::sys_days{day.time_since_epoch()}};
  return {static_cast<int>(iso.year()), static_cast<unsigned>(iso.weeknum())};
}

std::chrono::sys_days monday_of(model::IsoWeek week) {
  const iso_week::year_weeknum_weekday iso{iso_week::year{week.year},
                                           iso_week::weeknum{week.week}, iso_week::mon};
  return std::chrono::sys_days{date::sys_days(iso).time_since_epoch()};
}

}  // namespace monsoon::digest
