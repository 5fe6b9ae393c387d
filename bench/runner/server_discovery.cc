// Readiness polling and /v1/models interpretation.
#include "bench/runner/server_discovery.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "bench/base/interrupt.h"
#include "bench/base/json.h"
#include "bench/base/safe_text.h"
#include "bench/transport/url.h"

namespace servebench {

std::optional<int64_t> UsableLength(const rapidjson::Value& value) {
  int64_t n = 0;
  if (value.IsInt64()) {
    n = value.GetInt64();
  } else if (value.IsDouble()) {
    const double d = value.GetDouble();
    // 8192.0 is a length; 8192.5, 1e30 and NaN are not.
    if (!(d >= 1 && d <= static_cast<double>(kMaxServerTokens)) ||
        d != std::floor(d)) {
      return std::nullopt;
    }
    n = static_cast<int64_t>(d);
  } else {
    return std::nullopt;
  }
  if (n < 1 || n > kMaxServerTokens) return std::nullopt;
  return n;
}

std::string JsonText(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

namespace {

// What `object`[field] says as a length: nullopt when absent or null.
std::optional<LengthStatement> Statement(const rapidjson::Value& object,
                                         const char* field,
                                         const std::string& source) {
  auto it = object.FindMember(field);
  if (it == object.MemberEnd() || it->value.IsNull()) return std::nullopt;
  LengthStatement statement;
  statement.source = source;
  statement.length = UsableLength(it->value);
  if (!statement.length)
    statement.unusable = QuoteBody(JsonText(it->value), 60);
  return statement;
}

constexpr char kModelsMaxLen[] = "/v1/models max_model_len";

bool HasUsableLength(const std::vector<LengthStatement>& statements) {
  for (const LengthStatement& s : statements) {
    if (s.length) return true;
  }
  return false;
}

// The engines that do not put max_model_len in /v1/models state their
// length elsewhere: ask them, unless the length is settled already.
void AskEnginesForTheLength(HttpClient& client, const std::string& base_url,
                            ServerInfo& info) {
  if (info.max_model_len_source == "BENCH_MAX_MODEL_LEN" ||
      info.max_model_len_source == kModelsMaxLen) {
    return;
  }
  std::vector<LengthStatement> ordered;
  for (const LengthStatement& s : info.models_statements) {
    if (s.source == kModelsMaxLen) ordered.push_back(s);
  }
  const auto ask = [&](const char* path, std::optional<LengthStatement> (*read)(
                                             const std::string&)) {
    auto response = client.Get(base_url + path, 10);
    if (!response.ok() || response->status != 200) return;
    if (auto statement = read(response->body)) {
      ordered.push_back(std::move(*statement));
    }
  };
  ask("/props", LengthFromProps);
  for (const LengthStatement& s : info.models_statements) {
    if (s.source != kModelsMaxLen) ordered.push_back(s);
  }
  if (!HasUsableLength(ordered)) ask("/get_server_info", LengthFromServerInfo);
  ChooseMaxModelLen(ordered, info);
}

}  // namespace

Result<ServerInfo> InterpretModelList(const std::string& body,
                                      const Settings& settings) {
  rapidjson::Document doc;
  if (const JsonParse parsed = ParseJson(body, doc); !parsed.ok) {
    return Error{"/v1/models did not answer with a JSON object (" +
                 parsed.error + "): " + QuoteBody(body) +
                 "; check that BENCH_URL points at an OpenAI-compatible "
                 "server"};
  }
  if (!doc.IsObject()) {
    return Error{"/v1/models did not answer with a JSON object: " +
                 QuoteBody(body)};
  }
  auto data = doc.FindMember("data");
  if (data == doc.MemberEnd() || !data->value.IsArray() ||
      data->value.Empty()) {
    return Error{"/v1/models lists no model (no \"data\" entries): " +
                 QuoteBody(body)};
  }

  std::vector<std::string> ids;
  const rapidjson::Value* chosen = nullptr;
  std::string chosen_id;
  for (const auto& entry : data->value.GetArray()) {
    if (!entry.IsObject()) continue;
    auto id = entry.FindMember("id");
    if (id == entry.MemberEnd() || !id->value.IsString()) continue;
    ids.emplace_back(id->value.GetString(), id->value.GetStringLength());
    const bool wanted = settings.model.empty() || ids.back() == settings.model;
    if (wanted && chosen == nullptr) {
      chosen = &entry;
      chosen_id = ids.back();
    }
  }
  if (ids.empty()) {
    return Error{"/v1/models lists no model with a string \"id\": " +
                 QuoteBody(body)};
  }

  ServerInfo info;
  if (chosen == nullptr) {
    std::string listed;
    for (const auto& id : ids) listed += (listed.empty() ? "" : ", ") + id;
    return Error{"BENCH_MODEL=" + settings.model +
                 " is not served here; the server lists: " + listed +
                 ". Set BENCH_MODEL to one of them, or unset it."};
  }
  info.model = chosen_id;
  info.model_source = settings.model.empty() ? "/v1/models" : "BENCH_MODEL";

  if (settings.max_model_len) {
    info.max_model_len = *settings.max_model_len;
    info.max_model_len_source = "BENCH_MAX_MODEL_LEN";
    return info;
  }
  if (auto s = Statement(*chosen, "max_model_len", kModelsMaxLen)) {
    info.models_statements.push_back(std::move(*s));
  }
  auto meta = chosen->FindMember("meta");
  if (meta != chosen->MemberEnd() && meta->value.IsObject()) {
    if (auto s = Statement(meta->value, "n_ctx", "/v1/models meta.n_ctx")) {
      info.models_statements.push_back(std::move(*s));
    }
  }
  ChooseMaxModelLen(info.models_statements, info);
  return info;
}

std::optional<LengthStatement> LengthFromProps(const std::string& body) {
  rapidjson::Document doc;
  if (!ParseJson(body, doc).ok || !doc.IsObject()) return std::nullopt;
  auto settings = doc.FindMember("default_generation_settings");
  if (settings == doc.MemberEnd() || !settings->value.IsObject()) {
    return std::nullopt;
  }
  return Statement(settings->value, "n_ctx",
                   "/props default_generation_settings.n_ctx");
}

std::optional<LengthStatement> LengthFromServerInfo(const std::string& body) {
  rapidjson::Document doc;
  if (!ParseJson(body, doc).ok || !doc.IsObject()) return std::nullopt;
  return Statement(doc, "context_length", "/get_server_info context_length");
}

void ChooseMaxModelLen(const std::vector<LengthStatement>& statements,
                       ServerInfo& info) {
  info.notes.clear();
  std::string passed_over;
  for (const LengthStatement& s : statements) {
    if (s.length) {
      info.max_model_len = *s.length;
      info.max_model_len_source = s.source;
      for (std::string& note : info.notes) {
        note += "; using " + s.source + " = " + std::to_string(*s.length);
      }
      return;
    }
    passed_over += "; " + s.source + " said " + s.unusable;
    info.notes.push_back(
        s.source + " gives " + s.unusable + " for " + info.model +
        ", which is not a usable length (a whole number from 1 to " +
        std::to_string(kMaxServerTokens) + "): ignored");
  }
  info.max_model_len = kDefaultMaxModelLen;
  info.max_model_len_source = "default" + passed_over;
  for (std::string& note : info.notes) {
    note += ", using the default " + std::to_string(kDefaultMaxModelLen) +
            "; set BENCH_MAX_MODEL_LEN to the server's real length";
  }
}

Result<ServerInfo> WaitForServer(HttpClient& client, const Settings& settings,
                                 const ProgressSink& progress,
                                 double poll_interval_s) {
  using Seconds = std::chrono::duration<double>;
  const std::string url = settings.url + "/v1/models";
  const auto start = std::chrono::steady_clock::now();
  std::string last_problem;
  bool last_was_transport = false;  // libcurl's sentence carries its advice
  double last_report_s = -1e9;
  for (int attempt = 1;; ++attempt) {
    const double elapsed_s =
        Seconds(std::chrono::steady_clock::now() - start).count();
    const double remaining_s = settings.ready_timeout_s - elapsed_s;
    auto response = client.Get(url, std::max(1.0, std::min(30.0, remaining_s)));
    if (response.ok() && response->status == 200) {
      SB_ASSIGN_OR_RETURN(ServerInfo info,
                          InterpretModelList(response->body, settings));
      AskEnginesForTheLength(client, settings.url, info);
      return info;
    }
    if (response.ok() && (response->status == 401 || response->status == 403)) {
      return Error{"GET " + RedactUrl(url) + " answered HTTP " +
                   std::to_string(response->status) +
                   ": the server wants an API key; set BENCH_API_KEY"};
    }
    last_problem = response.ok() ? "HTTP " + std::to_string(response->status) +
                                       ": " + QuoteBody(response->body, 120)
                                 : response.error();
    last_was_transport = !response.ok();
    const double now_s =
        Seconds(std::chrono::steady_clock::now() - start).count();
    if (now_s + poll_interval_s > settings.ready_timeout_s) break;
    if (now_s - last_report_s >= 10) {
      progress("waiting for " + RedactUrl(settings.url) + " to be ready (" +
               std::to_string(static_cast<int>(now_s)) + " s of " +
               std::to_string(static_cast<int>(settings.ready_timeout_s)) +
               " s): " + last_problem);
      last_report_s = now_s;
    }
    // Sleep in short steps so that SIGTERM ends the wait promptly.
    for (double slept = 0; slept < poll_interval_s && !Interrupted();
         slept += 0.1) {
      std::this_thread::sleep_for(Seconds(std::min(0.1, poll_interval_s)));
    }
    if (Interrupted()) {
      return Error{std::string("interrupted by ") + InterruptSignalName() +
                   " while waiting for " + RedactUrl(settings.url)};
    }
  }
  // One sentence, its advice said once: a refused connection's description
  // already asks whether the server runs and BENCH_URL points at it.
  std::string sentence =
      "the server at " + RedactUrl(settings.url) + " was not ready within " +
      std::to_string(static_cast<int>(settings.ready_timeout_s)) +
      " s (BENCH_READY_TIMEOUT); last answer: " + last_problem;
  if (!last_was_transport) {
    sentence +=
        "; check that it has finished loading and that BENCH_URL / "
        "BENCH_PORT point at it";
  }
  if (sentence.back() != '?' && sentence.back() != '.') sentence += '.';
  return Error{sentence};
}

}  // namespace servebench
