#!/usr/bin/env python3
"""Known-bad on purpose: a threaded echo server that catches SIGTERM and goes on serving
(it logs the signal and forgets it), so `shutdown` has to SIGKILL it: it never exits 0.
Correct in every other way (a thread per client, half-close honoured, every finished
connection closed, SIGPIPE ignored). --bind :: listens on IPv6 and IPv4."""
import argparse
import signal
import socket
import threading


def serve(conn):
    with conn:
        while True:
            try:
                data = conn.recv(65536)
                if not data:
                    return  # the peer's FIN: everything owed was sent, close
                conn.sendall(data)
            except OSError:  # ECONNRESET, EPIPE: this client is gone
                return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bind", default="0.0.0.0")
    args = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    # The bug: the handler notes SIGTERM and returns; nothing ever stops the accept loop.
    signal.signal(signal.SIGTERM, lambda *_: print("SIGTERM: ignored", flush=True))
    family = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as lst:
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            lst.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        lst.bind((args.bind, args.port))
        lst.listen(128)
        print(f"listening on {args.bind}:{args.port}", flush=True)
        while True:
            conn, _ = lst.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
