#!/usr/bin/env python3
"""Writes the packet-decoder fuzzer's seed pcaps (packet-decoder/*.pcap): one small file
per link type the capture writes, with the frames the decoder distinguishes -- TCP over
IPv4/IPv6 (with extension headers, VLAN), ICMP errors quoting TCP, forwarded twins.
Run again after changing it; the output is committed."""
import os
import struct

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "packet-decoder")
C4, S4 = bytes([198, 18, 1, 2]), bytes([198, 18, 2, 2])
C6 = bytes.fromhex("20010db8000000000000000000000002")
S6 = bytes.fromhex("20010db8000000000000000000000003")


def tcp(sport, dport, flags, payload=b""):
    return struct.pack("!HHIIBBHHH", sport, dport, 1000, 2000, 5 << 4, flags, 65535, 0, 0) + payload


def ipv4(proto, body, src=C4, dst=S4):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), 1, 0, 64, proto, 0, src, dst) + body


def ipv6(next_hdr, body, src=C6, dst=S6, ext=b""):
    return struct.pack("!IHBB16s16s", 6 << 28, len(ext) + len(body), next_hdr, 64, src, dst) + ext + body


def sll2(packet_type, ip, proto=0x0800):
    return struct.pack("!HHIHBB8s", proto, 0, 1, 1, packet_type, 6, b"\0" * 8) + ip


def sll(packet_type, ip, proto=0x0800):
    return struct.pack("!HHH8sH", packet_type, 1, 6, b"\0" * 8, proto) + ip


def ether(ip, proto=0x0800, vlan=False):
    head = b"\x02" * 6 + b"\x04" * 6
    if vlan:
        head += struct.pack("!HH", 0x8100, 7)
    return head + struct.pack("!H", proto) + ip


def write(name, linktype, frames):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, linktype))
        for i, frame in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000, i * 1000, len(frame), len(frame)) + frame)


def main():
    os.makedirs(HERE, exist_ok=True)
    syn = ipv4(6, tcp(40000, 80, 0x02))
    # a forwarded packet: incoming (0) then outgoing (4) copy, then a data segment
    write("sll2-forwarded.pcap", 276,
          [sll2(0, syn), sll2(4, syn), sll2(0, ipv4(6, tcp(40000, 80, 0x18, b"hello")))])
    unreach = ipv4(1, struct.pack("!BBHI", 3, 3, 0, 0) + syn[:28], src=S4, dst=C4)
    write("sll-icmp.pcap", 113, [sll(0, unreach), sll(0, ipv4(17, b"\0" * 8))])
    write("ether-vlan.pcap", 1, [ether(syn, vlan=True), ether(ipv4(6, tcp(80, 40000, 0x12)))])
    hop = struct.pack("!BB6s", 44, 0, b"\0" * 6)           # hop-by-hop, then a fragment header
    frag = struct.pack("!BBHI", 6, 0, 0, 1)
    syn6 = tcp(40000, 80, 0x02)
    icmp6 = struct.pack("!BBHI", 1, 4, 0, 0) + ipv6(6, syn6)[:48]
    write("raw-ipv6.pcap", 101, [ipv6(0, syn6, ext=hop + frag), ipv6(58, icmp6, src=S6, dst=C6),
                                 ipv6(58, struct.pack("!BBHI", 135, 0, 0, 0) + b"\0" * 16)])
    frag4 = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 1, 0x2001, 64, 6, 0, C4, S4) + b"\0" * 8
    write("raw-ipv4-fragments.pcap", 228, [frag4, syn[:30]])


if __name__ == "__main__":
    main()
