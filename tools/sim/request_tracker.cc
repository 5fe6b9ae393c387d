// What each step and the end of a request change in the shared metrics.
#include "tools/sim/request_tracker.h"

#include <algorithm>
#include <optional>

namespace servebench::sim {
namespace {

int64_t Ns(Duration d) { return d.count(); }

}  // namespace

RequestTracker::RequestTracker(LockedMetrics& metrics,
                               const CompletionPlan& plan)
    : metrics_(metrics), plan_(plan) {
  // A request that waits for admission (saturation) holds no KV cache until
  // its first token: its prompt is counted from then on.
  prompt_held_ = plan_.queue_delay == Duration(0);
  metrics_.Update([&](ServerMetrics& m) {
    ++m.requests_running;
    if (prompt_held_) m.kv_tokens_in_use += plan_.prompt_tokens;
  });
}

RequestTracker::~RequestTracker() {
  metrics_.Update([&](ServerMetrics& m) {
    --m.requests_running;
    m.kv_tokens_in_use -= (prompt_held_ ? plan_.prompt_tokens : 0) + generated_;
  });
}

void RequestTracker::OnStep() {
  if (steps_done_ >= plan_.step_sizes.size()) return;
  const size_t step = steps_done_++;
  const int64_t count = plan_.step_sizes[step];
  // Prefill is done when the first token exists.
  const bool first = step == 0;
  generated_ += count;
  std::optional<SpecStats> spec;
  if (plan_.spec_draft_tokens > 0) {
    spec = SpecStatsFor({count}, plan_.spec_draft_tokens);
  }
  const int64_t evaluated = plan_.prompt_tokens - plan_.cached_tokens;
  const bool take_prompt = !prompt_held_;
  prompt_held_ = true;
  metrics_.Update([&](ServerMetrics& m) {
    if (take_prompt) m.kv_tokens_in_use += plan_.prompt_tokens;
    if (first) m.prompt_tokens_total += plan_.prompt_tokens;
    m.generation_tokens_total += count;
    m.kv_tokens_in_use += count;
    if (spec) m.spec.Add(*spec);
    if (first) {
      m.latency.OnFirstToken(Ns(plan_.step_offsets[0]), Ns(plan_.queue_delay));
    } else {
      m.latency.OnStep(
          Ns(plan_.step_offsets[step] - plan_.step_offsets[step - 1]), count);
    }
    if (m.latency.engine() == Engine::kLlamaCpp) {
      LlamaCppCounters& l = m.llama;
      if (first) {
        const int64_t prompt_ns = Ns(plan_.step_offsets[0] - plan_.queue_delay);
        l.prompt_tokens += evaluated;
        l.prompt_ns += prompt_ns;
        l.bucket_prompt_tokens += evaluated;
        l.bucket_prompt_ns += prompt_ns;
      }
      ++l.decode_calls;
      l.busy_slots += m.requests_running;
    }
  });
}

void RequestTracker::OnFinished() {
  const int64_t tokens = plan_.completion_tokens();
  RequestPhases phases;
  phases.queue_ns = Ns(plan_.queue_delay);
  if (tokens > 0) {
    phases.first_token_ns = Ns(plan_.token_offsets.front());
    phases.last_token_ns = Ns(plan_.token_offsets.back());
  }
  phases.tokens = tokens;
  metrics_.Update([&](ServerMetrics& m) {
    ++(plan_.generation.finish == FinishReason::kStop ? m.finished_stop
                                                      : m.finished_length);
    m.latency.OnFinished(phases);
    if (m.latency.engine() == Engine::kLlamaCpp) {
      LlamaCppCounters& l = m.llama;
      const int64_t predicted_ns = phases.last_token_ns - phases.first_token_ns;
      l.predicted_tokens += tokens;
      l.predicted_ns += predicted_ns;
      l.bucket_predicted_tokens += tokens;
      l.bucket_predicted_ns += predicted_ns;
      l.tokens_max = std::max(l.tokens_max, plan_.prompt_tokens + tokens);
    }
  });
}

}  // namespace servebench::sim
