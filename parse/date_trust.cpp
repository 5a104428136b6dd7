// DateTrust: whether an entry's date can be believed (issue #4: "a date more than a day
// in the future or before 1995 is flagged and not trusted; a missing date is flagged").
#include <monsoon/parse.hpp>

#include <chrono>

namespace monsoon::parse {
namespace {

// No feed predates RSS; earlier dates come from zeroed clocks (1970) or bad parsing.
constexpr model::TimePoint kEarliestTrusted{std::chrono::sys_days{std::chrono::year{1995} / 1 / 1}};
// Allows for publishers whose clock or zone is off by up to a day.
constexpr std::chrono::hours kFutureSlack{24};

}  // namespace

model::DateTrust judge_date(std::optional<model::TimePoint> date,
                            std::optional<model::TimePoint> now) {
  if (!date) return model::DateTrust::missing;
  if (*date < kEarliestTrusted) return model::DateTrust::before_1995;
  if (now && *date > *now + kFutureSlack) return model::DateTrust::future;
  return model::DateTrust::ok;
}

std::optional<model::TimePoint> trusted_date(const model::Entry& entry) {
  const auto date = entry.published ? entry.published : entry.updated;
  if (!date || entry.date_trust != model::DateTrust::ok) return std::nullopt;
  return date;
}

}  // namespace monsoon::parse
