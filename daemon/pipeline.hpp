#pragma once
// store -> digest: the week's draft from what is stored, written atomically.
// (fetch -> parse -> classify -> store is poller.hpp and ingest.hpp.)

#include <monsoon/config.hpp>
#include <monsoon/model.hpp>
#include <monsoon/store.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace monsoon::daemon {

// The ISO week `now` falls in, in the digest's time zone.
model::IsoWeek current_week(const config::Config& config, model::TimePoint now);

// The week's instants [from, to): Monday 00:00 to the next Monday 00:00 in the
// digest's time zone, as the draft and `monsoon stories` count a week.
struct WeekBounds {
  model::TimePoint from, to;
};
WeekBounds week_bounds(const config::Config& config, model::IsoWeek week);

// Renders the week's draft from the store and writes <output_dir>/<week>.md
// atomically (temp file, fsync, rename). Returns the path written.
[[nodiscard]] model::Result<std::filesystem::path> write_digest(const config::Config& config,
                                                                store::Store& store,
                                                                model::IsoWeek week);

// Writes `content` to `path` so that readers see the old file or the new one,
// never a partial one.
[[nodiscard]] model::Result<void> write_file_atomically(const std::filesystem::path& path,
                                                        std::string_view content);

model::TimePoint now();

}  // namespace monsoon::daemon
