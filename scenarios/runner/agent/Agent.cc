#include "scenarios/runner/agent/Agent.h"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "scenarios/runner/agent/AgentProtocol.h"
#include "scenarios/runner/agent/AgentState.h"
#include "scenarios/runner/agent/AgentVerbs.h"
#include "scenarios/runner/agent/LineBuffer.h"
#include "scenarios/runner/agent/ThreadSleep.h"

namespace tcpfault::scenario {

char patternByte(unsigned long long i) {
  // 63 printable bytes and a newline: line-based servers (chat) see 64-byte lines, and
  // the period differs from any buffer size, so a lost or repeated block shows.
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (i % 64 == 63) return '\n';
  return kAlphabet[(i / 64 + i % 64) % (sizeof kAlphabet - 1)];
}

namespace {

// This thread's directory in /proc as mounted: the agent lives in a PID namespace of its
// own, but /proc counts in the runner's, so gettid() does not name it there.
std::string procDirOfThisThread() {
  char link[64] = {};
  ssize_t n = ::readlink("/proc/thread-self", link, sizeof link - 1);
  return n > 0 ? "/proc/" + std::string(link, static_cast<size_t>(n)) + "/" : std::string();
}

// Serves one request: runs its verb's handler, notes the signals caught meanwhile, replies.
void execute(const AgentRequest& req, AgentState& st, std::shared_ptr<Sock> pinned = nullptr) {
  AgentReply out;
  out.id = req.id;
  std::array<unsigned, 65> before{};
  for (size_t i = 0; i < before.size(); ++i) before[i] = caughtCount(static_cast<int>(i));
  auto t0 = std::chrono::steady_clock::now();
  if (req.background) st.running(req.var, CallThread{::gettid(), procDirOfThisThread()});
  {  // the call lets go of its socket before the reply: an awaited call holds nothing
    Call c{req, st, out, pinned};
    AgentHandler fn = findAgentHandler(req.verb);
    if (fn)
      fn(c);
    else
      c.fail(ENOSYS);
  }
  if (req.background) st.finished(req.var);
  if (pinned) st.done(*pinned);
  out.elapsedNs = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            std::chrono::steady_clock::now() - t0).count());
  for (size_t i = 0; i < before.size(); ++i)
    if (caughtCount(static_cast<int>(i)) != before[i]) out.caught.push_back(static_cast<int>(i));
  st.reply(out);
}

// kStartedQuery: replies when the background call has entered the kernel (its thread
// sleeps in a system call) or has already returned -- or, past the bound, how it runs.
void replyWhenStarted(const AgentRequest& req, AgentState& st) {
  AgentReply out;
  out.id = req.id;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartedBoundMs);
  ThreadSleep seen{false, "starting"};
  for (;;) {
    bool runs = st.withCallThread(req.var, [&](const CallThread& t) {
      if (t.tid != 0) seen = threadSleep(t.proc);
    });
    if (!runs) {
      out.data = "returned";
      break;
    }
    if (seen.asleep || std::chrono::steady_clock::now() >= deadline) {
      out.data = (seen.asleep ? "asleep in " : "not asleep: ") + seen.where;
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));  // polls /proc
  }
  st.reply(out);
}

}  // namespace

bool agentHandles(std::string_view verb) { return findAgentHandler(verb) != nullptr; }

int agentMain(int ctlFd) {
  // A fresh agent starts from the defaults a program gets from the kernel: SIGPIPE
  // kills, no signal blocked (exec keeps SIG_IGN and the mask from the runner).
  signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);

  AgentState st(ctlFd);
  LineBuffer lines(kMaxLineBytes);
  char chunk[65536];
  for (;;) {
    std::optional<std::string> line;
    while (!(line = lines.next())) {
      if (lines.overflowed()) return 2;  // not the runner talking
      ssize_t n = ::read(ctlFd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return 0;  // the runner closed the channel: done
      lines.append({chunk, static_cast<size_t>(n)});
    }
    auto req = decodeRequest(*line);
    if (!req) return 2;
    if (req->verb == kStartedQuery) {
      replyWhenStarted(*req, st);
    } else if (req->background) {
      st.running(req->var, {});  // starting: an "interrupt" right after waits for its thread
      std::thread([r = *req, &st, pinned = st.find(req->args.text("var"), true)] {
        execute(r, st, pinned);
      }).detach();
    } else {
      execute(*req, st);
    }
  }
}

}  // namespace tcpfault::scenario
