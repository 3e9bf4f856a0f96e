#include "scenarios/runner/agent/AgentVerbs.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "netns/PollTimeout.h"
#include "netns/SockAddr.h"
#include "netns/SocketDiag.h"
#include "netns/UniqueFd.h"
#include "scenarios/runner/agent/Agent.h"
#include "scenarios/runner/agent/ConnectCall.h"
#include "scenarios/runner/agent/SocketOption.h"
#include "scenarios/runner/agent/ThreadSleep.h"

namespace tcpfault::scenario {
namespace {

std::array<std::atomic<unsigned>, 65> gCaught{};
void onSignal(int sig) { gCaught[static_cast<size_t>(sig)].fetch_add(1); }

// Waits for fd to become ready for `events` up to timeoutMs (<0: forever). 0 on ready,
// -1 with errno on a poll error, kBlocked when the bound ran out: that is the agent's
// own timer, not a kernel verdict, and is reported as "blocked", never as an errno.
constexpr int kBlocked = 1;
int waitReady(int fd, short events, long long timeoutMs) {
  pollfd p{fd, events, 0};
  int n;
  do n = ::poll(&p, 1, netns::pollTimeout(timeoutMs)); while (n < 0 && errno == EINTR);
  if (n == 0) return kBlocked;
  return n < 0 ? -1 : 0;
}

void reportBlocked(Call& c) {
  c.out.ret = -1;
  c.out.err = 0;
  c.out.blocked = true;
}

void doConnect(Call& c) {
  auto addr = parseSockAddr(c.args().text("dest"));
  if (!addr) return c.fail(EINVAL);
  int fd = ::socket(addr->family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return c.result(-1);
  bool nonblock = c.args().flag("nonblock");
  ConnectOutcome r = connectCall(fd, *addr, c.args().number("timeout", -1), nonblock);
  if (r.blocked) {
    c.st.assign(c.req.var, fd);  // the attempt goes on: its socket stays inspectable
    return reportBlocked(c);
  }
  if (r.ret < 0 && !(nonblock && r.err == EINPROGRESS)) {
    ::close(fd);
    return c.fail(r.err);
  }
  c.st.assign(c.req.var, fd);
  c.out.ret = r.ret;
  c.out.err = r.err;
}

// flood DEST N: N blocking connects, kept open under one name (an EMFILE storm for the
// server); returns how many completed. "close NAME" closes them all.
void doFlood(Call& c) {
  auto addr = parseSockAddr(c.args().text("dest"));
  if (!addr) return c.fail(EINVAL);
  long long n = c.args().number("n", 0), ok = 0;
  std::vector<int> fds;
  for (long long i = 0; i < n; ++i) {
    int fd = ::socket(addr->family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    if (::connect(fd, addr->sa(), addr->len) == 0) ++ok;
    fds.push_back(fd);
  }
  c.st.assignGroup(c.req.var, std::move(fds));
  c.out.ret = ok;
}

// The address this host sends from towards dest, with its last byte(s) replaced: an
// unused address of the host's own subnet, whose answers the router cannot deliver.
std::optional<SockAddr> spoofedSource(const SockAddr& dest, unsigned k) {
  UniqueFd probe{::socket(dest.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0)};
  SockAddr src;
  src.len = sizeof src.ss;
  if (probe.get() < 0 || ::connect(probe.get(), dest.sa(), dest.len) < 0 ||
      ::getsockname(probe.get(), reinterpret_cast<sockaddr*>(&src.ss), &src.len) < 0)
    return std::nullopt;
  if (src.family() == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&src.ss);
    a->sin_port = 0;
    reinterpret_cast<uint8_t*>(&a->sin_addr)[3] = static_cast<uint8_t>(100 + k % 100);
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&src.ss);
    a->sin6_port = 0;
    a->sin6_addr.s6_addr[14] = 0x01;
    a->sin6_addr.s6_addr[15] = static_cast<uint8_t>(k);
  }
  return src;
}

// synflood DEST N: a spoofed SYN flood made by the kernel itself. N non-blocking connects,
// each bound (IP_TRANSPARENT) to an unused address of this host's subnet: the SYNs leave,
// the SYN-ACKs go nowhere, the server keeps N half-open requests. The sockets stay open
// under one name (their SYN retransmissions go on); returns how many SYNs left.
void doSynFlood(Call& c) {
  auto dest = parseSockAddr(c.args().text("dest"));
  if (!dest) return c.fail(EINVAL);
  long long n = c.args().number("n", 0), sent = 0;
  bool v6 = dest->family() == AF_INET6;
  int one = 1;
  std::vector<int> fds;
  for (long long i = 0; i < n; ++i) {
    auto src = spoofedSource(*dest, static_cast<unsigned>(i));
    int fd = src ? ::socket(dest->family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0) : -1;
    if (fd < 0) break;
    fds.push_back(fd);
    if (::setsockopt(fd, v6 ? SOL_IPV6 : SOL_IP, v6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, &one,
                     sizeof one) < 0 ||
        ::bind(fd, src->sa(), src->len) < 0)
      break;
    if (::connect(fd, dest->sa(), dest->len) < 0 && errno == EINPROGRESS) ++sent;
  }
  int err = errno;
  c.st.assignGroup(c.req.var, std::move(fds));
  if (sent < n) return c.fail(err);
  c.out.ret = sent;
}

void doListen(Call& c) {
  bool v6 = c.args().flag("ipv6");
  int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return c.result(-1);
  int one = 1;
  if (c.args().flag("reuseaddr")) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  auto addr = SockAddr::any(v6, static_cast<uint16_t>(c.args().number("port", 0)));
  if (::bind(fd, addr.sa(), addr.len) < 0 ||
      ::listen(fd, static_cast<int>(c.args().number("backlog", 128))) < 0) {
    int err = errno;
    ::close(fd);
    return c.fail(err);
  }
  c.st.assign(c.req.var, fd);
  c.out.ret = 0;
}

void doAccept(Call& c) {
  Sock* l = c.sock();
  if (!l) return;
  long long timeoutMs = c.args().number("timeout", -1);
  bool nonblock = c.args().flag("nonblock");
  int w = timeoutMs >= 0 ? waitReady(l->fd, POLLIN, timeoutMs) : 0;
  if (w == kBlocked) return reportBlocked(c);
  if (w < 0) return c.result(-1);
  // One call: EINTR is reported, not retried (UNP 5.9; with SA_RESTART the kernel restarts it).
  int fd = ::accept4(l->fd, nullptr, nullptr, SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0));
  if (fd < 0) return c.result(-1);
  c.st.assign(c.req.var, fd);
  c.out.ret = 0;
}

// Pattern bytes [from, from + n): what `write VAR N` sends, a chunk at a time.
std::string patternChunk(unsigned long long from, size_t n) {
  std::string data(n, '\0');
  for (size_t i = 0; i < n; ++i) data[i] = patternByte(from + i);
  return data;
}

int sendFlags(const Call& c) {
  int f = 0;
  if (c.args().flag("nosignal")) f |= MSG_NOSIGNAL;
  if (c.args().flag("dontwait")) f |= MSG_DONTWAIT;
  if (c.args().flag("oob")) f |= MSG_OOB;
  if (c.args().flag("more")) f |= MSG_MORE;
  return f;
}

// write/send: one call, as the program under study would make it. EINTR is reported,
// not retried: a scenario may be about it. write(2) when no flag asks for send(2).
// N pattern bytes go out in chunks of kWriteChunk, so memory stays bounded whatever N,
// and the chunks add up to what the one call would return: a short chunk ends it, and an
// error after bytes went out is the count so far (as the kernel's own short count) -- so
// the later chunks take MSG_NOSIGNAL: one call raises no SIGPIPE once it has sent bytes.
void sendData(Call& c, bool plainWrite) {
  Sock* s = c.sock();
  if (!s) return;
  int flags = sendFlags(c);
  auto one = [&](const char* p, size_t len, int f) {
    return (plainWrite && f == 0) ? ::write(s->fd, p, len) : ::send(s->fd, p, len, f);
  };
  long long n = c.args().number("pattern", -1);
  if (n < 0) {
    std::string data = c.args().text("data");
    return c.result(one(data.data(), data.size(), flags));
  }
  s->patterned = true;
  constexpr size_t kWriteChunk = 256 << 10;
  long long total = 0;
  while (total < n) {
    size_t ask = static_cast<size_t>(std::min<long long>(kWriteChunk, n - total));
    std::string chunk = patternChunk(s->written.load(), ask);
    ssize_t got = one(chunk.data(), ask, total == 0 ? flags : flags | MSG_NOSIGNAL);
    if (got < 0 && total == 0) return c.result(-1);
    if (got <= 0) break;
    s->written += static_cast<unsigned long long>(got);
    total += got;
    if (static_cast<size_t>(got) < ask) break;
  }
  c.result(total);
}
void doWrite(Call& c) { sendData(c, true); }
void doSend(Call& c) { sendData(c, false); }

void receive(Call& c, bool plainRead) {
  Sock* s = c.sock();
  if (!s) return;
  std::string buf(static_cast<size_t>(c.args().number("n", 65536)), '\0');
  int flags = 0;
  if (c.args().flag("waitall")) flags |= MSG_WAITALL;
  if (c.args().flag("peek")) flags |= MSG_PEEK;
  if (c.args().flag("dontwait")) flags |= MSG_DONTWAIT;
  ssize_t n = plainRead ? ::read(s->fd, buf.data(), buf.size())
                        : ::recv(s->fd, buf.data(), buf.size(), flags);
  c.result(n);
  if (n > 0) c.out.data.assign(buf.data(), static_cast<size_t>(n));
}
void doRead(Call& c) { receive(c, true); }
void doRecv(Call& c) { receive(c, false); }

// readall: loops until N bytes, EOF or an error; checks echoed pattern bytes.
void doReadAll(Call& c) {
  Sock* s = c.sock();
  if (!s) return;
  unsigned long long want = static_cast<unsigned long long>(c.args().number("n", 0)), got = 0;
  std::string buf(1 << 16, '\0');
  while (got < want) {
    size_t ask = static_cast<size_t>(std::min<unsigned long long>(buf.size(), want - got));
    ssize_t n = ::read(s->fd, buf.data(), ask);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return c.result(-1);
    if (n == 0) break;
    for (ssize_t i = 0; i < n && s->patterned; ++i) {
      if (buf[static_cast<size_t>(i)] != patternByte(s->readBack + static_cast<unsigned long long>(i))) {
        c.out.data = fmt::format("echo differs at byte {}", s->readBack + static_cast<unsigned long long>(i));
        return c.fail(EBADMSG);
      }
    }
    s->readBack += static_cast<unsigned long long>(n);
    got += static_cast<unsigned long long>(n);
  }
  c.out.ret = static_cast<long long>(got);
}

void doShutdown(Call& c) {
  Sock* s = c.sock();
  if (!s) return;
  int how = c.args().flag("rd") ? SHUT_RD : c.args().flag("wr") ? SHUT_WR : SHUT_RDWR;
  c.result(::shutdown(s->fd, how));
}

void closeSock(Call& c, bool reset) {
  Sock* s = c.sock();
  if (!s) return;
  if (int busy = c.st.forget(c.args().text("var"))) return c.fail(busy);
  if (reset) {
    linger lg{1, 0};  // linger on with zero time: close() sends RST and discards the queue
    ::setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  }
  c.result(::close(std::exchange(s->fd, -1)));
}
void doClose(Call& c) { closeSock(c, false); }
void doAbort(Call& c) { closeSock(c, true); }

void doSetsockopt(Call& c) {
  Sock* s = c.sock();
  if (!s) return;
  c.result(applySocketOption(s->fd, c.args().text("option"), c.args().number("value", 0)));
}

void doSoError(Call& c) {
  Sock* s = c.sock();
  if (!s) return;
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return c.result(-1);
  if (err) return c.fail(err);
  c.out.ret = 0;
}

void doGetpeername(Call& c) {
  Sock* s = c.sock();
  if (!s) return;
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  c.result(::getpeername(s->fd, reinterpret_cast<sockaddr*>(&ss), &len));
}

// poll VAR [timeout DUR]: is it readable (POLLIN) now, or within DUR? 1 or 0; the
// revents, when ready, as data ("in", "in hup").
void doPoll(Call& c) {
  Sock* s = c.sock();
  if (!s) return;
  pollfd p{s->fd, POLLIN, 0};
  int n;
  do n = ::poll(&p, 1, netns::pollTimeout(c.args().number("timeout", 0))); while (n < 0 && errno == EINTR);
  c.result(n);
  if (n > 0) {
    c.out.data = (p.revents & POLLIN) ? "in" : "";
    if (p.revents & POLLHUP) c.out.data += " hup";
    if (p.revents & POLLERR) c.out.data += " err";
  }
}

void doState(Call& c) {
  Sock* s = c.sock();
  if (!s) return;
  tcp_info info{};
  socklen_t len = sizeof info;
  if (::getsockopt(s->fd, IPPROTO_TCP, TCP_INFO, &info, &len) < 0) return c.result(-1);
  c.out.ret = info.tcpi_state;
  c.out.data = netns::tcpStateName(info.tcpi_state);
}

void doSignal(Call& c) {
  int sig = static_cast<int>(c.args().number("signame", 0));
  struct sigaction sa {};
  sa.sa_handler = c.args().flag("ignore") ? SIG_IGN : c.args().flag("catch") ? onSignal : SIG_DFL;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = c.args().flag("restart") ? SA_RESTART : 0;
  c.result(::sigaction(sig, &sa, nullptr));
}

// interrupt (the directive "interrupt HOST VAR SIGNAME"): the signal goes to
// the thread of the running background call once it sleeps in its system call, and, when
// the agent catches it, the handler has run before the reply: by then the kernel has chosen
// between restarting the call (SA_RESTART) and EINTR, so nothing that follows can race it.
// The thread is signalled (tgkill), not the process: the kernel would hand a process-directed
// signal to the main thread, which reads the runner's requests and is in no call.
void doInterrupt(Call& c) {
  int sig = static_cast<int>(c.args().number("signame", 0));
  const std::string& call = c.args().text("call");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(c.args().number("bound", 3000));
  struct sigaction cur {};
  ::sigaction(sig, nullptr, &cur);
  bool caught = cur.sa_handler == onSignal;
  unsigned before = caughtCount(sig);
  ThreadSleep seen{false, "starting"};
  for (bool sent = false; !sent;) {
    int err = 0;
    bool runs = c.st.withCallThread(call, [&](const CallThread& t) {
      if (t.tid == 0) return;  // its thread has not started yet
      seen = threadSleep(t.proc);
      if (!seen.asleep) return;
      sent = ::tgkill(::getpid(), t.tid, sig) == 0;
      err = sent ? 0 : errno;
    });
    if (!runs) c.out.data = fmt::format("{} has returned", call);
    else if (err) c.out.data = fmt::format("tgkill: {}", errnoName(err));
    else if (!sent && std::chrono::steady_clock::now() >= deadline)
      c.out.data = fmt::format("{} not asleep in a system call: {}", call, seen.where);
    if (!c.out.data.empty()) return c.fail(err);
    if (!sent) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // polls /proc
  }
  while (caught && caughtCount(sig) == before) {
    if (std::chrono::steady_clock::now() >= deadline) {
      c.out.data = fmt::format("{} sent to {} asleep in {}, not handled", signalName(sig), call, seen.where);
      return c.fail(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  c.out.ret = 0;
  c.out.data = fmt::format("{} to {} asleep in {}{}", signalName(sig), call, seen.where, caught ? ", handled" : "");
}

// The agent's half of each agent verb (the grammar row is in runner/lang/Grammar.cc),
// and "state", the query behind "expect HOST state VAR".
struct VerbRow {
  std::string_view verb;
  AgentHandler fn;
};
constexpr VerbRow kVerbs[] = {
    {"connect", doConnect},   {"flood", doFlood},       {"synflood", doSynFlood},
    {"listen", doListen},     {"accept", doAccept},
    {"write", doWrite},       {"send", doSend},         {"read", doRead},
    {"recv", doRecv},         {"readall", doReadAll},   {"shutdown", doShutdown},
    {"close", doClose},       {"abort", doAbort},       {"setsockopt", doSetsockopt},
    {"so_error", doSoError},  {"signal", doSignal},     {"state", doState},
    {"getpeername", doGetpeername}, {"poll", doPoll},
    {"interrupt", doInterrupt},  // the directive "interrupt HOST VAR SIGNAME"
};

}  // namespace

AgentHandler findAgentHandler(std::string_view verb) {
  for (const auto& row : kVerbs)
    if (row.verb == verb) return row.fn;
  return nullptr;
}

unsigned caughtCount(int sig) { return gCaught[static_cast<size_t>(sig)].load(); }

}  // namespace tcpfault::scenario
