// Claiming requests: follow-up turns first, then new conversations when due.
#include "bench/load/request_source.h"

namespace servebench {

RequestSource::RequestSource(int conversations, int turns)
    : conversations_(conversations),
      turns_(turns),
      warmup_conversation_(conversations > 0 ? conversations : 0, false) {}

std::optional<ClaimedRequest> RequestSource::Claim(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopped_) return std::nullopt;
  if (!follow_ups_.empty()) {
    ClaimedRequest next = follow_ups_.front();
    follow_ups_.pop_front();
    return next;
  }
  const std::optional<Start> start = NextConversation(now);
  if (!start) return std::nullopt;
  ++open_conversations_;
  warmup_conversation_[start->conversation] = start->warmup;
  return ClaimedRequest{start->conversation * turns_, start->scheduled,
                        start->warmup};
}

void RequestSource::Finished(int index, bool ok, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  const bool last_turn = index % turns_ == turns_ - 1;
  if (last_turn || !ok || stopped_) {
    --open_conversations_;
    return;
  }
  const int conversation = index / turns_;
  follow_ups_.push_back(ClaimedRequest{
      index + 1, Timed() ? std::optional<Clock::time_point>(now) : std::nullopt,
      warmup_conversation_[conversation]});
}

bool RequestSource::Exhausted() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!follow_ups_.empty() && !stopped_) return false;
  if (open_conversations_ > 0) return false;
  return stopped_ || !StartsLeft();
}

ClosedLoopSource::ClosedLoopSource(int conversations, int turns,
                                   double max_duration_s)
    : RequestSource(conversations, turns),
      start_(Clock::now()),
      max_duration_s_(max_duration_s) {}

bool ClosedLoopSource::StartsLeft() const {
  if (next_ >= conversations_) return false;
  return max_duration_s_ <= 0 ||
         std::chrono::duration<double>(Clock::now() - start_).count() <=
             max_duration_s_;
}

std::optional<RequestSource::Start> ClosedLoopSource::NextConversation(
    Clock::time_point) {
  if (!StartsLeft()) return std::nullopt;
  return Start{next_++, std::nullopt, false};
}

ScheduledSource::ScheduledSource(std::vector<double> offsets_s, int turns,
                                 double warmup_s, Clock::time_point start)
    : RequestSource(static_cast<int>(offsets_s.size()), turns),
      offsets_s_(std::move(offsets_s)),
      warmup_s_(warmup_s),
      start_(start) {}

Clock::time_point ScheduledSource::ScheduledAt(int conversation) const {
  return start_ + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(offsets_s_[conversation]));
}

std::optional<Clock::time_point> ScheduledSource::NextDue() const {
  if (stopped()) return std::nullopt;  // nothing more will start
  const int next = next_.load();
  if (next >= conversations_) return std::nullopt;
  return ScheduledAt(next);
}

bool ScheduledSource::StartsLeft() const {
  return next_.load() < conversations_;
}

std::optional<RequestSource::Start> ScheduledSource::NextConversation(
    Clock::time_point now) {
  const int next = next_.load();
  if (next >= conversations_) return std::nullopt;
  const Clock::time_point due = ScheduledAt(next);
  if (due > now) return std::nullopt;
  next_.store(next + 1);
  return Start{next, due, offsets_s_[next] < warmup_s_};
}

}  // namespace servebench
