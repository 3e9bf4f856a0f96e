#!/usr/bin/env python3
"""Known-bad on purpose: an iterative echo server, UNP's one-client-at-a-time loop.
It accepts one client and echoes until that client leaves, then accepts the next: a
silent or vanished client stops every other client. Correct in every other way (it
echoes everything, honours half-close, closes what its peers finished, ignores SIGPIPE).
--bind :: listens on IPv6 and IPv4."""
import argparse
import signal
import socket


def serve(conn):
    with conn:
        while True:
            try:
                data = conn.recv(65536)
                if not data:
                    return
                conn.sendall(data)
            except OSError:  # ECONNRESET, EPIPE: this client is gone
                return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bind", default="0.0.0.0")
    args = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    family = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as lst:
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            lst.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        lst.bind((args.bind, args.port))
        lst.listen(128)
        while True:
            conn, _ = lst.accept()
            serve(conn)


if __name__ == "__main__":
    main()
