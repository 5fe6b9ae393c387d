// The simulator's deterministic tokenizer: one function behind /tokenize and
// usage.prompt_tokens, so both always agree.
//
// Rule: a piece is a maximal run of non-whitespace bytes (whitespace = space,
// \t, \n, \v, \f, \r); a piece of L bytes is split into ceil(L / 8) tokens of
// up to 8 bytes each. UTF-8 is not decoded: a multi-byte character is just
// bytes. A token's id is a hash of its bytes, in [0, 128000).
//
// Prompts and chats get special tokens the way a Llama-3 template adds them
// (ids are Llama 3's, so /tokenize output looks familiar):
//   completion prompt: <|begin_of_text|> + text tokens (when
//   add_special_tokens) chat: <|begin_of_text|>
//         + per message: <|start_header_id|> role <|end_header_id|>
//                        content tokens <|eot_id|>        (4 + content tokens)
//         + generation prompt: <|start_header_id|> assistant <|end_header_id|>
//                                                           (3 tokens)
// so a chat of m messages costs 1 + 4m + 3 tokens more than its words.
#ifndef SERVEBENCH_TOOLS_SIM_TOKENIZER_H_
#define SERVEBENCH_TOOLS_SIM_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace servebench::sim {

inline constexpr int kMaxTokenBytes = 8;
inline constexpr int32_t kBeginOfTextId = 128000;
inline constexpr int32_t kStartHeaderId = 128006;
inline constexpr int32_t kEndHeaderId = 128007;
inline constexpr int32_t kEndOfTurnId = 128009;
// Ordinary token ids are below this, so they never collide with the above.
inline constexpr int32_t kOrdinaryVocabSize = 128000;

inline constexpr int kChatBeginTokens = 1;
inline constexpr int kChatTokensPerMessage = 4;
inline constexpr int kChatGenerationPromptTokens = 3;

struct ChatMessage {
  std::string role;
  std::string content;
};

// Id of one token's bytes (FNV-1a, reduced to the ordinary vocabulary).
int32_t TokenId(std::string_view token_bytes);

// Token ids of plain text, no special tokens.
std::vector<int32_t> TokenizeText(std::string_view text);

// The bytes of each token TokenizeText would return (views into `text`).
std::vector<std::string_view> TokenPieces(std::string_view text);

// The number of tokens TokenizeText would return, without building them.
int64_t CountTextTokens(std::string_view text);

// A /v1/completions prompt; add_special_tokens prepends <|begin_of_text|>.
std::vector<int32_t> TokenizePrompt(std::string_view prompt,
                                    bool add_special_tokens = true);

// A /v1/chat/completions conversation rendered by the template above.
std::vector<int32_t> TokenizeChat(const std::vector<ChatMessage>& messages,
                                  bool add_generation_prompt = true);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_TOKENIZER_H_
