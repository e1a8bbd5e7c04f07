#!/usr/bin/env bash
# Times fairseq2ctl on generated card trees with /usr/bin/time: wall time and
# peak memory, best of three runs, page cache dropped before each run when the
# machine allows it (cold), else noted as warm.
#
#   bench/run.sh [BUILD_DIR]     (default: build, a Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
ctl=$build/app/fairseq2ctl
trees=bench/trees
[ -x "$ctl" ] || { echo "build fairseq2ctl first: ./dev.sh run" >&2; exit 2; }

for n in 1000 10000 100000; do
  [ -d "$trees/$n" ] || python3 bench/generate_cards.py "$n" "$trees/$n"
done

# 50 extensions: copies of a small one, each its own library and manifest.
small=$build/tests/extensions/small/libsmall.so
[ -f "$small" ] || { echo "build the tests first (ctest builds tests/extensions/small)" >&2; exit 2; }
extensions=$trees/extensions
rm -rf "$extensions"
mkdir -p "$extensions"
for i in $(seq -w 1 50); do
  cp "$small" "$extensions/libsmall_$i.so"
  printf 'fairseq2.extension:\n  small_%s: libsmall_%s.so:setup_small\n' "$i" "$i" \
    > "$extensions/small_$i.yaml"
done

drop_caches() {
  sync
  if echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then echo cold; else echo warm; fi
}

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

measure() { # LABEL COMMAND...
  local label=$1 best_time="" best_rss="" cache=""
  shift
  for _ in 1 2 3; do
    cache=$(drop_caches)
    /usr/bin/time -o "$timing" -f "%e %M" "$@" >/dev/null 2>&1 || true
    local out t rss
    out=$(tail -1 "$timing")
    t=${out% *}
    rss=${out#* }
    if [ -z "$best_time" ] || awk "BEGIN{exit !($t < $best_time)}"; then best_time=$t; fi
    if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss=$rss; fi
  done
  printf "%-62s %5.2f s %8.1f MB  (%s)\n" "$label" "$best_time" "$(awk -v kb="$best_rss" 'BEGIN { print kb / 1024 }')" "$cache"
}

echo "fairseq2ctl $("$ctl" --version | cut -d' ' -f2), $(nproc) cores"
for n in 1000 10000 100000; do
  files=$(find "$trees/$n" -name '*.yaml' | wc -l)
  measure "assets resolve --all --format json, $n cards ($files files)" \
    "$ctl" --no-default-cards --cards "$trees/$n" assets resolve --all --format json
done
measure "assets resolve NAME, 100000 cards" \
  "$ctl" --no-default-cards --cards "$trees/100000" assets resolve family5000_c5
for n in 10000 100000; do
  measure "validate cards, $n cards" \
    "$ctl" --no-default-cards --no-extensions validate cards "$trees/$n"
done
measure "extensions list, 50 extensions (+2 shipped)" \
  "$ctl" --extension-dir "$extensions" extensions list
if ! "$ctl" --extension-dir "$extensions" extensions check >/dev/null; then
  echo "some of the 50 extensions failed to load" >&2
  exit 1
fi
