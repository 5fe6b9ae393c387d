// JSON bodies for streaming completion requests, per the seed methodology:
// temperature 0.0, stream true, usage requested in the stream.
#ifndef SERVEBENCH_BENCH_REQUEST_BODY_H_
#define SERVEBENCH_BENCH_REQUEST_BODY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/protocol/endpoint.h"

namespace servebench {

struct RequestOptions {
  // Ask for exactly max_tokens tokens: "ignore_eos": true and "min_tokens"
  // (vLLM, SGLang and llama.cpp accept both), so every run measures the same
  // work. A server that rejects them needs this off (the suite's
  // exact_output_length = false).
  bool exact_output_length = false;
  // stream_options.continuous_usage_stats: usage on every chunk, which tells
  // how many tokens each chunk carried (speculative decoding sends several).
  bool continuous_usage = false;
};

// Chat: {"model", "messages": [{"role": "user", "content": prompt}], ...};
// completions: {"model", "prompt", ...}. Both carry max_tokens, temperature
// 0.0, stream true and stream_options.include_usage true, plus what
// `options` asks for.
std::string BuildStreamingRequest(Endpoint endpoint, const std::string& model,
                                  const std::string& prompt, int64_t max_tokens,
                                  const RequestOptions& options = {});

// One message of a conversation.
struct ChatMessage {
  std::string role;  // "user" or "assistant"
  std::string content;
};

// The same for a conversation: chat sends `messages` as they are (the
// server applies its template to the whole history); completions, which
// have no roles, send their contents joined by blank lines as one prompt.
std::string BuildStreamingRequest(Endpoint endpoint, const std::string& model,
                                  const std::vector<ChatMessage>& messages,
                                  int64_t max_tokens,
                                  const RequestOptions& options = {});

// A /tokenize body counting the prompt as the completion request will send
// it: {"model", "messages": [...]} for chat (vLLM then applies the chat
// template), {"model", "prompt"} for completions.
std::string BuildTokenizeRequest(Endpoint endpoint, const std::string& model,
                                 const std::string& prompt);

// A llama.cpp /tokenize body: {"content": text, "add_special": true,
// "parse_special": true}, counting text as llama-server does for a
// completion (BOS added when the model wants one; special-token text such as
// a chat template's read as those tokens). llama.cpp's /tokenize applies no
// chat template: for chat, `text` is the /apply-template answer, whose body
// is BuildTokenizeRequest(kChatCompletions, ...).
std::string BuildContentTokenizeRequest(const std::string& text);

// The request fields that RequestOptions may add, for recognising a server's
// refusal of them.
const char* const* OptionalRequestFields();

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_REQUEST_BODY_H_
