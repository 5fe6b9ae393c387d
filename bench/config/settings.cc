// BENCH_* environment variables into Settings, validated up front.
#include "bench/config/settings.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "bench/base/limits.h"
#include "bench/transport/url.h"

namespace servebench {
namespace {

// A minute of lag would measure nothing but the client.
constexpr double kMaxClientLagLimitMs = 60000;

std::optional<std::string> Get(const EnvLookup& getenv, const char* name) {
  return EnvValue(getenv, name);
}

Error BadValue(const char* name, const std::string& value,
               const char* expected) {
  return Error{std::string(name) + "=" + value + " is not usable: expected " +
               expected + "."};
}

// Whole number in [min, max].
Status ReadInt(const EnvLookup& getenv, const char* name, int64_t min,
               int64_t max, std::optional<int64_t>& out) {
  auto text = Get(getenv, name);
  if (!text) return Ok{};
  int64_t value = 0;
  auto [end, ec] =
      std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min ||
      value > max) {
    return BadValue(name, *text,
                    ("a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max))
                        .c_str());
  }
  out = value;
  return Ok{};
}

// Seconds, > 0.
Status ReadSeconds(const EnvLookup& getenv, const char* name, double& out) {
  auto text = Get(getenv, name);
  if (!text) return Ok{};
  double value = 0;
  auto [end, ec] =
      std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || !(value > 0) ||
      !std::isfinite(value)) {
    return BadValue(name, *text, "a number of seconds greater than 0");
  }
  out = value;
  return Ok{};
}

}  // namespace

Result<Settings> LoadSettings(const EnvLookup& getenv) {
  Settings s;

  if (auto url = Get(getenv, "BENCH_URL")) {
    auto normalized = NormalizeBaseUrl(*url);
    if (!normalized.ok())
      return BadValue("BENCH_URL", RedactUrl(*url), normalized.error().c_str());
    s.url = *normalized;
    s.url_source = "BENCH_URL";
  } else {
    std::optional<int64_t> port;
    SB_RETURN_IF_ERROR(ReadInt(getenv, "BENCH_PORT", 1, 65535, port));
    s.url = "http://localhost:" + std::to_string(port.value_or(8888));
    s.url_source = port ? "BENCH_PORT" : "default";
  }

  s.model = Get(getenv, "BENCH_MODEL").value_or("");
  s.api_key = Get(getenv, "BENCH_API_KEY").value_or("");

  if (auto endpoint = Get(getenv, "BENCH_ENDPOINT")) {
    if (*endpoint == "chat") {
      s.endpoint = Endpoint::kChatCompletions;
    } else if (*endpoint == "completions") {
      s.endpoint = Endpoint::kCompletions;
    } else {
      return BadValue("BENCH_ENDPOINT", *endpoint,
                      "\"chat\" (/v1/chat/completions) or \"completions\" "
                      "(/v1/completions)");
    }
  }

  std::optional<int64_t> number;
  SB_RETURN_IF_ERROR(
      ReadInt(getenv, "BENCH_MAX_MODEL_LEN", 1, kMaxServerTokens, number));
  s.max_model_len = number;

  number.reset();
  SB_RETURN_IF_ERROR(ReadInt(getenv, "BENCH_WARMUP_RUNS", 0, kMaxRuns, number));
  if (number) s.warmup_runs = static_cast<int>(*number);
  number.reset();
  SB_RETURN_IF_ERROR(ReadInt(getenv, "BENCH_RUNS", 1, kMaxRuns, number));
  if (number) s.runs = static_cast<int>(*number);

  for (auto [name, field] :
       {std::pair{"BENCH_READY_TIMEOUT", &s.ready_timeout_s},
        std::pair{"BENCH_CONNECT_TIMEOUT", &s.connect_timeout_s},
        std::pair{"BENCH_STALL_TIMEOUT", &s.stall_timeout_s}}) {
    SB_RETURN_IF_ERROR(ReadSeconds(getenv, name, *field));
  }

  if (auto text = Get(getenv, "BENCH_CLIENT_LAG_LIMIT_MS")) {
    double ms = 0;
    auto [end, ec] =
        std::from_chars(text->data(), text->data() + text->size(), ms);
    if (ec != std::errc() || end != text->data() + text->size() ||
        !(ms > 0) || ms > kMaxClientLagLimitMs) {
      return BadValue("BENCH_CLIENT_LAG_LIMIT_MS", *text,
                      "milliseconds above 0, at most 60000 (default 5)");
    }
    s.client_lag_limit_ms = ms;
  }

  s.results_file = Get(getenv, "BENCH_RESULTS_FILE").value_or("");
  s.history = Get(getenv, "BENCH_HISTORY").value_or("");
  s.labels = Get(getenv, "BENCH_LABELS").value_or("");
  s.suite_file = Get(getenv, "BENCH_SUITE_FILE").value_or("");

  s.baseline = Get(getenv, "BENCH_BASELINE").value_or("");
  if (s.baseline == "none") {
    s.baseline.clear();
    s.baseline_disabled = true;
  }
  number.reset();
  SB_RETURN_IF_ERROR(ReadInt(getenv, "BENCH_MAX_RUNS", 1, kMaxRuns, number));
  if (number) s.max_runs = static_cast<int>(*number);
  if (auto verdict = Get(getenv, "BENCH_INCONCLUSIVE")) {
    if (*verdict != "fail" && *verdict != "pass") {
      return BadValue("BENCH_INCONCLUSIVE", *verdict,
                      "\"fail\" (an unclear verdict fails the case) or "
                      "\"pass\"");
    }
    s.inconclusive_fails = *verdict == "fail";
  }
  if (auto metrics = Get(getenv, "BENCH_METRICS")) {
    if (*metrics != "0" && *metrics != "1") {
      return BadValue("BENCH_METRICS", *metrics,
                      "1 (read the server's /metrics) or 0");
    }
    s.scrape_metrics = *metrics == "1";
  }
  if (auto allow = Get(getenv, "BENCH_ALLOW_MISMATCH")) {
    if (*allow != "0" && *allow != "1") {
      return BadValue("BENCH_ALLOW_MISMATCH", *allow,
                      "1 (compare with a baseline of another context) or 0");
    }
    s.allow_mismatch = *allow == "1";
  }
  if (auto sim = Get(getenv, "BENCH_SIM")) {
    if (*sim != "0" && *sim != "1") {
      return BadValue("BENCH_SIM", *sim, "1 (use the simulated server) or 0");
    }
    s.use_simulator = *sim == "1";
  }
  s.simulator_flags = Get(getenv, "BENCH_SIM_FLAGS").value_or("");
  return s;
}

}  // namespace servebench
