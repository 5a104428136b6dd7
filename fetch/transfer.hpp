#pragma once
// One curl easy handle configured with every limit, and what its callbacks
// collect. Shared by the blocking driver (fetch.cpp) and the engine (engine.cpp).

#include <monsoon/fetch.hpp>

#include <curl/curl.h>

#include <memory>
#include <string>

namespace monsoon::fetch::detail {

struct EasyDeleter {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

// Everything one transfer owns. Lives at a stable address while curl runs it
// (callbacks keep a pointer to it).
struct Transfer {
  Request request;
  std::unique_ptr<CURL, EasyDeleter> easy;
  std::unique_ptr<curl_slist, SlistDeleter> headers_out;
  std::string body;
  std::int64_t max_body = 0;
  bool too_large = false;
  Headers headers_in;     // of the response being received
  std::vector<Hop> hops;  // redirects seen so far
  long pending_status = 0;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

// Builds a configured transfer; nullptr only when curl cannot allocate a handle.
std::unique_ptr<Transfer> make_transfer(const Request& req, const Limits& limits);

// Turns a finished transfer into its result (consumes its body).
FetchResult finish_transfer(Transfer& transfer, CURLcode code, const Limits& limits);

}  // namespace monsoon::fetch::detail
