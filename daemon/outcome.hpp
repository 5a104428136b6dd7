#pragma once
// What one poll means for its feed: the next FeedState, the fetch-log line and,
// for 429/503 answers, a block on the whole host. Pure: the clock, the config's
// numbers and the randomness come in as values, so every rule is unit-tested.

#include <monsoon/fetch.hpp>
#include <monsoon/store.hpp>

#include <optional>
#include <string>

namespace monsoon::daemon {

// Permanent redirects seen on this many consecutive polls move the feed.
inline constexpr int kMovedAfterPolls = 3;
// A feed that answered 410 is asked again this often, in case it comes back.
inline constexpr model::Seconds kGoneRecheck{7 * 24 * 3600};

struct PollContext {
  model::TimePoint now{};
  std::int64_t duration_ms = 0;
  model::Seconds interval{3600};  // the feed's configured interval
  model::Seconds min_interval{300};
  model::Seconds max_interval{86400};
  std::optional<model::Seconds> feed_ttl;        // from the parsed feed
  std::optional<model::Seconds> publishing_gap;  // from the stored items
  double unit_random = 0.5;                      // [0, 1), for jitter
};

// How the poll went, after fetch and (when there was a body) parse.
struct PollOutcome {
  enum class Kind {
    fetched,         // a body, parsed (perhaps with damage), items stored
    not_modified,    // 304
    unchanged_body,  // 200 with the same body as last time: not parsed again
    failed,          // fetch failure, or a body that is not a feed
  };
  Kind kind = Kind::failed;
  long status = 0;
  std::string etag;
  std::string last_modified;
  std::string body_hash;
  std::string effective_url;
  bool moved_permanently = false;
  model::Errc error_class = model::Errc::network;  // when failed
  std::string error_message;                       // when failed
  fetch::Headers headers;                          // of the final response
};

struct PollDecision {
  store::FeedState state;
  store::FetchLogEntry log;
  std::optional<store::HostBlock> host_block;
  bool moved_now = false;  // this poll completed a move: tell the operator
  bool gone_now = false;   // this poll found the feed gone (it was not before)
};

PollDecision decide(const store::FeedState& before, const PollOutcome& outcome,
                    const PollContext& context);

// The URL to request: the moved-to URL once the move is confirmed.
std::string request_url(const store::FeedState& state);

// Whether a body that failed to parse is really an HTML page.
bool looks_like_html(std::string_view body, std::string_view content_type);

// Median gap between consecutive publication times (newest first), nullopt with
// fewer than three.
std::optional<model::Seconds> publishing_gap(const std::vector<model::TimePoint>& newest_first);

}  // namespace monsoon::daemon
