#pragma once
// Fetching feeds over http(s):// and file:// with libcurl.
//
// Two drivers share one transfer setup, so every limit holds in both:
//  - fetch_feed(): one blocking transfer (tools, tests, one-off fetches);
//  - Engine: many transfers at once on curl's multi *socket* interface. The engine
//    owns no sockets and no event loop: it tells an EventLoop (implemented with
//    Asio in daemon/) which file descriptors to watch and when to wake it, and the
//    loop calls back on_socket()/on_timer().
// Limits: connect and whole-transfer timeouts, a low-speed cut-off, a body cap
// checked on Content-Length, while streaming and after decompression (a gzip bomb
// stops at the cap), at most `max_redirects` redirects, http/https only (file://
// when the request allows it; a redirect never leaves http/https).
//
// The pure policy helpers at the end (Retry-After, freshness hints, backoff,
// next interval, registrable domain) take `now` and randomness as parameters.

#include <monsoon/model.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace monsoon::fetch {

using Headers = std::vector<std::pair<std::string, std::string>>;  // names lower-case

struct Limits {
  model::Seconds timeout{20};
  model::Seconds connect_timeout{10};
  std::int64_t max_body = 15 * 1024 * 1024;
  long max_redirects = 5;
  std::string user_agent = "monsoon";
  // A transfer slower than low_speed_bytes per second for low_speed_time is cut off.
  long low_speed_bytes = 64;
  model::Seconds low_speed_time{10};
};

struct Request {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  bool allow_file = false;    // file:// is allowed only for feeds configured so
  Headers extra_headers;      // operator-configured, sent as given
  std::string username;       // HTTP basic auth when not empty; never logged
  std::string password;
  std::optional<model::Seconds> timeout;  // per-feed override of Limits::timeout
};

enum class Outcome { fetched, not_modified };

struct Hop {
  long status = 0;       // 301, 302, 307, 308
  std::string location;  // as sent by the server
};

struct Response {
  Outcome outcome = Outcome::fetched;
  long status = 0;            // 0 for file://
  std::string effective_url;  // after redirects
  std::vector<Hop> redirects;  // every redirect followed, in order
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string body;  // decompressed; empty when not_modified
  Headers headers;   // of the final response
  std::string header(std::string_view lower_name) const;  // "" when absent
  // True when every redirect followed was permanent (301/308) and there was one.
  bool moved_permanently() const;
};

// A failed transfer: Errc says the class (dns, connect, tls, timeout, http_status,
// too_large, refused, blocked, gone, network), status is the HTTP status when there
// was one, and headers are the final response's (for Retry-After).
struct Failure {
  model::Error error;
  long status = 0;
  Headers headers;
};

using FetchResult = tl::expected<Response, Failure>;

// Initialises libcurl's global state. Call once at program start, before threads.
void global_init();

// One blocking transfer. A 304 is Outcome::not_modified, not an error; any other
// final status outside 2xx is a Failure (410 -> gone, 403/503 with a bot-challenge
// marker -> blocked, other -> http_status). Thread-safe.
[[nodiscard]] FetchResult fetch_feed(const Request& req, const Limits& limits);

// What the engine needs from an event loop.
class EventLoop {
 public:
  enum class Interest { none, read, write, read_write };
  virtual ~EventLoop() = default;
  // Watch `fd` for `interest`; Interest::none stops watching it (curl may close it
  // right after). Called only from inside Engine calls.
  virtual void watch(int fd, Interest interest) = 0;
  // Call Engine::on_timer() after `delay`; nullopt cancels. Replaces any earlier timer.
  virtual void set_timer(std::optional<std::chrono::milliseconds> delay) = 0;
};

// Many transfers at once on one thread. Not thread-safe: call every member from
// the event loop's thread. Completions run inside start(), on_socket() or
// on_timer(); a completion may start new transfers.
class Engine {
 public:
  using Completion = std::function<void(FetchResult)>;

  Engine(EventLoop& loop, Limits limits);
  ~Engine();  // aborts unfinished transfers without calling their completions
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Starts a transfer now. Setup failures complete immediately (inside this call).
  void start(const Request& req, Completion done);
  void on_socket(int fd, bool readable, bool writable, bool error);
  void on_timer();
  std::size_t active() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------
// Pure policy helpers.

// Retry-After as an absolute time: delta-seconds or an HTTP date. nullopt when
// absent or unreadable.
std::optional<model::TimePoint> retry_after(const Headers& headers, model::TimePoint now);

// How long the server says the feed stays fresh: Cache-Control max-age (s-maxage
// ignored, no-cache/no-store = 0), else Expires - Date/now. nullopt when silent.
std::optional<model::Seconds> freshness(const Headers& headers, model::TimePoint now);

// Delay before retrying after `error_streak` consecutive failures (1 = first):
// base * 2^(streak-1), capped at `cap`, then spread by jitter in [0.5, 1.0) of it
// using `unit_random` in [0, 1).
model::Seconds backoff(int error_streak, model::Seconds base, model::Seconds cap,
                       double unit_random);

// Next poll interval: the configured one, lengthened (never shortened below it) by
// the server's freshness and the feed's own ttl/update period, shortened toward
// the feed's observed publishing gap, clamped to [min, max], with +-10 % jitter
// from `unit_random` in [0, 1).
struct IntervalHints {
  model::Seconds configured{3600};
  std::optional<model::Seconds> freshness;       // from freshness()
  std::optional<model::Seconds> feed_ttl;        // RSS <ttl>, sy:updatePeriod
  std::optional<model::Seconds> publishing_gap;  // median gap between recent items
  model::Seconds min{300};
  model::Seconds max{86400};
};
model::Seconds next_interval(const IntervalHints& hints, double unit_random);

// "example.co.uk" for "news.example.co.uk" (public suffix list via libpsl); the
// host itself for IP addresses and names without a known suffix.
std::string registrable_domain(std::string_view host);
// The lower-case host of an http(s) URL, "" when there is none (file://, garbage).
std::string host_of(std::string_view url);

}  // namespace monsoon::fetch
