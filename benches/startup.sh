#!/usr/bin/env bash
# Start-up of the real window, as a ratio measured in one run so machine noise cancels: time from
# starting the release binary to its first visible window, and resident memory once the data is
# read, with an empty data folder, with ten generated years, and with the same ten years
# protected by a passphrase (its first window is the lock screen; the passphrase is then typed
# and memory measured once the library is open), alternating, RUNS times each. Prints the
# medians and the ratios. Needs Xvfb and xdotool (Debian packages; installed if
# missing).
#
#   benches/startup.sh [RUNS]          (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin="${CARGO_TARGET_DIR:-target}/release/trustwork"
[ -x "$bin" ] || cargo build --release
if ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xdotool libgl1-mesa-dri libegl1 >/dev/null
fi
work=$(mktemp -d)
display=":$(( (RANDOM % 400) + 500 ))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" --data-dir "$work/ten" generate --years 10 >/dev/null
cp -r "$work/ten" "$work/locked"
passphrase="startup bench passphrase"
printf '%s\n%s\n' "$passphrase" "$passphrase" | "$bin" --data-dir "$work/locked" protect >/dev/null
sleep 1

# One start: prints "SECONDS_TO_WINDOW RSS_KIB"; a second argument is typed as the passphrase.
start_once() {
  local data=$1 unlock=${2:-} start end pid waited rss window
  start=$(date +%s.%N)
  DISPLAY=$display "$bin" --data-dir "$data" >/dev/null 2>&1 &
  pid=$!
  waited=0
  until DISPLAY=$display xdotool search --pid "$pid" --onlyvisible >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "startup: trustwork exited before showing a window" >&2; exit 1; }
    waited=$((waited + 1))
    [ "$waited" -lt 4000 ] || { echo "startup: no window after 20 s" >&2; kill "$pid"; exit 1; }
    sleep 0.005
  done
  end=$(date +%s.%N)
  if [ -n "$unlock" ]; then
    sleep 0.5
    window=$(DISPLAY=$display xdotool search --pid "$pid" --onlyvisible | sed -n 1p)
    DISPLAY=$display xdotool windowfocus --sync "$window" type --delay 5 "$unlock"
    DISPLAY=$display xdotool key --window "$window" Return
    # Key derivation takes about a second by design.
    sleep 2
  fi
  # Reading ten years takes a fraction of a second; three seconds leave it settled and idle.
  sleep 3
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v s="$start" -v e="$end" -v r="$rss" 'BEGIN { printf "%.3f %d\n", e - s, r }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$work/empty.txt"; : >"$work/ten.txt"; : >"$work/locked.txt"
for i in $(seq "$runs"); do
  rm -rf "$work/empty"; mkdir "$work/empty"
  start_once "$work/empty" >>"$work/empty.txt"
  start_once "$work/ten" >>"$work/ten.txt"
  start_once "$work/locked" "$passphrase" >>"$work/locked.txt"
done
entries=$(find "$work/ten/entries" -name '*.ron' | wc -l)
we=$(cut -d' ' -f1 "$work/empty.txt" | median); wt=$(cut -d' ' -f1 "$work/ten.txt" | median)
me=$(cut -d' ' -f2 "$work/empty.txt" | median); mt=$(cut -d' ' -f2 "$work/ten.txt" | median)
echo "first window, empty folder: median $we s (all: $(cut -d' ' -f1 "$work/empty.txt" | tr '\n' ' '))"
echo "first window, ten years ($entries entries): median $wt s (all: $(cut -d' ' -f1 "$work/ten.txt" | tr '\n' ' '))"
awk -v e="$we" -v t="$wt" 'BEGIN { printf "first-window ratio, ten years / empty: %.2f (target 1.2 or less)\n", t / e }'
echo "resident memory, empty folder: median $((me / 1024)) MiB; ten years: median $((mt / 1024)) MiB"
awk -v e="$me" -v t="$mt" 'BEGIN { printf "memory above the empty start: %.1f MB (target 10 MB or less)\n", (t - e) * 1024 / 1e6 }'
wl=$(cut -d' ' -f1 "$work/locked.txt" | median); ml=$(cut -d' ' -f2 "$work/locked.txt" | median)
echo "first window (the lock screen), ten years protected: median $wl s (all: $(cut -d' ' -f1 "$work/locked.txt" | tr '\n' ' '))"
awk -v e="$we" -v t="$wl" 'BEGIN { printf "lock-screen ratio, protected ten years / empty: %.2f\n", t / e }'
echo "resident memory, ten years protected and unlocked: median $((ml / 1024)) MiB (all KiB: $(cut -d' ' -f2 "$work/locked.txt" | tr '\n' ' '))"
awk -v p="$mt" -v l="$ml" 'BEGIN { printf "memory, protected / unprotected ten years: %.2f (target 1.20 or less)\n", l / p }'
