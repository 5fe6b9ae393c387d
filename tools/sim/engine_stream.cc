// The event layout of each engine's streams.
#include "tools/sim/engine_stream.h"

#include "tools/sim/engine.h"
#include "tools/sim/engine_chunks.h"

namespace servebench::sim {
namespace {

using Kind = StreamEvent::Kind;

bool HasFinishChunk(const CompletionPlan& plan) {
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  switch (plan.engine) {
    case Engine::kSglang:
      return chat;
    case Engine::kLlamaCpp:
      return true;  // chat: finish chunk; completions: the final result
    default:
      return false;
  }
}

bool HasUsageChunk(const CompletionPlan& plan) {
  if (!plan.include_usage) return false;
  // llama.cpp completions carry usage on the final chunk instead.
  return !(plan.engine == Engine::kLlamaCpp &&
           plan.endpoint == Endpoint::kCompletions);
}

// Each engine's bytes (engine_chunks.h).
struct Renderers {
  std::string (*event)(const CompletionPlan&, const chunks::ChunkSpec&);
  std::string (*full_body)(const CompletionPlan&);
};

const Renderers& RenderersOf(Engine engine) {
  static constexpr Renderers kVllm{chunks::VllmEvent, chunks::VllmFullBody};
  static constexpr Renderers kSglang{chunks::SglangEvent,
                                     chunks::SglangFullBody};
  static constexpr Renderers kLlamaCpp{chunks::LlamaCppEvent,
                                       chunks::LlamaCppFullBody};
  static constexpr Renderers kTrtllm{chunks::TrtllmEvent,
                                     chunks::TrtllmFullBody};
  return *PerEngine(engine, &kVllm, &kSglang, &kLlamaCpp, &kTrtllm);
}

// SGLang and llama.cpp send nothing for a step without text.
bool SkipsEmptySteps(Engine engine) {
  return engine == Engine::kSglang || engine == Engine::kLlamaCpp;
}

}  // namespace

EngineStream::EngineStream(const CompletionPlan& plan) : plan_(plan) {
  const int64_t tokens = plan.completion_tokens();
  const Duration first = tokens > 0 ? plan.token_offsets.front() : Duration(0);
  const Duration last = tokens > 0 ? plan.token_offsets.back() : Duration(0);
  if (plan.endpoint == Endpoint::kChatCompletions) {
    slots_.push_back(Slot{
        Kind::kRole, -1,
        plan.role_chunk == RoleChunk::kBeforePrefill ? Duration(0) : first});
  }
  int64_t begin = 0;
  for (size_t step = 0; step < plan.step_sizes.size(); ++step) {
    step_begins_.push_back(begin);
    begin += plan.step_sizes[step];
    slots_.push_back(Slot{Kind::kToken, static_cast<int64_t>(step),
                          plan.step_offsets[step]});
  }
  if (HasFinishChunk(plan)) slots_.push_back(Slot{Kind::kFinish, -1, last});
  if (HasUsageChunk(plan)) slots_.push_back(Slot{Kind::kUsage, -1, last});
  slots_.push_back(Slot{Kind::kDone, -1, last});
}

void EngineStream::Describe(size_t index, StreamEvent& event) const {
  const Slot& slot = slots_[index];
  event.kind = slot.kind;
  event.at = slot.at;
  event.token_index = -1;
  event.token_count = 0;
  if (slot.kind == Kind::kToken) {
    const size_t step = static_cast<size_t>(slot.step);
    event.token_index = step_begins_[step];
    event.token_count = plan_.step_sizes[step];
  }
}

void EngineStream::Render(size_t index, StreamEvent& event) const {
  Describe(index, event);
  if (event.kind == Kind::kDone) {
    event.bytes = "data: [DONE]\n\n";
    return;
  }
  chunks::ChunkSpec spec;
  spec.kind = event.kind;
  if (event.kind == Kind::kToken) {
    spec.begin = event.token_index;
    spec.end = spec.begin + event.token_count;
    spec.has_last_token = spec.end == plan_.completion_tokens();
    if (SkipsEmptySteps(plan_.engine) &&
        PlanText(plan_, spec.begin, spec.end).empty() &&
        !(plan_.engine == Engine::kSglang &&
          plan_.endpoint == Endpoint::kCompletions && spec.has_last_token)) {
      event.bytes.clear();
      return;
    }
  }
  event.bytes = RenderersOf(plan_.engine).event(plan_, spec);
}

std::string EngineFullResponseBody(const CompletionPlan& plan) {
  return RenderersOf(plan.engine).full_body(plan);
}

}  // namespace servebench::sim
