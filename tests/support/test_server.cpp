#include "test_server.hpp"

#include "test_server_wire.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <exception>
#include <fcntl.h>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace monsoon::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kAcceptPollInterval{1000};
constexpr milliseconds kLingerTimeout{500};
constexpr milliseconds kLongestWait = std::chrono::hours(24);
constexpr std::size_t kMaxRequestsPerConnection = 1000;

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Owns one file descriptor.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~FileDescriptor() { reset(); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_ = -1;
};

enum class Wait { ready, timeout, stopped };

// Waits up to `timeout` for `events` on `fd` (or only for the stop signal if fd < 0). The
// stop pipe is never drained, so once stop() wrote to it every wait ends at once.
Wait wait_for(int fd, short events, int stop_fd, milliseconds timeout) {
  // A day is forever for a test, and the clamp keeps `deadline` from overflowing.
  const auto deadline = Clock::now() + std::clamp(timeout, milliseconds(0), kLongestWait);
  for (;;) {
    pollfd fds[2] = {{stop_fd, POLLIN, 0}, {fd, events, 0}};
    const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
    const int ready =
        ::poll(fds, fd >= 0 ? 2 : 1, static_cast<int>(std::max<long>(left.count(), 0)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || fds[0].revents != 0) return Wait::stopped;
    if (ready > 0) return Wait::ready;  // POLLERR and POLLHUP count: the next call reports them
    if (left.count() <= 0) return Wait::timeout;
  }
}

// One accepted connection: blocking-with-timeout I/O on a non-blocking socket.
class Connection {
 public:
  Connection(FileDescriptor socket, int stop_fd) : socket_(std::move(socket)), stop_fd_(stop_fd) {}

  // Appends what arrives next to `buffer`. False on EOF, error, timeout or stop.
  bool receive(std::string& buffer) {
    char chunk[16 * 1024];
    for (;;) {
      if (wait_for(socket_.get(), POLLIN, stop_fd_, TestServer::kIoTimeout) != Wait::ready) {
        return false;
      }
      const ssize_t got = ::recv(socket_.get(), chunk, sizeof chunk, 0);
      if (got > 0) {
        buffer.append(chunk, static_cast<std::size_t>(got));
        return true;
      }
      if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return false;
    }
  }

  // Sends all of `data`. False on error, timeout or stop.
  bool send(std::string_view data) {
    while (!data.empty()) {
      if (wait_for(socket_.get(), POLLOUT, stop_fd_, TestServer::kIoTimeout) != Wait::ready) {
        return false;
      }
      const ssize_t sent = ::send(socket_.get(), data.data(), data.size(), MSG_NOSIGNAL);
      if (sent >= 0) {
        data.remove_prefix(static_cast<std::size_t>(sent));
      } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        return false;
      }
    }
    return true;
  }

  // Sleeps for `duration` unless the server stops first. False if it stopped.
  bool pause(milliseconds duration) const {
    return duration.count() <= 0 || wait_for(-1, 0, stop_fd_, duration) == Wait::timeout;
  }

  // Sends FIN, then reads until the client closes too (briefly). Closing with unread input
  // would make the kernel send RST, which can destroy data the client has not read yet.
  void close_gracefully() {
    ::shutdown(socket_.get(), SHUT_WR);
    const auto deadline = Clock::now() + kLingerTimeout;
    char discard[4096];
    while (Clock::now() < deadline) {
      const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
      if (wait_for(socket_.get(), POLLIN, stop_fd_, left) != Wait::ready) break;
      const ssize_t got = ::recv(socket_.get(), discard, sizeof discard, 0);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) break;
    }
  }

 private:
  FileDescriptor socket_;
  int stop_fd_;
};

enum class ReadResult { ok, closed, bad_request, unsupported };

// Reads one request from `connection`; `buffer` keeps bytes that arrived after it.
ReadResult read_request(Connection& connection, std::string& buffer, Request& request) {
  std::size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > wire::kMaxHeadBytes) return ReadResult::bad_request;
    if (!connection.receive(buffer)) return ReadResult::closed;
  }
  auto parsed = wire::parse_request_head(std::string_view(buffer).substr(0, head_end));
  buffer.erase(0, head_end + 4);
  if (!parsed) return ReadResult::bad_request;
  request = std::move(*parsed);

  const wire::RequestBody body = wire::request_body(request);
  if (body.framing == wire::BodyFraming::unsupported) return ReadResult::unsupported;
  if (body.length > buffer.size() && request.header("expect") == "100-continue" &&
      !connection.send("HTTP/1.1 100 Continue\r\n\r\n")) {
    return ReadResult::closed;
  }
  while (buffer.size() < body.length) {
    if (!connection.receive(buffer)) return ReadResult::closed;
  }
  request.body = buffer.substr(0, body.length);
  buffer.erase(0, body.length);
  return ReadResult::ok;
}

std::string chunk_header(std::size_t size) {
  char digits[2 * sizeof size + 1];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, size, 16);
  return std::string(digits, end) + "\r\n";
}

// Sends a planned response with its delay and drip. False if the connection must close now
// (cut short on purpose, stopped, or the client went away).
bool transmit(Connection& connection, const wire::ResponsePlan& plan, const Response& response) {
  if (!connection.pause(response.delay) || !connection.send(plan.head)) return false;
  const std::string_view payload = plan.payload;
  const std::size_t limit = plan.cut_at.value_or(payload.size());
  for (std::size_t offset = 0; offset < payload.size(); offset += plan.piece_bytes) {
    if (offset >= limit) return false;
    if (offset > 0 && !connection.pause(response.drip_interval)) return false;
    const std::string_view piece = payload.substr(offset, plan.piece_bytes);
    if (plan.chunked && !connection.send(chunk_header(piece.size()))) return false;
    // A chunk cut short still announced its full size: the client sees a broken stream.
    const std::size_t allowed = std::min(piece.size(), limit - offset);
    if (!connection.send(piece.substr(0, allowed)) || allowed < piece.size()) return false;
    if (plan.chunked && !connection.send("\r\n")) return false;
  }
  if (plan.cut_at) return false;
  return !plan.chunked || connection.send("0\r\n\r\n");
}

}  // namespace

class TestServer::Impl {
 public:
  Impl();
  ~Impl() { stop(); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void stop();
  void on(std::string path, Handler handler);
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::vector<Request> requests() const;
  [[nodiscard]] std::size_t hits(std::string_view path) const;

 private:
  void accept_loop();
  void start_connection(FileDescriptor socket);
  void serve(Connection& connection);
  Response answer(const Request& request);

  FileDescriptor stop_read_;
  FileDescriptor stop_write_;
  FileDescriptor listener_;
  std::uint16_t port_ = 0;

  mutable std::mutex mutex_;  // guards the members below
  std::map<std::string, Handler, std::less<>> handlers_;
  std::vector<Request> requests_;
  std::vector<std::thread> connections_;
  std::size_t accepted_ = 0;

  std::mutex stop_mutex_;  // serializes stop(); guards stopped_
  bool stopped_ = false;
  std::thread acceptor_;  // last member: starts once everything above exists
};

TestServer::Impl::Impl() {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) throw_errno("pipe2");
  stop_read_ = FileDescriptor(pipe_fds[0]);
  stop_write_ = FileDescriptor(pipe_fds[1]);

  listener_ = FileDescriptor(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (listener_.get() < 0) throw_errno("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // the kernel picks a free port
  if (::bind(listener_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw_errno("bind 127.0.0.1");
  }
  if (::listen(listener_.get(), SOMAXCONN) != 0) throw_errno("listen");
  socklen_t length = sizeof address;
  if (::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw_errno("getsockname");
  }
  port_ = ntohs(address.sin_port);
  connections_.reserve(kMaxConnections);  // so adding a thread never reallocates or throws
  acceptor_ = std::thread([this] { accept_loop(); });
}

void TestServer::Impl::stop() {
  const std::lock_guard stop_lock(stop_mutex_);
  if (stopped_) return;
  stopped_ = true;
  const char signal = 's';
  // The pipe is empty and never drained, so this one byte cannot fail for lack of room.
  [[maybe_unused]] const ssize_t written = ::write(stop_write_.get(), &signal, 1);
  acceptor_.join();
  // The acceptor is gone, so no thread is added any more.
  std::vector<std::thread> connections;
  {
    const std::lock_guard lock(mutex_);
    connections.swap(connections_);
  }
  for (std::thread& connection : connections) connection.join();
  listener_.reset();
}

void TestServer::Impl::accept_loop() {
  for (;;) {
    const Wait wait = wait_for(listener_.get(), POLLIN, stop_read_.get(), kAcceptPollInterval);
    if (wait == Wait::stopped) return;
    if (wait == Wait::timeout) continue;
    FileDescriptor socket(
        ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (socket.get() < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED) {
        continue;
      }
      return;  // out of descriptors or similar: stop accepting rather than spin
    }
    start_connection(std::move(socket));
  }
}

void TestServer::Impl::start_connection(FileDescriptor socket) {
  const int no_delay = 1;  // drip pieces must leave at once, not wait for Nagle
  ::setsockopt(socket.get(), IPPROTO_TCP, TCP_NODELAY, &no_delay, sizeof no_delay);
  const std::lock_guard lock(mutex_);
  if (accepted_ >= kMaxConnections) return;  // closes the socket unanswered
  ++accepted_;
  try {
    connections_.emplace_back(
        [this, connection = Connection(std::move(socket), stop_read_.get())]() mutable {
          try {
            serve(connection);
          } catch (const std::exception&) {
            // Only bad_alloc or a failing zlib get here; the client sees the connection close.
          }
        });
  } catch (const std::system_error&) {
    // No thread to serve it: the socket was closed with the lambda.
  }
}

void TestServer::Impl::serve(Connection& connection) {
  std::string buffer;
  for (std::size_t served = 0; served < kMaxRequestsPerConnection; ++served) {
    Request request;
    const ReadResult result = read_request(connection, buffer, request);
    if (result == ReadResult::closed) return;
    if (result != ReadResult::ok) {
      Response refusal;
      refusal.status = result == ReadResult::bad_request ? 400 : 501;
      refusal.body = result == ReadResult::bad_request ? "bad request\n"
                                                       : "request body framing not supported\n";
      connection.send(wire::plan_response(refusal, false, false).head + refusal.body);
      connection.close_gracefully();
      return;
    }
    {
      const std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    const Response response = answer(request);
    const wire::ResponsePlan plan =
        wire::plan_response(response, request.method == "HEAD", wire::client_keeps_alive(request));
    if (!transmit(connection, plan, response) || plan.close) break;
  }
  connection.close_gracefully();
}

Response TestServer::Impl::answer(const Request& request) {
  Handler handler;
  {
    const std::lock_guard lock(mutex_);
    if (const auto it = handlers_.find(request.path); it != handlers_.end()) handler = it->second;
  }
  if (!handler) {
    Response not_found;
    not_found.status = 404;
    not_found.headers = {{"Content-Type", "text/plain"}};
    not_found.body = "not found: " + request.path + "\n";
    return not_found;
  }
  try {
    return handler(request);
  } catch (const std::exception& error) {
    Response failure;
    failure.status = 500;
    failure.body = error.what();
    return failure;
  }
}

void TestServer::Impl::on(std::string path, Handler handler) {
  const std::lock_guard lock(mutex_);
  handlers_.insert_or_assign(std::move(path), std::move(handler));
}

std::vector<Request> TestServer::Impl::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t TestServer::Impl::hits(std::string_view path) const {
  const std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(requests_.begin(), requests_.end(),
                                                [&](const Request& r) { return r.path == path; }));
}

std::string Request::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

TestServer::TestServer() : impl_(std::make_unique<Impl>()) {}
TestServer::~TestServer() = default;

std::uint16_t TestServer::port() const { return impl_->port(); }

std::string TestServer::url(std::string_view path) const {
  std::string out = "http://127.0.0.1:" + std::to_string(port());
  if (path.empty() || path.front() != '/') out += '/';
  return out.append(path);
}

void TestServer::on(std::string path, Response response) {
  impl_->on(std::move(path), [response = std::move(response)](const Request&) { return response; });
}

void TestServer::on(std::string path, Handler handler) {
  impl_->on(std::move(path), std::move(handler));
}

void TestServer::redirect(std::string from, std::string to_location, int status) {
  Response response;
  response.status = status;
  response.body = "redirecting to " + to_location + "\n";
  response.headers = {{"Location", std::move(to_location)}};
  on(std::move(from), std::move(response));
}

std::vector<Request> TestServer::requests() const { return impl_->requests(); }

std::size_t TestServer::hits(std::string_view path) const { return impl_->hits(path); }

void TestServer::stop() { impl_->stop(); }

}  // namespace monsoon::testing
