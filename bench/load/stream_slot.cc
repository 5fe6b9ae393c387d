// A stream's callbacks and its verdict, as HttpClient::Stream judges one.
#include "bench/load/stream_slot.h"

#include <cstdio>

#include "bench/curl_common.h"
#include "bench/http_client.h"
#include "bench/request_figures.h"
#include "bench/url.h"

namespace servebench {
namespace {

constexpr size_t kMaxErrorBody = 4096;

std::string FormatSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

// Burns CPU on purpose: a test stand-in for a client too slow for its load.
void Spin(int microseconds) {
  const Clock::time_point until =
      Clock::now() + std::chrono::microseconds(microseconds);
  while (Clock::now() < until) {
  }
}

}  // namespace

StreamSlot::StreamSlot(const SlotConfig* config)
    : config_(config), easy_(curl_easy_init()) {}

StreamSlot::~StreamSlot() { curl_easy_cleanup(easy_); }

void StreamSlot::Begin(RequestRecord* record, std::string body) {
  record_ = record;
  body_ = std::move(body);
  parser_ = SseParser();
  interpreter_ = std::make_unique<StreamInterpreter>(config_->endpoint);
  status_ = 0;
  error_body_.clear();
  parse_error_.clear();
  stalled_ = false;
  bytes_ = 0;
  errbuf_[0] = 0;

  curl_easy_reset(easy_);
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config_->connect_timeout_s * 1000));
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, "servebench");
  curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, nullptr);
  curl_easy_setopt(easy_, CURLOPT_URL, config_->url.c_str());
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, config_->headers);
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, body_.c_str());
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(body_.size()));
  UseFreshConnection(easy_);
  curl_easy_setopt(easy_, CURLOPT_PREREQFUNCTION, OnPrereq);
  curl_easy_setopt(easy_, CURLOPT_PREREQDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, OnBytes);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, errbuf_);
  record_->started = Clock::now();
}

int StreamSlot::OnPrereq(void* user, char*, char*, int, int) {
  auto* slot = static_cast<StreamSlot*>(user);
  slot->record_->sent = Clock::now();
  slot->last_byte_ = *slot->record_->sent;
  return CURL_PREREQFUNC_OK;
}

size_t StreamSlot::OnBytes(char* data, size_t size, size_t nmemb, void* user) {
  auto* slot = static_cast<StreamSlot*>(user);
  const size_t n = size * nmemb;
  slot->last_byte_ = Clock::now();
  slot->bytes_ += n;
  if (slot->status_ == 0) {
    curl_easy_getinfo(slot->easy_, CURLINFO_RESPONSE_CODE, &slot->status_);
  }
  if (slot->status_ != 200) {
    if (slot->error_body_.size() < kMaxErrorBody) {
      slot->error_body_.append(
          data, std::min(n, kMaxErrorBody - slot->error_body_.size()));
    }
    return n;
  }
  Status fed = slot->parser_.Feed(
      std::string_view(data, n),
      [slot](const SseEvent& event) { slot->OnEvent(event); });
  if (!fed.ok()) {
    slot->parse_error_ = fed.error();
    return 0;  // anything but n aborts the transfer
  }
  return n;
}

void StreamSlot::OnEvent(const SseEvent& event) {
  if (config_->artificial_stall_per_event_us > 0) {
    Spin(config_->artificial_stall_per_event_us);
  }
  // Stamp each event where it is parsed (not libcurl's first-byte time).
  const Clock::time_point now = Clock::now();
  const int64_t text_chunks_before = interpreter_->trace().text_chunks;
  interpreter_->OnEvent(event, now);
  if (interpreter_->trace().text_chunks > text_chunks_before) {
    record_->text_chunk_times.push_back(now);
  }
}

bool StreamSlot::CheckStall(Clock::time_point now) {
  if (stalled_ || !record_->sent) return false;
  const double quiet_s =
      std::chrono::duration<double>(now - last_byte_).count();
  stalled_ = quiet_s > config_->stall_timeout_s;
  return stalled_;
}

std::string StreamSlot::Verdict(CURLcode code) const {
  const std::string& url = config_->url;
  const StreamTrace& trace = interpreter_->trace();
  if (stalled_) {
    return "no bytes from " + RedactUrl(url) + " for " +
           FormatSeconds(config_->stall_timeout_s) +
           " s (BENCH_STALL_TIMEOUT) after " + std::to_string(trace.chunks) +
           " chunks: the server hung or is overloaded; raise "
           "BENCH_STALL_TIMEOUT if long prefills are expected";
  }
  if (!parse_error_.empty()) {
    return "the stream from " + RedactUrl(url) +
           " could not be read: " + parse_error_;
  }
  if (status_ != 0 && status_ != 200) {
    return "HTTP " + std::to_string(status_) + " from " + RedactUrl(url) +
           ": " + QuoteBody(error_body_);
  }
  // An error event followed by a closed connection is the server's answer:
  // report its message rather than the transport's.
  if (code != CURLE_OK && !trace.error) {
    return DescribeCurlFailure(code, errbuf_, url) + " after " +
           std::to_string(bytes_) + " bytes and " +
           std::to_string(trace.chunks) + " chunks";
  }
  if (Status judged = interpreter_->Finish(); !judged.ok()) {
    return judged.error();
  }
  return "";
}

void StreamSlot::Finish(CURLcode code, Clock::time_point now) {
  if (status_ == 0) curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status_);
  record_->finished = now;
  record_->error = Verdict(code);
  if (record_->error.empty()) {
    Result<RequestFigures> figures = ComputeRequestFigures(
        record_->sent.value_or(record_->started), interpreter_->trace());
    if (figures.ok()) {
      record_->figures = *figures;
    } else {
      record_->error = figures.error();
    }
  }
  record_ = nullptr;
}

}  // namespace servebench
