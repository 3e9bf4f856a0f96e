#!/usr/bin/env python3
"""Known-bad on purpose: a threaded echo server that never closes a connection its peer
finished. On EOF or an error the handler thread just returns and keeps the socket (a
list holds it): one descriptor per client, and after a FIN a socket in CLOSE_WAIT, for
ever. It echoes everything and serves clients concurrently. --bind :: is dual-stack."""
from echo_server import echo, listen, serve_threaded

kept = []  # every accepted socket, never closed: the leak


def serve(conn):
    kept.append(conn)
    echo(conn)  # BUG: no conn.close() after EOF or an error


if __name__ == "__main__":
    serve_threaded(listen()[1], serve)
