// Coalesced timers: one steady_timer per io_context wakes every coroutine
// whose deadline has passed, instead of one timer per stream.
//
// Waiters sit in a min-heap by deadline; the single timer is armed for the
// earliest. When it fires, the clock is read once and every waiter due by
// then is resumed, in deadline order, inline on the io_context's thread, so
// streams due within the same wake-up share it (a tick as small as the
// wake-up itself). A waiter is never resumed before its deadline.
//
//   DeadlineQueue queue(io_context);
//   co_await queue.Wait(deadline, asio::use_awaitable);
//
// Thread-safety: Wait() and Shutdown() only from the io_context's own thread
// (one queue per io_context, one thread per io_context).
#ifndef SERVEBENCH_TOOLS_SIM_DEADLINE_QUEUE_H_
#define SERVEBENCH_TOOLS_SIM_DEADLINE_QUEUE_H_

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace servebench::sim {

class DeadlineQueue {
 public:
  using Clock = std::chrono::steady_clock;

  explicit DeadlineQueue(boost::asio::io_context& ioc);
  DeadlineQueue(const DeadlineQueue&) = delete;
  DeadlineQueue& operator=(const DeadlineQueue&) = delete;

  // Completes (void(error_code), always success) at or after `due`.
  template <typename CompletionToken>
  auto Wait(Clock::time_point due, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken,
                                       void(boost::system::error_code)>(
        [this, due](auto handler) {
          Push(due, std::make_unique<Waiter<decltype(handler)>>(
                        std::move(handler), ioc_.get_executor()));
        },
        token);
  }

  // Drops every waiter without resuming it (destroying a suspended
  // coroutine's handler hands its frame to the io_context for destruction),
  // and the timer. Call after the io_context has stopped running, before it
  // is destroyed.
  void Shutdown();

  // Waiters not yet resumed.
  size_t size() const { return heap_.size(); }

 private:
  struct WaiterBase {
    virtual ~WaiterBase() = default;
    virtual void Complete() = 0;
  };
  template <typename Handler>
  struct Waiter final : WaiterBase {
    Waiter(Handler h, boost::asio::io_context::executor_type fallback)
        : handler(std::move(h)), fallback_executor(fallback) {}
    void Complete() override {
      auto executor =
          boost::asio::get_associated_executor(handler, fallback_executor);
      // Inline when already on that executor's thread, as here.
      boost::asio::dispatch(executor, [h = std::move(handler)]() mutable {
        h(boost::system::error_code());
      });
    }
    Handler handler;
    boost::asio::io_context::executor_type fallback_executor;
  };
  struct Entry {
    Clock::time_point due;
    uint64_t order;  // FIFO among equal deadlines
    std::unique_ptr<WaiterBase> waiter;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.due != b.due ? a.due > b.due : a.order > b.order;
    }
  };

  void Push(Clock::time_point due, std::unique_ptr<WaiterBase> waiter);
  void Arm(Clock::time_point due);
  void Fire();

  boost::asio::io_context& ioc_;
  std::unique_ptr<boost::asio::steady_timer> timer_;
  std::vector<Entry> heap_;
  std::vector<Entry> due_now_;  // reused by Fire()
  uint64_t next_order_ = 0;
  bool armed_ = false;
  Clock::time_point armed_for_{};
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_DEADLINE_QUEUE_H_
