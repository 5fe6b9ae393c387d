// The rules of usage_check.h, one sentence each.
#include "bench/protocol/usage_check.h"

#include "bench/base/limits.h"

namespace servebench {
namespace {

const char kAdvice[] =
    ": a correct server cannot send this, so no figure of the request can be "
    "trusted; check the server's build or the proxy in front of it";

bool OutOfRange(const std::optional<int64_t>& n) {
  return n && (*n < 0 || *n > kMaxServerTokens);
}

}  // namespace

std::optional<std::string> ImpossibleUsage(const StreamTrace& trace,
                                           int64_t max_tokens) {
  for (const auto& [name, count] :
       {std::pair{"prompt_tokens", trace.prompt_tokens},
        std::pair{"completion_tokens", trace.completion_tokens},
        std::pair{"cached_tokens", trace.cached_tokens}}) {
    if (OutOfRange(count)) {
      return std::string("the server's usage gives ") + name + " " +
             std::to_string(*count) + ", outside 0 to " +
             std::to_string(kMaxServerTokens) + kAdvice;
    }
  }
  if (trace.cached_tokens && trace.prompt_tokens &&
      *trace.cached_tokens > *trace.prompt_tokens) {
    return "the server's usage gives " + std::to_string(*trace.cached_tokens) +
           " cached of " + std::to_string(*trace.prompt_tokens) +
           " prompt tokens" + kAdvice;
  }
  if (!trace.completion_tokens) return std::nullopt;
  const int64_t completion = *trace.completion_tokens;
  const std::string streamed =
      " (" + std::to_string(trace.text_chunks) + " chunks with text streamed)";
  if (max_tokens > 0 && completion > max_tokens) {
    return "the server's usage claims " + std::to_string(completion) +
           " completion tokens for a request with max_tokens " +
           std::to_string(max_tokens) + streamed + kAdvice;
  }
  if (completion < trace.text_chunks) {
    return "the server's usage claims " + std::to_string(completion) +
           " completion tokens but " + std::to_string(trace.text_chunks) +
           " chunks carried text" + kAdvice;
  }
  int64_t sum = 0;
  for (const TextChunk& chunk : trace.text_chunk_log) {
    if (!chunk.tokens) return std::nullopt;  // not every count is known
    sum += *chunk.tokens;
  }
  const int64_t without_text = trace.chunks - trace.text_chunks;
  if (trace.text_chunk_log.empty() || completion < sum ||
      completion > sum + without_text) {
    if (trace.text_chunk_log.empty()) return std::nullopt;
    return "the server's usage claims " + std::to_string(completion) +
           " completion tokens but its chunks carried " + std::to_string(sum) +
           " (token_ids or continuous usage, summed over " +
           std::to_string(trace.text_chunks) + " chunks)" + kAdvice;
  }
  return std::nullopt;
}

}  // namespace servebench
