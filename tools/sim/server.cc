// Boost.Beast/Asio implementation of SimServer: accepts connections, routes
// requests and writes responses on the schedule planned by completion.h.
#include "tools/sim/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

#include "tools/sim/api_error.h"
#include "tools/sim/completion.h"
#include "tools/sim/dcgm_exporter.h"
#include "tools/sim/deadline_queue.h"
#include "tools/sim/engine.h"
#include "tools/sim/engine_errors.h"
#include "tools/sim/engine_info.h"
#include "tools/sim/engine_log.h"
#include "tools/sim/engine_metrics.h"
#include "tools/sim/fault.h"
#include "tools/sim/flags.h"
#include "tools/sim/hostile_json.h"
#include "tools/sim/info_endpoints.h"
#include "tools/sim/lateness.h"
#include "tools/sim/metrics.h"
#include "tools/sim/power_model.h"
#include "tools/sim/prefix_cache.h"
#include "tools/sim/request.h"
#include "tools/sim/request_tracker.h"
#include "tools/sim/router.h"
#include "tools/sim/scheduler.h"
#include "tools/sim/stream_renderer.h"

namespace servebench::sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Request = http::request<http::string_body>;
using SteadyClock = std::chrono::steady_clock;

// Prompts of a full 8k-token context are well under a megabyte; this only
// stops a runaway client.
constexpr uint64_t kMaxBodyBytes = 64 * 1024 * 1024;
constexpr std::string_view kServerHeader = "servebench-sim";
constexpr std::string_view kJson = "application/json";
// llama-server's JSON responses (cpp-httplib with its own content type).
constexpr std::string_view kLlamaJson = "application/json; charset=utf-8";
constexpr std::string_view kPrometheusText =
    "text/plain; version=0.0.4; charset=utf-8";

// Beast 1.74 speaks boost::string_view.
std::string_view Std(beast::string_view s) { return {s.data(), s.size()}; }
beast::string_view Beast(std::string_view s) { return {s.data(), s.size()}; }

int64_t NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Duration Seconds(double seconds) {
  return std::chrono::duration_cast<Duration>(
      std::chrono::duration<double>(seconds));
}

}  // namespace

// One serving thread: its event loop, its coalesced timer and its shard of
// the lateness figures. Everything a connection does happens on the worker
// that accepted it.
struct Worker {
  explicit Worker(int index)
      : index(index),
        ioc(std::make_unique<asio::io_context>(1)),
        work(ioc->get_executor()),
        deadlines(std::make_unique<DeadlineQueue>(*ioc)) {}
  int index;
  std::unique_ptr<asio::io_context> ioc;
  // Keeps run() going while the worker has no connection yet.
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::unique_ptr<DeadlineQueue> deadlines;
  std::thread thread;
};

class SimServer::Impl {
 public:
  Impl(SimConfig config, LogSink* log)
      : config_(std::move(config)),
        log_(log),
        metrics_(config_.engine),
        power_(config_, SteadyClock::now()),
        scheduler_(config_),
        lateness_(std::clamp(config_.threads, 1, kMaxThreads)),
        prefix_cache_(config_.prefix_cache_tokens) {}

  ~Impl() { Stop(); }

  Status Start() {
    if (started_ || stopped_) {
      return Error{"SimServer::Start() called twice or after Stop()."};
    }
    started_ = true;
    if (Status valid = ValidateConfig(config_); !valid.ok()) {
      return Error{"Invalid simulator configuration: " + valid.error()};
    }
    for (int i = 0; i < config_.threads; ++i) {
      workers_.push_back(std::make_unique<Worker>(i));
    }
    asio::io_context& main = *workers_[0]->ioc;
    const std::string where = config_.host + ":" + std::to_string(config_.port);
    error_code ec;
    tcp::resolver resolver(main);
    auto endpoints = resolver.resolve(
        config_.host, std::to_string(config_.port), tcp::resolver::passive, ec);
    if (ec || endpoints.empty()) {
      return Error{"Cannot resolve listen address " + where + ": " +
                   ec.message()};
    }
    tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor_.emplace(main);
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Error{"Cannot listen on " + where + ": " + ec.message() +
                   ". Choose another --host/--port (0 picks a free port)."};
    }
    port_ = acceptor_->local_endpoint().port();

    Log(EngineBootLines(config_, port_));
    if (config_.startup_delay_s <= 0) {
      BecomeReady();
    } else {
      startup_timer_.emplace(main);
      startup_timer_->expires_after(
          std::chrono::duration_cast<SteadyClock::duration>(
              std::chrono::duration<double>(config_.startup_delay_s)));
      startup_timer_->async_wait([this](error_code wait_ec) {
        if (!wait_ec) BecomeReady();
      });
    }
    asio::co_spawn(main, Listen(), asio::detached);
    if (config_.lateness_log_s > 0) {
      asio::co_spawn(main, LogLatenessPeriodically(), asio::detached);
    }
    for (auto& worker : workers_) {
      worker->thread = std::thread([w = worker.get()] { w->ioc->run(); });
    }
    return Ok{};
  }

  void Stop() {
    if (stopped_) return;
    stopped_ = true;
    for (auto& worker : workers_) worker->ioc->stop();
    for (auto& worker : workers_) {
      if (worker->thread.joinable()) worker->thread.join();
    }
    if (port_ != 0) Log({LatenessLogLine(lateness_.SinceStart())});
    // With every thread joined: coroutines parked in a deadline queue are
    // handed to their io_context, and destroying the io_contexts destroys
    // every suspended coroutine, which closes its socket and releases its
    // metrics; the objects they refer to (this Impl) are still alive.
    for (auto& worker : workers_) worker->deadlines->Shutdown();
    startup_timer_.reset();
    acceptor_.reset();
    for (auto& worker : workers_) {
      worker->work.reset();
      worker->ioc.reset();
    }
  }

  int port() const { return port_; }
  const SimConfig& config() const { return config_; }
  bool ready() const { return ready_.load(); }

 private:
  void Log(const std::vector<LogLine>& lines) {
    if (log_ == nullptr) return;
    for (const LogLine& line : lines) log_->Write(AsEngineLine(line));
  }

  // The simulator's own lines ("[sim_server] ...") keep vLLM's prefix only
  // on vLLM's log; on the others they are plain, so no vLLM-looking line
  // lands in another engine's log.
  LogLine AsEngineLine(const LogLine& line) const {
    if (config_.engine == Engine::kVllm || line.source != "sim_server") {
      return line;
    }
    return LogLine{LogProcess::kVerbatim, "", "[sim_server] " + line.message,
                   config_.engine == Engine::kSglang ? LogStamp::kSglang
                                                     : LogStamp::kNone};
  }

  void BecomeReady() {
    ready_.store(true);
    Log(EngineReadyLines(config_, port_));
  }

  // A summary line per interval that saw traffic.
  asio::awaitable<void> LogLatenessPeriodically() {
    asio::steady_timer timer(*workers_[0]->ioc);
    for (;;) {
      timer.expires_after(Seconds(config_.lateness_log_s));
      error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      if (auto report = lateness_.TakeInterval()) {
        Log({LatenessLogLine(*report)});
      }
    }
  }

  // Accepts on worker 0 and hands each connection to the next worker in
  // turn, its socket already bound to that worker's io_context.
  asio::awaitable<void> Listen() {
    size_t next = 0;
    for (;;) {
      error_code ec;
      Worker& worker = *workers_[next];
      tcp::socket socket = co_await acceptor_->async_accept(
          *worker.ioc, asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // Out of descriptors and the like: back off instead of spinning.
        asio::steady_timer pause(*workers_[0]->ioc,
                                 std::chrono::milliseconds(50));
        co_await pause.async_wait(
            asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      next = (next + 1) % workers_.size();
      // Each SSE event must leave at once, not wait for Nagle's algorithm.
      socket.set_option(tcp::no_delay(true), ec);
      // For WriteChunk's immediate writes; asynchronous operations are
      // unaffected.
      socket.non_blocking(true, ec);
      asio::co_spawn(*worker.ioc, Session(std::move(socket), worker),
                     asio::detached);
    }
  }

  asio::awaitable<void> Session(tcp::socket socket, Worker& worker) {
    error_code ec;
    std::string peer = "-";
    if (auto remote = socket.remote_endpoint(ec); !ec) {
      peer = remote.address().to_string() + ":" + std::to_string(remote.port());
    }
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(kMaxBodyBytes);
      co_await http::async_read_header(
          socket, buffer, parser,
          asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;  // closed by the client, or not HTTP
      // curl sends "Expect: 100-continue" with bodies over 1 KiB and waits a
      // second for this before sending them, which would inflate TTFT.
      if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
        http::response<http::empty_body> go_on{http::status::continue_, 11};
        co_await http::async_write(
            socket, go_on, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
      }
      co_await http::async_read(socket, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec == http::error::body_limit) {
        Request head = parser.release();
        head.keep_alive(false);
        co_await Reply(
            socket, head, peer, http::status::payload_too_large, kJson,
            ErrorBody(BadRequest("The request body is larger than " +
                                 std::to_string(kMaxBodyBytes) + " bytes.")));
        break;
      }
      if (ec) break;
      const SteadyClock::time_point received = SteadyClock::now();
      Request request = parser.release();
      bool keep_alive =
          co_await Handle(socket, worker, request, received, peer);
      if (!keep_alive) break;
    }
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }

  // Answers one request; returns whether the connection stays open.
  asio::awaitable<bool> Handle(tcp::socket& socket, Worker& worker,
                               const Request& request,
                               SteadyClock::time_point received,
                               const std::string& peer) {
    const Engine engine = config_.engine;
    const bool llama = engine == Engine::kLlamaCpp;
    Route route =
        MatchRoute(engine, Std(request.method_string()), Std(request.target()));
    if (route == Route::kDcgmMetrics && !config_.dcgm) {
      route = Route::kNotFound;
    }
    // llama-server answers every route 503 while its model loads.
    if (llama && !ready() && route != Route::kSimLateness &&
        route != Route::kSimLatenessReset && route != Route::kDcgmMetrics) {
      co_return co_await Reply(socket, request, peer,
                               http::status::service_unavailable, kLlamaJson,
                               LlamaCppLoadingBody());
    }
    switch (route) {
      case Route::kNotFound:
        if (llama) {
          co_return co_await Reply(socket, request, peer,
                                   http::status::not_found, kLlamaJson,
                                   LlamaCppNotFoundBody());
        }
        co_return co_await Reply(socket, request, peer, http::status::not_found,
                                 kJson, DetailBody("Not Found"));
      case Route::kMethodNotAllowed:
        co_return co_await Reply(socket, request, peer,
                                 http::status::method_not_allowed, kJson,
                                 DetailBody("Method Not Allowed"));
      case Route::kMetrics:
        if (engine == Engine::kTrtllm) break;  // JSON, after readiness
        co_return co_await Reply(socket, request, peer, http::status::ok,
                                 kPrometheusText,
                                 PrometheusBody() + lateness_.PrometheusText());
      case Route::kPrometheusMetrics:
        co_return co_await Reply(socket, request, peer, http::status::ok,
                                 kPrometheusText,
                                 PrometheusBody() + lateness_.PrometheusText());
      case Route::kSimLateness:
        co_return co_await Reply(socket, request, peer, http::status::ok, kJson,
                                 LatenessJson(lateness_.SinceReset(false)));
      case Route::kSimLatenessReset:
        co_return co_await Reply(socket, request, peer, http::status::ok, kJson,
                                 LatenessJson(lateness_.SinceReset(true)));
      case Route::kDcgmMetrics:
        co_return co_await Reply(socket, request, peer, http::status::ok,
                                 kPrometheusText, DcgmBody());
      default:
        break;
    }
    if (!ready()) {
      // SGLang and trtllm-serve answer /health with an empty 503.
      if (engine != Engine::kVllm &&
          (route == Route::kHealth || route == Route::kHealthGenerate)) {
        co_return co_await Reply(socket, request, peer,
                                 http::status::service_unavailable, "", "");
      }
      co_return co_await ReplyError(socket, request, peer,
                                    StartingUp(config_.startup_delay_s));
    }
    switch (route) {
      case Route::kHealth:
        if (llama) {
          co_return co_await Reply(socket, request, peer, http::status::ok,
                                   kLlamaJson, R"({"status":"ok"})");
        }
        co_return co_await Reply(socket, request, peer, http::status::ok, "",
                                 "");
      case Route::kHealthGenerate:
        co_return co_await Reply(
            socket, request, peer, http::status::ok,
            engine == Engine::kTrtllm ? "text/plain; charset=utf-8" : "",
            engine == Engine::kTrtllm ? "Generation health check OK" : "");
      case Route::kModels:
        co_return co_await Reply(socket, request, peer, http::status::ok,
                                 llama ? kLlamaJson : kJson, ModelsFor());
      case Route::kModelInfo:
        co_return co_await Reply(socket, request, peer, http::status::ok, kJson,
                                 SglangModelInfoBody(config_));
      case Route::kServerInfo:
        co_return co_await Reply(socket, request, peer, http::status::ok, kJson,
                                 SglangServerInfoBody(config_, port_));
      case Route::kProps:
        co_return co_await Reply(socket, request, peer, http::status::ok,
                                 kLlamaJson, LlamaCppPropsBody(config_));
      case Route::kSlots:
        co_return co_await Reply(
            socket, request, peer, http::status::ok, kLlamaJson,
            LlamaCppSlotsBody(config_, Metrics().requests_running));
      case Route::kVersion:
        co_return co_await Reply(socket, request, peer, http::status::ok, kJson,
                                 TrtllmVersionBody());
      case Route::kPerfMetrics:
        co_return co_await Reply(socket, request, peer, http::status::ok, kJson,
                                 "[]");
      case Route::kMetrics:  // trtllm-serve's iteration stats
        co_return co_await Reply(socket, request, peer, http::status::ok, kJson,
                                 TrtllmIterationStatsBody());
      case Route::kTokenize: {
        OrApiError<std::string> body =
            llama ? LlamaCppTokenizeBody(request.body())
                  : TokenizeBody(config_, request.body());
        if (const ApiError* error = std::get_if<ApiError>(&body)) {
          co_return co_await ReplyError(socket, request, peer, *error);
        }
        co_return co_await Reply(socket, request, peer, http::status::ok,
                                 llama ? kLlamaJson : kJson,
                                 std::get<std::string>(body));
      }
      case Route::kChatCompletions:
        co_return co_await Complete(socket, worker, request, received, peer,
                                    Endpoint::kChatCompletions);
      case Route::kCompletions:
        co_return co_await Complete(socket, worker, request, received, peer,
                                    Endpoint::kCompletions);
      default:
        co_return false;  // handled above
    }
  }

  // The shared metrics as the endpoints show them.
  ServerMetrics Metrics() {
    ServerMetrics m = metrics_.Snapshot();
    WithSchedulerCounts(m);
    return m;
  }

  // Under saturation the running and waiting gauges are the scheduler's
  // (planned admissions and finishes), not the requests in flight.
  void WithSchedulerCounts(ServerMetrics& m) {
    if (!SaturationEnabled(config_)) return;
    const Scheduler::Counts counts = scheduler_.CountsAt(SteadyClock::now());
    m.requests_running = counts.running;
    m.requests_waiting = counts.waiting;
  }

  // GET /v1/models of the engine.
  std::string ModelsFor() const {
    return PerEngine(config_.engine, ModelsBody, SglangModelsBody,
                     LlamaCppModelsBody,
                     TrtllmModelsBody)(config_, NowUnixSeconds());
  }

  // The engine's Prometheus text (llama.cpp's resets its per-scrape
  // window).
  std::string PrometheusBody() {
    switch (config_.engine) {
      case Engine::kSglang:
        return RenderSglangMetrics(Metrics(), config_);
      case Engine::kLlamaCpp: {
        std::string body;
        metrics_.Update([&](ServerMetrics& m) {
          ServerMetrics shown = m;
          WithSchedulerCounts(shown);
          body = RenderLlamaCppMetrics(shown, config_);
          m.llama.bucket_prompt_tokens = 0;
          m.llama.bucket_prompt_ns = 0;
          m.llama.bucket_predicted_tokens = 0;
          m.llama.bucket_predicted_ns = 0;
        });
        return body;
      }
      case Engine::kTrtllm:
        return RenderTrtllmPrometheus(Metrics(), config_);
      case Engine::kVllm:
        break;
    }
    return RenderMetrics(Metrics(), config_);
  }

  std::string TrtllmIterationStatsBody() {
    std::time_t now =
        std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    ::localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%m-%d-%Y %H:%M:%S", &local);
    return TrtllmIterationStats(Metrics(), config_,
                                iterations_served_.fetch_add(1) + 1, stamp);
  }

  std::string DcgmBody() {
    return RenderDcgmMetrics(power_.ReadAt(SteadyClock::now()), config_);
  }

  asio::awaitable<bool> Complete(tcp::socket& socket, Worker& worker,
                                 const Request& request,
                                 SteadyClock::time_point received,
                                 const std::string& peer, Endpoint endpoint) {
    if (auto rejected =
            CheckRejectedFields(request.body(), config_.reject_fields)) {
      co_return co_await ReplyError(socket, request, peer, *rejected);
    }
    Result<CompletionRequest> parsed =
        ParseCompletionRequest(endpoint, request.body());
    if (!parsed.ok()) {
      co_return co_await ReplyError(socket, request, peer,
                                    BadRequest(parsed.error()));
    }
    const uint64_t request_index = next_request_index_.fetch_add(1);
    OrApiError<CompletionPlan> planned = PlanCompletion(
        *parsed, config_, request_index, NowUnixSeconds(), &prefix_cache_);
    if (const ApiError* error = std::get_if<ApiError>(&planned)) {
      if (error->stream_event && parsed->stream) {
        // A named value: see FaultError's call below.
        const std::string events = *error->stream_event + "data: [DONE]\n\n";
        co_return co_await ReplyStreamBody(socket, request, peer, events);
      }
      co_return co_await ReplyError(socket, request, peer, *error);
    }
    CompletionPlan& plan = std::get<CompletionPlan>(planned);
    if (config_.prefix_cache) {
      metrics_.Update([&](ServerMetrics& m) {
        m.prefix_cache_queries += plan.prompt_tokens;
        m.prefix_cache_hits += plan.cached_tokens;
      });
    }
    const FaultKind fault =
        ShouldInjectFault(config_, accepted_completions_.fetch_add(1) + 1)
            ? config_.fault
            : FaultKind::kNone;
    ApplyUsageFault(fault, plan);
    error_code ec;
    switch (fault) {
      case FaultKind::kRefuse:
        socket.close(ec);
        co_return false;
      case FaultKind::kResetBefore:
        // Linger 0 makes close() send RST instead of FIN.
        socket.set_option(asio::socket_base::linger(true, 0), ec);
        socket.close(ec);
        co_return false;
      case FaultKind::kHttp500:
      case FaultKind::kHttp503:
      case FaultKind::kContext400: {
        // A named value: GCC mishandles aggregate temporaries in co_await
        // expressions (destroys them twice).
        const ApiError error = FaultError(
            fault, plan, parsed->max_tokens.value_or(kDefaultMaxTokens));
        co_return co_await ReplyError(socket, request, peer, error);
      }
      default:
        break;
    }
    if (SaturationEnabled(config_)) {
      const Scheduler::Admission admission = scheduler_.Admit(
          received, SaturatingAdd(plan.prompt_tokens, plan.max_tokens),
          [&](int64_t running) {
            const std::vector<Duration> steps =
                StepOffsetsFor(plan, config_, running);
            return steps.empty() ? Duration(0) : steps.back();
          });
      ApplySchedule(plan, config_, admission.queue_delay, admission.running);
    }
    // The GPUs work on it from its admission to its last token.
    if (config_.dcgm) {
      power_.AddActive(received + plan.queue_delay,
                       received + FullResponseDelay(plan));
    }
    RequestTracker tracker(metrics_, plan);
    if (plan.stream) {
      co_return co_await Stream(socket, worker, request, received, peer, plan,
                                fault, tracker, request_index);
    }
    Duration delay = FullResponseDelay(plan);
    if (fault == FaultKind::kStallBefore || fault == FaultKind::kStallMid) {
      delay += Seconds(config_.fault_stall_s);
    } else if (fault == FaultKind::kDisconnectMid &&
               plan.completion_tokens() > 0) {
      delay = plan.token_offsets[FaultMidpoint(plan.completion_tokens()) - 1];
    }
    co_await worker.deadlines->Wait(received + delay, asio::use_awaitable);
    if (fault == FaultKind::kDisconnectMid) {
      socket.close(ec);
      co_return false;
    }
    for (size_t step = 0; step < plan.step_sizes.size(); ++step) {
      tracker.OnStep();
    }
    OnCompleted(plan, tracker, request_index);
    co_return co_await Reply(socket, request, peer, http::status::ok, kJson,
                             FullResponseBody(plan));
  }

  // The error response of the http500, http503 and context400 faults.
  ApiError FaultError(FaultKind fault, const CompletionPlan& plan,
                      int64_t max_tokens) const {
    switch (fault) {
      case FaultKind::kHttp500:
        return ApiError{.status = 500,
                        .type = "InternalServerError",
                        .message = "Simulated internal server error.",
                        .param = std::nullopt};
      case FaultKind::kHttp503:
        return ApiError{.status = 503,
                        .type = "ServiceUnavailableError",
                        .message = "Simulated: the server is overloaded.",
                        .param = std::nullopt};
      default:
        return ContextLengthError(plan.prompt_tokens, max_tokens,
                                  config_.max_model_len);
    }
  }

  void OnCompleted(const CompletionPlan& plan, RequestTracker& tracker,
                   uint64_t request_index) {
    tracker.OnFinished();
    if (plan.spec_draft_tokens > 0 && config_.engine == Engine::kVllm) {
      Log({SpecDecodingLine(
          plan.spec,
          std::chrono::duration<double>(FullResponseDelay(plan)).count())});
    }
    Log(EngineFinishedLines(plan, config_, request_index));
  }

  // Writes one HTTP chunk. The socket is non-blocking: a chunk that fits in
  // the send buffer (nearly all) leaves at once, without a round trip
  // through the event loop; only what did not fit waits for the socket.
  asio::awaitable<bool> WriteChunk(tcp::socket& socket, std::string_view bytes,
                                   error_code& ec) {
    const auto chunk =
        http::make_chunk(asio::const_buffer(bytes.data(), bytes.size()));
    ec = {};
    const size_t sent = socket.write_some(chunk, ec);
    if (!ec && sent == asio::buffer_size(chunk)) co_return true;
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
      co_return false;
    }
    beast::buffers_suffix<std::decay_t<decltype(chunk)>> rest(chunk);
    rest.consume(ec ? 0 : sent);
    ec = {};
    co_await asio::async_write(socket, rest,
                               asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  }

  // The nested-event fault's event: "data: " NESTED "\n\n".
  std::string NestedEvent() const {
    return "data: " + NestedJson(config_.nesting_kind, config_.nesting_depth) +
           "\n\n";
  }

  // The huge-line fault: "data: " and kHugeLineBytes without a newline, in
  // pieces, then the connection closes.
  asio::awaitable<void> SendHugeLine(tcp::socket& socket) {
    error_code ec;
    if (!co_await WriteChunk(socket, "data: ", ec)) co_return;
    const std::string piece(kHugeLinePieceBytes, 'x');
    for (int64_t sent = 0; sent < kHugeLineBytes; sent += piece.size()) {
      if (!co_await WriteChunk(socket, piece, ec)) co_return;
    }
    socket.close(ec);
  }

  asio::awaitable<bool> Stream(tcp::socket& socket, Worker& worker,
                               const Request& request,
                               SteadyClock::time_point received,
                               const std::string& peer,
                               const CompletionPlan& plan, FaultKind fault,
                               RequestTracker& tracker,
                               uint64_t request_index) {
    error_code ec;
    // Added to every later deadline by the stall faults.
    Duration shift{0};
    if (fault == FaultKind::kStallBefore) {
      shift = Seconds(config_.fault_stall_s);
      co_await worker.deadlines->Wait(received + shift, asio::use_awaitable);
    }
    // Headers go out at once, as FastAPI's StreamingResponse sends them
    // before the first event.
    http::response<http::empty_body> response{http::status::ok,
                                              request.version()};
    response.set(http::field::server, Beast(kServerHeader));
    response.set(http::field::content_type, Beast(SseContentType()));
    response.chunked(true);
    response.keep_alive(request.keep_alive());
    http::response_serializer<http::empty_body> serializer{response};
    // Logged before the bytes leave, as uvicorn does at response start, so
    // a client that got the response finds its line in the log.
    LogAccess(peer, request, 200);
    co_await http::async_write_header(
        socket, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;

    const StreamRenderer renderer(plan);
    const size_t count = renderer.size();
    StreamEvent event;  // its bytes buffer is reused by every event
    const int64_t midpoint = FaultMidpoint(plan.completion_tokens());
    const int64_t error_after = std::min<int64_t>(
        kErrorEventAfterChunks, static_cast<int64_t>(plan.step_sizes.size()));
    int64_t tokens_sent = 0;
    int64_t chunks_sent = 0;
    bool mid_done = false;
    for (size_t i = 0; i < count; ++i) {
      renderer.Render(i, event);
      if ((event.kind == StreamEvent::Kind::kUsage &&
           fault == FaultKind::kNoUsage) ||
          (event.kind == StreamEvent::Kind::kDone &&
           fault == FaultKind::kNoDone)) {
        continue;
      }
      // Absolute deadlines: a late wake-up does not push later tokens back.
      const SteadyClock::time_point due = received + event.at + shift;
      co_await worker.deadlines->Wait(due, asio::use_awaitable);
      const Duration late = SteadyClock::now() - due;
      lateness_.Record(worker.index, LatenessKind::kChunk, late);
      if (event.kind == StreamEvent::Kind::kToken && event.token_index == 0) {
        lateness_.Record(worker.index, LatenessKind::kFirstToken, late);
      }
      if (event.kind == StreamEvent::Kind::kToken) tracker.OnStep();
      // An empty event (an engine that sends nothing for a step without
      // text) must not become a zero-length HTTP chunk, which would end the
      // response.
      if (!event.bytes.empty() &&
          !co_await WriteChunk(socket, event.bytes, ec)) {
        co_return false;  // the client went away
      }
      if (event.kind != StreamEvent::Kind::kToken) continue;
      tokens_sent += event.token_count;
      ++chunks_sent;
      if ((fault == FaultKind::kErrorEvent ||
           fault == FaultKind::kNestedEvent) &&
          chunks_sent == error_after) {
        // Named: GCC mishandles temporaries in co_await expressions.
        const std::string last = fault == FaultKind::kErrorEvent
                                     ? std::string(kErrorEvent)
                                     : NestedEvent();
        if (!co_await WriteChunk(socket, last, ec)) co_return false;
        co_await asio::async_write(
            socket, http::make_chunk_last(),
            asio::redirect_error(asio::use_awaitable, ec));
        co_return !ec && request.keep_alive();
      }
      if (mid_done || tokens_sent < midpoint) continue;
      mid_done = true;
      switch (fault) {
        case FaultKind::kStallMid:
          shift = Seconds(config_.fault_stall_s);
          break;
        case FaultKind::kDisconnectMid:
          socket.close(ec);
          co_return false;
        case FaultKind::kGarbage:
          if (!co_await WriteChunk(socket, kGarbageEvent, ec)) co_return false;
          break;
        case FaultKind::kHugeLine:
          co_await SendHugeLine(socket);
          co_return false;
        default:
          break;
      }
    }
    OnCompleted(plan, tracker, request_index);
    co_await asio::async_write(socket, http::make_chunk_last(),
                               asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec && request.keep_alive();
  }

  asio::awaitable<bool> ReplyError(tcp::socket& socket, const Request& request,
                                   const std::string& peer,
                                   const ApiError& error) {
    co_return co_await Reply(socket, request, peer,
                             static_cast<http::status>(error.status), kJson,
                             ErrorBody(error));
  }

  asio::awaitable<bool> Reply(tcp::socket& socket, const Request& request,
                              const std::string& peer, http::status status,
                              std::string_view content_type, std::string body) {
    http::response<http::string_body> response{status, request.version()};
    response.set(http::field::server, Beast(kServerHeader));
    if (!content_type.empty()) {
      response.set(http::field::content_type, Beast(content_type));
    }
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    LogAccess(peer, request, static_cast<int>(status));  // see Stream()
    error_code ec;
    co_await http::async_write(socket, response,
                               asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec && response.keep_alive();
  }

  void LogAccess(const std::string& peer, const Request& request, int status) {
    if (log_ == nullptr) return;
    std::optional<LogLine> line = EngineAccessLine(
        config_.engine, peer, Std(request.method_string()),
        Std(request.target()), status,
        Std(http::obsolete_reason(static_cast<http::status>(status))));
    if (line) log_->Write(*line);
  }

  // llama-server's event streams carry no charset; the Python servers'
  // (Starlette) add one.
  std::string_view SseContentType() const {
    return config_.engine == Engine::kLlamaCpp
               ? "text/event-stream"
               : "text/event-stream; charset=utf-8";
  }

  // An HTTP 200 event stream whose whole body is `events` (SGLang's
  // in-stream errors).
  asio::awaitable<bool> ReplyStreamBody(tcp::socket& socket,
                                        const Request& request,
                                        const std::string& peer,
                                        std::string events) {
    co_return co_await Reply(socket, request, peer, http::status::ok,
                             SseContentType(), std::move(events));
  }

  const SimConfig config_;
  LogSink* const log_;
  std::vector<std::unique_ptr<Worker>> workers_;
  // On worker 0.
  std::optional<tcp::acceptor> acceptor_;
  std::optional<asio::steady_timer> startup_timer_;
  int port_ = 0;
  std::atomic<bool> ready_{false};
  bool started_ = false;
  bool stopped_ = false;
  // Shared by every worker: each synchronises itself.
  LockedMetrics metrics_;
  PowerMeter power_;
  Scheduler scheduler_;
  LatenessRecorder lateness_;  // one shard per worker
  PrefixCache prefix_cache_;
  std::atomic<uint64_t> next_request_index_{0};
  std::atomic<uint64_t> accepted_completions_{0};  // numbers them for fault.h
  std::atomic<int64_t> iterations_served_{0};      // trtllm-serve /metrics
};

SimServer::SimServer(SimConfig config, LogSink* log)
    : impl_(std::make_unique<Impl>(std::move(config), log)) {}

SimServer::~SimServer() = default;

Status SimServer::Start() { return impl_->Start(); }

int SimServer::port() const { return impl_->port(); }

std::string SimServer::base_url() const {
  const std::string& host = impl_->config().host;
  // An IPv6 literal needs brackets in a URL.
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port());
}

bool SimServer::ready() const { return impl_->ready(); }

void SimServer::Stop() { impl_->Stop(); }

}  // namespace servebench::sim
