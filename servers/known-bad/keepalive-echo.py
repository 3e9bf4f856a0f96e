#!/usr/bin/env python3
"""A correct threaded echo server that also detects dead peers: SO_KEEPALIVE on every
connection, with the system's keepalive timers. On ETIMEDOUT (the peer's host died) it
closes the connection. The pass case of the dead-peer-detection property; its neighbour
without keepalive (python-echo.py) gets a warning. --bind :: is dual-stack."""
import socket

from echo_server import echo, listen, serve_threaded


def serve(conn):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    with conn:
        echo(conn)


if __name__ == "__main__":
    serve_threaded(listen()[1], serve)
