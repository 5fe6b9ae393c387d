// Paths and names of the completion endpoints.
#include "bench/protocol/endpoint.h"

namespace servebench {

const char* EndpointPath(Endpoint endpoint) {
  return endpoint == Endpoint::kCompletions ? "/v1/completions"
                                            : "/v1/chat/completions";
}

const char* EndpointName(Endpoint endpoint) {
  return endpoint == Endpoint::kCompletions ? "completions" : "chat";
}

}  // namespace servebench
