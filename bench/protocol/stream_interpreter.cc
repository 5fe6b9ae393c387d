// Turns the SSE events of a streaming completion into a StreamTrace and a
// verdict (see stream_interpreter.h for the rules).
#include "bench/protocol/stream_interpreter.h"

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "bench/base/json.h"
#include "bench/base/safe_text.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace servebench {
namespace {

// Long enough for a server's full sentence, short enough for a results table.
constexpr size_t kMaxQuotedBytes = 300;

// Server text goes into our messages: control characters would break the
// one-line report, and a runaway payload would drown it.
std::string Sanitize(std::string_view text) {
  size_t cut = text.size();
  if (cut > kMaxQuotedBytes) {
    cut = kMaxQuotedBytes;
    // Back up to the start of a UTF-8 sequence rather than split it.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
  }
  std::string out;
  for (char c : text.substr(0, cut)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02X", u);
      out += hex;
    } else {
      out += c;
    }
  }
  if (cut < text.size()) {
    out += "... (" + std::to_string(text.size()) + " bytes in all)";
  }
  // Server bytes end up in JUnit XML and JSON: keep them valid UTF-8.
  return ValidUtf8(out);
}

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : Sanitize(text)) {
    if (c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// {"error": "text"} or {"error": {"message": "text", ...}}; anything else is
// shown as the JSON the server sent.
std::string ServerErrorText(const rapidjson::Value& error) {
  if (error.IsString()) {
    return std::string(error.GetString(), error.GetStringLength());
  }
  if (error.IsObject()) {
    auto message = error.FindMember("message");
    if (message != error.MemberEnd() && message->value.IsString()) {
      return std::string(message->value.GetString(),
                         message->value.GetStringLength());
    }
  }
  return ToJson(error);
}

bool HasNonEmptyString(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsString() &&
         it->value.GetStringLength() > 0;
}

std::optional<int64_t> GetInt(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsInt64()) return std::nullopt;
  return it->value.GetInt64();
}

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The slow path's reading of a parsed chunk, into the fields the fast path
// (ChunkReader) reads in one pass.
void ReadChoices(const rapidjson::Value& chunk, Endpoint endpoint,
                 ChunkFields& seen) {
  auto choices = chunk.FindMember("choices");
  if (choices == chunk.MemberEnd() || !choices->value.IsArray() ||
      choices->value.Empty()) {
    return;
  }
  seen.any_choice = true;
  for (const rapidjson::Value& choice : choices->value.GetArray()) {
    if (!choice.IsObject()) continue;
    if (endpoint == Endpoint::kCompletions) {
      seen.content = seen.content || HasNonEmptyString(choice, "text");
    } else {
      auto delta = choice.FindMember("delta");
      if (delta != choice.MemberEnd() && delta->value.IsObject()) {
        const rapidjson::Value& d = delta->value;
        seen.content = seen.content || HasNonEmptyString(d, "content");
        seen.text = seen.text || HasNonEmptyString(d, "reasoning_content") ||
                    HasNonEmptyString(d, "reasoning");
      }
    }
    auto ids = choice.FindMember("token_ids");
    if (ids != choice.MemberEnd() && ids->value.IsArray()) {
      seen.token_ids = seen.token_ids.value_or(0) + ids->value.Size();
    }
    auto finish = choice.FindMember("finish_reason");
    if (finish != choice.MemberEnd() && finish->value.IsString() &&
        finish->value.GetStringLength() > 0) {
      seen.finish_reason.assign(finish->value.GetString(),
                                finish->value.GetStringLength());
    }
  }
}

// The newest usage object replaces the old one whole: continuous usage
// grows, and a count missing from the newest object is unknown, not stale.
void ReadUsage(const rapidjson::Value& usage, ChunkFields& fields) {
  fields.usage = true;
  fields.prompt_tokens = GetInt(usage, "prompt_tokens");
  fields.completion_tokens = GetInt(usage, "completion_tokens");
  fields.cached_tokens.reset();
  auto details = usage.FindMember("prompt_tokens_details");
  if (details != usage.MemberEnd() && details->value.IsObject()) {
    fields.cached_tokens = GetInt(details->value, "cached_tokens");
  }
}

std::optional<double> GetNumber(const rapidjson::Value& object,
                                const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsNumber()) return std::nullopt;
  return it->value.GetDouble();
}

// llama.cpp's timings object, as the fast path reads it.
void ReadTimings(const rapidjson::Value& timings, ChunkFields& fields) {
  fields.has_timings = true;
  fields.timings = ServerTimings{};
  fields.timings.prompt_ms = GetNumber(timings, "prompt_ms");
  fields.timings.predicted_ms = GetNumber(timings, "predicted_ms");
  fields.timings.prompt_n = GetInt(timings, "prompt_n");
  fields.timings.predicted_n = GetInt(timings, "predicted_n");
  fields.timings.cache_n = GetInt(timings, "cache_n");
}

bool OnlyJsonSpace(std::string_view rest) {
  for (char c : rest) {
    if (!IsJsonSpace(c)) return false;
  }
  return true;
}

}  // namespace

StreamInterpreter::StreamInterpreter(Endpoint endpoint)
    : endpoint_(endpoint), reader_(endpoint) {}

void StreamInterpreter::Reset(Endpoint endpoint) {
  if (endpoint != endpoint_) {
    endpoint_ = endpoint;
    reader_ = ChunkReader(endpoint);
  }
  std::vector<TextChunk> log = std::move(trace_.text_chunk_log);
  log.clear();
  trace_ = StreamTrace{};
  trace_.text_chunk_log = std::move(log);  // keeps its capacity
  usage_seen_ = false;
  other_event_type_.clear();
}

void StreamInterpreter::OnEvent(const SseEvent& event, Clock::time_point at) {
  if (trace_.done || trace_.error) return;
  if (event.type != "message" && event.type != "error" &&
      other_event_type_.empty()) {
    other_event_type_ = event.type;
  }
  if (event.type != "error" && event.data == "[DONE]") {
    trace_.done = true;
    return;
  }
  // The hot path: one SAX pass over an ordinary chunk. Anything it cannot
  // take as is (an error, bad JSON, trailing data, not an object) goes the
  // slow way below, which says exactly what is wrong.
  if (event.type != "error") {
    size_t consumed = 0;
    if (reader_.Read(event.data, fields_, consumed) && fields_.object &&
        !fields_.error &&
        OnlyJsonSpace(std::string_view(event.data).substr(consumed))) {
      ++trace_.chunks;
      Apply(fields_, at);
      return;
    }
  }
  OnUnusualEvent(event, at);
}

void StreamInterpreter::OnUnusualEvent(const SseEvent& event,
                                       Clock::time_point at) {
  rapidjson::Document doc;
  // The first value only: trailing bytes are judged below, after an error.
  const JsonParse parsed = ParseJson(event.data, doc, /*whole=*/false);
  if (!parsed.ok) {
    if (parsed.too_deep) {
      trace_.error = "server sent a chunk whose JSON is " + parsed.error +
                     " (" + std::to_string(event.data.size()) +
                     " bytes): no OpenAI-compatible chunk is; check the "
                     "server or the proxy in front of it";
    } else if (event.type == "error") {
      trace_.error =
          "server sent an error inside the stream: " + Sanitize(event.data);
    } else {
      trace_.error = "server sent data that is not JSON (" + parsed.error +
                     "): " + Quote(event.data) +
                     "; check that the URL is an OpenAI-compatible endpoint";
    }
    return;
  }
  ++trace_.chunks;

  if (doc.IsObject()) {
    auto error = doc.FindMember("error");
    // Checked before the trailing bytes: SGLang's error arrives glued to
    // "[DONE]" when no blank line separates them, and the error matters more.
    if (error != doc.MemberEnd() && !error->value.IsNull()) {
      trace_.error = "server sent an error inside the stream: " +
                     Sanitize(ServerErrorText(error->value));
      return;
    }
  }
  if (event.type == "error") {
    trace_.error = "server sent an error inside the stream: " +
                   Sanitize(doc.IsObject() ? ServerErrorText(doc) : event.data);
    return;
  }
  std::string_view rest = std::string_view(event.data).substr(parsed.consumed);
  while (!rest.empty() && IsJsonSpace(rest.front())) rest.remove_prefix(1);
  if (!rest.empty()) {
    trace_.error =
        "server sent one SSE event holding more than one JSON value (after "
        "the first came " +
        Quote(rest) +
        "): each event must carry one chunk; the server may have left out the "
        "blank line between events";
    return;
  }
  if (!doc.IsObject()) {
    trace_.error =
        "server sent a JSON chunk that is not an object: " + Quote(event.data) +
        "; check that the URL is an OpenAI-compatible endpoint";
    return;
  }

  fields_.Clear();
  fields_.object = true;
  ReadChoices(doc, endpoint_, fields_);
  auto usage = doc.FindMember("usage");
  if (usage != doc.MemberEnd() && usage->value.IsObject()) {
    ReadUsage(usage->value, fields_);
  }
  auto timings = doc.FindMember("timings");
  if (timings != doc.MemberEnd() && timings->value.IsObject()) {
    ReadTimings(timings->value, fields_);
  }
  Apply(fields_, at);
}

void StreamInterpreter::Apply(const ChunkFields& seen, Clock::time_point at) {
  if (seen.any_choice) {
    trace_.last_choice = at;
    if (!trace_.first_choice) trace_.first_choice = at;
  }
  if (!seen.finish_reason.empty()) trace_.finish_reason = seen.finish_reason;
  if (seen.has_timings) trace_.timings = seen.timings;
  if (seen.content && !trace_.first_content) trace_.first_content = at;

  const std::optional<int64_t> completion_before = trace_.completion_tokens;
  const bool has_usage = seen.usage;
  if (has_usage) {
    usage_seen_ = true;
    // The newest usage object replaces the old one whole.
    trace_.prompt_tokens = seen.prompt_tokens;
    trace_.completion_tokens = seen.completion_tokens;
    trace_.cached_tokens = seen.cached_tokens;
  }
  if (seen.text || seen.content) {
    ++trace_.text_chunks;
    if (!trace_.first_token) trace_.first_token = at;
    // Tokens in this chunk: token_ids when present, else how much continuous
    // usage grew since the previous chunk's usage, else unknown. (Usage seen
    // for the first time, e.g. on a finish chunk, says nothing per chunk.)
    TextChunk chunk{at, seen.token_ids};
    if (!chunk.tokens && has_usage && completion_before &&
        trace_.completion_tokens) {
      chunk.tokens = *trace_.completion_tokens - completion_before.value_or(0);
    }
    trace_.text_chunk_log.push_back(chunk);
  }
}

Status StreamInterpreter::Finish() const {
  if (trace_.error) return Error{*trace_.error};
  const std::string after = "after " + std::to_string(trace_.chunks) +
                            (trace_.chunks == 1 ? " chunk" : " chunks");
  if (trace_.text_chunks == 0) {
    std::string fields = endpoint_ == Endpoint::kCompletions
                             ? "choices[].text"
                             : "delta.content, delta.reasoning_content or "
                               "delta.reasoning";
    std::string hint =
        other_event_type_.empty()
            ? "check that the endpoint (chat or completions) matches the URL "
              "and that max_tokens is above 0"
            : "the server sent events of type " + Quote(other_event_type_) +
                  ", which are not chat or completions chunks: check the URL";
    return Error{"stream carried no generated text " + after + " (no " +
                 "non-empty " + fields + (trace_.done ? ", then [DONE]" : "") +
                 "): " + hint};
  }
  if (!trace_.done && trace_.finish_reason.empty()) {
    return Error{"stream ended without data: [DONE] " + after +
                 " and no choice finished: the connection was cut or the "
                 "server crashed mid-stream"};
  }
  if (!trace_.done) {
    return Error{"stream ended without data: [DONE] " + after +
                 " although a choice finished (finish_reason " +
                 Quote(trace_.finish_reason) +
                 "): the connection was cut before the end, or the server "
                 "does not follow the OpenAI stream format"};
  }
  if (!trace_.prompt_tokens || !trace_.completion_tokens) {
    std::string what = usage_seen_
                           ? "a usage object without integer prompt_tokens and "
                             "completion_tokens"
                           : "no usage";
    return Error{"the server sent " + what + " " + after +
                 "; servebench requests stream_options.include_usage=true: "
                 "use a server version that supports it"};
  }
  return Ok{};
}

}  // namespace servebench
