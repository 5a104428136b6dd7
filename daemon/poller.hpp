#pragma once
// One poll round: every feed that may be polled now is fetched on the curl engine
// (driven by the caller's io_context), politely: at most max_parallel transfers,
// max_per_host per host and per registrable domain, host_gap between two request
// starts to one host, no request to a host inside its Retry-After, no request to a
// feed inside its backoff. Bodies are parsed and stored on one owned worker thread
// so the transfers never wait for SQLite.
//
// The store belongs to the worker while a round runs: the caller must not touch it
// between start_round() and the `done` callback. Not thread-safe otherwise: call
// from the io_context's thread. The io_context must outlive the Poller.

#include <monsoon/config.hpp>
#include <monsoon/store.hpp>

#include <boost/asio.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace monsoon::daemon {

struct PollSummary {
  int feeds = 0;         // polled this round
  int failed = 0;
  int not_modified = 0;  // 304
  int unchanged = 0;     // 200 with the same body as last time
  int new_items = 0;
  int updated_items = 0;
  int waiting = 0;       // skipped: backoff, Retry-After, gone, or not due
  std::optional<model::Error> storage_error;  // the first one; the round went on
};

class Poller {
 public:
  Poller(const config::Config& config, store::Store& store, boost::asio::io_context& io);
  ~Poller();  // cancels transfers, finishes the job at hand, joins the worker
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  using Done = std::function<void(const PollSummary&)>;

  // Starts a round over the enabled feeds. With ignore_schedule (a manual poll)
  // feeds are polled even if not due; backoff, Retry-After and gone still hold.
  // `done` runs on the io_context once every transfer has finished and every
  // result is stored. A round must not start while another runs.
  void start_round(bool ignore_schedule, Done done);
  bool busy() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// A whole round on a private io_context: for `poll --once` and `run --once`.
[[nodiscard]] PollSummary poll_once(const config::Config& config, store::Store& store,
                                    bool ignore_schedule);

// The round's closing log line: "poll done feeds=… new=… failed=…".
void log_summary(const PollSummary& summary);

}  // namespace monsoon::daemon
