// Internal: engine detection and the one parser per server family behind
// ParseServerLog. Visible to this package's tests only.
#ifndef SERVEBENCH_BENCH_SERVER_LOGS_ENGINE_PARSERS_H_
#define SERVEBENCH_BENCH_SERVER_LOGS_ENGINE_PARSERS_H_

#include <string_view>

#include "bench/facts/logs/server_facts.h"

namespace servebench::server_logs {

// The engine whose distinctive lines are most frequent in the log;
// kUnknown when none appear or two engines tie.
Engine DetectEngine(std::string_view log);

// Each reads the log's last start of its engine. The returned facts carry
// the engine's own Engine value even when no fact was found.
ServerFacts ParseVllmLog(std::string_view log);
ServerFacts ParseSglangLog(std::string_view log);
ServerFacts ParseTrtllmLog(std::string_view log);
ServerFacts ParseLlamaCppLog(std::string_view log);

}  // namespace servebench::server_logs

#endif  // SERVEBENCH_BENCH_SERVER_LOGS_ENGINE_PARSERS_H_
