#include "bench/base/safe_text.h"

#include <gtest/gtest.h>

namespace servebench {
namespace {

TEST(ValidUtf8Test, KeepsValidTextAndEscapesTheRest) {
  EXPECT_EQ(ValidUtf8("plain ascii"), "plain ascii");
  EXPECT_EQ(ValidUtf8("你好 émoji 🙂"), "你好 émoji 🙂");
  EXPECT_EQ(ValidUtf8("\xff\xfe\x80 not json"), "\\xff\\xfe\\x80 not json");
  // Truncated sequence, overlong, surrogate, beyond U+10FFFF.
  EXPECT_EQ(ValidUtf8("a\xe4\xbd"), "a\\xe4\\xbd");
  EXPECT_EQ(ValidUtf8("\xc0\xaf"), "\\xc0\\xaf");
  EXPECT_EQ(ValidUtf8("\xed\xa0\x80"), "\\xed\\xa0\\x80");
  EXPECT_EQ(ValidUtf8("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
  EXPECT_EQ(ValidUtf8(""), "");
}

TEST(XmlEscapeTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(XmlEscape("p99 < 5 & \"fast\" > 1"),
            "p99 &lt; 5 &amp; &quot;fast&quot; &gt; 1");
  EXPECT_EQ(XmlEscape("it's plain"), "it's plain");
}

TEST(RedactSecretsTest, KnownSecretsAndKeyValues) {
  // vLLM's line when started with --api-key.
  EXPECT_EQ(RedactSecrets("non-default args: {'api_key': ['sk-abc-123'], "
                          "'max_model_len': 4096}",
                          {}),
            "non-default args: {'api_key': ['[redacted]'], 'max_model_len': "
            "4096}");
  EXPECT_EQ(RedactSecrets("serve --api-key sk-abc-123 --port 8000", {}),
            "serve --api-key [redacted] --port 8000");
  EXPECT_EQ(RedactSecrets("token=xyz password: hunter2", {}),
            "token=[redacted] password: [redacted]");
  EXPECT_EQ(RedactSecrets("key sk-SECRET-9 seen", {"sk-SECRET-9"}),
            "key [redacted] seen");
  EXPECT_EQ(RedactSecrets("max_model_len=4096 gpu_memory_utilization=0.9", {}),
            "max_model_len=4096 gpu_memory_utilization=0.9");
}

TEST(RedactSecretsTest, AMegabyteLineIsRedactedWithoutRecursion) {
  // std::regex recursed once per character of the value and overflowed the
  // stack on lines of a few KiB under ASan.
  const std::string line =
      "args: {'api_key': '" + std::string(1 << 20, 'k') + "', 'port': 8000}";
  const std::string redacted = RedactSecrets(line, {});
  EXPECT_EQ(redacted, "args: {'api_key': '[redacted]', 'port': 8000}");
}

}  // namespace
}  // namespace servebench
