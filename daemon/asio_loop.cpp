#include "asio_loop.hpp"

namespace monsoon::daemon {

namespace asio = boost::asio;

struct AsioEventLoop::Socket {
  int fd;
  asio::posix::stream_descriptor descriptor;
  Interest interest = Interest::none;
  bool reading = false;  // a read wait is pending
  bool writing = false;  // a write wait is pending
  Socket(asio::io_context& io, int native) : fd(native), descriptor(io, native) {}
};

AsioEventLoop::AsioEventLoop(asio::io_context& io) : io_(io), timer_(io) {}

AsioEventLoop::~AsioEventLoop() {
  *alive_ = false;
  // The sockets belong to curl: hand them back rather than closing them.
  for (auto& [fd, socket] : sockets_) socket->descriptor.release();
}

void AsioEventLoop::watch(int fd, Interest interest) {
  auto found = sockets_.find(fd);
  if (interest == Interest::none) {
    if (found != sockets_.end()) {
      found->second->interest = Interest::none;
      found->second->descriptor.release();  // aborts pending waits, keeps the fd open
      sockets_.erase(found);
    }
    return;
  }
  if (found == sockets_.end()) {
    found = sockets_.emplace(fd, std::make_shared<Socket>(io_, fd)).first;
  }
  found->second->interest = interest;
  arm(found->second);
}

void AsioEventLoop::arm(const std::shared_ptr<Socket>& socket) {
  const bool want_read = socket->interest == Interest::read || socket->interest == Interest::read_write;
  const bool want_write =
      socket->interest == Interest::write || socket->interest == Interest::read_write;
  // Each handler re-arms only if its socket is still the one watched under that fd.
  auto on_ready = [this, socket](bool readable) {
    return [this, socket, readable](const boost::system::error_code& error) {
      (readable ? socket->reading : socket->writing) = false;
      if (error || socket->interest == Interest::none || engine_ == nullptr) return;
      engine_->on_socket(socket->fd, readable, !readable, false);
      auto current = sockets_.find(socket->fd);
      if (current != sockets_.end() && current->second == socket) arm(socket);
    };
  };
  if (want_read && !socket->reading) {
    socket->reading = true;
    socket->descriptor.async_wait(asio::posix::stream_descriptor::wait_read, on_ready(true));
  }
  if (want_write && !socket->writing) {
    socket->writing = true;
    socket->descriptor.async_wait(asio::posix::stream_descriptor::wait_write, on_ready(false));
  }
}

void AsioEventLoop::set_timer(std::optional<std::chrono::milliseconds> delay) {
  timer_.cancel();
  if (!delay) return;
  if (delay->count() <= 0) {
    // "Now", once per transfer started: a post, not a timer (each re-armed timer
    // is a timerfd_settime(), 1,000 of them in a cold poll of 1,000 feeds).
    asio::post(io_, [this, alive = alive_, generation = ++timer_generation_] {
      if (*alive && generation == timer_generation_ && engine_ != nullptr) engine_->on_timer();
    });
    return;
  }
  ++timer_generation_;
  timer_.expires_after(*delay);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error && engine_ != nullptr) engine_->on_timer();
  });
}

}  // namespace monsoon::daemon
