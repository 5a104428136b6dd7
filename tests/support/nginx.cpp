#include "nginx.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "scratch.hpp"

namespace monsoon::testing {
namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";

// A port the kernel says is free now. Another process could take it before nginx
// binds it; on this machine nothing else binds loopback ports, so that race is
// accepted rather than worked around.
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

Nginx::Nginx(const std::filesystem::path& prefix, const std::filesystem::path& root_dir)
    : prefix_(prefix), port_(free_port()) {
  std::filesystem::create_directories(prefix_ / "logs");
  const auto conf = prefix_ / "nginx.conf";
  std::ofstream(conf) << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                      << "pid " << (prefix_ / "nginx.pid").string() << ";\n"
                      << "error_log " << (prefix_ / "logs" / "error.log").string() << " warn;\n"
                      << "events { worker_connections 256; }\n"
                      << "http {\n  access_log off;\n  default_type application/xml;\n"
                      << "  client_body_temp_path " << (prefix_ / "tmp").string() << ";\n"
                      << "  server {\n    listen 127.0.0.1:" << port_ << ";\n"
                      << "    root " << root_dir.string() << ";\n  }\n}\n";
  std::filesystem::create_directories(prefix_ / "tmp");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::execl(kNginx, kNginx, "-p", prefix_.c_str(), "-c", conf.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!accepts_connections(port_)) {
    int status = 0;
    if (pid_ < 0 || ::waitpid(pid_, &status, WNOHANG) == pid_ ||
        std::chrono::steady_clock::now() > until) {
      if (pid_ > 0) ::kill(pid_, SIGKILL);
      throw std::runtime_error("nginx did not start on 127.0.0.1:" + std::to_string(port_) +
                               ": " + slurp(prefix_ / "logs" / "error.log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Nginx::~Nginx() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGQUIT);  // graceful: finish the requests in flight
  int status = 0;
  for (int i = 0; i < 250 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (::waitpid(pid_, &status, WNOHANG) == 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
}

std::string Nginx::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

}  // namespace monsoon::testing
