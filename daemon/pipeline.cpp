#include "pipeline.hpp"

#include <monsoon/digest.hpp>

#include <date/tz.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace monsoon::daemon {

using model::Errc;

model::TimePoint now() {
  return std::chrono::time_point_cast<model::Seconds>(std::chrono::system_clock::now());
}

model::IsoWeek current_week(const config::Config& config, model::TimePoint at) {
  const date::zoned_seconds local{config.digest.timezone, date::sys_seconds{at.time_since_epoch()}};
  const auto day = date::floor<date::days>(local.get_local_time());
  return digest::week_of(std::chrono::sys_days{day.time_since_epoch()});
}

model::Result<void> write_file_atomically(const std::filesystem::path& path,
                                          std::string_view content) {
  const auto temp = path.parent_path() /
                    ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  auto os_error = [&](const std::string& what) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    return model::fail(Errc::storage, what + " " + path.string() + ": " + reason);
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return os_error("cannot create a temporary file beside");
  for (std::size_t written = 0; written < content.size();) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return os_error("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return os_error("cannot flush");
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) return os_error("cannot replace");
  // The rename is durable only once the folder itself is on disk.
  const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

WeekBounds week_bounds(const config::Config& config, model::IsoWeek week) {
  const auto* zone = date::locate_zone(config.digest.timezone);
  const auto monday = date::local_days{digest::monday_of(week).time_since_epoch()};
  const auto from = zone->to_sys(monday, date::choose::earliest);
  const auto to = zone->to_sys(monday + date::days{7}, date::choose::earliest);
  return {model::TimePoint{from.time_since_epoch()}, model::TimePoint{to.time_since_epoch()}};
}

model::Result<std::filesystem::path> write_digest(const config::Config& config,
                                                  store::Store& store, model::IsoWeek week) {
  const auto bounds = week_bounds(config, week);
  // The week's outlines choose the stories; only the printed items are read whole
  // (a week of a large store is 70,000 items, and the draft prints a few hundred).
  auto items = store.item_outlines(bounds.from, bounds.to);
  if (!items) return tl::unexpected(items.error());
  digest::Options options{.focus_items = config.digest.focus_items,
                          .max_items_per_region = config.digest.max_items_per_region,
                          .generated_at = now()};
  const auto plan = digest::plan(*items, options);
  auto printed = store.items_by_id(plan.printed_items());
  if (!printed) return tl::unexpected(printed.error());
  const auto text = digest::render(week, plan, *printed, options);
  std::error_code error;
  std::filesystem::create_directories(config.digest.output_dir, error);
  if (error) {
    return model::fail(Errc::storage, "cannot create " + config.digest.output_dir.string() + ": " +
                                          error.message());
  }
  const auto path = config.digest.output_dir / (digest::week_label(week) + ".md");
  if (auto written = write_file_atomically(path, text); !written) {
    return tl::unexpected(written.error());
  }
  auto recorded = store.record_digest(digest::week_label(week), path.string(),
                                      static_cast<int>(items->size()), now());
  if (!recorded) return tl::unexpected(recorded.error());
  spdlog::info("digest written week={} items={} path={}", digest::week_label(week), items->size(),
               path.string());
  return path;
}

}  // namespace monsoon::daemon
