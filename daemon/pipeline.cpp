#include "pipeline.hpp"

#include <monsoon/classify.hpp>
#include <monsoon/digest.hpp>
#include <monsoon/fetch.hpp>
#include <monsoon/parse.hpp>

#include <date/tz.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace monsoon::daemon {
namespace {

using model::Errc;

constexpr std::size_t kTitleBytes = 300;
constexpr std::size_t kSummaryBytes = 600;
// Feeds dated before RSS existed, or more than a day ahead, carry a broken clock;
// such dates are not trusted and the item counts from when we first saw it.
constexpr auto kEarliestTrusted = std::chrono::sys_days{std::chrono::year{1995} / 1 / 1};

fetch::Limits limits_of(const config::Config& config) {
  fetch::Limits limits;
  limits.timeout = config.fetch.timeout;
  limits.connect_timeout = config.fetch.connect_timeout;
  limits.max_body = config.fetch.max_body;
  limits.user_agent = config.fetch.user_agent.empty()
                          ? std::string("monsoon/" MONSOON_VERSION " (feed reader)")
                          : config.fetch.user_agent;
  return limits;
}

std::optional<model::TimePoint> trusted_date(const model::Entry& entry, model::TimePoint now) {
  auto date = entry.published ? entry.published : entry.updated;
  if (!date || *date < kEarliestTrusted || *date > now + std::chrono::hours(24)) {
    return std::nullopt;
  }
  return date;
}

std::string text_of(const std::optional<model::Text>& text, std::size_t max_bytes) {
  if (!text) return {};
  return parse::plain_text(text->value, text->type != "text/plain", max_bytes);
}

store::NewItem to_new_item(const model::Entry& entry, const model::FeedSource& feed,
                           model::TimePoint now) {
  store::NewItem item;
  item.key = classify::identity_key(entry);
  item.title = text_of(entry.title, kTitleBytes);
  item.link = entry.link;
  item.summary = text_of(entry.summary, kSummaryBytes);
  if (item.summary.empty() && !entry.content.empty()) {
    item.summary = text_of(entry.content.front(), kSummaryBytes);
  }
  if (entry.author) item.author = entry.author->name;
  item.published = trusted_date(entry, now);
  const auto verdict = classify::classify_region(entry, feed);
  item.region = verdict.region;
  item.region_confidence = verdict.confidence;
  item.region_evidence = verdict.evidence;
  return item;
}

model::Seconds interval_of(const config::Config& config, const model::FeedSource& feed) {
  return feed.interval.count() > 0 ? feed.interval : config.fetch.interval;
}

// Records a failed attempt and logs it once; only a storage error is returned.
model::Result<void> record_failure(store::Store& store, const store::FeedState& state,
                                   const config::Config& config, const model::FeedSource& feed,
                                   const model::Error& error, int status, PollSummary& summary) {
  ++summary.failed;
  spdlog::warn("feed failed name=\"{}\" url={} error={} message=\"{}\"", feed.name, feed.url,
               model::to_string(error.code), error.message);
  const auto at = now();
  store::PollRecord poll{.at = at,
                         .status = status,
                         .error = std::string(model::to_string(error.code)) + ": " + error.message,
                         .next_poll = at + interval_of(config, feed)};
  auto recorded = store.record_poll(state.id, {}, at, poll);
  if (!recorded) return tl::unexpected(recorded.error());
  return {};
}

}  // namespace

model::TimePoint now() {
  return std::chrono::time_point_cast<model::Seconds>(std::chrono::system_clock::now());
}

model::Result<void> poll_feed(const config::Config& config, const model::FeedSource& feed,
                              store::Store& store, PollSummary& summary) {
  ++summary.feeds;
  auto state = store.upsert_feed(feed);
  if (!state) return tl::unexpected(state.error());

  fetch::Request request{.url = feed.url,
                         .etag = state->etag,
                         .last_modified = state->last_modified,
                         .allow_file = feed.url.starts_with("file://")};
  auto response = fetch::fetch_feed(request, limits_of(config));
  if (!response) {
    return record_failure(store, *state, config, feed, response.error().error,
                          static_cast<int>(response.error().status), summary);
  }

  const auto at = now();
  store::PollRecord poll{.at = at,
                         .status = static_cast<int>(response->status),
                         .not_modified = response->outcome == fetch::Outcome::not_modified,
                         .etag = response->etag,
                         .last_modified = response->last_modified,
                         .next_poll = at + interval_of(config, feed)};
  std::vector<store::NewItem> items;
  if (!poll.not_modified) {
    parse::ParseOptions options{.content_type = response->content_type,
                                .base_url = response->effective_url,
                                .forced_encoding = feed.encoding,
                                .region = feed.region};
    auto parsed = parse::parse_feed(response->body, options);
    if (!parsed) {
      return record_failure(store, *state, config, feed, parsed.error(), poll.status, summary);
    }
    if (parsed->bozo) {
      spdlog::info("feed damaged name=\"{}\" url={} kept={} problem=\"{}\"", feed.name, feed.url,
                   parsed->entries.size(), parsed->bozo_exception);
    }
    for (const auto& entry : parsed->entries) items.push_back(to_new_item(entry, feed, at));
  } else {
    ++summary.not_modified;
  }
  auto stored = store.record_poll(state->id, items, at, poll);
  if (!stored) return tl::unexpected(stored.error());
  summary.new_items += stored->inserted;
  summary.updated_items += stored->updated;
  spdlog::debug("feed polled name=\"{}\" status={} items={} new={} updated={}", feed.name,
                poll.status, items.size(), stored->inserted, stored->updated);
  return {};
}

model::Result<PollSummary> poll_all(const config::Config& config, store::Store& store) {
  PollSummary summary;
  for (const auto& feed : config.feeds) {
    if (!feed.enabled) continue;
    auto polled = poll_feed(config, feed, store, summary);
    if (!polled) return tl::unexpected(polled.error());
  }
  spdlog::info("poll done feeds={} new={} updated={} not_modified={} failed={}", summary.feeds,
               summary.new_items, summary.updated_items, summary.not_modified, summary.failed);
  return summary;
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

model::Result<std::filesystem::path> write_digest(const config::Config& config,
                                                  store::Store& store, model::IsoWeek week) {
  const auto* zone = date::locate_zone(config.digest.timezone);
  const auto monday = date::local_days{digest::monday_of(week).time_since_epoch()};
  const auto from = zone->to_sys(monday, date::choose::earliest);
  const auto to = zone->to_sys(monday + date::days{7}, date::choose::earliest);
  auto items = store.items_between(model::TimePoint{from.time_since_epoch()},
                                   model::TimePoint{to.time_since_epoch()});
  if (!items) return tl::unexpected(items.error());

  digest::Options options{.focus_items = config.digest.focus_items,
                          .max_items_per_region = config.digest.max_items_per_region,
                          .generated_at = now()};
  const auto text = digest::render(week, *items, options);
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
