// The blocking driver: one transfer, curl_easy_perform.
#include <monsoon/fetch.hpp>

#include "transfer.hpp"

namespace monsoon::fetch {

void global_init() { curl_global_init(CURL_GLOBAL_DEFAULT); }

FetchResult fetch_feed(const Request& req, const Limits& limits) {
  auto transfer = detail::make_transfer(req, limits);
  if (!transfer) {
    return tl::unexpected(Failure{{model::Errc::network, req.url + ": cannot create a curl handle"}});
  }
  const CURLcode code = curl_easy_perform(transfer->easy.get());
  return detail::finish_transfer(*transfer, code, limits);
}

}  // namespace monsoon::fetch
