// The multi driver: many transfers on curl's socket interface, driven by an
// EventLoop the caller implements (Asio in daemon/).
#include <monsoon/fetch.hpp>

#include <unistd.h>

#include <map>

#include "transfer.hpp"

namespace monsoon::fetch {

struct Engine::Impl {
  EventLoop& loop;
  Limits limits;
  CURLM* multi = nullptr;
  std::map<CURL*, std::pair<std::unique_ptr<detail::Transfer>, Completion>> running;

  Impl(EventLoop& event_loop, Limits transfer_limits)
      : loop(event_loop), limits(std::move(transfer_limits)), multi(curl_multi_init()) {
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::on_curl_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::on_curl_timer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
    // HTTP/2 multiplexing where a server offers it; connections are reused.
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  }

  ~Impl() {
    for (auto& [easy, entry] : running) curl_multi_remove_handle(multi, easy);
    running.clear();
    curl_multi_cleanup(multi);
  }

  static int on_curl_socket(CURL* /*easy*/, curl_socket_t fd, int what, void* user,
                            void* /*socket_data*/) {
    auto* self = static_cast<Impl*>(user);
    using Interest = EventLoop::Interest;
    Interest interest = Interest::none;
    if (what == CURL_POLL_IN) interest = Interest::read;
    if (what == CURL_POLL_OUT) interest = Interest::write;
    if (what == CURL_POLL_INOUT) interest = Interest::read_write;
    self->loop.watch(fd, interest);
    return 0;
  }

  static int on_curl_timer(CURLM* /*multi*/, long timeout_ms, void* user) {
    auto* self = static_cast<Impl*>(user);
    if (timeout_ms < 0) {
      self->loop.set_timer(std::nullopt);
    } else {
      self->loop.set_timer(std::chrono::milliseconds(timeout_ms));
    }
    return 0;
  }

  // Hands every finished transfer to its completion. A completion may call
  // start(), which only adds handles, so iterating curl's queue stays valid.
  void collect_finished() {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode code = message->data.result;
      curl_multi_remove_handle(multi, easy);
      auto node = running.extract(easy);
      if (node.empty()) continue;
      auto& [transfer, done] = node.mapped();
      auto result = detail::finish_transfer(*transfer, code, limits);
      done(std::move(result));
    }
  }

  // curl normally says CURL_POLL_REMOVE before closing a socket; telling the loop
  // here too means a reused descriptor number can never inherit a stale watch.
  static int on_close(void* user, curl_socket_t fd) {
    static_cast<Impl*>(user)->loop.watch(fd, EventLoop::Interest::none);
    return ::close(fd);
  }

  void action(curl_socket_t fd, int events) {
    int still_running = 0;
    curl_multi_socket_action(multi, fd, events, &still_running);
    collect_finished();
  }
};

Engine::Engine(EventLoop& loop, Limits limits)
    : impl_(std::make_unique<Impl>(loop, std::move(limits))) {}

Engine::~Engine() = default;

void Engine::start(const Request& req, Completion done) {
  auto transfer = detail::make_transfer(req, impl_->limits);
  if (!transfer) {
    done(tl::unexpected(Failure{{model::Errc::network, req.url + ": cannot create a curl handle"}}));
    return;
  }
  CURL* easy = transfer->easy.get();
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &Impl::on_close);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, impl_.get());
  if (curl_multi_add_handle(impl_->multi, easy) != CURLM_OK) {
    done(tl::unexpected(Failure{{model::Errc::network, req.url + ": cannot start the transfer"}}));
    return;
  }
  impl_->running.emplace(easy, std::make_pair(std::move(transfer), std::move(done)));
}

void Engine::on_socket(int fd, bool readable, bool writable, bool error) {
  int events = 0;
  if (readable) events |= CURL_CSELECT_IN;
  if (writable) events |= CURL_CSELECT_OUT;
  if (error) events |= CURL_CSELECT_ERR;
  impl_->action(fd, events);
}

void Engine::on_timer() { impl_->action(CURL_SOCKET_TIMEOUT, 0); }

std::size_t Engine::active() const { return impl_->running.size(); }

}  // namespace monsoon::fetch
