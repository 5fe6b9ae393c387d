// A SAX handler that follows a chunk's shape: choices[].delta.content etc.
#include "bench/protocol/chunk_reader.h"

#include <rapidjson/stream.h>

#include <algorithm>
#include <array>
#include <limits>

namespace servebench {
namespace {

// Where the reader is: the kind of each open object or array.
enum class Frame : uint8_t {
  kTop,       // the chunk object
  kChoices,   // "choices": [...]
  kChoice,    // one choice object
  kDelta,     // choice.delta
  kTokenIds,  // choice.token_ids
  kUsage,     // "usage": {...}
  kDetails,   // usage.prompt_tokens_details
  kTimings,   // "timings": {...} (llama.cpp)
  kOther,     // anything else: skipped
};

// The member names that matter, by where they appear.
enum class KeyName : uint8_t {
  kNone,
  kChoices,
  kUsage,
  kError,
  kDelta,
  kText,
  kTokenIds,
  kFinishReason,
  kContent,
  kReasoningContent,
  kReasoning,
  kPromptTokens,
  kCompletionTokens,
  kPromptTokensDetails,
  kCachedTokens,
  kTimings,
  kPromptMs,
  kPredictedMs,
  kPromptN,
  kPredictedN,
  kCacheN,
};

// The member names that matter, each where it appears: one table, so a
// name the reader learns is one row.
struct KnownKey {
  Frame frame;
  std::string_view key;
  KeyName name;
};

constexpr KnownKey kKnownKeys[] = {
    {Frame::kTop, "choices", KeyName::kChoices},
    {Frame::kTop, "usage", KeyName::kUsage},
    {Frame::kTop, "error", KeyName::kError},
    {Frame::kTop, "timings", KeyName::kTimings},
    {Frame::kChoice, "delta", KeyName::kDelta},
    {Frame::kChoice, "text", KeyName::kText},
    {Frame::kChoice, "token_ids", KeyName::kTokenIds},
    {Frame::kChoice, "finish_reason", KeyName::kFinishReason},
    {Frame::kDelta, "content", KeyName::kContent},
    {Frame::kDelta, "reasoning_content", KeyName::kReasoningContent},
    {Frame::kDelta, "reasoning", KeyName::kReasoning},
    {Frame::kUsage, "prompt_tokens", KeyName::kPromptTokens},
    {Frame::kUsage, "completion_tokens", KeyName::kCompletionTokens},
    {Frame::kUsage, "prompt_tokens_details", KeyName::kPromptTokensDetails},
    {Frame::kDetails, "cached_tokens", KeyName::kCachedTokens},
    {Frame::kTimings, "prompt_ms", KeyName::kPromptMs},
    {Frame::kTimings, "predicted_ms", KeyName::kPredictedMs},
    {Frame::kTimings, "prompt_n", KeyName::kPromptN},
    {Frame::kTimings, "predicted_n", KeyName::kPredictedN},
    {Frame::kTimings, "cache_n", KeyName::kCacheN},
};

KeyName NameOf(Frame frame, std::string_view key) {
  for (const KnownKey& known : kKnownKeys) {
    if (known.frame == frame && known.key == key) return known.name;
  }
  return KeyName::kNone;
}

class Handler
    : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Handler> {
 public:
  Handler(Endpoint endpoint, int max_depth, ChunkFields& out)
      : endpoint_(endpoint), max_depth_(max_depth), out_(out) {}

  // Any value: the fallback of BaseReaderHandler for the scalars not handled
  // below (null, bool).
  bool Default() {
    Value();
    return true;
  }
  bool Double(double d) {
    StoreMs(Value(), d);
    return true;
  }
  // llama.cpp's timings in milliseconds, fractional or (Integer) whole.
  void StoreMs(KeyName key, double ms) {
    if (key == KeyName::kPromptMs) out_.timings.prompt_ms = ms;
    if (key == KeyName::kPredictedMs) out_.timings.predicted_ms = ms;
  }
  bool Int(int i) { return Integer(i); }
  bool Uint(unsigned u) { return Integer(u); }
  bool Int64(int64_t i) { return Integer(i); }
  bool Uint64(uint64_t u) {
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Default();  // not an int64: unknown, as the full parse says
    }
    return Integer(static_cast<int64_t>(u));
  }
  bool Null() {
    // "error": null is no error.
    if (!(depth_ == 1 && key_[1] == KeyName::kError)) Value();
    return true;
  }
  bool String(const char* s, rapidjson::SizeType length, bool) {
    const KeyName key = Value();
    if (length == 0) return true;
    switch (key) {
      case KeyName::kContent:
        out_.content = out_.content || endpoint_ == Endpoint::kChatCompletions;
        break;
      case KeyName::kReasoningContent:
      case KeyName::kReasoning:
        out_.text = out_.text || endpoint_ == Endpoint::kChatCompletions;
        break;
      case KeyName::kText:
        out_.content = out_.content || endpoint_ == Endpoint::kCompletions;
        break;
      case KeyName::kFinishReason:
        out_.finish_reason.assign(s, length);
        break;
      default:
        break;
    }
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType length, bool) {
    key_[depth_] = NameOf(frame_[depth_], std::string_view(s, length));
    return true;
  }
  bool StartObject() {
    const Frame parent = frame_[depth_];
    const KeyName key = Value();
    Frame next = Frame::kOther;
    if (depth_ == 0) {
      out_.object = true;
      next = Frame::kTop;
    } else if (parent == Frame::kChoices) {
      next = Frame::kChoice;
    } else if (key == KeyName::kDelta) {
      next = Frame::kDelta;
    } else if (key == KeyName::kUsage) {
      // The newest usage object replaces the old one whole.
      out_.usage = true;
      out_.prompt_tokens.reset();
      out_.completion_tokens.reset();
      out_.cached_tokens.reset();
      next = Frame::kUsage;
    } else if (key == KeyName::kPromptTokensDetails) {
      next = Frame::kDetails;
    } else if (depth_ == 1 && key == KeyName::kTimings) {
      // The newest timings object replaces the old one whole, as usage.
      out_.has_timings = true;
      out_.timings = ServerTimings{};
      next = Frame::kTimings;
    }
    return Enter(next);
  }
  bool EndObject(rapidjson::SizeType) {
    --depth_;
    return true;
  }
  bool StartArray() {
    const KeyName key = Value();
    Frame next = Frame::kOther;
    if (key == KeyName::kChoices) next = Frame::kChoices;
    if (key == KeyName::kTokenIds) next = Frame::kTokenIds;
    return Enter(next);
  }
  bool EndArray(rapidjson::SizeType elements) {
    if (frame_[depth_] == Frame::kTokenIds) {
      out_.token_ids = out_.token_ids.value_or(0) + elements;
    }
    --depth_;
    return true;
  }

 private:
  // A value begins in the current frame: returns the key it belongs to
  // (kNone in arrays) and notes what the value itself says about the frame.
  KeyName Value() {
    const Frame frame = frame_[depth_];
    if (frame == Frame::kChoices) out_.any_choice = true;
    const KeyName key = frame == Frame::kChoices || frame == Frame::kTokenIds
                            ? KeyName::kNone
                            : key_[depth_];
    if (depth_ == 1 && key == KeyName::kError) out_.error = true;
    return key;
  }
  bool Integer(int64_t n) {
    const KeyName key = Value();
    switch (key) {
      case KeyName::kPromptTokens:
        out_.prompt_tokens = n;
        break;
      case KeyName::kCompletionTokens:
        out_.completion_tokens = n;
        break;
      case KeyName::kCachedTokens:
        out_.cached_tokens = n;
        break;
      // Whole milliseconds arrive as integers.
      case KeyName::kPromptMs:
      case KeyName::kPredictedMs:
        StoreMs(key, static_cast<double>(n));
        break;
      case KeyName::kPromptN:
        out_.timings.prompt_n = n;
        break;
      case KeyName::kPredictedN:
        out_.timings.predicted_n = n;
        break;
      case KeyName::kCacheN:
        out_.timings.cache_n = n;
        break;
      default:
        break;
    }
    return true;
  }
  bool Enter(Frame frame) {
    if (depth_ + 1 > max_depth_) return false;  // stops the reader
    ++depth_;
    frame_[depth_] = frame;
    key_[depth_] = KeyName::kNone;
    return true;
  }

  static constexpr int kMaxFrames = 65;
  Endpoint endpoint_;
  int max_depth_;
  ChunkFields& out_;
  int depth_ = 0;  // 0: before the top-level value
  std::array<Frame, kMaxFrames + 1> frame_{};
  std::array<KeyName, kMaxFrames + 1> key_{};
};

}  // namespace

void ChunkFields::Clear() {
  object = error = any_choice = text = content = usage = false;
  token_ids.reset();
  finish_reason.clear();
  prompt_tokens.reset();
  completion_tokens.reset();
  cached_tokens.reset();
  has_timings = false;
  timings = ServerTimings{};
}

ChunkReader::ChunkReader(Endpoint endpoint, int max_depth)
    : reader_(std::make_unique<rapidjson::Reader>()),
      endpoint_(endpoint),
      max_depth_(std::min(max_depth, 64)) {}

bool ChunkReader::Read(std::string_view data, ChunkFields& out,
                       size_t& consumed) {
  out.Clear();
  Handler handler(endpoint_, max_depth_, out);
  // In situ: strings are handed over where they lie in a scratch copy
  // (reused, so nothing is allocated once warm) instead of being copied
  // into the reader's stack one character at a time. The copy ends at the
  // first NUL; data after it then reads as trailing bytes, and the caller's
  // full parse says what is wrong.
  // With RAPIDJSON_SSE2 the reader loads the aligned 16-byte block around the
  // string's end; the NUL padding keeps that load inside the buffer (it never
  // crosses a page, but it would read past the allocation).
  constexpr size_t kSimdPadding = 16;
  scratch_.assign(data.data(), data.size());
  scratch_.append(kSimdPadding, '\0');
  rapidjson::InsituStringStream stream(scratch_.data());
  constexpr unsigned kFlags = rapidjson::kParseInsituFlag |
                              rapidjson::kParseIterativeFlag |
                              rapidjson::kParseStopWhenDoneFlag;
  const rapidjson::ParseResult result = reader_->Parse<kFlags>(stream, handler);
  consumed = static_cast<size_t>(stream.Tell());
  return !result.IsError();
}

}  // namespace servebench
