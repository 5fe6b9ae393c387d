// The heap and the one timer of DeadlineQueue.
#include "tools/sim/deadline_queue.h"

#include <algorithm>

namespace servebench::sim {

DeadlineQueue::DeadlineQueue(boost::asio::io_context& ioc)
    : ioc_(ioc), timer_(std::make_unique<boost::asio::steady_timer>(ioc)) {}

void DeadlineQueue::Push(Clock::time_point due,
                         std::unique_ptr<WaiterBase> waiter) {
  heap_.push_back(Entry{due, next_order_++, std::move(waiter)});
  std::push_heap(heap_.begin(), heap_.end(), Later());
  if (!armed_ || due < armed_for_) Arm(due);
}

void DeadlineQueue::Arm(Clock::time_point due) {
  if (!timer_) return;
  armed_ = true;
  armed_for_ = due;
  // Replacing the expiry cancels the previous wait, whose handler then sees
  // operation_aborted and does nothing.
  timer_->expires_at(due);
  timer_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    armed_ = false;
    Fire();
  });
}

void DeadlineQueue::Fire() {
  const Clock::time_point now = Clock::now();
  // Collected first: resumed coroutines push their next deadline at once.
  due_now_.clear();
  while (!heap_.empty() && heap_.front().due <= now) {
    std::pop_heap(heap_.begin(), heap_.end(), Later());
    due_now_.push_back(std::move(heap_.back()));
    heap_.pop_back();
  }
  std::vector<Entry> batch = std::move(due_now_);
  for (Entry& entry : batch) entry.waiter->Complete();
  batch.clear();
  due_now_ = std::move(batch);  // keeps the capacity
  if (!heap_.empty() && (!armed_ || heap_.front().due < armed_for_)) {
    Arm(heap_.front().due);
  }
}

void DeadlineQueue::Shutdown() {
  heap_.clear();
  due_now_.clear();
  timer_.reset();
  armed_ = false;
}

}  // namespace servebench::sim
