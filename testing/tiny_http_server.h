// A scripted HTTP/1.1 server for tests of clients: one connection at a time,
// Connection: close, on an ephemeral loopback port. Each request is answered
// by a callback that sees its method, path, body and how many requests came
// before, so a test can play 404s, errors, JSON or Prometheus text, or a
// gauge that rises and falls.
#ifndef SERVEBENCH_TESTING_TINY_HTTP_SERVER_H_
#define SERVEBENCH_TESTING_TINY_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace servebench::test {

struct HttpExchange {
  std::string method;  // "GET", "POST"
  std::string path;    // with the query, e.g. "/metrics"
  std::string body;
};

struct Answer {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain; version=0.0.4";
};

class TinyHttpServer {
 public:
  using Handler = std::function<Answer(const HttpExchange&, int)>;

  explicit TinyHttpServer(Handler answer);
  ~TinyHttpServer();
  TinyHttpServer(const TinyHttpServer&) = delete;
  TinyHttpServer& operator=(const TinyHttpServer&) = delete;

  // "http://127.0.0.1:PORT".
  const std::string& url() const { return url_; }
  int requests() const { return requests_; }
  std::string last_path() const;
  // Every request answered so far, in order.
  std::vector<HttpExchange> exchanges() const;

 private:
  void Serve();

  Handler answer_;
  int fd_ = -1;
  std::string url_;
  mutable std::mutex mutex_;  // guards exchanges_
  std::vector<HttpExchange> exchanges_;
  std::atomic<int> requests_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace servebench::test

#endif  // SERVEBENCH_TESTING_TINY_HTTP_SERVER_H_
