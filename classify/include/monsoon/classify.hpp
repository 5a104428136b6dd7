#pragma once
// Classification: which region an entry belongs to, and which key identifies it
// within its feed. Pure functions over values.
//
// The walking skeleton files every entry under its feed's configured region; the
// text classifier (issue #7) replaces the body of classify_region, not its contract.

#include <monsoon/model.hpp>

#include <string>

namespace monsoon::classify {

struct Verdict {
  model::Region region = model::Region::unassigned;
  double confidence = 0.0;  // 0..1
  std::string evidence;     // why, for the editor and `classify --explain`
};

// Region for one entry of `feed`. Feeds configured as pan_asia or global give no
// verdict on their own, so their entries come back unassigned.
Verdict classify_region(const model::Entry& entry, const model::FeedSource& feed);

// The key that identifies `entry` within its feed, in this order: "guid:" + the
// entry id; else "link:" + its link; else "hash:" + a hash of title and date.
// Never empty.
std::string identity_key(const model::Entry& entry);

}  // namespace monsoon::classify
