#!/usr/bin/env python3
"""Known-bad on purpose: a threaded echo server that never closes a connection its peer
finished. On EOF or an error the handler thread just returns and keeps the socket (a
list holds it): one descriptor per client, and after a FIN a socket in CLOSE_WAIT, for
ever. It echoes everything and serves clients concurrently. --bind :: is dual-stack."""
import argparse
import signal
import socket
import threading

kept = []  # every accepted socket, never closed: the leak


def serve(conn):
    kept.append(conn)
    while True:
        try:
            data = conn.recv(65536)
            if not data:
                return  # BUG: no conn.close()
            conn.sendall(data)
        except OSError:
            return  # BUG: no conn.close()


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
