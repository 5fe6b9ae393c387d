// CheckTomlText: what must not reach Debian 12's TOML++ 3.3.0, and what may.
#include "bench/config/toml_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace servebench {
namespace {

using std::string_view_literals::operator""sv;
using testing::StartsWith;

// UTF-8 for one code point.
std::string Utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// The code points TOML++ 3.3.0 reaches unreachable code on when it asks
// whether they are whitespace, found by parsing every code point in each
// position of Positions() below under UBSan.
bool CrashesTomlpp(char32_t c) {
  return (c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x2FFF) ||
         (c >= 0x3001 && c <= 0x3057) || (c >= 0xFB26 && c <= 0xFEFE);
}

// The non-ASCII code points TOML++ 3.3.0 takes for horizontal whitespace.
bool IsTomlppSpace(char32_t c) {
  return c == 0xA0 || c == 0x1680 || c == 0x180E ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
         c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}

// A text CheckTomlText must refuse, with the whole message it must give.
struct RejectedText {
  const char* test_name;
  std::string_view text;
  const char* source;
  const char* message;
};

class CheckTomlTextRejectTest : public testing::TestWithParam<RejectedText> {};

TEST_P(CheckTomlTextRejectTest, SaysWhereAndWhatToChange) {
  const RejectedText& rejected = GetParam();
  const Status st = CheckTomlText(rejected.text, rejected.source);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error(), rejected.message);
}

INSTANTIATE_TEST_SUITE_P(
    Rejected, CheckTomlTextRejectTest,
    testing::Values(
        // U+00A7 after a value: TOML++ reached unreachable code here.
        RejectedText{
            "NonAsciiOutsideStringsAndComments",
            "[suite]\nname = \"x\"\nruns = 3\xC2\xA7\n", "s.toml",
            "s.toml:3: U+00A7 is not allowed outside strings and comments "
            "(TOML allows only ASCII there): delete it, or put the text it "
            "belongs to in quotes"},
        RejectedText{
            "NonAsciiSpaceOutsideStrings",
            "runs =\xC2\xA0"
            "3\n",
            "b.toml",
            "b.toml:1: U+00A0 (a non-ASCII space) is not allowed outside "
            "strings and comments: replace it with a plain space"},
        RejectedText{
            "InvalidUtf8OutsideStrings", "a = 1\nb = 2\xFF\n", "b.toml",
            "b.toml:2: byte 0xFF is not UTF-8: save the file as UTF-8, with "
            "non-ASCII text only inside strings and comments"},
        // TOML++ issue 190's example: valid TOML that TOML++ 3.3.0 crashes
        // on.
        RejectedText{
            "CrashingCharacterAfterALineEndingBackslash",
            "a = 1\ns = \"\"\"\\\n\xC2\xA7\"\"\"\n", "n.toml",
            "n.toml:3: U+00A7 right after a line-ending backslash in a "
            "multi-line string crashes TOML++ 3.3.0 (upstream issue 295): "
            "start the continued text with an ASCII character, or remove the "
            "backslash"},
        RejectedText{
            "CrashingCharacterRightAfterABackslash",
            "s = \"\"\"a\\\xC3\xA9\"\"\"\n", "e.toml",
            "e.toml:1: U+00E9 after a backslash in a multi-line string is "
            "not an escape sequence, and crashes TOML++ 3.3.0 (upstream "
            "issue 295): write \\\\ for a backslash"}),
    [](const testing::TestParamInfo<RejectedText>& info) {
      return std::string(info.param.test_name);
    });

TEST(CheckTomlTextTest, NonAsciiIsRejectedEvenWhereTomlppWouldOnlyErr) {
  // Also where TOML++ would only have reported an error: one rule is simpler
  // to explain, and TOML allows no non-ASCII outside strings and comments.
  EXPECT_THAT(CheckTomlText("x = 1\n\xE2\x80\x94 = 2\n", "s.toml").error(),
              StartsWith("s.toml:2: U+2014 is not allowed outside strings"));
}

TEST(CheckTomlTextTest, CrashingCharacterAfterSkippedWhitespaceIsRejected) {
  // Blank lines and spaces between are skipped; so are the non-ASCII spaces
  // TOML++ counts as whitespace.
  EXPECT_THAT(CheckTomlText("s = \"\"\"a \\  \n\n\t \xE3\x80\x80\xEF\xBB\xBE"
                            "\"\"\"\n",
                            "n.toml")
                  .error(),
              StartsWith("n.toml:3: U+FEFE right after a line-ending"));
  // Spaces between the backslash and a crashing character on the same line.
  EXPECT_THAT(
      CheckTomlText("s = \"\"\"a\\  \xD0\xAF\"\"\"\n", "n.toml").error(),
      StartsWith("n.toml:1: U+042F right after a line-ending backslash"));
}

TEST(CheckTomlTextTest, NonAsciiInStringsAndCommentsIsAccepted) {
  for (const char* text : {
           "\xEF\xBB\xBF[suite]\n",  // a byte-order mark at the start
           "# \xC2\xA7 caf\xC3\xA9 \xE3\x80\x81\n",
           "notes = \"M\xC3\xBCller's GPU \xC2\xA7 \xEF\xBB\xBE\"\n",
           "notes = \"\\\\\xC3\xA9 \\\"\xC3\xA9\"\n",
           "notes = 'caf\xC3\xA9 \\\xC3\xA9'\n",
           "notes = '''\n\xC2\xA7\\\n\xC2\xA7'''\n",
           "notes = \"\"\"\n\xC2\xA7 \"\xC2\xA7\" \"\"\xC2\xA7\n\"\"\"\n",
           "notes = \"\"\"a\\\n  b\xC2\xA7\"\"\"\n",     // not first after the
                                                         // break
           "notes = \"\"\"a\\\n  \xE2\x80\x94\"\"\"\n",  // U+2014 does not
                                                         // crash
           "notes = \"\"\"\\\\\xC3\xA9\"\"\"\n",         // an escaped backslash
           "\"caf\xC3\xA9\" = 1\n[\"\xC2\xA7\".\"\xD0\xAF\"]\nx = 1\n",
           "a = [\"\xC2\xA7\", {b = \"\xC2\xA7\"}] # \xC2\xA7\n",
       }) {
    EXPECT_TRUE(CheckTomlText(text, "ok.toml").ok()) << text;
    EXPECT_TRUE(
        toml::parse(std::string_view(text), std::string_view("ok.toml")))
        << text;
  }
}

// Where TOML++ 3.3.0 asks "is this whitespace?" about a code point, and
// where it does not; text before and after the code point, and whether the
// check must reject every crashing code point there (true) or nothing.
struct Position {
  const char* before;
  const char* after;
  bool rejects_crashing;
  bool rejects_all_non_ascii;
};

constexpr Position kPositions[] = {
    {"", "", true, true},                          // where a key may start
    {"x = 1", "", true, true},                     // after a value
    {"x = t", "", true, true},                     // inside a value
    {"[a", "]", true, true},                       // after a bare key
    {"s = \"\"\"a\\", "\"\"\"", true, false},      // right after a backslash
    {"s = \"\"\"a\\\n  ", "\"\"\"", true, false},  // after a line ending one
    {"s = \"\"\"a\\ ", "\"\"\"", true, false},     // after "\ "
    {"# ", "", false, false},
    {"s = \"", "\"", false, false},
    {"s = \"\\", "\"", false, false},  // TOML++ reports the bad escape
    {"\"", "\" = 1", false, false},    // a quoted key
    {"s = '", "'", false, false},
    {"s = '''", "'''", false, false},
    {"s = \"\"\"", "\"\"\"", false, false},
    // TOML++ reads a value starting with a digit or sign ahead to its end,
    // quotes included (found by fuzzing: "isl =069-x_\"\u0360").
    {"x = 1\"", "\"", true, true},
    {"x = -'", "'", true, true},
    {"x = 1.\"", "\"", true, true},
    {"x = [1,\n# c\n+\"", "\"]", true, true},
    // ... and after a date, one space and a digit, past the next character.
    {"d = 1979-05-27 0\n\"", "\" = 1", true, true},
    {"d = 1979-05-27 0#", "", true, true},
    {"d = 1979-05-27 # ", "", false, false},
    {"d = 1979-05-27T07:32:00 # ", "", false, false},
    {"x = 1 # ", "", false, false},
    {"x = [1, \"", "\"]", false, false},
    {"x = 1\n\"", "\" = 2", false, false},
    {"label=\"", "\"", false, false},
};

TEST(CheckTomlTextTest, EveryCodePointInEveryPositionIsRejectedOrSafe) {
  // Every code point of the Basic Multilingual Plane and the first of the
  // others (TOML++'s whitespace test returns early above U+FEFF). What the
  // check lets through goes on to TOML++, so under --config=ubsan a crashing
  // code point it missed aborts the test: each one of the crashing ranges and
  // of TOML++'s own spaces, and every 16th other code point (parsing them
  // all would take a minute under the sanitizers).
  for (const Position& position : kPositions) {
    for (char32_t c = 0x80; c <= 0x10000; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;  // not encodable
      const std::string text = position.before + Utf8(c) + position.after;
      const bool rejected = !CheckTomlText(text, "x.toml").ok();
      // A byte-order mark opening the file is skipped, not parsed.
      const bool byte_order_mark = c == 0xFEFF && *position.before == '\0';
      const bool expected =
          !byte_order_mark && (position.rejects_all_non_ascii ||
                               (position.rejects_crashing && CrashesTomlpp(c)));
      ASSERT_EQ(rejected, expected)
          << "U+" << std::hex << static_cast<unsigned>(c) << " in " << text;
      const bool worth_parsing =
          CrashesTomlpp(c) || IsTomlppSpace(c) || c % 16 == 0;
      if (!rejected && worth_parsing) {
        (void)toml::parse(std::string_view(text), "x.toml"sv);
      }
    }
  }
}

}  // namespace
}  // namespace servebench
