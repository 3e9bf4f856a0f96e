# redis-server from Debian, run in the foreground with no persistence; RESP PING -> +PONG.
profile  redis
traits   replies
start    redis-server --port {port} --bind {bind} --protected-mode no --save '' --appendonly no --dir {dir} --daemonize no
request  "PING\r\n"
reply    exact "+PONG\r\n"
