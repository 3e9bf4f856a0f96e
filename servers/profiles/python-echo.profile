# Python's socketserver.ThreadingTCPServer echo (python-echo.py beside this file).
# No SIGTERM handler (killed by it), no children, no fd-limit handling.
profile  python-echo
traits   echo ipv6
start    python3 {here}/python-echo.py --port {port} --bind {bind}
