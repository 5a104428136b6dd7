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

namespace monsoon::daemon {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// The loop wakes at least this often, so a changed clock or a newly due feed
// never waits long.
constexpr auto kMaxSleep = std::chrono::seconds(60);

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
      : config_(config), store_(store), timer_(io_), signals_(io_, SIGINT, SIGTERM) {}

  int run() {
    signals_.async_wait([this](const boost::system::error_code& error, int signal_number) {
      if (error) return;
      spdlog::info("stopping signal={}", signal_number);
      stopping_ = true;
      timer_.cancel();
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
      auto next = tick();
      if (!next) {
        spdlog::error("service stopped error=\"{}\"", next.error().message);
        exit_code_ = kExitFailure;
        signals_.cancel();
        return;
      }
      schedule(*next);
    });
  }

  // Polls what is due, writes the draft when due; returns how long to sleep.
  model::Result<model::Seconds> tick() {
    auto states = store_.feeds();
    if (!states) return tl::unexpected(states.error());
    auto at = now();
    auto next_wake = at + kMaxSleep;
    PollSummary summary;
    for (const auto& feed : config_.feeds) {
      if (!feed.enabled) continue;
      auto state = std::find_if(states->begin(), states->end(),
                                [&](const auto& s) { return s.url == feed.url; });
      if (state != states->end() && state->next_poll && *state->next_poll > at) {
        next_wake = std::min(next_wake, *state->next_poll);
        continue;
      }
      if (auto polled = poll_feed(config_, feed, store_, summary); !polled) {
        return tl::unexpected(polled.error());
      }
    }
    if (summary.feeds > 0) {
      spdlog::info("poll done feeds={} new={} updated={} not_modified={} failed={}",
                   summary.feeds, summary.new_items, summary.updated_items, summary.not_modified,
                   summary.failed);
      sd_notify(0, "WATCHDOG=1");
    }
    if (auto written = maybe_write_digest(); !written) return tl::unexpected(written.error());
    at = now();
    const auto due = digest_due(config_, at);
    if (due > at) next_wake = std::min(next_wake, due);
    return std::max<model::Seconds>(1s, next_wake - at);
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
  bool stopping_ = false;
  int exit_code_ = kExitOk;
  std::optional<model::IsoWeek> last_digest_;
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
