#!/usr/bin/env bash
# Renders a sample report.html with headless Chromium and checks the PNG is non-trivial.
#   usage: render_html.sh SAMPLE_TOOL OUT_DIR
# Exit 0 rendered, 1 failed, 4 skipped (no chromium installed: the CTest SKIP code).
set -eu
tool=$1
out=$2
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium not installed (apt-get install -y chromium)"
  exit 4
fi
rm -rf "$out"
mkdir -p "$out"
"$tool" "$out/report"
html="$out/report/report.html"
grep -q '<svg class="ladder"' "$html" || { echo "FAIL: no ladder diagram in $html"; exit 1; }
if grep -Eq '(src|href)="(https?:)?//' "$html"; then
  echo "FAIL: $html references an external URL"
  exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
png="$out/report.png"
# timeout bounds a hung browser; the profile dir keeps it away from any real profile.
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
  --enable-logging=stderr --screenshot="$png" --window-size=1200,1600 \
  "file://$(realpath "$html")" \
  >"$out/chromium.log" 2>&1 || { echo "FAIL: chromium exited $?"; cat "$out/chromium.log"; exit 1; }
# The page has no scripts and loads nothing: any console message or failed load is a bug.
# (Chromium's own D-Bus complaints in a container are not about the page.)
if grep -E 'CONSOLE|Failed to load resource|net::ERR_' "$out/chromium.log"; then
  echo "FAIL: chromium reported errors for the page (see $out/chromium.log)"
  exit 1
fi
[ -s "$png" ] || { echo "FAIL: no screenshot $png"; cat "$out/chromium.log"; exit 1; }
size=$(stat -c %s "$png")
# A blank 1200x1600 PNG compresses to a few kB; a rendered report with text is far larger.
if [ "$size" -lt 30000 ]; then
  echo "FAIL: $png is only $size bytes: blank page?"
  exit 1
fi
echo "rendered $html -> $png ($size bytes)"
