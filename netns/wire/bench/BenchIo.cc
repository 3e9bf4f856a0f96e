#include "netns/wire/bench/BenchIo.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cstring>
#include <regex>
#include <stdexcept>
#include <thread>

#include "netns/Error.h"
#include "netns/UniqueFd.h"

namespace tcpfault::netns::wire::bench {
namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in addr4(const std::string& ip, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  return a;
}

UniqueFd listenOn(int type, uint16_t port) {
  UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = addr4("0.0.0.0", port);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) throwErrno(errno, "bind");
  if (type == SOCK_STREAM && ::listen(fd.get(), 4) < 0) throwErrno(errno, "listen");
  return fd;
}

bool readable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) > 0;
}

}  // namespace

double bulkThroughput(Topology& t, std::chrono::milliseconds duration) {
  UniqueFd ls;
  t.host("server").enter([&] { ls = listenOn(SOCK_STREAM, 5201 + 1); });
  std::atomic<uint64_t> received{0};
  std::atomic<double> secs{0};
  std::thread sink([&] {
    if (!readable(ls.get(), 5000)) return;
    UniqueFd c(::accept(ls.get(), nullptr, nullptr));
    static thread_local char buf[1 << 18];
    auto t0 = Clock::now();
    for (ssize_t n; readable(c.get(), 5000) && (n = ::recv(c.get(), buf, sizeof buf, 0)) > 0;)
      received += static_cast<uint64_t>(n);
    secs = std::chrono::duration<double>(Clock::now() - t0).count();
  });
  t.host("client").enter([&] {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in a = addr4(t.address("server"), 5202);
    timeval tv{2, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) return;
    std::string chunk(1 << 17, 'b');
    auto end = Clock::now() + duration;
    while (Clock::now() < end)
      if (::send(fd.get(), chunk.data(), chunk.size(), MSG_NOSIGNAL) < 0 && errno != EAGAIN) break;
  });  // the socket closes here: the sink sees EOF once the queue drains
  sink.join();
  return secs > 0 ? static_cast<double>(received) / secs : 0;
}

std::vector<double> probeDelays(Topology& t, int n, std::chrono::microseconds gap) {
  UniqueFd rx;
  t.host("server").enter([&] { rx = listenOn(SOCK_DGRAM, 5300); });
  std::vector<double> delays;
  std::thread recv([&] {
    int64_t sent;
    while (static_cast<int>(delays.size()) < n && readable(rx.get(), 3000)) {
      if (::recv(rx.get(), &sent, sizeof sent, 0) != sizeof sent) continue;
      int64_t now = Clock::now().time_since_epoch().count();
      delays.push_back(static_cast<double>(now - sent) / 1e6);
    }
  });
  t.host("client").enter([&] {
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in a = addr4(t.address("server"), 5300);
    auto next = Clock::now();
    for (int i = 0; i < n; ++i) {
      std::this_thread::sleep_until(next);  // pacing of probes, not synchronisation
      int64_t now = Clock::now().time_since_epoch().count();
      ::sendto(fd.get(), &now, sizeof now, 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
      next += gap;
    }
  });
  recv.join();
  return delays;
}

double iperf3Throughput(Topology& t, int seconds, std::string& why) {
  Child srv;
  try {
    srv = t.host("server").spawn(SpawnOptions::command({"iperf3", "-s", "-1", "-p", "5401", "--forceflush"}));
  } catch (const std::exception& e) {
    why = std::string("iperf3: ") + e.what();
    return -1;
  }
  if (!srv.waitForOutput("listening", std::chrono::seconds(5))) {
    why = "iperf3 server did not start: " + srv.output();
    return -1;
  }
  Child cli = t.host("client").spawn(SpawnOptions::command(
      {"iperf3", "-c", t.address("server"), "-p", "5401", "-t", std::to_string(seconds), "-J"}));
  auto st = cli.waitFor(std::chrono::seconds(seconds + 15));
  srv.waitFor(std::chrono::seconds(5));
  if (!st) {
    cli.kill();
    why = "iperf3 client did not finish";
    return -1;
  }
  std::string out = cli.output();
  // "sum_received": { ... "bits_per_second": 1.2e10 ... }
  static const std::regex re(R"("sum_received":\s*\{[^}]*"bits_per_second":\s*([0-9.eE+]+))");
  std::smatch m;
  if (!std::regex_search(out, m, re)) {
    why = "no sum_received in iperf3 output";
    return -1;
  }
  return std::stod(m[1].str());
}

}  // namespace tcpfault::netns::wire::bench
