#!/usr/bin/env python3
"""A threaded echo server from the standard library (socketserver.ThreadingTCPServer),
as a user might write one: no SIGTERM handler, one thread per connection.
--bind :: listens on IPv6 and IPv4 (IPV6_V6ONLY off)."""
import argparse
import socket
import socketserver


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            self.request.sendall(data)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def server_bind(self):
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bind", default="0.0.0.0")
    args = ap.parse_args()
    if ":" in args.bind:
        Server.address_family = socket.AF_INET6
    with Server((args.bind, args.port), Echo) as srv:
        srv.serve_forever()


if __name__ == "__main__":
    main()
