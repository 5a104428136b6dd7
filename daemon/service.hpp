#pragma once
// `monsoon run`: the long-running service. One Asio io_context on one thread; a
// timer wakes the loop to poll feeds that are due and to write the week's draft
// once its scheduled time has passed; SIGINT/SIGTERM stop it cleanly (exit 0).
// Talks to systemd with sd_notify (READY, WATCHDOG, STATUS, STOPPING).

#include <monsoon/config.hpp>
#include <monsoon/store.hpp>

namespace monsoon::daemon {

int run_service(const config::Config& config, store::Store& store);

// When this week's draft is due, in UTC: the configured weekday and time in the
// digest's time zone, within the ISO week containing `now`.
model::TimePoint digest_due(const config::Config& config, model::TimePoint now);

}  // namespace monsoon::daemon
