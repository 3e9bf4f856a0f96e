"""What the known-bad Python servers share, so each file shows only its one bug: the
command line (--port, --bind; --bind :: is dual-stack), SIGPIPE ignored, the listener,
the echo loop and a thread per client."""
import argparse
import signal
import socket
import threading


def echo(conn):
    """Echoes until the peer's FIN or an error (ECONNRESET, EPIPE, ETIMEDOUT); the caller
    decides whether the socket is closed."""
    while True:
        try:
            data = conn.recv(65536)
            if not data:
                return
            conn.sendall(data)
        except OSError:
            return


def listen():
    """Parses --port/--bind, ignores SIGPIPE and returns (args, listening socket)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bind", default="0.0.0.0")
    args = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    family = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
    lst = socket.socket(family, socket.SOCK_STREAM)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        lst.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    lst.bind((args.bind, args.port))
    lst.listen(128)
    return args, lst


def serve_threaded(lst, serve):
    """Accepts for ever, one thread running serve(conn) per client."""
    with lst:
        while True:
            conn, _ = lst.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
