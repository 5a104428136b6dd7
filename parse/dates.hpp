#pragma once
// Internal pieces of the date parser (dates.cpp, dates_zones.cpp).

#include <monsoon/model.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace monsoon::parse::detail {

// A broken-down date as written, before time zone conversion.
struct DateFields {
  long year = 0;
  long month = 1;
  long day = 1;
  long hour = 0;
  long minute = 0;
  long second = 0;
  std::optional<long> offset_minutes;  // east of UTC; nullopt = no zone written
};

// Offset of a zone abbreviation ("EST", "JST", "CST") in minutes east of UTC; CST and IST
// depend on the feed's region. nullopt for names we do not know.
std::optional<long> zone_offset(std::string_view lower_name, model::Region region);

// Offset assumed when a date carries no zone: JST for Japanese feeds, else UTC.
long default_offset(model::Region region);

// Replaces Greek month/day abbreviations and Hungarian month names by English or
// numeric ones, so the RFC 822 and W3C-DTF parsers can read the result.
std::string translate_month_names(std::string_view text);

// Converts validated fields to UTC; nullopt when any field is out of range.
std::optional<model::TimePoint> to_time_point(const DateFields& fields, model::Region region);

}  // namespace monsoon::parse::detail
