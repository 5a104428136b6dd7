#pragma once
// The one place the modules meet: fetch -> parse -> classify -> store, and
// store -> digest. Blocking, single-threaded; the polling engine of issue #5 will
// drive poll_feed's steps from curl's multi interface instead.

#include <monsoon/config.hpp>
#include <monsoon/model.hpp>
#include <monsoon/store.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace monsoon::daemon {

struct PollSummary {
  int feeds = 0;
  int failed = 0;
  int not_modified = 0;
  int new_items = 0;
  int updated_items = 0;
};

// Polls one feed now and records the outcome (success or failure) in the store.
// A feed's failure is logged as one warning line and counted, never thrown.
// Only a storage failure is returned as an error: the caller should stop.
[[nodiscard]] model::Result<void> poll_feed(const config::Config& config,
                                            const model::FeedSource& feed, store::Store& store,
                                            PollSummary& summary);

// Polls every enabled feed once, in config order.
[[nodiscard]] model::Result<PollSummary> poll_all(const config::Config& config,
                                                  store::Store& store);

// The ISO week `now` falls in, in the digest's time zone.
model::IsoWeek current_week(const config::Config& config, model::TimePoint now);

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
