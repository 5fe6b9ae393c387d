// Splices per-chunk fields into a stream's pre-serialised JSON pieces.
#include "tools/sim/stream_renderer.h"

#include <algorithm>
#include <charconv>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace servebench::sim {
namespace {

constexpr std::string_view kDone = "data: [DONE]\n\n";

void AppendInt(std::string& out, int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, end);
}

void AppendUsage(std::string& out, int64_t prompt, int64_t completion) {
  out.append("\"usage\":{\"prompt_tokens\":");
  AppendInt(out, prompt);
  out.append(",\"total_tokens\":");
  AppendInt(out, prompt + completion);
  out.append(",\"completion_tokens\":");
  AppendInt(out, completion);
}

}  // namespace

void AppendJsonStringContent(std::string& out, std::string_view text) {
  const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
  });
  if (plain) {
    out.append(text);
    return;
  }
  // Rare (generated words never need it): RapidJSON's own escaping, quotes
  // stripped, so the bytes cannot drift from the reference rendering.
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  out.append(buffer.GetString() + 1, buffer.GetSize() - 2);
}

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  AppendJsonStringContent(out, text);
  out.push_back('"');
}

StreamRenderer::StreamRenderer(const CompletionPlan& plan)
    : plan_(plan),
      layout_(plan),
      fast_(plan.engine == Engine::kVllm),
      chat_(plan.endpoint == Endpoint::kChatCompletions) {
  if (!fast_) return;
  head_ = "data: {\"id\":";
  AppendJsonString(head_, plan.id);
  head_.append(chat_ ? ",\"object\":\"chat.completion.chunk\",\"created\":"
                     : ",\"object\":\"text_completion\",\"created\":");
  AppendInt(head_, plan.created);
  head_.append(",\"model\":");
  AppendJsonString(head_, plan.model);
  head_.append(",\"choices\":[");
  AppendJsonString(finish_, FinishReasonName(plan.generation.finish));
  if (plan.report_cached_tokens) {
    details_ = "{\"cached_tokens\":";
    AppendInt(details_, plan.cached_tokens);
    details_.push_back('}');
  } else {
    details_ = "null";
  }
}

void StreamRenderer::AppendText(std::string& out, int64_t begin,
                                int64_t end) const {
  // Escaping each word equals escaping their concatenation: JSON escapes
  // character by character.
  out.push_back('"');
  for (int64_t i = begin; i < end; ++i) {
    AppendJsonStringContent(out, plan_.generation.token_texts[i]);
  }
  out.push_back('"');
}

void StreamRenderer::AppendChoice(std::string& out, int64_t begin,
                                  int64_t end) const {
  const bool role = begin < 0;
  if (role) end = 0;
  const bool last = !role && end == plan_.completion_tokens();
  out.append(head_);
  out.append("{\"index\":0,");
  if (chat_) {
    out.append("\"delta\":{");
    if (role) {
      out.append("\"role\":\"assistant\",\"content\":\"\"");
    } else {
      const int64_t split = std::clamp(plan_.reasoning_tokens, begin, end);
      bool first = true;
      auto key = [&](std::string_view name) {
        if (!first) out.push_back(',');
        first = false;
        out.push_back('"');
        out.append(name);
        out.append("\":");
      };
      if (split > begin) {
        if (plan_.reasoning_field != ReasoningField::kReasoningContent) {
          key("reasoning");
          AppendText(out, begin, split);
        }
        if (plan_.reasoning_field != ReasoningField::kReasoning) {
          key("reasoning_content");
          AppendText(out, begin, split);
        }
      }
      if (split < end || split == begin) {
        key("content");
        AppendText(out, split, end);
      }
    }
    out.append("},");
  } else {
    out.append("\"text\":");
    AppendText(out, begin, end);
    out.push_back(',');
  }
  out.append("\"logprobs\":null,\"finish_reason\":");
  out.append(last ? std::string_view(finish_) : std::string_view("null"));
  if (last || !chat_) out.append(",\"stop_reason\":null");
  if (plan_.token_ids_in_choices && !role) {
    out.append(",\"token_ids\":[");
    for (int64_t i = begin; i < end; ++i) {
      if (i > begin) out.push_back(',');
      AppendInt(out, plan_.token_ids[i]);
    }
    out.push_back(']');
  }
  out.append("}]");
  if (plan_.continuous_usage) {
    out.push_back(',');
    AppendUsage(out, plan_.reported_prompt_tokens, end);
    out.push_back('}');
  }
  out.append("}\n\n");
}

void StreamRenderer::Render(size_t index, StreamEvent& event) const {
  if (!fast_) {
    layout_.Render(index, event);
    return;
  }
  layout_.Describe(index, event);
  std::string& out = event.bytes;
  out.clear();
  switch (event.kind) {
    case StreamEvent::Kind::kRole:
      AppendChoice(out, -1, 0);
      return;
    case StreamEvent::Kind::kToken:
      AppendChoice(out, event.token_index,
                   event.token_index + event.token_count);
      return;
    case StreamEvent::Kind::kUsage:
      out.append(head_);
      out.append("],");
      AppendUsage(out, plan_.reported_prompt_tokens,
                  plan_.reported_completion_tokens);
      out.append(",\"prompt_tokens_details\":");
      out.append(details_);
      out.append("}}\n\n");
      return;
    case StreamEvent::Kind::kFinish:  // vLLM has none
    case StreamEvent::Kind::kDone:
      out.append(kDone);
      return;
  }
}

}  // namespace servebench::sim
