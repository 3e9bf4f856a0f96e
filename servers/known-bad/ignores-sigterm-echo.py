#!/usr/bin/env python3
"""Known-bad on purpose: a threaded echo server that catches SIGTERM and goes on serving
(it logs the signal and forgets it), so `shutdown` has to SIGKILL it: it never exits 0.
Correct in every other way (a thread per client, half-close honoured, every finished
connection closed, SIGPIPE ignored). --bind :: listens on IPv6 and IPv4."""
import signal

from echo_server import echo, listen, serve_threaded


def serve(conn):
    with conn:  # the peer's FIN: everything owed was sent, close
        echo(conn)


def main():
    args, lst = listen()
    # The bug: the handler notes SIGTERM and returns; nothing ever stops the accept loop.
    signal.signal(signal.SIGTERM, lambda *_: print("SIGTERM: ignored", flush=True))
    print(f"listening on {args.bind}:{args.port}", flush=True)
    serve_threaded(lst, serve)


if __name__ == "__main__":
    main()
