// Tests that the coalesced timer resumes every waiter, in deadline order and
// never before its deadline, and that shutdown drops waiters cleanly.
#include "tools/sim/deadline_queue.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

namespace asio = boost::asio;
using Clock = DeadlineQueue::Clock;
using std::chrono::milliseconds;

TEST(DeadlineQueueTest, ResumesEachWaiterInOrderNeverEarly) {
  asio::io_context ioc(1);
  DeadlineQueue queue(ioc);
  const Clock::time_point start = Clock::now();
  std::vector<int> order;
  int early = 0;
  // Deadlines pushed out of order, some equal: FIFO among equals. 50 ms
  // apart and more, so a busy machine's late start does not reorder them.
  const std::vector<int> offsets_ms = {300, 100, 200, 100, 0, 250};
  for (size_t i = 0; i < offsets_ms.size(); ++i) {
    asio::co_spawn(
        ioc,
        [&, i]() -> asio::awaitable<void> {
          const Clock::time_point due = start + milliseconds(offsets_ms[i]);
          co_await queue.Wait(due, asio::use_awaitable);
          if (Clock::now() < due) ++early;
          order.push_back(static_cast<int>(i));
          // A resumed waiter may wait again at once.
          if (i == 4) {
            co_await queue.Wait(start + milliseconds(150), asio::use_awaitable);
            order.push_back(40);
          }
        },
        asio::detached);
  }
  ioc.run();
  EXPECT_EQ(early, 0);
  EXPECT_THAT(order, ::testing::ElementsAre(4, 1, 3, 40, 2, 5, 0));
  EXPECT_EQ(queue.size(), 0u);
}

TEST(DeadlineQueueTest, ManyWaitersSharingDeadlinesAllComplete) {
  asio::io_context ioc(1);
  DeadlineQueue queue(ioc);
  const Clock::time_point start = Clock::now();
  int done = 0;
  for (int i = 0; i < 1000; ++i) {
    asio::co_spawn(
        ioc,
        [&, i]() -> asio::awaitable<void> {
          for (int step = 0; step < 5; ++step) {
            co_await queue.Wait(start + milliseconds(i % 7 + step * 2),
                                asio::use_awaitable);
          }
          ++done;
        },
        asio::detached);
  }
  ioc.run();
  EXPECT_EQ(done, 1000);
}

struct Flag {
  bool* destroyed;
  ~Flag() { *destroyed = true; }
};

TEST(DeadlineQueueTest, ShutdownDestroysSuspendedWaiters) {
  bool destroyed = false;
  bool resumed = false;
  {
    asio::io_context ioc(1);
    DeadlineQueue queue(ioc);
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
          Flag flag{&destroyed};
          co_await queue.Wait(Clock::now() + std::chrono::hours(1),
                              asio::use_awaitable);
          resumed = true;
        },
        asio::detached);
    ioc.run_for(milliseconds(20));
    EXPECT_EQ(queue.size(), 1u);
    queue.Shutdown();
    EXPECT_EQ(queue.size(), 0u);
  }  // the io_context destroys the frame handed to it
  EXPECT_FALSE(resumed);
  EXPECT_TRUE(destroyed);
}

}  // namespace
}  // namespace servebench::sim
