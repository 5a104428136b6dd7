#include "outcome.hpp"

#include <algorithm>
#include <cctype>

namespace monsoon::daemon {
namespace {

using Kind = PollOutcome::Kind;

void apply_move(store::FeedState& state, const PollOutcome& outcome, PollDecision& decision) {
  const bool confirmed = state.moved_streak >= kMovedAfterPolls;
  if (confirmed) return;  // already polling the new URL directly
  if (!outcome.moved_permanently) {
    state.moved_url.clear();
    state.moved_streak = 0;
    return;
  }
  if (state.moved_url == outcome.effective_url) {
    ++state.moved_streak;
  } else {
    state.moved_url = outcome.effective_url;
    state.moved_streak = 1;
  }
  decision.moved_now = state.moved_streak == kMovedAfterPolls;
}

void apply_success(store::FeedState& state, const PollOutcome& outcome,
                   const PollContext& context) {
  state.last_success = context.now;
  state.error_streak = 0;
  state.last_error.clear();
  state.last_error_class.clear();
  state.not_before.reset();
  state.gone = false;
  if (outcome.kind == Kind::fetched || outcome.kind == Kind::unchanged_body) {
    state.etag = outcome.etag;
    state.last_modified = outcome.last_modified;
    state.body_hash = outcome.body_hash;
  }
  const fetch::IntervalHints hints{.configured = context.interval,
                                   .freshness = fetch::freshness(outcome.headers, context.now),
                                   .feed_ttl = context.feed_ttl,
                                   .publishing_gap = context.publishing_gap,
                                   .min = context.min_interval,
                                   .max = context.max_interval};
  state.next_poll = context.now + fetch::next_interval(hints, context.unit_random);
}

void apply_failure(store::FeedState& state, const PollOutcome& outcome, const PollContext& context,
                   PollDecision& decision) {
  ++state.error_streak;
  state.last_error_class = std::string(model::to_string(outcome.error_class));
  state.last_error = outcome.error_message;
  if (outcome.error_class == model::Errc::gone) {
    decision.gone_now = !state.gone;
    state.gone = true;
    state.next_poll = context.now + kGoneRecheck;
    state.not_before = state.next_poll;
    return;
  }
  // Never gives up: the delay grows to max_interval and stays there.
  auto retry_at = context.now + fetch::backoff(state.error_streak, context.min_interval,
                                               context.max_interval, context.unit_random);
  if (outcome.status == 429 || outcome.status == 503) {
    const auto asked = fetch::retry_after(outcome.headers, context.now);
    if (asked && *asked > retry_at) retry_at = std::min(*asked, context.now + context.max_interval);
    const std::string host = fetch::host_of(request_url(state));
    if (!host.empty()) {
      decision.host_block = store::HostBlock{
          host, retry_at,
          "HTTP " + std::to_string(outcome.status) + (asked ? " with Retry-After" : "")};
    }
  }
  state.next_poll = retry_at;
  state.not_before = retry_at;
}

}  // namespace

std::string request_url(const store::FeedState& state) {
  return state.moved_streak >= kMovedAfterPolls && !state.moved_url.empty() ? state.moved_url
                                                                          : state.url;
}

PollDecision decide(const store::FeedState& before, const PollOutcome& outcome,
                    const PollContext& context) {
  PollDecision decision;
  decision.state = before;
  auto& state = decision.state;
  state.last_attempt = context.now;
  state.last_status = static_cast<int>(outcome.status);
  decision.log = {.at = context.now, .status = static_cast<int>(outcome.status),
                  .duration_ms = context.duration_ms};
  if (outcome.kind == Kind::failed) {
    apply_failure(state, outcome, context, decision);
    decision.log.error_class = state.last_error_class;
    decision.log.message = state.last_error;
  } else {
    apply_move(state, outcome, decision);
    apply_success(state, outcome, context);
  }
  return decision;
}

bool looks_like_html(std::string_view body, std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type == "text/html" || type == "application/xhtml+xml") return true;
  std::string head;
  for (char c : body.substr(0, 512)) {
    head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos;
}

std::optional<model::Seconds> publishing_gap(const std::vector<model::TimePoint>& newest_first) {
  if (newest_first.size() < 3) return std::nullopt;
  std::vector<model::Seconds> gaps;
  for (std::size_t i = 1; i < newest_first.size(); ++i) {
    gaps.push_back(std::chrono::abs(newest_first[i - 1] - newest_first[i]));
  }
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                   gaps.end());
  return gaps[gaps.size() / 2];
}

}  // namespace monsoon::daemon
