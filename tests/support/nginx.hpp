#pragma once
// Debian's nginx for tests that need a real web server: started from a private
// prefix (under a folder the test owns) on a free 127.0.0.1 port, in the
// foreground, one process, and stopped by its pid when the object goes away.
// Throws std::runtime_error with nginx's error log when it does not come up.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace monsoon::testing {

class Nginx {
 public:
  // Serves the files under `root_dir`; writes its config, pid and logs under `prefix`.
  Nginx(const std::filesystem::path& prefix, const std::filesystem::path& root_dir);
  ~Nginx();
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string url(std::string_view path) const;

 private:
  std::filesystem::path prefix_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace monsoon::testing
