// libFuzzer target: the agent's line protocol. A request or reply line of any bytes must
// decode or be refused (nullopt) -- never crash -- and whatever decodes must survive a
// round trip: encode(decode(line)) decodes to the same request or reply.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "scenarios/runner/agent/AgentProtocol.h"

namespace {

using namespace tcpfault::scenario;

bool same(const AgentRequest& a, const AgentRequest& b) {
  return a.id == b.id && a.background == b.background && a.verb == b.verb && a.var == b.var &&
         a.args == b.args;
}

bool same(const AgentReply& a, const AgentReply& b) {
  return a.id == b.id && a.ret == b.ret && a.err == b.err && a.data == b.data &&
         a.caught == b.caught && a.elapsedNs == b.elapsedNs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  if (auto request = decodeRequest(line)) {
    auto again = decodeRequest(encodeRequest(*request));
    if (!again || !same(*request, *again)) std::abort();  // a request the wire cannot carry
  }
  if (auto reply = decodeReply(line)) {
    auto again = decodeReply(encodeReply(*reply));
    if (!again || !same(*reply, *again)) std::abort();
  }
  if (auto raw = percentDecode(line)) {
    auto back = percentDecode(percentEncode(*raw));
    if (!back || *back != *raw) std::abort();
  }
  return 0;
}
