// Accept, read one request (headers and a Content-Length body), answer,
// close.
#include "testing/tiny_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

namespace servebench::test {
namespace {

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 404:
      return "Not Found";
    default:
      return "X";
  }
}

// The value of a header (case-insensitive name) in `head`, or "".
std::string Header(const std::string& head, const std::string& name) {
  std::string lower_head = head;
  for (char& c : lower_head) c = static_cast<char>(std::tolower(c));
  const size_t at = lower_head.find("\r\n" + name + ":");
  if (at == std::string::npos) return "";
  const size_t start = at + 3 + name.size();
  const size_t end = head.find("\r\n", start);
  std::string value = head.substr(start, end - start);
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  return value;
}

}  // namespace

TinyHttpServer::TinyHttpServer(Handler answer) : answer_(std::move(answer)) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  listen(fd_, 16);
  socklen_t len = sizeof(addr);
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  url_ = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  thread_ = std::thread([this] { Serve(); });
}

TinyHttpServer::~TinyHttpServer() {
  stop_ = true;
  thread_.join();
  close(fd_);
}

std::string TinyHttpServer::last_path() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return exchanges_.empty() ? "" : exchanges_.back().path;
}

std::vector<HttpExchange> TinyHttpServer::exchanges() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return exchanges_;
}

void TinyHttpServer::Serve() {
  while (!stop_) {
    pollfd pfd{fd_, POLLIN, 0};
    if (poll(&pfd, 1, 20) <= 0) continue;
    const int client = accept(fd_, nullptr, nullptr);
    if (client < 0) continue;
    std::string request;
    char buffer[4096];
    size_t head_end = std::string::npos;
    while ((head_end = request.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = read(client, buffer, sizeof(buffer));
      if (n <= 0) break;
      request.append(buffer, static_cast<size_t>(n));
    }
    HttpExchange exchange;
    if (head_end != std::string::npos) {
      const std::string head = request.substr(0, head_end);
      const size_t length =
          std::strtoul(Header(head, "content-length").c_str(), nullptr, 10);
      while (request.size() < head_end + 4 + length) {
        const ssize_t n = read(client, buffer, sizeof(buffer));
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      exchange.method = head.substr(0, head.find(' '));
      const size_t start = head.find(' ') + 1;
      exchange.path = head.substr(start, head.find(' ', start) - start);
      exchange.body = request.substr(head_end + 4, length);
    }
    const Answer answer = answer_(exchange, requests_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      exchanges_.push_back(exchange);
    }
    const std::string response =
        "HTTP/1.1 " + std::to_string(answer.status) + " " +
        Reason(answer.status) + "\r\nContent-Type: " + answer.content_type +
        "\r\nContent-Length: " + std::to_string(answer.body.size()) +
        "\r\nConnection: close\r\n\r\n" + answer.body;
    (void)!write(client, response.data(), response.size());
    close(client);
    ++requests_;
  }
}

}  // namespace servebench::test
