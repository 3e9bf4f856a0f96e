// fork-echo: one child process per connection, UNP tcpserv01/03/04 (ch. 5).
// The parent blocks in accept(2); each child echoes with blocking read/send and exits.
//   --reap none     no SIGCHLD handler: finished children stay zombies (tcpserv01)
//   --reap wait     one wait() per SIGCHLD: signals are not queued, so when several
//                   children exit together some stay zombies (tcpserv03, UNP 5.10)
//   --reap waitpid  waitpid(-1, WNOHANG) in a loop: none lost (tcpserv04)
// Each reaped child is logged as UNP prints it: "fork-echo: child PID terminated".
//   --no-restart    the SIGCHLD handler lacks SA_RESTART, so the blocked accept()
//                   returns EINTR; the server logs it and goes on (UNP 5.9)
// SIGTERM closes the listener and the parent exits 0; children get SIGTERM from
// PR_SET_PDEATHSIG when the parent is gone, so none outlives the server.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <map>
#include <string_view>

#include "servers/core/Acceptor.h"
#include "servers/core/Io.h"
#include "servers/core/Log.h"
#include "servers/core/ServerMain.h"
#include "servers/core/Signals.h"

namespace tcpfault::servers {
namespace {

enum class Reap { None, Wait, Waitpid };

volatile sig_atomic_t gStop = 0;
volatile sig_atomic_t gListenFd = -1;

// SIGTERM: flag it and shut the listener down, which wakes a blocked accept() even if
// the signal landed between the flag test and the call.
void onTerm(int) {
  int saved = errno;
  gStop = 1;
  if (gListenFd >= 0) ::shutdown(gListenFd, SHUT_RDWR);
  errno = saved;
}

// UNP's handlers print "child %d terminated" for each child they reap. In a handler only
// async-signal-safe calls may run: the line is built by hand and written with one write(2).
void logReaped(pid_t pid) {
  constexpr std::string_view kChild = ": child ", kTerminated = " terminated\n";
  std::string_view name = programName().substr(0, 64);
  char buf[128];  // the name, the two texts and a pid fit
  char* p = std::copy(name.begin(), name.end(), buf);
  p = std::copy(kChild.begin(), kChild.end(), p);
  p = std::to_chars(p, buf + sizeof buf, pid).ptr;  // no locale, no allocation
  p = std::copy(kTerminated.begin(), kTerminated.end(), p);
  [[maybe_unused]] ssize_t w = ::write(STDERR_FILENO, buf, static_cast<size_t>(p - buf));
}

// tcpserv03: one wait() per signal; standard signals do not queue, so children that
// exit together are reaped only once between them.
void reapOne(int) {
  int saved = errno;
  if (pid_t pid = ::wait(nullptr); pid > 0) logReaped(pid);
  errno = saved;
}

// tcpserv04: reap every child that has exited, without blocking.
void reapAll(int) {
  int saved = errno;
  for (pid_t pid; (pid = ::waitpid(-1, nullptr, WNOHANG)) > 0;) logReaped(pid);
  errno = saved;
}

// The child: str_echo of UNP 5.3 -- read, echo all of it, until EOF.
[[noreturn]] void serveChild(int fd) {
  std::array<char, 64 * 1024> buf{};
  for (;;) {
    IoResult r = readSome(fd, buf.data(), buf.size());
    if (r.n == 0) std::_Exit(0);
    if (!r.ok()) {
      logErrno("read", r.err);
      std::_Exit(1);
    }
    if (int err = sendAll(fd, {buf.data(), static_cast<size_t>(r.n)}); err != 0) {
      logErrno("send", err);
      std::_Exit(1);
    }
  }
}

// Runs with SIGTERM blocked (see spawn): the parent's handler must never run in a child.
void becomeChild(Acceptor& acceptor, UniqueFd conn, pid_t parent, const sigset_t& old) {
  gListenFd = -1;
  acceptor.close();  // the child serves one connection, it never accepts
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGCHLD, SIG_DFL);
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) std::_Exit(0);  // the parent died before prctl
  serveChild(conn.get());
}

// SIGTERM is blocked across fork: a child killed before it reset the handler would
// otherwise run onTerm and shut down the listening socket it shares with the parent,
// leaving the parent's accept() failing with EINVAL (seen in zombies-waitpid-loop).
void spawn(Acceptor& acceptor, UniqueFd conn) {
  pid_t parent = ::getpid();
  sigset_t term, old;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  ::sigprocmask(SIG_BLOCK, &term, &old);
  pid_t pid = ::fork();
  if (pid == 0) becomeChild(acceptor, std::move(conn), parent, old);
  int err = errno;
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) return logErrno("fork", err);  // EAGAIN: too many processes; conn closes
  // The parent closes its copy (conn's destructor): the child owns the connection.
}

void serve(const CommonOptions& opts, Reap reap, bool noRestart) {
  ListenOptions lo = opts.listen;
  lo.nonBlocking = false;  // UNP's parent blocks in accept
  Acceptor acceptor(listenOn(lo), true);
  gListenFd = acceptor.fd();
  installHandler(SIGTERM, onTerm, false);
  installHandler(SIGINT, onTerm, false);
  if (reap == Reap::None)
    ::signal(SIGCHLD, SIG_DFL);  // an inherited SIG_IGN would reap them for us
  else
    installHandler(SIGCHLD, reap == Reap::Wait ? reapOne : reapAll, !noRestart);
  announceListening(acceptor.fd());
  while (!gStop) {
    AcceptResult a = acceptor.accept(SOCK_CLOEXEC);
    if (a.status == AcceptStatus::Accepted)
      spawn(acceptor, std::move(a.fd));
    else if (gStop)
      break;
    else if (a.status == AcceptStatus::Interrupted)
      logErrnoGoingOn("accept", a.err);
    else if (a.status == AcceptStatus::Failed)
      logErrno("accept", a.err);
  }
  gListenFd = -1;
}

}  // namespace
}  // namespace tcpfault::servers

int main(int argc, char** argv) {
  using namespace tcpfault::servers;
  CLI::App app{"Echo server: one child process per connection (UNP tcpserv01/03/04).", "fork-echo"};
  CommonOptions opts;
  Reap reap = Reap::Waitpid;
  bool noRestart = false;
  addCommonOptions(app, opts);
  std::map<std::string, Reap> reaps{
      {"none", Reap::None}, {"wait", Reap::Wait}, {"waitpid", Reap::Waitpid}};
  app.add_option("--reap", reap,
                 "how SIGCHLD reaps children: waitpid (a WNOHANG loop, none lost), "
                 "wait (one per signal, loses some; for tests), none (zombies; for tests)")
      ->transform(CLI::CheckedTransformer(reaps, CLI::ignore_case))
      ->default_str("waitpid");
  app.add_flag("--no-restart", noRestart,
               "install the SIGCHLD handler without SA_RESTART: accept() sees EINTR (logged)");
  return serverMain(argc, argv, app, opts, [&] { serve(opts, reap, noRestart); });
}
