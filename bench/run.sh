#!/usr/bin/env bash
# Times fairseq2ctl on generated card trees, each figure the median of RUNS
# runs (wall time and peak memory, warm page cache), and gives it as a ratio
# to the floor: libyaml's event parser alone over the same tree
# (bench/yaml_floor), timed in the same run, in turn with each command. The
# targets of issue 13 are printed beside each figure.
#
#   bench/run.sh [BUILD_DIR] [RUNS]     (default: build, a Release build; 5)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-5}
ctl=$build/app/fairseq2ctl
floor=$build/bench/yaml_floor
trees=bench/trees
[ -x "$ctl" ] && [ -x "$floor" ] || { echo "build fairseq2ctl first: ./dev.sh run" >&2; exit 2; }

for n in 1000 10000 100000; do
  [ -d "$trees/$n" ] || python3 bench/generate_cards.py "$n" "$trees/$n"
done
[ -d "$trees/100000-errors" ] || python3 bench/generate_cards.py 100000 "$trees/100000-errors" --errors

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

# One run of COMMAND...: "SECONDS KB". The wall time is the command's alone,
# on the shell's microsecond clock: under time(1) it would include time's own
# start, a few ms on a small VM and most of the 10 ms case. The peak memory
# comes from a second run, under time(1).
run_once() {
  local start end
  start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  end=$EPOCHREALTIME
  /usr/bin/time -o "$timing" -f "%M" "$@" >/dev/null 2>&1 || true
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }') $(tail -1 "$timing")"
}

middle() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }

# The median wall seconds and peak MB of RUNS runs of COMMAND..., after one
# run that warms the page cache: "SECONDS MB". With FLOOR_TREE set, the
# floor on that tree runs before each run of the command, and its median
# follows: "SECONDS MB FLOOR_SECONDS". Taking the two in turn keeps the ratio
# true when the machine's speed drifts during the run (a shared VM's does).
median() {
  "$@" >/dev/null 2>&1 || true
  local walls=() rss=() floors=() out
  for _ in $(seq "$runs"); do
    if [ -n "${FLOOR_TREE:-}" ]; then
      out=$(run_once "$floor" "$FLOOR_TREE")
      floors+=("${out% *}")
    fi
    out=$(run_once "$@")
    walls+=("${out% *}")
    rss+=("${out#* }")
  done
  local result
  result="$(printf '%s\n' "${walls[@]}" | middle) $(printf '%s\n' "${rss[@]}" | middle | awk '{ printf "%.1f", $1 / 1024 }')"
  [ -n "${FLOOR_TREE:-}" ] && result="$result $(printf '%s\n' "${floors[@]}" | middle)"
  echo "$result"
}

row() { # LABEL TREE TARGET_RATIO COMMAND...
  local label=$1 tree=$2 target=$3
  shift 3
  local result wall mb floor_wall ratio limit verdict
  result=$(FLOOR_TREE=$tree median "$@")
  read -r wall mb floor_wall <<<"$result"
  ratio=$(awk -v a="$wall" -v b="$floor_wall" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  # Memory: at most 20 MB and five times the tree's size on disk.
  limit=$(du -sb "$tree" | awk '{ printf "%.0f", 20 + 5 * $1 / 1048576 }')
  verdict=""
  if [ "$target" != "-" ]; then
    verdict=$(awk -v r="$ratio" -v t="$target" -v m="$mb" -v l="$limit" \
      'BEGIN { printf "%s (target %sx), memory %s (limit %s MB)", (r <= t ? "ok" : "OVER"), t, (m <= l ? "ok" : "OVER"), l }')
  fi
  printf "%-58s %6.3f s %7.1f MB %6.2fx  (floor %.3f s) %s\n" "$label" "$wall" "$mb" "$ratio" "$floor_wall" "$verdict"
}

echo "fairseq2ctl $("$ctl" --version | cut -d' ' -f2), $(nproc) cores, median of $runs runs, warm cache"
for tree in "$trees/1000" "$trees/10000" "$trees/100000" "$trees/100000-errors"; do
  result=$(median "$floor" "$tree")
  files=$(find "$tree" -name '*.yaml' | wc -l)
  printf "%-58s %6.3f s %7.1f MB  1.00x  (%s files, %s)\n" "floor: libyaml events, $(basename "$tree")" \
    "${result% *}" "${result#* }" "$files" "$(du -sh "$tree" | cut -f1)"
done

only=(--no-default-cards --no-extensions)
for n in 1000 10000; do
  row "assets resolve --all --format json, $n cards" "$trees/$n" - \
    "$ctl" "${only[@]}" --cards "$trees/$n" assets resolve --all --format json
done
row "assets resolve --all --format json, 100000 cards" "$trees/100000" 2.0 \
  "$ctl" "${only[@]}" --cards "$trees/100000" assets resolve --all --format json
row "assets resolve NAME, 100000 cards" "$trees/100000" 1.2 \
  "$ctl" "${only[@]}" --cards "$trees/100000" assets resolve family5000_c5
row "validate cards, 100000 cards, clean" "$trees/100000" 2.5 \
  "$ctl" "${only[@]}" validate cards "$trees/100000"
row "validate cards, 100000 cards, 1% errors" "$trees/100000-errors" 3.0 \
  "$ctl" "${only[@]}" validate cards "$trees/100000-errors"

# The 10-card case: the built-in cards and the shipped extensions. In ms:
# the wall time of a start is a few of them.
startup_row() { # LABEL COMMAND...
  local label=$1 result
  shift
  result=$(median "$@")
  awk -v l="$label" -v s="${result% *}" -v m="${result#* }" 'BEGIN { printf "%-58s %6.1f ms %6.1f MB", l, s * 1000, m }'
}
echo "$(startup_row "assets resolve llama3_8b, built-in cards, shipped extensions" "$ctl" assets resolve llama3_8b)  (target 10 ms)"
startup_row "  the same without extensions" "$ctl" --no-extensions assets resolve llama3_8b; echo
startup_row "  --version: starting the process and the library" "$ctl" --version; echo

# 50 extensions: copies of a small one, each its own library and manifest.
small=$build/tests/extensions/small/libsmall.so
if [ -f "$small" ]; then
  extensions=$trees/extensions
  rm -rf "$extensions"
  mkdir -p "$extensions"
  for i in $(seq -w 1 50); do
    cp "$small" "$extensions/libsmall_$i.so"
    printf 'fairseq2.extension:\n  small_%s: libsmall_%s.so:setup_small\n' "$i" "$i" >"$extensions/small_$i.yaml"
  done
  startup_row "extensions list, 50 extensions (+2 shipped)" "$ctl" --extension-dir "$extensions" extensions list
  echo
fi
