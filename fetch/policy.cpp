// Pure scheduling policy: what the server's headers and the feed's history say
// about when to come back.
#include <monsoon/fetch.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace monsoon::fetch {
namespace {

std::string header_value(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

std::optional<long long> parse_seconds(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// RFC 9110 HTTP-date (and the obsolete forms) through curl's own parser.
std::optional<model::TimePoint> http_date(const std::string& text) {
  const time_t parsed = curl_getdate(text.c_str(), nullptr);
  if (parsed < 0) return std::nullopt;
  return model::TimePoint{model::Seconds{parsed}};
}

std::string lowered(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::optional<model::TimePoint> retry_after(const Headers& headers, model::TimePoint now) {
  const std::string value = header_value(headers, "retry-after");
  if (value.empty()) return std::nullopt;
  if (auto seconds = parse_seconds(value)) return now + model::Seconds{*seconds};
  return http_date(value);
}

std::optional<model::Seconds> freshness(const Headers& headers, model::TimePoint now) {
  const std::string cache_control = lowered(header_value(headers, "cache-control"));
  if (!cache_control.empty()) {
    if (cache_control.find("no-cache") != std::string::npos ||
        cache_control.find("no-store") != std::string::npos) {
      return model::Seconds{0};
    }
    for (std::size_t at = cache_control.find("max-age"); at != std::string::npos;
         at = cache_control.find("max-age", at + 1)) {
      if (at > 0 && cache_control[at - 1] == '-') continue;  // s-maxage is for shared caches
      const auto equals = cache_control.find('=', at);
      if (equals == std::string::npos) break;
      auto end = cache_control.find(',', equals);
      auto seconds = parse_seconds(std::string_view(cache_control).substr(
          equals + 1, end == std::string::npos ? std::string::npos : end - equals - 1));
      if (seconds) return model::Seconds{*seconds};
    }
  }
  const std::string expires = header_value(headers, "expires");
  if (expires.empty()) return std::nullopt;
  auto expiry = http_date(expires);
  if (!expiry) return model::Seconds{0};  // an invalid Expires means "already expired"
  auto date = http_date(header_value(headers, "date"));
  const auto base = date.value_or(now);
  return std::max(model::Seconds{0}, *expiry - base);
}

model::Seconds backoff(int error_streak, model::Seconds base, model::Seconds cap,
                       double unit_random) {
  if (error_streak < 1) return model::Seconds{0};
  const int doublings = std::min(error_streak - 1, 30);
  const double raw = static_cast<double>(base.count()) * std::ldexp(1.0, doublings);
  const double capped = std::min(raw, static_cast<double>(cap.count()));
  const double spread = capped * (0.5 + 0.5 * std::clamp(unit_random, 0.0, 1.0));
  return model::Seconds{std::max<long long>(1, std::llround(spread))};
}

model::Seconds next_interval(const IntervalHints& hints, double unit_random) {
  model::Seconds interval = hints.configured;
  // The server and the feed may ask us to come back later, never sooner.
  if (hints.freshness) interval = std::max(interval, *hints.freshness);
  if (hints.feed_ttl) interval = std::max(interval, *hints.feed_ttl);
  // A feed that publishes rarely is polled less often: up to half its usual gap.
  if (hints.publishing_gap && *hints.publishing_gap / 2 > interval) {
    interval = *hints.publishing_gap / 2;
  }
  interval = std::clamp(interval, hints.min, hints.max);
  const double jitter = 0.9 + 0.2 * std::clamp(unit_random, 0.0, 1.0);
  const auto jittered = model::Seconds{std::llround(static_cast<double>(interval.count()) * jitter)};
  return std::clamp(jittered, hints.min, hints.max);
}

}  // namespace monsoon::fetch
