# socat forking a /bin/cat per connection: an echo server with no code of its own.
profile  socat
traits   echo
start    socat TCP-LISTEN:{port},fork,reuseaddr EXEC:/bin/cat
