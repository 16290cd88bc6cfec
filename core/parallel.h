// parallel: run a loop body over the cores. The build's only threading
// primitive: workers take the next index from a shared counter, so uneven
// items (a 50 KB page beside a 1 KB one) still spread evenly.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace ww {

// `jobs` threads, or one per core when jobs <= 0.
inline int JobCount(int jobs) {
  return jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Runs fn(worker_index, item) for every item in [0, count) on `jobs` threads
// (worker_index < jobs). fn must be safe to call concurrently.
template <typename Fn>
void ParallelFor(size_t count, int jobs, Fn fn) {
  std::atomic<size_t> next{0};
  auto work = [&](int w) {
    for (size_t i; (i = next.fetch_add(1)) < count;) fn(w, i);
  };
  jobs = static_cast<int>(std::min<size_t>(static_cast<size_t>(JobCount(jobs)), std::max<size_t>(count, 1)));
  if (jobs <= 1) {
    work(0);
    return;
  }
  std::vector<std::thread> threads;
  for (int w = 1; w < jobs; ++w) threads.emplace_back(work, w);
  work(0);  // the calling thread is a worker too
  for (auto& t : threads) t.join();
}

}  // namespace ww
