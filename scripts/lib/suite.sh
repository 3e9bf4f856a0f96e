# Sourced by scripts/test: run a CTest suite and count its skips honestly.

# The threaded parts run under TSan: the runner's job pool (RunnerTest runs
# build-tsan/scenarios in lanes), captures (a thread per capture) and the reporters. Not
# the catalogue: TSan defers a signal's handler to its own safe points, so the stories
# about signals (SIGCHLD reaping, SA_RESTART, interrupt) cannot hold under it -- seen in
# CI: zombies left, handlers "not handled". The catalogue runs under ASan+UBSan.
TSAN_TARGETS=(scenarios reports_capture_test reports_writers_test reports_ladder_test
              scenario-runner-test fork-echo epoll-lt-echo epoll-et-echo epoll-pool-echo
              epoll-chat poll-echo select-echo)
TSAN_REGEX='^(RunnerTest|CaptureErrors|Devices|HtmlReport|Json|Junit|Ladder'
TSAN_REGEX+='|PacketDecoder|PcapReader|ReportFiles|ReporterTable|RouterCapture|Tap|Terminal'
TSAN_REGEX+='|XmlEscape)'

# Prints why this machine cannot create network namespaces, or nothing when it can --
# directly (root, CAP_SYS_ADMIN) or inside an unprivileged user namespace, the way the
# tests and the runner do it (netns/Privilege.h).
netns_unavailable_reason() {
  local err
  if unshare --net --pid --fork true 2>/dev/null; then return; fi
  if err=$(unshare --user --map-root-user --net --pid --fork --mount-proc true 2>&1); then
    return
  fi
  echo "neither unshare(CLONE_NEWNET) nor an unprivileged user namespace works" \
       "(${err:-no message}); run as root"
}

# build_preset PRESET [TARGET...]: configure and build a sanitizer tree.
build_preset() {
  local preset=$1; shift
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  echo "test: building the $preset preset" >&2
  cmake --preset "$preset" -Wno-dev >/dev/null
  cmake --build --preset "$preset" -j "$(nproc 2>/dev/null || echo 2)" "${targets[@]}"
}

# run_suite DIR NAME [ctest args...]: 0 all ran and passed; 1 a test failed or skipped on
# a machine that could run it; 4 skips on a machine without network namespaces.
run_suite() {
  local dir=$1 name=$2; shift 2
  local junit="$dir/ctest-junit.xml" rc=0
  ( cd "$dir" && ctest --output-on-failure --output-junit "$junit" "$@" ) || rc=$?
  local skipped
  skipped=$(python3 "$(dirname "${BASH_SOURCE[0]}")/skips.py" "$junit") || return 1
  local count
  count=$(printf '%s' "$skipped" | grep -c . || true)
  echo "test: $name: $count skipped" >&2
  [ "$count" -eq 0 ] || printf '%s\n' "$skipped" | sed 's/^/test:   skipped: /' >&2
  [ "$rc" -eq 0 ] || return 1
  [ "$count" -eq 0 ] && return 0
  if [ -n "${netns_why:-}" ]; then
    echo "test: $name: cannot run here: $netns_why" >&2
    return 4
  fi
  echo "test: $name: FAILED -- tests skipped on a machine that can run them" >&2
  return 1
}
