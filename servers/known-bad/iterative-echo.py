#!/usr/bin/env python3
"""Known-bad on purpose: an iterative echo server, UNP's one-client-at-a-time loop.
It accepts one client and echoes until that client leaves, then accepts the next: a
silent or vanished client stops every other client. Correct in every other way (it
echoes everything, honours half-close, closes what its peers finished, ignores SIGPIPE).
--bind :: listens on IPv6 and IPv4."""
from echo_server import echo, listen


def main():
    _, lst = listen()
    with lst:
        while True:
            conn, _ = lst.accept()
            with conn:  # the bug: the next client waits until this one is done
                echo(conn)


if __name__ == "__main__":
    main()
