#include "service.hpp"

#include <monsoon/digest.hpp>

#include <boost/asio.hpp>
#include <date/tz.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <algorithm>
#include <array>

#include "commands.hpp"
#include "pipeline.hpp"
#include "poller.hpp"

namespace monsoon::daemon {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// The loop wakes at least this often, so a changed clock or a newly due feed
// never waits long.
constexpr auto kMaxSleep = std::chrono::seconds(60);

// Items added to the search index per turn of the loop between rounds: about a
// quarter of a second, the longest a signal or a due round waits for it.
constexpr std::int64_t kSearchSlice = 5000;

unsigned weekday_index(const std::string& name) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (unsigned i = 0; i < kDays.size(); ++i) {
    if (kDays[i] == name) return i;
  }
  return 4;  // friday; config validation rejects anything else
}

class Service {
 public:
  Service(const config::Config& config, store::Store& store)
      : config_(config),
        store_(store),
        timer_(io_),
        signals_(io_, SIGINT, SIGTERM),
        poller_(config, store, io_) {}

  int run() {
    signals_.async_wait([this](const boost::system::error_code& error, int signal_number) {
      if (error) return;
      spdlog::info("stopping signal={}", signal_number);
      stopping_ = true;
      timer_.cancel();
      // A round in flight is abandoned: its transfers end with the poller, and
      // what was already stored stays stored.
      if (poller_.busy()) io_.stop();
    });
    sd_notify(0, "READY=1\nSTATUS=starting first poll");
    spdlog::info("service started feeds={} store={}", config_.feeds.size(),
                 config_.store.path.string());
    schedule(0s);
    io_.run();
    sd_notify(0, "STOPPING=1");
    return exit_code_;
  }

 private:
  void schedule(model::Seconds delay) {
    timer_.expires_after(delay);
    timer_.async_wait([this](const boost::system::error_code& error) {
      if (error || stopping_) {
        signals_.cancel();
        return;
      }
      poller_.start_round(false, [this](const PollSummary& summary) { after_round(summary); });
    });
  }

  void after_round(const PollSummary& summary) {
    if (summary.feeds > 0 || summary.storage_error) log_summary(summary);
    if (!summary.storage_error) sd_notify(0, "WATCHDOG=1");
    maybe_prune();
    index_for_search();
    // A full disk or a locked database is retried on the next round: nothing
    // committed is lost and the service stays up.
    if (auto written = maybe_write_digest(); !written) {
      spdlog::error("digest failed error=\"{}\" retry_in=60s", written.error().message);
      schedule(kMaxSleep);
      return;
    }
    auto next = next_wake();
    if (!next) {
      spdlog::error("store unavailable error=\"{}\" retry_in=60s", next.error().message);
      schedule(kMaxSleep);
      return;
    }
    if (stopping_) {
      signals_.cancel();
      return;
    }
    schedule(*next);
  }

  // Retention, once a day (the first time after the first round). A failure is
  // logged and tried again the next day; nothing is lost by pruning late.
  void maybe_prune() {
    const auto at = now();
    if (last_prune_ && at - *last_prune_ < std::chrono::days{1}) return;
    last_prune_ = at;
    auto pruned = store_.prune(at, config_.store.retention);
    if (!pruned) {
      spdlog::error("prune failed error=\"{}\"", pruned.error().message);
    } else if (pruned->items > 0 || pruned->tombstones_expired > 0) {
      spdlog::info("prune done items={} tombstones_expired={}", pruned->items,
                   pruned->tombstones_expired);
    }
  }

  // The round's new items go into the search index in slices, each its own turn
  // of the loop, while no round runs (the store is the poller's worker's then).
  // A round starting meanwhile stops it; the round's end resumes it. A failure
  // is logged and retried after the next round; `monsoon search` indexes what
  // is missing itself, so search never misses an item either way.
  void index_for_search() {
    if (stopping_ || poller_.busy()) return;
    auto indexed = store_.index_for_search(kSearchSlice);
    if (!indexed) {
      spdlog::error("search index failed error=\"{}\"", indexed.error().message);
      return;
    }
    if (*indexed == kSearchSlice) asio::post(io_, [this] { index_for_search(); });
  }

  // How long until a feed is due or the draft is, at most kMaxSleep.
  model::Result<model::Seconds> next_wake() {
    auto states = store_.feeds();
    if (!states) return tl::unexpected(states.error());
    const auto at = now();
    auto wake = at + kMaxSleep;
    for (const auto& state : *states) {
      auto due = state.next_poll.value_or(at);
      if (state.not_before && *state.not_before > due) due = *state.not_before;
      wake = std::min(wake, due);
    }
    const auto digest_at = digest_due(config_, at);
    if (digest_at > at) wake = std::min(wake, digest_at);
    return std::max<model::Seconds>(1s, wake - at);
  }

  model::Result<void> maybe_write_digest() {
    const auto at = now();
    const auto week = current_week(config_, at);
    if (at < digest_due(config_, at) || last_digest_ == week) return {};
    // A draft already written for this week may carry the editor's changes:
    // the service never overwrites it (`monsoon digest` does, on request).
    auto written = store_.has_digest(digest::week_label(week));
    if (!written) return tl::unexpected(written.error());
    if (*written) {
      spdlog::info("digest kept week={} reason=\"already written; use monsoon digest to rewrite\"",
                   digest::week_label(week));
      last_digest_ = week;
      return {};
    }
    auto path = write_digest(config_, store_, week);
    if (!path) return tl::unexpected(path.error());
    last_digest_ = week;
    sd_notify(0, ("STATUS=draft written: " + path->string()).c_str());
    return {};
  }

  const config::Config& config_;
  store::Store& store_;
  asio::io_context io_;
  asio::steady_timer timer_;
  asio::signal_set signals_;
  Poller poller_;
  bool stopping_ = false;
  int exit_code_ = kExitOk;
  std::optional<model::IsoWeek> last_digest_;
  std::optional<model::TimePoint> last_prune_;
};

}  // namespace

model::TimePoint digest_due(const config::Config& config, model::TimePoint at) {
  const auto week = current_week(config, at);
  const auto day = date::local_days{digest::monday_of(week).time_since_epoch()} +
                   date::days{weekday_index(config.digest.weekday)};
  const int hours = std::stoi(config.digest.time.substr(0, 2));
  const int minutes = std::stoi(config.digest.time.substr(3, 2));
  const auto local = date::local_seconds{day} + std::chrono::hours(hours) +
                     std::chrono::minutes(minutes);
  const auto* zone = date::locate_zone(config.digest.timezone);
  return model::TimePoint{zone->to_sys(local, date::choose::earliest).time_since_epoch()};
}

int run_service(const config::Config& config, store::Store& store) {
  Service service(config, store);
  return service.run();
}

}  // namespace monsoon::daemon
