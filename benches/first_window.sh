#!/usr/bin/env bash
# Time from starting the release binary to its first visible window, under Xvfb with software
# GL, as the median of N runs. Needs xvfb and xdotool (Debian packages; installed if missing).
#
#   benches/first_window.sh [RUNS] [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
data=${2:-$(mktemp -d)}
bin=target/release/trustwork
[ -x "$bin" ] || cargo build --release
if ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xdotool libgl1-mesa-dri libegl1 >/dev/null
fi
display=":$(( (RANDOM % 400) + 500 ))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  DISPLAY=$display "$bin" --data-dir "$data" >/dev/null 2>&1 &
  pid=$!
  waited=0
  until DISPLAY=$display xdotool search --pid "$pid" --onlyvisible >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "first_window: trustwork exited before showing a window" >&2; exit 1; }
    waited=$((waited + 1))
    [ "$waited" -lt 4000 ] || { echo "first_window: no window after 20 s" >&2; kill "$pid"; exit 1; }
    sleep 0.005
  done
  end=$(date +%s.%N)
  times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(printf '%s\n' "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
echo "first window: median ${median} s over ${runs} runs (all: $(echo $sorted | tr '\n' ' '))"
