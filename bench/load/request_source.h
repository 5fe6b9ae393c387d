// Where the load driver's threads get their next request: at once whenever a
// stream is free (a closed loop), or when its scheduled time has come (an
// open loop). Both also carry conversations: with turns T, requests
// c·T … c·T + T − 1 are the turns of conversation c, and a turn may start
// only once the previous one has ended (its follow-up is released then, and
// is served before any new conversation).
//
// Thread-safe: every driver thread claims from the one source.
#ifndef SERVEBENCH_BENCH_LOAD_REQUEST_SOURCE_H_
#define SERVEBENCH_BENCH_LOAD_REQUEST_SOURCE_H_

#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "bench/base/clock.h"

namespace servebench {

struct ClaimedRequest {
  int index = 0;
  // When it was due (open loop: its scheduled arrival; a follow-up turn:
  // when the previous turn ended). Absent in a closed loop, whose requests
  // are due the moment a stream frees up.
  std::optional<Clock::time_point> scheduled;
  // Arrived during the level's warm-up (open loop).
  bool warmup = false;
};

class RequestSource {
 public:
  explicit RequestSource(int conversations, int turns);
  virtual ~RequestSource() = default;

  // The next request that may start at `now`: a released follow-up turn
  // first, else a new conversation if one is due. Nullopt when nothing may
  // start yet (or ever).
  std::optional<ClaimedRequest> Claim(Clock::time_point now);
  // When the next new conversation becomes due; nullopt when none is waiting
  // for its time (a closed loop's are always due).
  virtual std::optional<Clock::time_point> NextDue() const = 0;
  // Request `index` ended at `now`, either way: releases its conversation's
  // next turn, unless it failed (a failed turn ends its conversation).
  void Finished(int index, bool ok, Clock::time_point now);
  // Nothing will ever be claimable again: every conversation started (or
  // the source was stopped) and none is still open.
  bool Exhausted() const;
  // Starts no new conversation and releases no follow-up from now on.
  void Stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  int total() const { return conversations_ * turns_; }
  int turns() const { return turns_; }

 protected:
  // A new conversation due at `now`: its number, when it was due and
  // whether it is warm-up; nullopt when none is due (or none is left).
  struct Start {
    int conversation;
    std::optional<Clock::time_point> scheduled;
    bool warmup;
  };
  // Called under the source's lock.
  virtual std::optional<Start> NextConversation(Clock::time_point now) = 0;
  // Whether a new conversation may still start, now or later (under the
  // lock).
  virtual bool StartsLeft() const = 0;
  // Whether requests carry the time they were due (open loop).
  virtual bool Timed() const = 0;

  const int conversations_;

 private:
  const int turns_;
  std::atomic<bool> stopped_{false};
  mutable std::mutex mutex_;  // guards the fields below
  std::deque<ClaimedRequest> follow_ups_;
  int open_conversations_ = 0;  // started, last turn not yet ended
  std::vector<bool> warmup_conversation_;
};

// Every new conversation is due at once: the driver starts one whenever a
// stream is free. Stops starting after `max_duration_s` (> 0) from creation.
class ClosedLoopSource : public RequestSource {
 public:
  ClosedLoopSource(int conversations, int turns, double max_duration_s);
  std::optional<Clock::time_point> NextDue() const override {
    return std::nullopt;
  }

 private:
  std::optional<Start> NextConversation(Clock::time_point now) override;
  bool StartsLeft() const override;
  bool Timed() const override { return false; }
  const Clock::time_point start_;
  const double max_duration_s_;
  int next_ = 0;  // under the base's lock
};

// Conversation c is due at start + offsets_s[c]; those due before
// start + warmup_s are warm-up.
class ScheduledSource : public RequestSource {
 public:
  ScheduledSource(std::vector<double> offsets_s, int turns, double warmup_s,
                  Clock::time_point start);
  std::optional<Clock::time_point> NextDue() const override;
  Clock::time_point ScheduledAt(int conversation) const;
  Clock::time_point start() const { return start_; }

 private:
  std::optional<Start> NextConversation(Clock::time_point now) override;
  bool StartsLeft() const override;
  bool Timed() const override { return true; }
  const std::vector<double> offsets_s_;
  const double warmup_s_;
  const Clock::time_point start_;
  // Written under the base's lock, read by NextDue without it.
  std::atomic<int> next_{0};
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_REQUEST_SOURCE_H_
