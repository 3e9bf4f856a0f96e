# nginx from Debian (nginx-light or nginx), in the foreground with a generated config
# in a temporary folder (nginx-run beside this file); HTTP/1.1 keep-alive GET -> 200.
profile  nginx
traits   replies ipv6
start    {here}/nginx-run {port} {bind} {dir}
request  "GET / HTTP/1.1\r\nHost: tcpfault\r\n\r\n"
reply    prefix "HTTP/1.1 200"
