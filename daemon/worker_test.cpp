// The background worker (worker.hpp): jobs run in order on one named thread, and the
// destructor runs every job already queued.

#include "worker.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>

using monsoon::daemon::Worker;

TEST_CASE("A worker runs its jobs in order on one thread that carries its name") {
  std::vector<int> ran;
  std::vector<std::thread::id> threads;
  std::string name;
  {
    Worker worker("monsoon-test-worker-long");  // longer than Linux keeps
    worker.push([&] {
      std::array<char, 16> buffer{};
      REQUIRE(pthread_getname_np(pthread_self(), buffer.data(), buffer.size()) == 0);
      name = buffer.data();
    });
    for (int i = 0; i < 100; ++i) {
      worker.push([&, i] {
        ran.push_back(i);
        threads.push_back(std::this_thread::get_id());
      });
    }
  }  // the destructor runs what is queued, then joins
  CHECK(name == "monsoon-test-wo");
  REQUIRE(ran.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(ran[static_cast<std::size_t>(i)] == i);
  CHECK(threads.front() != std::this_thread::get_id());
  for (const auto& id : threads) CHECK(id == threads.front());
}
