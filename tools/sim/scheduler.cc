// FIFO admission against the batch and KV limits.
#include "tools/sim/scheduler.h"

#include <algorithm>

namespace servebench::sim {

Scheduler::Scheduler(const SimConfig& config)
    : max_running_(config.max_num_seqs),
      kv_admission_(config.kv_admission),
      kv_capacity_(config.kv_cache_tokens) {}

Scheduler::Admission Scheduler::Admit(
    Clock::time_point arrival, int64_t kv_tokens,
    const std::function<Duration(int64_t)>& service) {
  kv_tokens = std::clamp<int64_t>(kv_tokens, 0, kv_capacity_);
  std::lock_guard lock(mutex_);
  Clock::time_point t = any_ ? std::max(arrival, last_admitted_) : arrival;
  // Forget what finished before this arrival: every later admission is at
  // or after it. (A request still waiting then has finish > admitted >= t.)
  std::erase_if(entries_, [&](const Entry& e) {
    return e.finish <= std::min(arrival, t);
  });
  // The running set at t: every entry was admitted at or before
  // last_admitted_ <= t, so an entry runs at t when its finish is after t.
  std::vector<const Entry*> running;
  int64_t kv_in_use = 0;
  for (const Entry& e : entries_) {
    if (e.finish > t) {
      running.push_back(&e);
      kv_in_use += e.kv_tokens;
    }
  }
  std::sort(running.begin(), running.end(), [](const Entry* a, const Entry* b) {
    return a->finish < b->finish;
  });
  auto fits = [&](size_t gone) {
    const int64_t count = static_cast<int64_t>(running.size() - gone);
    if (max_running_ > 0 && count >= max_running_) return false;
    return !kv_admission_ || kv_in_use + kv_tokens <= kv_capacity_;
  };
  // Move t to successive finishes until the request fits; finishing
  // requests leave at their finish (a request finishing at t is not running
  // at t).
  size_t gone = 0;
  while (!fits(gone)) {
    // Something must still be running, or it would fit (kv_tokens <=
    // capacity, and max_running_ >= 1).
    t = running[gone]->finish;
    while (gone < running.size() && running[gone]->finish <= t) {
      kv_in_use -= running[gone]->kv_tokens;
      ++gone;
    }
  }
  const int64_t running_now = static_cast<int64_t>(running.size() - gone) + 1;
  const Duration s = service(running_now);
  entries_.push_back(Entry{.arrival = arrival,
                           .admitted = t,
                           .finish = t + s,
                           .kv_tokens = kv_tokens});
  last_admitted_ = t;
  any_ = true;
  return Admission{
      .queue_delay = std::chrono::duration_cast<Duration>(t - arrival),
      .running = running_now};
}

Scheduler::Counts Scheduler::CountsAt(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Counts counts;
  for (const Entry& e : entries_) {
    if (e.admitted <= now && now < e.finish) {
      ++counts.running;
      counts.kv_tokens += e.kv_tokens;
    } else if (e.arrival <= now && now < e.admitted) {
      ++counts.waiting;
    }
  }
  return counts;
}

}  // namespace servebench::sim
