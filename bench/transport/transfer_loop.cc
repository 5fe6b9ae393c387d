// libcurl's multi socket interface on epoll.
#include "bench/transport/transfer_loop.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "bench/transport/curl_common.h"

namespace servebench {

Result<std::unique_ptr<TransferLoop>> TransferLoop::Create(
    int max_connections) {
  CurlGlobalInit();
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return Error{"libcurl could not create a multi handle"};
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) {
    curl_multi_cleanup(multi);
    return Error{std::string("cannot create an epoll instance: ") +
                 std::strerror(errno)};
  }
  std::unique_ptr<TransferLoop> loop(new TransferLoop(multi, epoll_fd));
  const long n = std::max(1, max_connections);
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, n);
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, n);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, n);
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_NOTHING);
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, OnSocket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, loop.get());
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, OnTimer);
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, loop.get());
  return loop;
}

TransferLoop::TransferLoop(CURLM* multi, int epoll_fd)
    : multi_(multi), epoll_fd_(epoll_fd) {}

TransferLoop::~TransferLoop() {
  curl_multi_cleanup(multi_);
  close(epoll_fd_);
}

int TransferLoop::OnSocket(CURL*, curl_socket_t socket, int what, void* self,
                           void* socket_data) {
  auto* loop = static_cast<TransferLoop*>(self);
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(loop->epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);
    curl_multi_assign(loop->multi_, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.data.fd = socket;
  if (what & CURL_POLL_IN) event.events |= EPOLLIN;
  if (what & CURL_POLL_OUT) event.events |= EPOLLOUT;
  // socket_data marks a socket epoll already watches.
  const bool known = socket_data != nullptr;
  if (epoll_ctl(loop->epoll_fd_, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket,
                &event) != 0 &&
      errno == (known ? ENOENT : EEXIST)) {
    epoll_ctl(loop->epoll_fd_, known ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, socket,
              &event);
  }
  if (!known) curl_multi_assign(loop->multi_, socket, loop);
  return 0;
}

int TransferLoop::OnTimer(CURLM*, long timeout_ms, void* self) {
  auto* loop = static_cast<TransferLoop*>(self);
  loop->timer_set_ = timeout_ms >= 0;
  if (loop->timer_set_) {
    loop->timer_due_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

void TransferLoop::Add(StreamTransfer& transfer) {
  curl_multi_add_handle(multi_, transfer.easy());
  ++in_flight_;
}

void TransferLoop::Remove(StreamTransfer& transfer) {
  curl_multi_remove_handle(multi_, transfer.easy());
  --in_flight_;
}

void TransferLoop::Act(curl_socket_t socket, int flags) {
  curl_multi_socket_action(multi_, socket, flags, &running_);
}

TransferLoop::Wake TransferLoop::RunOnce(int max_wait_ms, const DoneFn& done) {
  int wait_ms = std::max(0, max_wait_ms);
  if (timer_set_) {
    // Rounded up: a timer 0.4 ms away must not become a zero wait, or the
    // loop spins until it is due.
    const auto until_us = std::chrono::duration_cast<std::chrono::microseconds>(
                              timer_due_ - Clock::now())
                              .count();
    const long long until_ms = (until_us + 999) / 1000;
    wait_ms = static_cast<int>(std::clamp<long long>(until_ms, 0, wait_ms));
  }
  std::array<epoll_event, 64> events;
  const int n = epoll_wait(epoll_fd_, events.data(),
                           static_cast<int>(events.size()), wait_ms);
  Wake wake{Clock::now(), {}};
  for (int i = 0; i < n; ++i) {
    int flags = 0;
    if (events[i].events & EPOLLIN) flags |= CURL_CSELECT_IN;
    if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
    if (events[i].events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
    Act(events[i].data.fd, flags);
  }
  if (timer_set_ && Clock::now() >= timer_due_) {
    timer_set_ = false;
    Act(CURL_SOCKET_TIMEOUT, 0);
  }
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    StreamTransfer* transfer = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &transfer);
    const CURLcode code = msg->data.result;
    Remove(*transfer);
    done(*transfer, code);
  }
  wake.processed = Clock::now();
  return wake;
}

}  // namespace servebench
