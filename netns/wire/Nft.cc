#include "netns/wire/Nft.h"

#include <nftables/libnftables.h>

#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "netns/Host.h"
#include "netns/wire/QueueRule.h"

namespace tcpfault::netns::wire {
namespace {

// (family, chain) of every chain that carries tagged rules.
const std::pair<const char*, const char*> kChains[] = {
    {"inet", "wire_fwd"}, {"inet", "wire_out"}, {"ip", "wire_dup"}, {"ip6", "wire_dup"}};

struct Ctx {
  nft_ctx* ctx;
  Ctx() : ctx(nft_ctx_new(NFT_CTX_DEFAULT)) {
    if (!ctx) throw std::runtime_error("nft_ctx_new failed");
    nft_ctx_buffer_output(ctx);
    nft_ctx_buffer_error(ctx);
    nft_ctx_output_set_flags(ctx, NFT_CTX_OUTPUT_HANDLE);
  }
  ~Ctx() { nft_ctx_free(ctx); }
  Ctx(const Ctx&) = delete;
  Ctx& operator=(const Ctx&) = delete;
};

// libnftables is not safe to call from two threads at once, even with a context each: it
// resolves protocol names with getprotobynumber(), whose result is one static buffer
// (ThreadSanitizer saw two runs' teardowns write it together). One call at a time.
std::mutex& nftMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

Nft::Nft(int routerNetnsFd, bool create) : netnsFd_(routerNetnsFd), owner_(create) {
  if (create) createTable();
}

Nft::~Nft() {
  if (!owner_) return;
  try {
    deleteTable();
  } catch (...) {  // the namespace dies with the topology anyway
  }
}

// Chains: "wire_fwd" (forwarded packets: drops, loss, queue jumps), "wire_out" (what the router
// itself sends: ICMP for the PMTU black hole), "wire_q" (the NFQUEUE rule only).
void Nft::createTable() {
  std::string t = std::string("inet ") + kTable;
  run("add table " + t + "\n" +
      "add chain " + t + " wire_fwd { type filter hook forward priority 0; policy accept; }\n" +
      "add chain " + t + " wire_out { type filter hook output priority 0; policy accept; }\n" +
      "add chain " + t + " wire_q\n" +
      // dup runs after the inet chain (priority 10): nothing dropped is copied.
      "add table ip " + kTable + "\n" + "add chain ip " + kTable +
      " wire_dup { type filter hook forward priority 10; policy accept; }\n" +
      "add table ip6 " + kTable + "\n" + "add chain ip6 " + kTable +
      " wire_dup { type filter hook forward priority 10; policy accept; }\n");
  queueRule_ = false;
}

void Nft::run(const std::string& cmds) { (void)query(cmds); }

std::string Nft::query(const std::string& cmd) {
  std::lock_guard lk(nftMutex());
  NetnsGuard in(netnsFd_);  // the nft context's netlink socket opens inside the router
  Ctx c;
  if (nft_run_cmd_from_buffer(c.ctx, cmd.c_str()) != 0)
    throw std::runtime_error("nft: " + cmd + ": " + nft_ctx_get_error_buffer(c.ctx));
  return nft_ctx_get_output_buffer(c.ctx);
}

void Nft::addRule(const std::string& chain, const std::string& body, const std::string& tag,
                  bool front) {
  std::string fc = chain.find(' ') == std::string::npos ? "inet " + std::string(kTable) + " " + chain
                                                        : chain.substr(0, chain.find(' ')) + " " +
                                                              kTable + chain.substr(chain.find(' '));
  run(std::string(front ? "insert" : "add") + " rule " + fc + " " + body + " comment \"tf-" +
      tag + "\"");
}

void Nft::removeRules(const std::string& tag) {
  for (auto [family, chain] : kChains) {
    std::string fc = std::string(family) + " " + kTable + " " + chain;
    std::istringstream in(query("list chain " + fc));
    static const std::regex handle(R"(# handle (\d+))");
    std::string line, needle = "comment \"tf-" + tag + "\"";
    std::smatch m;
    while (std::getline(in, line))
      if (line.find(needle) != std::string::npos && std::regex_search(line, m, handle))
        run("delete rule " + fc + " handle " + m[1].str());
  }
}

std::map<std::string, RuleCounter> Nft::counters() {
  std::map<std::string, RuleCounter> out;
  static const std::regex re(R"(counter packets (\d+) bytes (\d+).*comment "tf-([^"]+)\")");
  for (auto [family, chain] : kChains) {
    std::istringstream in(query(std::string("list chain ") + family + " " + kTable + " " + chain));
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
      if (!std::regex_search(line, m, re)) continue;
      auto& c = out[m[3].str()];
      c.packets += std::stoull(m[1].str());
      c.bytes += std::stoull(m[2].str());
    }
  }
  return out;
}

void Nft::ensureQueueRule() {
  if (queueRule_) return;
  NetnsGuard in(netnsFd_);
  queueKind_ = appendQueueRule(kTable, "wire_q", kQueueNum, kTable);
  queueRule_ = true;
}

void Nft::removeQueueRule() {
  run(std::string("flush chain inet ") + kTable + " wire_q");
  queueRule_ = false;
}

bool Nft::tableExists() { return query("list tables").find(kTable) != std::string::npos; }

void Nft::deleteTable() {
  std::string tables = query("list tables");
  for (const char* family : {"inet", "ip", "ip6"})
    if (tables.find(std::string("table ") + family + " " + kTable) != std::string::npos)
      run(std::string("delete table ") + family + " " + kTable);
  queueRule_ = false;
}

}  // namespace tcpfault::netns::wire
