// The I/O threads of a runtime: stage calls that may block (file and network I/O, LLM calls,
// subprocesses, sleeps) run here instead of on a worker, so a worker is never held by a
// waiting call and many such calls wait at once. The pool grows on demand up to a cap (tasks
// queue beyond it) and keeps idle threads for reuse until the runtime goes away.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace plumb::exec {

class IoPool {
 public:
  explicit IoPool(std::size_t max_threads = 256) : max_threads_(max_threads) {}
  ~IoPool();
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  void submit(std::function<void()> task);

 private:
  void loop();

  std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace plumb::exec
