#!/usr/bin/env bash
# The cost of data-parallel training on this machine: the same global batch trained by one process (all cores) and by
# `mpirun -np 2 … --data-parallel` (the cores shared between the ranks), at two shapes: all-MiniLM-L6-v2 on STS-B
# pairs (batch 32, short texts: the bench's seq-32 shape) and the flagship (multilingual-e5-small, batch 32, seq 128,
# legal-zh InfoNCE + STS-B). Per-step seconds come from the run logs' step times (warm-up steps left out), the
# gradient exchange's share from the line rank 0 prints. docs/scale.md calibrates its cost model with these figures.
#
#   bash bench/data-parallel.sh      # ~12 min on an idle 2-core machine (most of it the flagship's evaluations)
#
# Environment: BENCH_SCRATCH_PATH (SwiftPM scratch folder, default .build-bench), DP_RANKS (default 2),
# DP_SHAPES (default "minilm flagship"). Results: bench/.work/data-parallel/ (runs, logs, table.md).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${BENCH_SCRATCH_PATH:-.build-bench}
RANKS=${DP_RANKS:-2}
WORK=bench/.work/data-parallel
rm -rf "$WORK" && mkdir -p "$WORK"
unset OPENBLAS_CORETYPE                      # the workbench's own kernel choice, as bench/run.sh measures
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1   # containers run as root
swift build -c release --scratch-path "$SCRATCH" --product exp-sts-finetune >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product exp-legal-finetune >/dev/null
BIN=$SCRATCH/release

run_shape() {  # name experiment warmup args...
    local name=$1 exp=$2 warmup=$3; shift 3
    echo "[dp] $name: one process"
    "$BIN/$exp" "$@" --root "$WORK/$name-1" >"$WORK/$name-1.log" 2>&1
    echo "[dp] $name: $RANKS ranks"
    mpirun -np "$RANKS" --oversubscribe "$BIN/$exp" "$@" --root "$WORK/$name-$RANKS" --data-parallel >"$WORK/$name-$RANKS.log" 2>&1
    python3 - "$WORK" "$name" "$RANKS" "$warmup" <<'PY'
import glob, json, re, subprocess, sys
work, name, ranks, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def step_seconds(root):
    [log] = glob.glob(f"{root}/*/*/metrics.jsonl.zst")
    rows = [json.loads(l) for l in subprocess.run(["zstd", "-dcq", log], capture_output=True, text=True).stdout.splitlines()]
    times = {r["step"]: r["time"] for r in rows if "loss" in r}
    steps = sorted(s for s in times if s > warmup + 1)
    return sum(times[s] - times[s - 1] for s in steps) / len(steps), len(steps)
one, n = step_seconds(f"{work}/{name}-1")
dp, _ = step_seconds(f"{work}/{name}-{ranks}")
m = re.search(r"gradient exchange ([\d.]+) ms a step on average \(([\d.]+) MB", open(f"{work}/{name}-{ranks}.log").read())
exchange, mb = (float(m.group(1)), float(m.group(2))) if m else (float("nan"), float("nan"))
line = (f"| {name} | {one:.3f} | {dp:.3f} | {dp - one:+.3f} ({100 * (dp - one) / one:+.0f} %) | {exchange:.1f} | {mb:.1f} | "
        f"{mb * 2 * (ranks - 1) / ranks / (exchange / 1000) / 1000:.2f} | {n} |")
print(line)
open(f"{work}/table.md", "a").write(line + "\n")
PY
}

printf '| shape | 1 process s/step | %s ranks s/step | overhead | exchange ms/step | dense gradient MB | exchange GB/s (ring-equivalent) | steps timed |\n|---|---|---|---|---|---|---|---|\n' "$RANKS" >"$WORK/table.md"
for shape in ${DP_SHAPES:-minilm flagship}; do
    case $shape in
        minilm) run_shape minilm exp-sts-finetune 3 --model models/all-MiniLM-L6-v2 --batch-size 32 --max-steps 23 --evaluate-every 1000 ;;
        flagship) run_shape flagship exp-legal-finetune 2 --model models/multilingual-e5-small --batch-size 32 --max-steps 10 --evaluate-every 1000 ;;
        *) echo "unknown shape $shape (minilm, flagship)" >&2; exit 2 ;;
    esac
done
echo; cat "$WORK/table.md"
