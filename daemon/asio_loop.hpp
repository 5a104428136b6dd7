#pragma once
// fetch::EventLoop on a Boost.Asio io_context: curl's sockets become
// posix::stream_descriptors (borrowed, never closed by Asio) waited on for
// readiness, and curl's timer a steady_timer. Single-threaded: use it only from
// the io_context's thread. The engine must be attached before it starts
// transfers and detached (destroyed) before this loop is.

#include <monsoon/fetch.hpp>

#include <boost/asio.hpp>

#include <cstdint>
#include <map>
#include <memory>

namespace monsoon::daemon {

class AsioEventLoop final : public fetch::EventLoop {
 public:
  explicit AsioEventLoop(boost::asio::io_context& io);
  ~AsioEventLoop() override;

  void attach(fetch::Engine* engine) { engine_ = engine; }

  void watch(int fd, Interest interest) override;
  void set_timer(std::optional<std::chrono::milliseconds> delay) override;

 private:
  struct Socket;
  void arm(const std::shared_ptr<Socket>& socket);

  boost::asio::io_context& io_;
  boost::asio::steady_timer timer_;
  std::uint64_t timer_generation_ = 0;  // each set_timer() call; a newer one voids a post
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // false once destroyed
  std::map<int, std::shared_ptr<Socket>> sockets_;
  fetch::Engine* engine_ = nullptr;
};

}  // namespace monsoon::daemon
