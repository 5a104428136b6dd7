#pragma once
// One owned background thread running jobs in order. The destructor runs every
// job already queued, then joins: nothing handed over is dropped.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include <pthread.h>

namespace monsoon::daemon {

class Worker {
 public:
  // `name` is the thread's name as `top -H` and `ps -L` show it (Linux keeps at
  // most 15 bytes of it).
  explicit Worker(std::string name) : name_(std::move(name)), thread_([this] { run(); }) {}
  ~Worker() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Jobs waiting behind the one running (a hint: it may change at once).
  std::size_t queued() {
    std::lock_guard lock(mutex_);
    return jobs_.size();
  }

  void push(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

 private:
  void run() {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::string name_;
  std::thread thread_;  // last: starts after the members it uses exist
};

}  // namespace monsoon::daemon
