#include "netns/wire/Engine.h"

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <sstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "netns/Error.h"
#include "netns/Host.h"
#include "netns/UniqueFd.h"
#include "netns/wire/EngineRule.h"
#include "netns/wire/NfQueue.h"
#include "netns/wire/RawSender.h"
#include "netns/wire/TimerQueue.h"

namespace tcpfault::netns::wire {
namespace {

uint64_t nowNs() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<Duration>(Clock::now().time_since_epoch()).count());
}

// A packet the engine has not answered yet.
struct Pending {
  std::vector<uint8_t> buf;  // the packet, when modified or to be duplicated
  bool modified = false;
  unsigned copies = 0;
};

}  // namespace

struct Engine::Impl {
  int netnsFd;
  uint16_t queueNum;
  bool realtime = false;
  uint32_t queueMaxLen = 100000;
  std::mutex mu;
  std::optional<NfQueue> queue;
  UniqueFd timerFd, wakeFd, epollFd;
  RawSender raw;
  std::thread thread;
  std::atomic<bool> stop{false};
  std::vector<std::function<void()>> commands;  // run by the engine thread (queue config)
  std::map<RuleId, EngineRule> rules;           // applied in id order = order of addition
  std::map<uint32_t, Pending> pending;
  TimerQueue timers;
  FlowTable flows;
  EngineTotals totals;
  std::vector<uint32_t> lateness;  // ring of release lateness (us)
  size_t latenessNext = 0;
  bool gso = false;
  uint64_t verdictFailed = 0;  // nfq_set_verdict refused
  std::string failure;         // what stopped the engine thread, if anything
  bool dead = false;           // the thread has stopped on it: no command will run

  void open();
  void run();
  void stopOn(std::string what);
  void loop();
  void onReadable();
  void onTimer();
  void armTimer();
  void onPacket(const QueuedPacket& q);
  void verdict(uint32_t id, uint32_t v, const Pending* p);
  void release(uint32_t id);
  void schedule(uint32_t id, uint64_t at);
  void runInThread(std::function<void()> fn);
  void updateGso();
};

void Engine::Impl::open() {
  queue.emplace(netnsFd, queueNum, queueMaxLen, [this](const QueuedPacket& q) { onPacket(q); });
  int fd = queue->fd();
  raw = RawSender(netnsFd);
  timerFd = UniqueFd(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
  wakeFd = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  epollFd = UniqueFd(::epoll_create1(EPOLL_CLOEXEC));
  if (!timerFd || !wakeFd || !epollFd) throwErrno(errno, "timerfd/eventfd/epoll");
  for (int f : {fd, timerFd.get(), wakeFd.get()}) {
    epoll_event ev{EPOLLIN, {.fd = f}};
    if (::epoll_ctl(epollFd.get(), EPOLL_CTL_ADD, f, &ev) < 0) throwErrno(errno, "epoll_ctl");
  }
}

// The thread: an exception ends it (recorded for losses()), never the process -- the
// runner reports it as a harness error and tears the run down as usual.
void Engine::Impl::run() {
  try {
    loop();
  } catch (const std::exception& e) {
    stopOn(e.what());
  } catch (...) {
    stopOn("an exception that is not a std::exception");
  }
}

void Engine::Impl::stopOn(std::string what) {
  std::lock_guard lk(mu);
  failure = std::move(what);
  dead = true;
  commands.clear();  // their promises break: a caller waiting in runInThread is told
}

void Engine::Impl::loop() {
  // A wire answers on time before the traffic it shapes gets the CPU (best effort: needs
  // CAP_SYS_NICE, which a root runner has).
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), -10);
  if (realtime) {  // SCHED_FIFO: p99 lateness under a loaded CPU drops ~3x (wire-bench)
    sched_param sp{};
    sp.sched_priority = 10;
    (void)::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &sp);
  }
  epoll_event evs[4];
  while (!stop.load()) {
    int n = ::epoll_wait(epollFd.get(), evs, 4, -1);
    for (int i = 0; i < n; ++i) {
      if (evs[i].data.fd == timerFd.get()) onTimer();
      else if (evs[i].data.fd == wakeFd.get()) {
        uint64_t v;
        (void)!::read(wakeFd.get(), &v, sizeof v);
        std::vector<std::function<void()>> cmds;
        {
          std::lock_guard lk(mu);
          cmds.swap(commands);
        }
        for (auto& c : cmds) c();  // without the lock: a config query may dispatch packets
      } else {
        onReadable();
      }
    }
  }
}

void Engine::Impl::onReadable() {
  queue->readBatch(256);  // a bounded batch, then the timers get their turn
  std::lock_guard lk(mu);
  armTimer();
}

void Engine::Impl::onTimer() {
  uint64_t v;
  (void)!::read(timerFd.get(), &v, sizeof v);
  std::lock_guard lk(mu);
  uint64_t now = nowNs();
  for (const TimerQueue::Due& due : timers.popDue(now)) {
    uint32_t id = due.id;
    auto late = static_cast<uint32_t>(std::min<uint64_t>((now - due.at) / 1000, UINT32_MAX));
    if (pending.count(id)) {
      if (lateness.size() < 65536) lateness.push_back(late);
      else lateness[latenessNext++ % lateness.size()] = late;
    }
    release(id);
  }
  armTimer();
}

void Engine::Impl::armTimer() {
  itimerspec its{};
  if (auto next = timers.next()) {
    uint64_t at = *next;
    its.it_value = {static_cast<time_t>(at / 1000000000), static_cast<long>(at % 1000000000)};
  }
  ::timerfd_settime(timerFd.get(), TFD_TIMER_ABSTIME, &its, nullptr);
}

void Engine::Impl::schedule(uint32_t id, uint64_t at) { timers.schedule(id, at); }

// A modified packet (corrupt) leaves as a copy: the original is dropped and the edited
// bytes are sent from the router's raw socket, as duplicates are. A verdict carrying the
// new payload would be simpler, but since "netfilter: disable payload mangling in
// userns" (Linux 2026-05, in 6.18.y stable) nfqnl_mangle refuses it with EPERM in a
// namespace owned by a user namespace -- the rootless runner's router -- and the
// kernel then drops the packet silently: nothing corrupt ever reached the receiver
// (TcpInCsumErrors +0, only the retransmission arrived). One path for both.
void Engine::Impl::verdict(uint32_t id, uint32_t v, const Pending* p) {
  bool mod = p && p->modified && v == NF_ACCEPT;
  if (!queue->verdict(id, mod ? NF_DROP : v)) {
    ++verdictFailed;
    return;
  }
  ++totals.verdicts;
  if (mod && !raw.send(p->buf)) ++totals.modifiedLost;
  if (p && v == NF_ACCEPT)
    for (unsigned i = 0; i < p->copies; ++i)
      if (raw.send(p->buf)) ++totals.rawSent;
}

void Engine::Impl::release(uint32_t id) {
  auto it = pending.find(id);
  if (it == pending.end()) return;  // already released (a reorder successor came first)
  verdict(id, NF_ACCEPT, &it->second);
  pending.erase(it);
  for (auto& [rid, r] : rules)
    if (r.heldId == id) r.heldId.reset();
}

void Engine::Impl::onPacket(const QueuedPacket& q) {
  std::lock_guard lk(mu);
  ++totals.queued;
  uint32_t id = q.id;
  unsigned char* data = q.data;
  int len = q.len;
  PacketView v = len > 0 ? parsePacket(data, static_cast<size_t>(len)) : PacketView{};
  int in = q.inIf, out = q.outIf;
  Decision d;
  for (auto& [rid, r] : rules) r.apply(v, in, out, d);
  if (d.drop) {
    verdict(id, NF_DROP, nullptr);
    for (uint32_t held : d.releaseAfter) release(held);
    return;
  }
  flows.observe(v, in, out);
  Pending p;
  if (d.corruptBytes || d.copies) {
    p.buf.assign(data, data + len);
    p.copies = d.copies;
    if (d.corruptBytes) corruptPayload(p.buf, v, d);
    p.modified = d.corruptBytes > 0;
  }
  uint64_t at = 0;  // when this packet leaves; 0 = now
  if (d.hold) {
    pending.emplace(id, std::move(p));
    d.hold->heldId = id;
    schedule(id, nowNs() + static_cast<uint64_t>(d.hold->maxHoldNs));
  } else if (d.delayNs > 0) {
    pending.emplace(id, std::move(p));
    schedule(id, at = nowNs() + d.delayNs);
  } else {
    verdict(id, NF_ACCEPT, &p);
  }
  // Reorder: the successor goes first; a delayed successor takes the held packet along
  // (same deadline, later in FIFO order).
  for (uint32_t held : d.releaseAfter) at ? schedule(held, at) : release(held);
}

void Engine::Impl::runInThread(std::function<void()> fn) {
  auto done = std::make_shared<std::promise<void>>();
  auto fut = done->get_future();
  {
    std::lock_guard lk(mu);
    if (dead) throw std::runtime_error("the wire engine thread has failed: " + failure);
    commands.push_back([fn = std::move(fn), done] {
      try {
        fn();
        done->set_value();
      } catch (...) {
        done->set_exception(std::current_exception());
      }
    });
  }
  uint64_t one = 1;
  (void)!::write(wakeFd.get(), &one, sizeof one);
  fut.get();
}

// GSO super-packets (one verdict for many segments) make pass-through and delay cheap,
// but anything that counts, drops, copies or edits segments needs them one by one.
void Engine::Impl::updateGso() {
  bool want = true;
  {
    std::lock_guard lk(mu);
    if (dead) return;  // no thread to configure; losses() tells why
    for (auto& [id, r] : rules) want = want && r.gsoSafe();
  }
  if (want == gso) return;
  runInThread([this, want] { queue->setGso(want); });
  gso = want;
}

Engine::Engine(int routerNetnsFd, uint16_t queueNum, bool realtime, uint32_t queueMaxLen)
    : impl_(std::make_unique<Impl>()) {
  impl_->realtime = realtime;
  impl_->queueMaxLen = queueMaxLen;
  impl_->netnsFd = routerNetnsFd;
  impl_->queueNum = queueNum;
  impl_->open();  // what it opened closes with impl_ if it throws
  impl_->thread = std::thread([this] { impl_->run(); });
}

Engine::~Engine() {
  {
    std::lock_guard lk(impl_->mu);
    while (!impl_->pending.empty()) impl_->release(impl_->pending.begin()->first);
    impl_->stop = true;
  }
  uint64_t one = 1;
  (void)!::write(impl_->wakeFd.get(), &one, sizeof one);
  impl_->thread.join();
  impl_->queue.reset();
}

void Engine::add(RuleId id, const EngineAction& action) {
  {
    std::lock_guard lk(impl_->mu);
    impl_->rules.emplace(id, EngineRule(action, impl_->netnsFd));
  }
  impl_->updateGso();
}

void Engine::remove(RuleId id) {
  {
    std::lock_guard lk(impl_->mu);
    auto it = impl_->rules.find(id);
    if (it == impl_->rules.end()) return;
    if (auto held = it->second.heldPacket()) impl_->release(*held);
    if (it->second.isDelay())  // a removed delay lets what it holds go now
      while (!impl_->pending.empty()) impl_->release(impl_->pending.begin()->first);
    impl_->rules.erase(it);
    impl_->armTimer();
  }
  impl_->updateGso();
}

bool Engine::empty() {
  std::lock_guard lk(impl_->mu);
  return impl_->rules.empty();
}

Stats Engine::stats(RuleId id) {
  std::lock_guard lk(impl_->mu);
  auto it = impl_->rules.find(id);
  return it == impl_->rules.end() ? Stats{} : it->second.stats;
}

std::vector<uint32_t> Engine::releaseLatenessUs() {
  std::lock_guard lk(impl_->mu);
  return impl_->lateness;
}

EngineLosses Engine::losses() {
  EngineLosses out;
  {
    NetnsGuard in(impl_->netnsFd);  // the file shows the reading thread's namespace
    std::ifstream f("/proc/thread-self/net/netfilter/nfnetlink_queue");
    // queue_number peer_portid queue_total copy_mode copy_range queue_dropped
    // queue_user_dropped id_sequence 1 (nfnetlink_queue.c, seq_show)
    for (std::string line; std::getline(f, line);) {
      std::istringstream fields(line);
      unsigned num = 0, portid = 0, total = 0, mode = 0, range = 0;
      uint64_t dropped = 0, userDropped = 0;
      if (fields >> num >> portid >> total >> mode >> range >> dropped >> userDropped &&
          num == impl_->queueNum) {
        out.queueFull = dropped;
        out.notDelivered = userDropped;
      }
    }
  }
  std::lock_guard lk(impl_->mu);
  out.verdictFailed = impl_->verdictFailed;
  out.failure = impl_->failure;
  return out;
}

void Engine::postForTest(std::function<void()> fn) {
  {
    std::lock_guard lk(impl_->mu);
    impl_->commands.push_back(std::move(fn));
  }
  uint64_t one = 1;
  (void)!::write(impl_->wakeFd.get(), &one, sizeof one);
}

EngineLosses& EngineLosses::operator+=(const EngineLosses& o) {
  queueFull += o.queueFull;
  notDelivered += o.notDelivered;
  verdictFailed += o.verdictFailed;
  if (failure.empty()) failure = o.failure;
  return *this;
}

std::string EngineLosses::describe() const {
  std::string out;
  if (packets())
    out = fmt::format("{} packet(s) lost that no rule dropped (queue full: {}, netlink buffer "
                      "full: {}, verdict refused: {})", packets(), queueFull, notDelivered, verdictFailed);
  if (!failure.empty()) out += (out.empty() ? "" : "; ") + ("engine thread failed: " + failure);
  return out;
}

EngineTotals Engine::totals() {
  std::lock_guard lk(impl_->mu);
  EngineTotals t = impl_->totals;
  t.held = impl_->pending.size();
  return t;
}

std::optional<std::pair<StreamState, StreamState>> Engine::flow(const Direction& dir,
                                                                std::optional<uint16_t> port) {
  int in = 0, out = 0;
  {
    NetnsGuard g(impl_->netnsFd);
    in = static_cast<int>(::if_nametoindex(dir.inIf.c_str()));
    out = static_cast<int>(::if_nametoindex(dir.outIf.c_str()));
  }
  std::lock_guard lk(impl_->mu);
  return impl_->flows.find(in, out, port);
}

void Engine::sendRaw(const std::vector<uint8_t>& pkt) {
  std::lock_guard lk(impl_->mu);
  if (!impl_->raw.send(pkt)) throwErrno(errno, "sendto(raw) from the router");
  ++impl_->totals.rawSent;
}

}  // namespace tcpfault::netns::wire
