#!/usr/bin/env bash
# Shows that the UI thread never touches the data folder: runs the release binary under
# `strace -f` on a folder with a year of entries, drives a whole session through the
# accessibility tree (a new check-in, Ctrl+S, delete and restore, opening a workbook file,
# sharing, closing the window), then counts the system calls the main thread made on paths
# under the data folder. The lock file is the one exception allowed. Exits 1 if there are any
# (or the session's work is not on disk), 2 if the session could not be driven at all (no
# display, no window, a control that never appeared).
# Needs Xvfb, xdotool, strace, D-Bus and AT-SPI (Debian packages; installed if missing).
#
#   benches/ui_thread_io.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CARGO_TARGET_DIR:-target}/release/trustwork"
[ -x "$bin" ] || cargo build --release
need=()
for c in Xvfb xdotool strace dbus-launch; do command -v "$c" >/dev/null || need+=("$c"); done
/usr/bin/python3 -c 'import pyatspi, Xlib' 2>/dev/null || need+=(python)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xdotool strace dbus-x11 at-spi2-core \
    python3-pyatspi python3-xlib libgl1-mesa-dri libegl1 libxkbcommon-x11-0 >/dev/null
fi

work=$(mktemp -d)
data="$work/data"
log="$work/strace.log"
"$bin" --data-dir "$data" generate --years 1 >/dev/null
cp tests/fixtures/assigned.ron "$work/assigned.ron"
mkdir -p "$work/home"

# A display number nobody uses, and a server that is up before anything connects to it.
# `-noreset`: by default the server resets whenever its last client leaves (xdotool's probe,
# dbus-launch), and a window opening during that reset cannot connect.
n=$(( (RANDOM % 300) + 700 ))
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
display=":$n"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
xvfb=$!
cleanup() { kill "$xvfb" "${bus:-}" "${DBUS_SESSION_BUS_PID:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 || { echo "ui_thread_io: Xvfb did not start:" >&2; cat "$work/xvfb.log" >&2; exit 2; }
export DISPLAY=$display HOME=$work/home
eval "$(dbus-launch --sh-syntax)"
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
bus=$!
sleep 1
for key in IsEnabled ScreenReaderEnabled; do
  dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.freedesktop.DBus.Properties.Set \
    string:org.a11y.Status string:$key variant:boolean:true >/dev/null 2>&1
done

strace -f -y -qq -e trace=%file,%desc -o "$log" "$bin" --data-dir "$data" >"$work/app.log" 2>&1 &
tracer=$!
app=""
window=""
for _ in $(seq 300); do
  kill -0 "$tracer" 2>/dev/null || break
  app=$(pgrep -P "$tracer" || true)
  if [ -n "$app" ] && DISPLAY=$display xdotool search --pid "$app" --onlyvisible >/dev/null 2>&1; then
    window=yes
    break
  fi
  sleep 0.2
done
if [ -z "$window" ]; then
  echo "ui_thread_io: no window after 60 s; what the program said:" >&2
  cat "$work/app.log" >&2
  echo "ui_thread_io: what the virtual display said:" >&2
  cat "$work/xvfb.log" >&2
  exit 2
fi
sleep 1

/usr/bin/python3 benches/ui_thread_io.py "$app" "$work/assigned.ron" "$work/home/shared.answers.ron" || {
  echo "ui_thread_io: the session could not be driven; what the program said:" >&2
  cat "$work/app.log" >&2
  kill "$app" 2>/dev/null || true
  exit 2
}
for _ in $(seq 100); do kill -0 "$tracer" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$tracer" 2>/dev/null; then
  echo "ui_thread_io: the window did not close when asked" >&2; kill "$app"; exit 1
fi

# What the session did, so a run that silently did nothing cannot pass.
entries=$(find "$data/entries/daily-check-in" -name '*.ron' | wc -l)
grep -rqs "typed while strace watched" "$data/entries" || { echo "ui_thread_io: the typed answer is not on disk" >&2; exit 1; }
[ -f "$data/workbooks/weekly-reflection.ron" ] || { echo "ui_thread_io: the workbook was not added" >&2; exit 1; }
[ -f "$work/home/shared.answers.ron" ] || { echo "ui_thread_io: the answers file was not written" >&2; exit 1; }

# The command line names the folder; starting the program is not a read of it.
main_calls=$(awk -v pid="$app" '$1 == pid && $2 !~ /^execve\(/' "$log" | grep -F "$data" || true)
offending=$(printf '%s\n' "$main_calls" | grep -v -F "$data/.lock" | grep -v '^$' || true)
others=$(awk -v pid="$app" '$1 != pid' "$log" | grep -c -F "$data" || true)
echo "ui_thread_io: $entries check-ins, the typed answer, the added workbook and the shared file are on disk"
echo "ui_thread_io: calls on the data folder: $others from other threads, $(printf '%s\n' "$offending" | grep -c . || true) from the main thread (the lock file aside)"
if [ -n "$offending" ]; then
  echo "ui_thread_io: the main thread touched the data folder:" >&2
  printf '%s\n' "$offending" | sed -n '1,20p' >&2
  exit 1
fi
