// Tests for SseParser: one test per event-stream rule, then real server
// captures fed split at every byte to show the outcome never depends on how
// the network cut the stream.
#include "bench/protocol/sse_parser.h"

#include <cctype>
#include <fstream>
#include <initializer_list>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/files.h"

namespace servebench {

// Lets gmock print events readably when a match fails.
void PrintTo(const SseEvent& event, std::ostream* os) {
  *os << "{type=" << ::testing::PrintToString(event.type)
      << " data=" << ::testing::PrintToString(event.data)
      << " id=" << ::testing::PrintToString(event.last_event_id) << " retry="
      << (event.retry_ms ? std::to_string(*event.retry_ms) : "none") << "}";
}

namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

struct Fed {
  std::vector<SseEvent> events;
  std::string error;  // the first error Feed returned; empty when all were ok
};

// Feeds `pieces` in order to `parser`, keeping every event and the first error.
Fed FeedPieces(SseParser& parser,
               std::initializer_list<std::string_view> pieces) {
  Fed fed;
  auto on_event = [&fed](const SseEvent& e) { fed.events.push_back(e); };
  for (std::string_view piece : pieces) {
    Status status = parser.Feed(piece, on_event);
    if (!status.ok() && fed.error.empty()) fed.error = status.error();
  }
  return fed;
}

Fed FeedOnce(std::string_view bytes) {
  SseParser parser;
  return FeedPieces(parser, {bytes});
}

auto DataIs(std::string_view data) {
  return Field("data", &SseEvent::data, std::string(data));
}

std::string ReadFixture(const std::string& name) {
  // Under bazel test the working directory is the runfiles root.
  return test::ReadFileOrFail("bench/protocol/testdata/sse/" + name);
}

// One line per event, so vectors of events compare and print as text.
std::vector<std::string> Render(const std::vector<SseEvent>& events) {
  std::vector<std::string> lines;
  for (const SseEvent& e : events) lines.push_back(::testing::PrintToString(e));
  return lines;
}

TEST(SseParserTest, DataWithAndWithoutSpaceAfterColon) {
  Fed fed = FeedOnce("data:a\n\ndata: b\n\ndata:  c\n\n");
  EXPECT_EQ(fed.error, "");
  // Only one leading space belongs to the separator.
  EXPECT_THAT(fed.events, ElementsAre(DataIs("a"), DataIs("b"), DataIs(" c")));
}

TEST(SseParserTest, MultiLineDataIsJoinedWithLf) {
  Fed fed = FeedOnce("data: one\ndata:two\ndata\n\n");
  EXPECT_THAT(fed.events, ElementsAre(DataIs("one\ntwo\n")));
}

TEST(SseParserTest, EmptyDataFieldStillDispatches) {
  Fed fed = FeedOnce("data\n\ndata:\n\n");
  EXPECT_THAT(fed.events, ElementsAre(DataIs(""), DataIs("")));
}

TEST(SseParserTest, BlockWithoutDataIsNotDispatched) {
  Fed fed = FeedOnce("event: delta\nid: 1\n\n\n\ndata: y\n\n");
  // The event type does not leak into the next block; the id does (spec).
  EXPECT_THAT(fed.events,
              ElementsAre(AllOf(DataIs("y"), Field(&SseEvent::type, "message"),
                                Field(&SseEvent::last_event_id, "1"))));
}

TEST(SseParserTest, EventTypeAppliesToOneEventAndDefaultsToMessage) {
  Fed fed = FeedOnce("event: response.delta\ndata: 1\n\ndata: 2\n\n");
  EXPECT_THAT(fed.events, ElementsAre(Field(&SseEvent::type, "response.delta"),
                                      Field(&SseEvent::type, "message")));
}

TEST(SseParserTest, IdPersistsIsResetByEmptyIdAndIgnoredWithNul) {
  using namespace std::string_view_literals;
  Fed fed = FeedOnce(
      "id: 7\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n"sv);
  EXPECT_THAT(fed.events, ElementsAre(Field(&SseEvent::last_event_id, "7"),
                                      Field(&SseEvent::last_event_id, "7"),
                                      Field(&SseEvent::last_event_id, "7"),
                                      Field(&SseEvent::last_event_id, "")));
}

TEST(SseParserTest, RetryTakesOnlyDigits) {
  Fed fed = FeedOnce(
      "data: a\n\n"
      "retry: 1500\ndata: b\n\n"
      "retry: 15x\ndata: c\n\n"
      "retry: -1\nretry:\nretry: 99999999999999999999\ndata: d\n\n"
      "retry:20\ndata: e\n\n");
  EXPECT_THAT(fed.events,
              ElementsAre(Field(&SseEvent::retry_ms, std::nullopt),
                          Field(&SseEvent::retry_ms, Optional(1500)),
                          Field(&SseEvent::retry_ms, Optional(1500)),
                          Field(&SseEvent::retry_ms, Optional(1500)),
                          Field(&SseEvent::retry_ms, Optional(20))));
}

TEST(SseParserTest, CommentLinesAreIgnored) {
  Fed fed =
      FeedOnce(": ping\n\n:\ndata: a\n: keep-alive in the middle\ndata: b\n\n");
  EXPECT_THAT(fed.events, ElementsAre(DataIs("a\nb")));
}

TEST(SseParserTest, UnknownFieldsAndAnnotationLinesAreIgnored) {
  // A fixture's "# note" line is a field named "# note": ignored, no error.
  Fed fed = FeedOnce(
      "# captured from issue #123: see SOURCES.md\n#\nfoo: bar\nDATA: x\n"
      "data: a\n\n");
  EXPECT_EQ(fed.error, "");
  EXPECT_THAT(fed.events, ElementsAre(DataIs("a")));
}

TEST(SseParserTest, LfCrlfAndCrAllEndLines) {
  Fed fed = FeedOnce(
      "data: a\r\n\r\n"
      "data: b\r\r"
      "data: c\n\n"
      "data: d\r\n\n"
      "data: e\r\ndata: f\rdata: g\n\r\n");
  EXPECT_THAT(fed.events, ElementsAre(DataIs("a"), DataIs("b"), DataIs("c"),
                                      DataIs("d"), DataIs("e\nf\ng")));
}

TEST(SseParserTest, CrEndingOnePieceAndLfStartingTheNextAreOneLineEnd) {
  SseParser parser;
  // Were the LF a second line end, "a" and "b" would be two events.
  Fed fed = FeedPieces(parser, {"data: a\r", "", "\ndata: b\r", "\n\r", "\n"});
  EXPECT_THAT(fed.events, ElementsAre(DataIs("a\nb")));
  EXPECT_FALSE(parser.HasPendingData());
}

TEST(SseParserTest, CrEndingOnePieceThenCrIsAnEmptyLine) {
  SseParser parser;
  Fed fed = FeedPieces(parser, {"data: a\r", "\r", "data: b\r", "\r"});
  EXPECT_THAT(fed.events, ElementsAre(DataIs("a"), DataIs("b")));
}

TEST(SseParserTest, ZeroByteFeedsChangeNothing) {
  SseParser parser;
  Fed fed = FeedPieces(parser, {"", "da", "", "ta: x", "", "\n", "", "\n", ""});
  EXPECT_EQ(fed.error, "");
  EXPECT_THAT(fed.events, ElementsAre(DataIs("x")));
}

TEST(SseParserTest, BomAtStreamStartIsStripped) {
  EXPECT_THAT(FeedOnce("\xEF\xBB\xBF"
                       "data: a\n\n")
                  .events,
              ElementsAre(DataIs("a")));
  SseParser split;
  EXPECT_THAT(FeedPieces(split, {"\xEF", "\xBB",
                                 "\xBF"
                                 "da",
                                 "ta: a\n\n"})
                  .events,
              ElementsAre(DataIs("a")));
}

TEST(SseParserTest, BomIsOnlyStrippedOnceAndOnlyAtStreamStart) {
  // Anywhere else the BOM is part of the field name, which is then unknown.
  EXPECT_THAT(FeedOnce("data: a\n\n\xEF\xBB\xBF"
                       "data: b\n\n")
                  .events,
              ElementsAre(DataIs("a")));
  EXPECT_THAT(FeedOnce("\xEF\xBB\xBF\xEF\xBB\xBF"
                       "data: a\n\n")
                  .events,
              IsEmpty());
}

TEST(SseParserTest, HasPendingDataReportsAnUnfinishedEvent) {
  auto pending_after = [](std::string_view bytes) {
    SseParser parser;
    FeedPieces(parser, {bytes});
    return parser.HasPendingData();
  };
  EXPECT_FALSE(pending_after(""));
  EXPECT_FALSE(pending_after("\xEF\xBB"));
  EXPECT_FALSE(pending_after("data: a\n\n"));
  EXPECT_FALSE(pending_after(": ping\n"));
  EXPECT_FALSE(pending_after("event: x\n"));
  EXPECT_TRUE(pending_after("data: a\n"));     // never ended by a blank line
  EXPECT_TRUE(pending_after("data: a"));       // unfinished line
  EXPECT_TRUE(pending_after("data: a\n\n:"));  // unfinished comment line
}

TEST(SseParserTest, UnfinishedEventIsNotDispatched) {
  SseParser parser;
  Fed fed = FeedPieces(parser, {"data: a\n\ndata: b\n"});
  EXPECT_THAT(fed.events, ElementsAre(DataIs("a")));
}

TEST(SseParserTest, LineLongerThanLimitFailsEvenWithoutLineEnd) {
  SseParser parser(/*max_line_bytes=*/16, /*max_event_bytes=*/1024);
  // 16 bytes is allowed; the 17th byte fails before any line end arrives.
  Fed fed = FeedPieces(parser, {"data: 0123456789", "A"});
  EXPECT_THAT(fed.error, HasSubstr("limit of 16 bytes"));
  EXPECT_THAT(fed.error, HasSubstr("saw at least 17 bytes"));
}

TEST(SseParserTest, LineAtTheLimitIsAccepted) {
  SseParser parser(/*max_line_bytes=*/16, /*max_event_bytes=*/1024);
  Fed fed = FeedPieces(parser, {"data: 0123456789\n\n"});
  EXPECT_EQ(fed.error, "");
  EXPECT_THAT(fed.events, ElementsAre(DataIs("0123456789")));
}

TEST(SseParserTest, ParserStaysFailedAfterAnError) {
  SseParser parser(/*max_line_bytes=*/16, /*max_event_bytes=*/1024);
  std::vector<SseEvent> events;
  auto on_event = [&events](const SseEvent& e) { events.push_back(e); };
  // The event completed before the bad line in the same piece is delivered.
  Status first = parser.Feed("data: ok\n\ndata: 0123456789ABCDEF\n", on_event);
  ASSERT_FALSE(first.ok());
  Status later = parser.Feed("\ndata: b\n\n", on_event);
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error(), first.error());
  EXPECT_THAT(first.error(), HasSubstr("saw at least 22 bytes"));
  EXPECT_THAT(events, ElementsAre(DataIs("ok")));
}

TEST(SseParserTest, EventDataLongerThanLimitFails) {
  SseParser at_limit(/*max_line_bytes=*/1024, /*max_event_bytes=*/8);
  // "1234" + "\n" + "567" is exactly 8 bytes.
  Fed ok = FeedPieces(at_limit, {"data: 1234\ndata: 567\n\n"});
  EXPECT_EQ(ok.error, "");
  EXPECT_THAT(ok.events, ElementsAre(DataIs("1234\n567")));

  SseParser over(/*max_line_bytes=*/1024, /*max_event_bytes=*/8);
  Fed fed = FeedPieces(over, {"data: 1234\ndata: 5678\n\ndata: x\n\n"});
  EXPECT_THAT(fed.error, HasSubstr("event data longer than the limit of 8"));
  EXPECT_THAT(fed.error, HasSubstr("saw at least 9 bytes"));
  EXPECT_THAT(fed.events, IsEmpty());
}

// Feeds `bytes` whole, then split in two at every position, then one byte at
// a time (with a zero-byte feed after each), and checks every way of feeding
// gives the same events, errors and pending state.
void ExpectSplitInvariant(std::string_view bytes) {
  SseParser whole_parser;
  Fed whole = FeedPieces(whole_parser, {bytes});
  std::vector<std::string> expected = Render(whole.events);
  for (size_t cut = 0; cut <= bytes.size(); ++cut) {
    SseParser parser;
    Fed fed = FeedPieces(parser, {bytes.substr(0, cut), bytes.substr(cut)});
    ASSERT_EQ(Render(fed.events), expected) << "split at byte " << cut;
    ASSERT_EQ(fed.error, whole.error) << "split at byte " << cut;
    ASSERT_EQ(parser.HasPendingData(), whole_parser.HasPendingData())
        << "split at byte " << cut;
  }
  SseParser parser;
  Fed fed;
  for (char c : bytes) {
    Fed step = FeedPieces(parser, {std::string_view(&c, 1), ""});
    fed.events.insert(fed.events.end(), step.events.begin(), step.events.end());
    if (fed.error.empty()) fed.error = step.error;
  }
  EXPECT_EQ(Render(fed.events), expected) << "byte by byte";
  EXPECT_EQ(fed.error, whole.error) << "byte by byte";
  EXPECT_EQ(parser.HasPendingData(), whole_parser.HasPendingData());
}

TEST(SseParserTest, HandMadeStreamIsSplitInvariant) {
  std::string stream =
      "\xEF\xBB\xBF: ping\r\nevent: e\rid: 9\nretry: 300\r\n"
      "data: one\r\ndata:two\r\r"
      "data\n\n"
      "data: a\r\n: x\r\ndata: b\n\r\n"
      "data: unfinished";
  ExpectSplitInvariant(stream);
  SseParser parser;
  EXPECT_THAT(FeedPieces(parser, {stream}).events,
              ElementsAre(AllOf(DataIs("one\ntwo"), Field(&SseEvent::type, "e"),
                                Field(&SseEvent::last_event_id, "9"),
                                Field(&SseEvent::retry_ms, Optional(300))),
                          DataIs(""), DataIs("a\nb")));
  EXPECT_TRUE(parser.HasPendingData());
}

struct FixtureCase {
  std::string file;
  size_t events;                 // events the file holds by the SSE rules
  bool pending;                  // does the file end inside an event?
  std::string last_data_prefix;  // start of the last event's data
};

void PrintTo(const FixtureCase& c, std::ostream* os) { *os << c.file; }

class SseFixtureTest : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(SseFixtureTest, HoldsTheExpectedEvents) {
  const FixtureCase& c = GetParam();
  SseParser parser;
  Fed fed = FeedPieces(parser, {ReadFixture(c.file)});
  EXPECT_EQ(fed.error, "");
  ASSERT_THAT(fed.events, SizeIs(c.events));
  EXPECT_EQ(parser.HasPendingData(), c.pending);
  if (c.events > 0) {
    EXPECT_THAT(fed.events.back().data,
                ::testing::StartsWith(c.last_data_prefix));
  }
}

TEST_P(SseFixtureTest, EverySplitGivesTheSameEvents) {
  ExpectSplitInvariant(ReadFixture(GetParam().file));
}

// No real CRLF or CR-only capture exists, so the real ones are re-ended.
TEST_P(SseFixtureTest, CrlfAndCrLineEndsGiveTheSameEvents) {
  std::string lf = ReadFixture(GetParam().file);
  std::string crlf, cr;
  for (char c : lf) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  std::vector<std::string> expected = Render(FeedOnce(lf).events);
  EXPECT_EQ(Render(FeedOnce(crlf).events), expected);
  EXPECT_EQ(Render(FeedOnce(cr).events), expected);
  ExpectSplitInvariant(crlf);
}

std::string CaseName(const ::testing::TestParamInfo<FixtureCase>& info) {
  std::string name;
  bool upper = true;
  std::string_view file = info.param.file;
  file = file.substr(0, file.rfind('.'));
  for (char c : file) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      name += upper ? static_cast<char>(std::toupper(c)) : c;
      upper = false;
    } else {
      upper = true;
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(
    RealCaptures, SseFixtureTest,
    ::testing::Values(
        FixtureCase{"vllm_chat_v0.5_role_only_first_chunk.txt", 6, false,
                    R"({"id":"cmpl-840312ff)"},
        FixtureCase{"vllm_chat_v0.6.6_empty_content_chunks.txt", 4, false,
                    R"({"id":"chatcmpl-e4eb908a)"},
        FixtureCase{"vllm_chat_v0.15_role_and_empty_content_first_chunk.txt", 3,
                    false, R"({"id":"chatcmpl-8b2b9172)"},
        FixtureCase{"vllm_chat_reasoning_plus_reasoning_content_2025-11.txt", 4,
                    false, R"({"id":"chatcmpl-8128e5ff)"},
        FixtureCase{"vllm_chat_reasoning_only_v0.17.txt", 2, false,
                    R"({"id":"chatcmpl-740c22ad)"},
        FixtureCase{"vllm_chat_continuous_usage_token_ids_2026.txt", 4, false,
                    R"({"id":"chatcmpl-95f70ae0)"},
        FixtureCase{"vllm_completions_usage_every_chunk_tt_fork.txt", 1, false,
                    R"({"id":"cmpl-d4955ea6)"},
        FixtureCase{"vllm_responses_api_event_lines.txt", 6, false,
                    R"({"content_index":13,)"},
        // The capture ends "data: [DONE]\n" with no blank line, so [DONE]
        // is an unfinished event: the last dispatched one is the usage chunk.
        FixtureCase{"openai_chat_include_usage_2025-10_UNRESOLVED_REPO.txt", 9,
                    true, R"({"id":"chatcmpl-CVFjOTBIgA3kuQLnIXXxtg7Ge7hbs")"},
        // No blank line between the two data lines: one joined event.
        FixtureCase{"sglang_chat_error_in_stream_http200.txt", 1, false,
                    R"({"error": {"object": "error")"},
        FixtureCase{"sglang_gateway_grpc_chat_2026.txt", 3, false,
                    R"({"id":"chatcmpl-019cb7c3)"},
        FixtureCase{"llamacpp_completions_b6351.txt", 5, false,
                    R"({"choices":[{"text":" I")"},
        // Pretty-printed JSON with "#" notes, not SSE: no data field at all.
        FixtureCase{"llamacpp_chat_final_chunk_timings_PARTIAL.txt", 0, false,
                    ""}),
    CaseName);

TEST(SseFixtureDetailTest, OpenAiUsageChunkComesLastAndDoneIsUnfinished) {
  SseParser parser;
  std::string bytes =
      ReadFixture("openai_chat_include_usage_2025-10_UNRESOLVED_REPO.txt");
  Fed fed = FeedPieces(parser, {bytes});
  ASSERT_THAT(fed.events, SizeIs(9));
  EXPECT_THAT(fed.events.back().data, HasSubstr(R"("choices":[],"usage":{)"));
  // The lost final newline, once supplied, dispatches [DONE].
  Fed rest = FeedPieces(parser, {"\n"});
  EXPECT_THAT(rest.events, ElementsAre(DataIs("[DONE]")));
  EXPECT_FALSE(parser.HasPendingData());
}

TEST(SseFixtureDetailTest, SglangErrorAndDoneJoinIntoOneEvent) {
  Fed fed = FeedOnce(ReadFixture("sglang_chat_error_in_stream_http200.txt"));
  ASSERT_THAT(fed.events, SizeIs(1));
  EXPECT_THAT(fed.events[0].data,
              ::testing::EndsWith("\"code\": 400}}\n[DONE]"));
}

TEST(SseFixtureDetailTest, ResponsesApiEventLinesSetTheType) {
  Fed fed = FeedOnce(ReadFixture("vllm_responses_api_event_lines.txt"));
  ASSERT_THAT(fed.events, SizeIs(6));
  for (const SseEvent& e : fed.events) {
    EXPECT_EQ(e.type, "response.reasoning_text.delta");
  }
}

}  // namespace
}  // namespace servebench
