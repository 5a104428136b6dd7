#include "poller.hpp"

#include <monsoon/fetch.hpp>

#include <spdlog/spdlog.h>

#include <deque>
#include <map>
#include <random>

#include "asio_loop.hpp"
#include "ingest.hpp"
#include "regions.hpp"
#include "outcome.hpp"
#include "pipeline.hpp"
#include "worker.hpp"

namespace monsoon::daemon {
namespace {

namespace asio = boost::asio;
using SteadyTime = std::chrono::steady_clock::time_point;

struct Pending {
  model::FeedSource feed;
  store::FeedState state;
};

struct HostQueue {
  std::string domain;  // registrable domain, shares max_per_host with its siblings
  std::deque<Pending> pending;
  int active = 0;
  std::optional<SteadyTime> last_start;
  std::optional<model::TimePoint> blocked_until;  // Retry-After or backoff of the host
};

// What the worker reports back for one feed.
struct JobResult {
  PollOutcome::Kind kind = PollOutcome::Kind::failed;
  int inserted = 0;
  int updated = 0;
  std::optional<model::Error> storage_error;
};

// Most polls stored in one transaction.
constexpr int kBatchPolls = 64;

// Most stored polls the store thread reports in one post to the loop. Each post
// to a loop asleep in epoll_wait costs the poster an epoll_ctl() to wake it: 1.7 %
// of the store thread in a cold poll of 1,000 feeds (perf), posting every poll.
constexpr std::size_t kReportPolls = 16;

// A stored poll on its way back to the loop, with the items it stored (freed there).
struct Reported {
  JobResult done;
  Ingested spent;
};

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

model::Seconds interval_of(const config::Config& config, const model::FeedSource& feed) {
  return feed.interval.count() > 0 ? feed.interval : config.fetch.interval;
}

}  // namespace

class Poller::Impl {
 public:
  Impl(const config::Config& config, store::Store& store, asio::io_context& io)
      : config_(config), classifier_(config), store_(store), io_(io),
        loop_(io), engine_(loop_, limits_of(config)), pump_timer_(io) {
    loop_.attach(&engine_);
  }
  ~Impl() { loop_.attach(nullptr); }

  bool busy() const { return done_ != nullptr; }

  void start_round(bool ignore_schedule, Done done) {
    done_ = std::move(done);
    summary_ = {};
    guard_.emplace(asio::make_work_guard(io_));
    const auto now = daemon::now();
    if (auto queued = queue_feeds(ignore_schedule, now); !queued) {
      summary_.storage_error = queued.error();
    }
    pump();
    // A feed polled without validators answers with a body to parse. The parse
    // thread then builds the classifier (about 50 M instructions, once a process)
    // while the first answers are on their way rather than after the first arrived;
    // a round of conditional requests, mostly 304s, may never need it.
    if (unconditional_ > 0) parse_worker_.push([this] { classifier_.get(); });
    finish_if_done();
  }

 private:
  model::Result<void> queue_feeds(bool ignore_schedule, model::TimePoint now) {
    hosts_.clear();
    host_order_.clear();
    unconditional_ = 0;
    auto blocks = store_.host_blocks(now);
    if (!blocks) return tl::unexpected(blocks.error());
    // Every feed's row in one transaction: a commit per feed was 80 ms for 1,000
    // feeds before the first transfer could start.
    if (auto begun = store_.begin_batch(); !begun) return tl::unexpected(begun.error());
    auto queued = queue_each_feed(ignore_schedule, now, *blocks);
    auto committed = store_.commit_batch();
    if (!queued) return queued;
    return committed;
  }

  model::Result<void> queue_each_feed(bool ignore_schedule, model::TimePoint now,
                                      const std::vector<store::HostBlock>& blocks) {
    for (const auto& feed : config_.feeds) {
      if (!feed.enabled) continue;
      auto state = store_.upsert_feed(feed);
      if (!state) return tl::unexpected(state.error());
      const bool backing_off = state->not_before && *state->not_before > now;
      const bool not_due = !ignore_schedule && state->next_poll && *state->next_poll > now;
      if (backing_off || not_due) {
        spdlog::debug("feed waiting name=\"{}\" until={}", feed.name,
                      (backing_off ? *state->not_before : *state->next_poll)
                          .time_since_epoch()
                          .count());
        ++summary_.waiting;
        continue;
      }
      const std::string host = fetch::host_of(request_url(*state));
      auto [entry, inserted] = hosts_.try_emplace(host);
      if (inserted) {
        host_order_.push_back(host);
        entry->second.domain = host.empty() ? host : fetch::registrable_domain(host);
        for (const auto& block : blocks) {
          if (block.host == host) entry->second.blocked_until = block.until;
        }
      }
      unconditional_ += state->etag.empty() && state->last_modified.empty();
      entry->second.pending.push_back({feed, std::move(*state)});
      ++pending_;
    }
    return {};
  }

  bool room_for(const HostQueue& queue) const {
    if (active_ >= config_.fetch.max_parallel) return false;
    // Bodies waiting for the worker are memory: fetch no further ahead than this.
    if (backlog_ >= config_.fetch.max_parallel) return false;
    if (queue.domain.empty()) return true;  // file: feeds have no host to spare
    if (queue.active >= config_.fetch.max_per_host) return false;
    auto domain = domain_active_.find(queue.domain);
    return domain == domain_active_.end() || domain->second < config_.fetch.max_per_host;
  }

  // Starts every transfer the limits allow; arms a timer for host_gap waits. A
  // transfer that fails at once completes inside start(), which pumps again: that
  // nested call only asks the outer one to go round once more.
  void pump() {
    if (pumping_) {
      pump_again_ = true;
      return;
    }
    pumping_ = true;
    do {
      pump_again_ = false;
      pump_once();
    } while (pump_again_);
    pumping_ = false;
  }

  void pump_once() {
    const auto now = daemon::now();
    std::optional<SteadyTime> wake;
    for (std::size_t i = 0; i < host_order_.size(); ++i) {
      const auto& host = host_order_[(cursor_ + i) % host_order_.size()];
      auto& queue = hosts_[host];
      if (queue.blocked_until && *queue.blocked_until > now) {
        summary_.waiting += static_cast<int>(queue.pending.size());
        pending_ -= queue.pending.size();
        queue.pending.clear();
      }
      while (!queue.pending.empty() && room_for(queue)) {
        const auto gap = config_.fetch.host_gap;
        // Read here, not once per pump: starting other transfers first takes time, and the
        // gap runs from this transfer's own start.
        const auto start_time = std::chrono::steady_clock::now();
        if (gap.count() > 0 && !queue.domain.empty() && queue.last_start &&
            *queue.last_start + gap > start_time) {
          const auto at = *queue.last_start + gap;
          if (!wake || at < *wake) wake = at;
          break;
        }
        queue.last_start = start_time;
        auto next = std::move(queue.pending.front());
        queue.pending.pop_front();
        --pending_;
        start(host, queue, std::move(next));
      }
    }
    cursor_ = host_order_.empty() ? 0 : (cursor_ + 1) % host_order_.size();
    if (wake && !pump_armed_) {
      pump_armed_ = true;
      pump_timer_.expires_at(*wake);
      pump_timer_.async_wait([this](const boost::system::error_code& error) {
        pump_armed_ = false;
        if (error) return;
        pump();
        finish_if_done();
      });
    }
  }

  void start(const std::string& host, HostQueue& queue, Pending pending) {
    ++active_;
    ++queue.active;
    if (!queue.domain.empty()) ++domain_active_[queue.domain];
    const std::string url = request_url(pending.state);
    const auto& feed = pending.feed;
    fetch::Request request{.url = url,
                           .etag = pending.state.etag,
                           .last_modified = pending.state.last_modified,
                           .allow_file = url.starts_with("file:"),
                           .extra_headers = feed.headers,
                           .username = feed.username,
                           .password = feed.password,
                           .timeout = feed.timeout.count() > 0
                                          ? std::optional(feed.timeout)
                                          : std::nullopt};
    const auto started = std::chrono::steady_clock::now();
    engine_.start(request, [this, host, started, pending = std::move(pending)](
                               fetch::FetchResult result) mutable {
      on_fetched(host, started, std::move(pending), std::move(result));
    });
  }

  void on_fetched(const std::string& host, SteadyTime started, Pending pending,
                  fetch::FetchResult result) {
    auto& queue = hosts_[host];
    --active_;
    --queue.active;
    if (!queue.domain.empty()) --domain_active_[queue.domain];
    const auto now = daemon::now();
    if (!result && (result.error().status == 429 || result.error().status == 503)) {
      // The whole host waits, starting now, for the rest of this round too.
      PollOutcome outcome;
      outcome.status = result.error().status;
      outcome.headers = result.error().headers;
      outcome.error_class = result.error().error.code;
      const auto decision =
          decide(pending.state, outcome, context_for(pending.feed, now, unit(loop_random_)));
      if (decision.host_block) queue.blocked_until = decision.host_block->until;
    }
    const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    ++backlog_;
    // Two stages, so that parsing the next feeds overlaps storing the last ones:
    // the parse thread parses and classifies, the store thread decides and stores.
    parse_worker_.push([this, pending = std::move(pending), result = std::move(result), now,
                        duration]() mutable {
      auto ingested = ingest(result, pending.feed, pending.state, now, classifier_);
      store::Store::prepare(ingested.items);
      result = fetch::FetchResult{};  // the body is parsed: free it before the store's turn
      store_worker_.push([this, pending = std::move(pending), ingested = std::move(ingested),
                          now, duration]() mutable {
        auto done = process(pending, ingested, now, duration.count());
        // The items are freed on the loop's thread, not here: they were allocated on
        // the parse thread, and freeing them was a tenth of the store thread's time
        // (perf), the thread a cold poll waits for. Reported together while more
        // polls wait to be stored, at once when none does.
        reported_.push_back({done, std::move(ingested)});
        if (reported_.size() >= kReportPolls || store_worker_.queued() == 0) {
          asio::post(io_, [this, batch = std::move(reported_)] {
            for (const Reported& polled : batch) on_processed(polled.done);
          });
          reported_.clear();
        }
      });
    });
    pump();
  }

  PollContext context_for(const model::FeedSource& feed, model::TimePoint now,
                          double unit_random) const {
    return {.now = now,
            .interval = interval_of(config_, feed),
            .min_interval = config_.fetch.min_interval,
            .max_interval = config_.fetch.max_interval,
            .unit_random = unit_random};
  }

  static double unit(std::mt19937_64& random) {
    return std::uniform_real_distribution<double>(0.0, 1.0)(random);
  }

  // On the store thread: decide, store, log.
  JobResult process(const Pending& pending, const Ingested& ingested, model::TimePoint now,
                    std::int64_t duration_ms) {
    const auto& feed = pending.feed;
    if (!ingested.damage.empty()) {
      spdlog::info("feed damaged name=\"{}\" url={} kept={} problem=\"{}\"", feed.name, feed.url,
                   ingested.items.size(), ingested.damage);
    }
    auto context = context_for(feed, now, unit(worker_random_));
    context.duration_ms = duration_ms;
    context.feed_ttl = ingested.feed_ttl;
    if (auto times = store_.recent_publications(pending.state.id, 20)) {
      context.publishing_gap = publishing_gap(*times);
    }
    const auto decision = decide(pending.state, ingested.outcome, context);
    report(feed, ingested.outcome, decision);
    JobResult done{.kind = ingested.outcome.kind};
    // Polls stored back to back share one transaction, committed when the worker
    // runs out of work or after kBatchPolls: one WAL write instead of dozens.
    if (auto begun = store_.begin_batch(); !begun) {
      done.storage_error = begun.error();
      return done;
    }
    auto stored = store_.record_poll(decision.state, ingested.items, now, decision.log);
    if (++batched_ >= kBatchPolls || store_worker_.queued() == 0) {
      batched_ = 0;
      if (auto committed = store_.commit_batch(); !committed && stored) {
        done.storage_error = committed.error();
      }
    }
    if (!stored) {
      done.storage_error = stored.error();
      return done;
    }
    done.inserted = stored->inserted;
    done.updated = stored->updated;
    if (!stored->unstable_guids.empty()) {
      spdlog::warn("feed {}: GUIDs are unstable ({}); items are now keyed by link", feed.name,
                   stored->unstable_guids);
    }
    if (stored->story_memory_kept > 0 && !warned_story_memory_) {
      warned_story_memory_ = true;  // once a process: it recurs as long as the feeds do
      spdlog::warn("story matching keeps the newest {} items in memory, {:.1f} days of the 9-day "
                   "window: older items join stories only by link; raise [store] "
                   "story_memory_items (about 450 bytes an item) to match them on text",
                   stored->story_memory_kept,
                   static_cast<double>(stored->story_memory_span.count()) / 86400.0);
    }
    if (decision.host_block) {
      if (auto blocked = store_.block_host(*decision.host_block); !blocked) {
        done.storage_error = blocked.error();
      }
    }
    return done;
  }

  static void report(const model::FeedSource& feed, const PollOutcome& outcome,
                     const PollDecision& decision) {
    const auto& state = decision.state;
    if (outcome.kind == PollOutcome::Kind::failed) {
      spdlog::warn("feed failed name=\"{}\" url={} error={} streak={} message=\"{}\"", feed.name,
                   feed.url, state.last_error_class, state.error_streak, state.last_error);
    }
    if (decision.moved_now) {
      spdlog::warn("feed moved name=\"{}\" url={} to={} polls={}: now polling the new URL; "
                   "update the config",
                   feed.name, feed.url, state.moved_url, kMovedAfterPolls);
    }
    if (decision.gone_now) {
      spdlog::warn("feed gone name=\"{}\" url={}: HTTP 410; asking again weekly", feed.name,
                   feed.url);
    }
  }

  void on_processed(const JobResult& done) {
    --backlog_;
    ++summary_.feeds;
    using Kind = PollOutcome::Kind;
    summary_.failed += done.kind == Kind::failed ? 1 : 0;
    summary_.not_modified += done.kind == Kind::not_modified ? 1 : 0;
    summary_.unchanged += done.kind == Kind::unchanged_body ? 1 : 0;
    summary_.new_items += done.inserted;
    summary_.updated_items += done.updated;
    if (done.storage_error) {
      if (!summary_.storage_error) {
        spdlog::error("store failed error=\"{}\"", done.storage_error->message);
      }
      summary_.storage_error = done.storage_error;
    }
    pump();
    finish_if_done();
  }

  void finish_if_done() {
    if (!done_ || pending_ > 0 || active_ > 0 || backlog_ > 0) return;
    pump_timer_.cancel();
    auto done = std::move(done_);
    done_ = nullptr;
    const auto summary = summary_;
    asio::post(io_, [done = std::move(done), summary] { done(summary); });
    // Only after the post: an io_context whose work count drops to zero stops, and
    // a stopped one would never run the callback.
    guard_.reset();
  }

  const config::Config& config_;
  const LazyClassifier classifier_;
  store::Store& store_;
  asio::io_context& io_;
  AsioEventLoop loop_;
  fetch::Engine engine_;
  asio::steady_timer pump_timer_;
  bool pump_armed_ = false;
  bool pumping_ = false;
  bool pump_again_ = false;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
  std::map<std::string, HostQueue> hosts_;
  std::vector<std::string> host_order_;
  std::size_t cursor_ = 0;
  std::map<std::string, int> domain_active_;
  std::size_t pending_ = 0;
  std::size_t unconditional_ = 0;  // queued feeds without validators this round
  int active_ = 0;
  int backlog_ = 0;
  PollSummary summary_;
  Done done_;
  std::mt19937_64 loop_random_{std::random_device{}()};    // io_context thread only
  std::mt19937_64 worker_random_{std::random_device{}()};  // store thread only
  int batched_ = 0;                                        // store thread only
  std::vector<Reported> reported_;                         // store thread only
  bool warned_story_memory_ = false;                       // store thread only
  // Last: joined first, while everything they use still exists; the parse stage
  // before the store stage it hands its work to.
  Worker store_worker_{"monsoon-store"};
  Worker parse_worker_{"monsoon-parse"};
};

Poller::Poller(const config::Config& config, store::Store& store, asio::io_context& io)
    : impl_(std::make_unique<Impl>(config, store, io)) {}
Poller::~Poller() = default;

void Poller::start_round(bool ignore_schedule, Done done) {
  impl_->start_round(ignore_schedule, std::move(done));
}
bool Poller::busy() const { return impl_->busy(); }

void log_summary(const PollSummary& summary) {
  spdlog::info("poll done feeds={} new={} updated={} not_modified={} unchanged={} failed={} "
               "waiting={}",
               summary.feeds, summary.new_items, summary.updated_items, summary.not_modified,
               summary.unchanged, summary.failed, summary.waiting);
}

PollSummary poll_once(const config::Config& config, store::Store& store, bool ignore_schedule) {
  asio::io_context io;
  PollSummary result;
  {
    Poller poller(config, store, io);
    poller.start_round(ignore_schedule, [&](const PollSummary& summary) { result = summary; });
    io.run();
  }
  log_summary(result);
  return result;
}

}  // namespace monsoon::daemon
