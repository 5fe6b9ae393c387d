// The two OpenAI-compatible completion endpoints servebench measures.
#ifndef SERVEBENCH_BENCH_PROTOCOL_ENDPOINT_H_
#define SERVEBENCH_BENCH_PROTOCOL_ENDPOINT_H_

namespace servebench {

enum class Endpoint { kChatCompletions, kCompletions };

// "/v1/chat/completions" or "/v1/completions".
const char* EndpointPath(Endpoint endpoint);
// "chat" or "completions", as BENCH_ENDPOINT spells them.
const char* EndpointName(Endpoint endpoint);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_PROTOCOL_ENDPOINT_H_
