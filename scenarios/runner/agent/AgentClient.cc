#include "scenarios/runner/agent/AgentClient.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include <fmt/format.h>

#include "netns/Error.h"
#include "netns/PollTimeout.h"
#include "netns/RunMarker.h"

namespace tcpfault::scenario {

AgentClient::AgentClient(netns::Host& host, const std::string& agentExe, int cancelFd)
    : hostName_(host.name()), cancelFd_(cancelFd) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    throwErrno(errno, "socketpair for agent of host " + host.name());
  UniqueFd mine(sv[0]), theirs(sv[1]);
  netns::SpawnOptions opts;
  // The agent gets its end of the channel as fd 3 and no other fd of the runner's.
  opts.argv = {agentExe, "3"};
  opts.passFds = {theirs.get()};
  opts.env = {std::string(netns::kRunMarkerVar) + "=" + netns::runMarker()};  // found by --cleanup
  child_ = host.spawn(opts);
  ctl_ = std::move(mine);
}

uint64_t AgentClient::send(AgentRequest req) {
  req.id = nextId_++;
  std::string line = encodeRequest(req);
  if (line.size() > kMaxLineBytes)
    throw std::runtime_error(fmt::format("agent of host {}: a '{}' request of {} bytes is longer than {}",
                                         hostName_, req.verb, line.size(), kMaxLineBytes));
  size_t off = 0;
  while (off < line.size() && !died_) {
    ssize_t n = ::send(ctl_.get(), line.data() + off, line.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the agent died; await() reports how
    off += static_cast<size_t>(n);
  }
  return req.id;
}

bool AgentClient::readReplies() {
  char buf[65536];
  ssize_t n = ::read(ctl_.get(), buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) return false;
  inbuf_.append({buf, static_cast<size_t>(n)});
  while (auto line = inbuf_.next()) {
    auto r = decodeReply(*line);
    if (!r)
      throw std::runtime_error(fmt::format("agent of host {}: malformed reply \"{}\"", hostName_,
                                           percentEncode(std::string_view(*line).substr(0, 120))));
    ready_[r->id] = *r;
  }
  if (inbuf_.overflowed())
    throw std::runtime_error(
        fmt::format("agent of host {}: a reply line longer than {} bytes", hostName_, kMaxLineBytes));
  return true;
}

AgentResult AgentClient::await(uint64_t id, Clock::time_point deadline) {
  AgentResult res;
  for (;;) {
    if (auto it = ready_.find(id); it != ready_.end()) {
      res.outcome = AgentResult::Outcome::Reply;
      res.reply = it->second;
      ready_.erase(it);
      return res;
    }
    if (died_) {
      res.outcome = AgentResult::Outcome::Died;
      res.status = *died_;
      return res;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return res;  // Timeout
    pollfd p[2] = {{ctl_.get(), POLLIN, 0}, {cancelFd_, POLLIN, 0}};
    int n = ::poll(p, cancelFd_ >= 0 ? 2 : 1, netns::pollTimeout(left.count() + 1));
    if (n < 0 && errno != EINTR) throwErrno(errno, "poll on agent channel");
    if (n > 0 && (p[1].revents & POLLIN)) {
      res.outcome = AgentResult::Outcome::Cancelled;
      return res;
    }
    if (n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)) && !readReplies()) {
      // EOF: the agent is gone. Its exit status says how (e.g. killed by SIGPIPE).
      auto st = child_.waitFor(std::chrono::seconds(5));
      died_ = st ? *st : child_.kill();
    }
  }
}

}  // namespace tcpfault::scenario
