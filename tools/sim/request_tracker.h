// The server's shared counters (LockedMetrics) and one request's share of
// them (RequestTracker), kept right from acceptance to the end whether the
// request completes, the client goes away or the server stops.
#ifndef SERVEBENCH_TOOLS_SIM_REQUEST_TRACKER_H_
#define SERVEBENCH_TOOLS_SIM_REQUEST_TRACKER_H_

#include <cstdint>
#include <mutex>

#include "tools/sim/completion.h"
#include "tools/sim/metrics.h"

namespace servebench::sim {

// ServerMetrics behind one mutex, shared by every serving thread.
class LockedMetrics {
 public:
  explicit LockedMetrics(Engine engine = Engine::kVllm) {
    metrics_.latency = ServerLatency(engine);
  }
  template <typename Change>
  void Update(Change change) {
    std::lock_guard lock(mutex_);
    change(metrics_);
  }
  ServerMetrics Snapshot() const {
    std::lock_guard lock(mutex_);
    return metrics_;
  }

 private:
  mutable std::mutex mutex_;
  ServerMetrics metrics_;
};

// One accepted request. The latency histograms and llama.cpp's counters are
// fed the plan's true (planned) times as its steps are sent, never the
// wall clock.
class RequestTracker {
 public:
  // `plan` must outlive the tracker and stay unchanged.
  RequestTracker(LockedMetrics& metrics, const CompletionPlan& plan);
  ~RequestTracker();
  RequestTracker(const RequestTracker&) = delete;
  RequestTracker& operator=(const RequestTracker&) = delete;

  // The plan's next decode step has been sent (steps are reported in
  // order, each once).
  void OnStep();

  // The request completed (every step sent).
  void OnFinished();

 private:
  LockedMetrics& metrics_;
  const CompletionPlan& plan_;
  size_t steps_done_ = 0;
  int64_t generated_ = 0;
  bool prompt_held_ = false;  // the prompt counts in kv_tokens_in_use
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_REQUEST_TRACKER_H_
