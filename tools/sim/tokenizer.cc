// Implements the tokenizer rule documented in tokenizer.h.
#include "tools/sim/tokenizer.h"

#include <cstddef>

namespace servebench::sim {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

// Calls emit(token_bytes) for every token of `text`, in order.
template <typename Emit>
void ForEachToken(std::string_view text, Emit emit) {
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !IsSpace(text[end])) ++end;
    for (size_t start = i; start < end; start += kMaxTokenBytes) {
      size_t len = end - start < static_cast<size_t>(kMaxTokenBytes)
                       ? end - start
                       : static_cast<size_t>(kMaxTokenBytes);
      emit(text.substr(start, len));
    }
    i = end;
  }
}

}  // namespace

int32_t TokenId(std::string_view token_bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : token_bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<int32_t>(hash % kOrdinaryVocabSize);
}

std::vector<int32_t> TokenizeText(std::string_view text) {
  std::vector<int32_t> ids;
  ForEachToken(text, [&](std::string_view t) { ids.push_back(TokenId(t)); });
  return ids;
}

std::vector<std::string_view> TokenPieces(std::string_view text) {
  std::vector<std::string_view> pieces;
  ForEachToken(text, [&](std::string_view t) { pieces.push_back(t); });
  return pieces;
}

int64_t CountTextTokens(std::string_view text) {
  int64_t count = 0;
  ForEachToken(text, [&](std::string_view) { ++count; });
  return count;
}

std::vector<int32_t> TokenizePrompt(std::string_view prompt,
                                    bool add_special_tokens) {
  std::vector<int32_t> ids;
  if (add_special_tokens) ids.push_back(kBeginOfTextId);
  ForEachToken(prompt, [&](std::string_view t) { ids.push_back(TokenId(t)); });
  return ids;
}

std::vector<int32_t> TokenizeChat(const std::vector<ChatMessage>& messages,
                                  bool add_generation_prompt) {
  std::vector<int32_t> ids = {kBeginOfTextId};
  auto emit = [&](std::string_view t) { ids.push_back(TokenId(t)); };
  for (const ChatMessage& message : messages) {
    ids.push_back(kStartHeaderId);
    ids.push_back(TokenId(message.role));
    ids.push_back(kEndHeaderId);
    ForEachToken(message.content, emit);
    ids.push_back(kEndOfTurnId);
  }
  if (add_generation_prompt) {
    ids.push_back(kStartHeaderId);
    ids.push_back(TokenId("assistant"));
    ids.push_back(kEndHeaderId);
  }
  return ids;
}

}  // namespace servebench::sim
