#include "scenarios/runner/agent/Agent.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "netns/SocketDiag.h"
#include "scenarios/runner/agent/AgentArgs.h"
#include "scenarios/runner/agent/AgentProtocol.h"
#include "scenarios/runner/agent/SockAddr.h"
#include "scenarios/runner/agent/SocketOption.h"

namespace tcpfault::scenario {

char patternByte(unsigned long long i) {
  // 63 printable bytes and a newline: line-based servers (chat) see 64-byte lines, and
  // the period differs from any buffer size, so a lost or repeated block shows.
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (i % 64 == 63) return '\n';
  return kAlphabet[(i / 64 + i % 64) % (sizeof kAlphabet - 1)];
}

namespace {

std::array<std::atomic<unsigned>, 65> gCaught{};
void onSignal(int sig) { gCaught[static_cast<size_t>(sig)].fetch_add(1); }

struct Sock {
  int fd = -1;
  // Pattern bytes written and read back: readall checks an echo against what was sent.
  // A background write and a background readall may run at once on one socket.
  std::atomic<bool> patterned{false};
  std::atomic<unsigned long long> written{0};
  unsigned long long readBack = 0;
};

// Agent state shared by the main loop and background threads.
class AgentState {
 public:
  explicit AgentState(int ctl) : ctl_(ctl) {}

  void reply(const AgentReply& r) {
    std::string line = encodeReply(r);
    std::lock_guard lk(writeMu_);
    size_t off = 0;
    while (off < line.size()) {
      ssize_t n = ::send(ctl_, line.data() + off, line.size() - off, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(3);  // the runner is gone: nothing left to report to
      off += static_cast<size_t>(n);
    }
  }

  Sock* find(const std::string& var) {
    std::lock_guard lk(mu_);
    auto it = socks_.find(var);
    return it == socks_.end() ? nullptr : &it->second;
  }
  void assign(const std::string& var, int fd) {
    std::lock_guard lk(mu_);
    socks_.erase(var);  // a reassigned name starts afresh
    socks_[var].fd = fd;
  }
  void forget(const std::string& var) {
    std::lock_guard lk(mu_);
    socks_.erase(var);
    for (int fd : groups_[var]) ::close(fd);
    groups_.erase(var);
  }
  void assignGroup(const std::string& var, std::vector<int> fds) {
    std::lock_guard lk(mu_);
    socks_.erase(var);
    socks_[var].fd = fds.empty() ? -1 : fds.front();
    fds.erase(fds.begin(), fds.begin() + (fds.empty() ? 0 : 1));
    groups_[var] = std::move(fds);
  }

 private:
  int ctl_;
  std::mutex writeMu_, mu_;
  std::map<std::string, Sock> socks_;  // std::map: pointers stay valid across inserts
  std::map<std::string, std::vector<int>> groups_;  // flood: the sockets beyond the first
};

struct Call {
  const AgentRequest& req;
  AgentState& st;
  AgentReply& out;

  const AgentArgs& args() const { return req.args; }
  void result(long long ret) {
    out.ret = ret;
    out.err = ret < 0 ? errno : 0;
  }
  void fail(int err) {
    out.ret = -1;
    out.err = err;
  }
  // The socket named by the VAR slot; EBADF when there is none.
  Sock* sock() {
    Sock* s = st.find(args().text("var"));
    if (!s) fail(EBADF);
    return s;
  }
};

// Waits for fd to become ready for `events` up to timeoutMs (<0: forever). 0 on ready.
int waitReady(int fd, short events, long long timeoutMs) {
  pollfd p{fd, events, 0};
  int n;
  do n = ::poll(&p, 1, static_cast<int>(timeoutMs)); while (n < 0 && errno == EINTR);
  if (n == 0) {
    errno = ETIMEDOUT;
    return -1;
  }
  return n < 0 ? -1 : 0;
}

void doConnect(Call& c) {
  auto addr = parseSockAddr(c.args().text("dest"));
  if (!addr) return c.fail(EINVAL);
  int fd = ::socket(addr->family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return c.result(-1);
  long long timeoutMs = c.args().number("timeout", -1);
  bool nonblock = c.args().flag("nonblock");
  if (nonblock || timeoutMs >= 0) ::fcntl(fd, F_SETFL, O_NONBLOCK);
  int r = ::connect(fd, addr->sa(), addr->len);
  if (r < 0 && errno == EINPROGRESS && !nonblock) {
    // connect with a timeout: wait for writability, then read the verdict from SO_ERROR.
    if (waitReady(fd, POLLOUT, timeoutMs) == 0) {
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      errno = err;
      r = err ? -1 : 0;
    }
    ::fcntl(fd, F_SETFL, 0);
  }
  if (r < 0 && !(nonblock && errno == EINPROGRESS)) {
    int err = errno;
    ::close(fd);
    return c.fail(err);
  }
  c.st.assign(c.req.var, fd);
  c.out.ret = r;
  c.out.err = r < 0 ? errno : 0;
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
  if (timeoutMs >= 0 && waitReady(l->fd, POLLIN, timeoutMs) < 0) return c.result(-1);
  int fd;
  do fd = ::accept4(l->fd, nullptr, nullptr, SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0));
  while (fd < 0 && errno == EINTR && !nonblock);
  if (fd < 0) return c.result(-1);
  c.st.assign(c.req.var, fd);
  c.out.ret = 0;
}

std::string payload(Call& c, Sock& s) {
  long long n = c.args().number("pattern", -1);
  if (n < 0) return c.args().text("data");
  s.patterned = true;
  std::string data(static_cast<size_t>(n), '\0');
  unsigned long long from = s.written.load();
  for (size_t i = 0; i < data.size(); ++i) data[i] = patternByte(from + i);
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
void sendData(Call& c, bool plainWrite) {
  Sock* s = c.sock();
  if (!s) return;
  std::string data = payload(c, *s);
  int flags = sendFlags(c);
  ssize_t n = (plainWrite && flags == 0) ? ::write(s->fd, data.data(), data.size())
                                         : ::send(s->fd, data.data(), data.size(), flags);
  if (n > 0 && c.args().has("pattern")) s->written += static_cast<unsigned long long>(n);
  c.result(n);
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
  if (reset) {
    linger lg{1, 0};  // linger on with zero time: close() sends RST and discards the queue
    ::setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  }
  int fd = s->fd;
  c.st.forget(c.args().text("var"));
  c.result(::close(fd));
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
  c.result(::sigaction(sig, &sa, nullptr));
}

// The agent's half of each agent verb (the grammar row is in runner/lang/Grammar.cc),
// and "state", the query behind "expect HOST state VAR".
using Handler = void (*)(Call&);
struct VerbRow {
  std::string_view verb;
  Handler fn;
};
constexpr VerbRow kVerbs[] = {
    {"connect", doConnect},   {"flood", doFlood},       {"listen", doListen},     {"accept", doAccept},
    {"write", doWrite},       {"send", doSend},         {"read", doRead},
    {"recv", doRecv},         {"readall", doReadAll},   {"shutdown", doShutdown},
    {"close", doClose},       {"abort", doAbort},       {"setsockopt", doSetsockopt},
    {"so_error", doSoError},  {"signal", doSignal},     {"state", doState},
};

void execute(const AgentRequest& req, AgentState& st) {
  AgentReply out;
  out.id = req.id;
  std::array<unsigned, 65> before{};
  for (size_t i = 0; i < before.size(); ++i) before[i] = gCaught[i].load();
  auto t0 = std::chrono::steady_clock::now();
  Call c{req, st, out};
  Handler fn = nullptr;
  for (const auto& row : kVerbs)
    if (row.verb == req.verb) fn = row.fn;
  if (fn)
    fn(c);
  else
    c.fail(ENOSYS);
  out.elapsedNs = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            std::chrono::steady_clock::now() - t0).count());
  for (size_t i = 0; i < before.size(); ++i)
    if (gCaught[i].load() != before[i]) out.caught.push_back(static_cast<int>(i));
  st.reply(out);
}

}  // namespace

bool agentHandles(std::string_view verb) {
  return std::any_of(std::begin(kVerbs), std::end(kVerbs), [&](const VerbRow& r) { return r.verb == verb; });
}

int agentMain(int ctlFd) {
  // A fresh agent starts from the defaults a program gets from the kernel: SIGPIPE
  // kills, no signal blocked (exec keeps SIG_IGN and the mask from the runner).
  signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);

  AgentState st(ctlFd);
  std::string buf;
  char chunk[4096];
  for (;;) {
    size_t nl;
    while ((nl = buf.find('\n')) == std::string::npos) {
      ssize_t n = ::read(ctlFd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return 0;  // the runner closed the channel: done
      buf.append(chunk, static_cast<size_t>(n));
    }
    auto req = decodeRequest(std::string_view(buf).substr(0, nl + 1));
    buf.erase(0, nl + 1);
    if (!req) return 2;
    if (req->background)
      std::thread([r = *req, &st] { execute(r, st); }).detach();
    else
      execute(*req, st);
  }
}

}  // namespace tcpfault::scenario
