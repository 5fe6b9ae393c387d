// The one streaming transfer: options, callbacks and verdict.
#include "bench/transport/stream_transfer.h"

#include "bench/base/interrupt.h"
#include "bench/base/safe_text.h"
#include "bench/base/text_format.h"
#include "bench/transport/curl_common.h"
#include "bench/transport/url.h"

namespace servebench {
namespace {

// Enough of an error body to quote its start in one sentence.
constexpr size_t kMaxErrorBody = 4096;

// Burns CPU on purpose: a test stand-in for a client too slow for its load.
void Spin(int microseconds) {
  const Clock::time_point until =
      Clock::now() + std::chrono::microseconds(microseconds);
  while (Clock::now() < until) {
  }
}

}  // namespace

StreamTransfer::StreamTransfer()
    : easy_((CurlGlobalInit(), curl_easy_init())) {}

StreamTransfer::~StreamTransfer() { curl_easy_cleanup(easy_); }

void StreamTransfer::Begin(const std::string& url, std::string body,
                           Endpoint endpoint,
                           const TransferSettings* settings) {
  settings_ = settings;
  url_ = url;
  body_ = std::move(body);
  parser_.Reset();
  interpreter_.Reset(endpoint);
  sent_.reset();
  status_ = 0;
  error_body_.clear();
  parse_error_.clear();
  stalled_ = false;
  interrupted_ = false;
  bytes_ = 0;
  errbuf_[0] = 0;

  curl_easy_reset(easy_);
  ApplyCommonOptions(easy_, settings->connect_timeout_s);
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy_, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, settings->headers);
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, body_.c_str());
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(body_.size()));
  UseFreshConnection(easy_);
  curl_easy_setopt(easy_, CURLOPT_PREREQFUNCTION, OnPrereq);
  curl_easy_setopt(easy_, CURLOPT_PREREQDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, OnBytes);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, errbuf_);
}

int StreamTransfer::OnPrereq(void* user, char*, char*, int, int) {
  auto* self = static_cast<StreamTransfer*>(user);
  self->sent_ = Clock::now();
  self->last_byte_ = *self->sent_;
  return CURL_PREREQFUNC_OK;
}

size_t StreamTransfer::OnBytes(char* data, size_t size, size_t nmemb,
                               void* user) {
  auto* self = static_cast<StreamTransfer*>(user);
  const size_t n = size * nmemb;
  // One clock read per arrival: every event these bytes complete arrived
  // now, and the stall check measures silence from here.
  const Clock::time_point now = Clock::now();
  self->last_byte_ = now;
  self->bytes_ += n;
  if (self->status_ == 0) {
    curl_easy_getinfo(self->easy_, CURLINFO_RESPONSE_CODE, &self->status_);
  }
  if (self->status_ != 200) {
    if (self->error_body_.size() < kMaxErrorBody) {
      self->error_body_.append(
          data, std::min(n, kMaxErrorBody - self->error_body_.size()));
    }
    return n;
  }
  Status fed = self->parser_.Feed(
      std::string_view(data, n),
      [self, now](const SseEvent& event) { self->OnEvent(event, now); });
  if (!fed.ok()) {
    self->parse_error_ = fed.error();
    return 0;  // anything but n aborts the transfer
  }
  return n;
}

void StreamTransfer::OnEvent(const SseEvent& event, Clock::time_point arrived) {
  if (settings_->artificial_stall_per_event_us > 0) {
    Spin(settings_->artificial_stall_per_event_us);
    // A slow client stamps late: the test hook plays one.
    arrived = Clock::now();
  }
  // The arrival of the bytes that completed the event is the time the
  // figures use, not libcurl's first-byte time.
  interpreter_.OnEvent(event, arrived);
}

bool StreamTransfer::SilentTooLong(Clock::time_point now) const {
  if (!sent_) return false;  // still connecting: the connect timeout rules
  return std::chrono::duration<double>(now - last_byte_).count() >
         settings_->stall_timeout_s;
}

bool StreamTransfer::CheckInterrupt() {
  if (interrupted_ || !Interrupted()) return false;
  interrupted_ = true;
  return true;
}

bool StreamTransfer::CheckStall(Clock::time_point now) {
  if (stalled_ || !SilentTooLong(now)) return false;
  stalled_ = true;
  return true;
}

Result<StreamOutcome> StreamTransfer::Finish(CURLcode code) {
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, nullptr);
  if (status_ == 0) curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status_);
  const StreamTrace& trace = interpreter_.trace();
  const std::string chunks = std::to_string(trace.chunks) + " chunks";
  if (interrupted_) {
    return Error{std::string("interrupted by ") + InterruptSignalName() +
                 " after " + chunks +
                 ": the request was abandoned and is not counted"};
  }
  if (stalled_) {
    return Error{"no bytes from " + RedactUrl(url_) + " for " +
                 Compact(settings_->stall_timeout_s) +
                 " s (BENCH_STALL_TIMEOUT) after " + chunks +
                 ": the server hung or is overloaded; raise "
                 "BENCH_STALL_TIMEOUT if long prefills are expected"};
  }
  if (!parse_error_.empty()) {
    return Error{"the stream from " + RedactUrl(url_) +
                 " could not be read: " + parse_error_};
  }
  if (status_ != 0 && status_ != 200) {
    return Error{"HTTP " + std::to_string(status_) + " from " +
                 RedactUrl(url_) + ": " + QuoteBody(error_body_)};
  }
  // An error event followed by a closed connection is the server's answer:
  // report its message rather than the transport's.
  if (code != CURLE_OK && !trace.error) {
    return Error{DescribeCurlFailure(code, errbuf_, url_) + " after " +
                 std::to_string(bytes_) + " bytes and " + chunks};
  }
  SB_RETURN_IF_ERROR(interpreter_.Finish());
  return StreamOutcome{sent_.value_or(Clock::time_point{}), trace};
}

}  // namespace servebench
