#!/usr/bin/env python3
"""A correct threaded echo server that also detects dead peers: SO_KEEPALIVE on every
connection, with the system's keepalive timers. On ETIMEDOUT (the peer's host died) it
closes the connection. The pass case of the dead-peer-detection property; its neighbour
without keepalive (python-echo.py) gets a warning. --bind :: is dual-stack."""
import argparse
import signal
import socket
import threading


def serve(conn):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    with conn:
        while True:
            try:
                data = conn.recv(65536)
                if not data:
                    return
                conn.sendall(data)
            except OSError:  # ECONNRESET, EPIPE, ETIMEDOUT
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
            threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
