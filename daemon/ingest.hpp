#pragma once
// From a finished transfer to what the store keeps: parse, classify, identity
// keys, plain-text titles and summaries, and the PollOutcome that decide() needs.
// Pure: no I/O, no clock (now is a parameter), no logging.

#include <monsoon/classify.hpp>
#include <monsoon/fetch.hpp>
#include <monsoon/model.hpp>
#include <monsoon/store.hpp>

#include <optional>
#include <string>
#include <vector>

#include "outcome.hpp"
#include "regions.hpp"

namespace monsoon::daemon {

struct Ingested {
  PollOutcome outcome;
  std::vector<store::NewItem> items;
  std::optional<model::Seconds> feed_ttl;
  std::string damage;  // the parser's bozo_exception when the feed was damaged
};

Ingested ingest(const fetch::FetchResult& result, const model::FeedSource& feed,
                const store::FeedState& state, model::TimePoint now,
                const LazyClassifier& classifier);

// FNV-1a 64 of the body, as 16 hex digits: stable across runs and machines.
std::string body_hash(std::string_view body);

}  // namespace monsoon::daemon
