// libFuzzer target: the packet decoder, fed the way the report reads packets back -- a
// pcap file of any bytes goes through libpcap into readPcap (decodePacket, twin dropping,
// naming). It must return segments or throw std::runtime_error; nothing else.
// The input is written to a memfd, since readPcap takes a path as the report does.
#include <pcap/dlt.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "reports/capture/PacketDecoder.h"
#include "reports/capture/PcapReader.h"

namespace {

// One memfd for the whole run: rewritten per input.
int inputFd() {
  static int fd = memfd_create("pcap-fuzz", 0);
  if (fd < 0) std::abort();
  return fd;
}

bool writeInput(const uint8_t* data, size_t size) {
  int fd = inputFd();
  if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0) return false;
  return pwrite(fd, data, size, 0) == static_cast<ssize_t>(size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tcpfault::report;
  // The bare decoder first, on every link type the capture knows (the pcap header
  // pins one link type per file; this reaches the others with the same bytes).
  for (int linkType : {DLT_EN10MB, DLT_RAW, 101 /* LINKTYPE_RAW */, DLT_LINUX_SLL, DLT_IPV4,
                       DLT_IPV6, DLT_LINUX_SLL2})
    decodePacket(linkType, {data, size});
  if (!writeInput(data, size)) std::abort();
  try {
    PcapReadOptions options;
    options.addrToHost = {{"198.18.1.2", "client"}, {"2001:db8::2", "server"}};
    readPcap("/proc/self/fd/" + std::to_string(inputFd()), options);
  } catch (const std::runtime_error&) {
    // a file libpcap refuses: reported to the user as "read PATH: reason"
  }
  return 0;
}
