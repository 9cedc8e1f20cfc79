#!/usr/bin/env bash
# Side-by-side benchmark: the Swift workbench (wb-bench, release build) against the PyTorch /
# sentence-transformers peer (../shared/bench/peer and our own peer scripts in bench/), back to back in one
# invocation, on the same inputs; one table of ratios at the end (bench/report.py).
#
#   bash bench/run.sh       # from anywhere (it cds to the repository root); ~15 min on an idle 2-core machine, more
#                           # when it waits for idle or repeats a measurement (the first run also installs the ONNX peer)
#
# What it times (see bench/README.md): encode (MiniLM, seq 32: fp32, bf16, ONNX Runtime O3 and int8), the training
# step (MiniLM, seq 32: MNRL and cosine; the peer also with fused AdamW in fp32 and bf16 autocast), the flagship
# shape (multilingual-e5-small, seq 128, real legal-zh pairs: training step and encode, fp32 and bf16), a scaling
# grid of training steps (batch x seq), and the CPU's GEMM peak (fp32 sgemm, bf16 linear) for fraction-of-peak.
#
# Environment:
#   BENCH_SCRATCH_PATH=.build  SwiftPM scratch folder for building wb-bench (e.g. .build-bench, so a build here
#                        does not wait on another build's lock in .build).
#   BENCH_WAIT_S=60      before each measurement, wait up to this many seconds for the machine to be idle (<8% busy
#                        for 2 s); 0 = don't wait. Both sides record the CPU time other jobs took while they ran
#                        (foreign load); a short measurement with more than 5% is repeated once (the long flagship and
#                        scaling ones are only flagged).
#   BENCH_WAIT_TOTAL_S=240  stop waiting for idle once this many seconds have been spent waiting in all.
#   BENCH_PEER_GUARD=1   let the peer scripts run their own idle-wait/retry guard (can wait up to 10 min each);
#                        by default PEER_NO_WAIT=1 so both sides are treated alike and the total time stays bounded.
#   BENCH_BREAKDOWN=0    skip the workbench's encode breakdown (one more pass split into tokenize / forward / pool,
#                        then each op of the encoder alone on the same shapes; ~15 s).
#   BENCH_ONNX=0         skip the ONNX Runtime rows (~1 min; the first run installs .venv-onnx-peer through
#                        bench/setup-onnx-peer.sh, ~55 MB of wheels, and exports the models, ~20 s).
#   BENCH_FLAGSHIP=0     skip the flagship shape (~3.5 min: e5-small training steps and legal-corpus encode).
#   BENCH_FLAGSHIP_MIX=1 the flagship training rows run the experiment's whole step (0.5 Matryoshka-MNRL on legal-zh
#                        + 0.5 CosineSimilarityLoss on STS-B) instead of MNRL alone (~40% more tokens a step).
#   BENCH_SCALING=0      skip the scaling grid, the longest part (~4.5 min: 8 shapes x {wb, peer} x {fp32, bf16}).
#   BENCH_SCALING_SHAPES=8x16,32x16,8x64,128x16,32x64,8x256,128x64,32x256   the grid (BxS; 128x256 is left out by
#                        default: ~1 min a step for the peer). BENCH_SCALING_STEPS=1 timed steps a shape (after 1
#                        warm-up; 2 adds ~2 min).
#   BENCH_QUICK=1        smoke test of every row at tiny sizes (1 timed pass / 2 steps, 2 scaling shapes): checks the
#                        plumbing in a few minutes; its numbers are not to be quoted.
#   BENCH_THREADS=2      threads for both sides (torch.set_num_threads; OPENBLAS_NUM_THREADS; ORT intra-op).
#   OPENBLAS_CORETYPE    the workbench's own kernel choice (SkylakeX with AVX-512, Haswell with AVX2) is what the main
#                        rows measure, so wb-bench runs with it removed; when the environment sets it (this value wins
#                        over the workbench's choice in everyday use), encode is measured a second time with it.
# Results: bench/.work/results/ (peer/*.json from the shared peer, peer-*.json / onnx-*.json from our peer scripts,
# wb-*.json, table.md, scaling.svg); bench/.work is gitignored.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PEER_DIR=$ROOT/../shared/bench/peer
VENV=$ROOT/.venv-peer
ONNX_VENV=$ROOT/.venv-onnx-peer
WORK=$ROOT/bench/.work
OUT=$WORK/results
THREADS=${BENCH_THREADS:-2}
WAIT_S=${BENCH_WAIT_S:-60}
WAIT_TOTAL_S=${BENCH_WAIT_TOTAL_S:-240}
SCRATCH=${BENCH_SCRATCH_PATH:-.build}
ONNX=${BENCH_ONNX:-1}
FLAGSHIP=${BENCH_FLAGSHIP:-1}
SCALING=${BENCH_SCALING:-1}
SHAPES=${BENCH_SCALING_SHAPES:-8x16,32x16,8x64,128x16,32x64,8x256,128x64,32x256}
SCALING_STEPS=${BENCH_SCALING_STEPS:-1}
# sizes: encode passes, seq-32 training steps (timed, warm-up), flagship steps (timed, warm-up)
RUNS=3 STEPS=20 WARMUP=3 FSTEPS=3 FWARMUP=2
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  RUNS=1 STEPS=2 WARMUP=1 FSTEPS=1 FWARMUP=1 SCALING_STEPS=1 SHAPES=${BENCH_SCALING_SHAPES:-8x16,8x64}
fi
MODEL=models/all-MiniLM-L6-v2
E5=models/multilingual-e5-small
t_start=$(date +%s)
waited=0

say() { printf '\n== %s\n' "$*" >&2; }

# Waits (at most $WAIT_S s, and only while less than $WAIT_TOTAL_S s were spent waiting in all) until the whole
# machine has been <8% busy for 2 consecutive seconds.
wait_idle() {
  [ "$WAIT_S" -gt 0 ] || return 0
  if [ "$waited" -ge "$WAIT_TOTAL_S" ]; then return 0; fi
  local t0 ok=0 b1 i1 b2 i2 frac
  t0=$(date +%s)
  while :; do
    read -r b1 i1 < <(awk '/^cpu /{idle=$5+$6; busy=0; for(i=2;i<=9;i++) busy+=$i; print busy-idle, idle}' /proc/stat)
    sleep 1
    read -r b2 i2 < <(awk '/^cpu /{idle=$5+$6; busy=0; for(i=2;i<=9;i++) busy+=$i; print busy-idle, idle}' /proc/stat)
    frac=$(( 100 * (b2 - b1) / ( (b2 - b1) + (i2 - i1) + 1 ) ))
    if [ "$frac" -lt 8 ]; then ok=$((ok + 1)); else ok=0; fi
    [ "$ok" -ge 2 ] && break
    if [ $(( $(date +%s) - t0 )) -ge "$WAIT_S" ]; then
      echo "   (machine still ${frac}% busy after ${WAIT_S}s: measuring anyway; see foreign_load)" >&2
      break
    fi
  done
  waited=$(( waited + $(date +%s) - t0 ))
}

say "peer venv"
bash "$PEER_DIR/setup.sh" "$VENV" >&2
if [ "$ONNX" = 1 ]; then
  say "ONNX peer venv (bench/setup-onnx-peer.sh)"
  bash bench/setup-onnx-peer.sh "$VENV" "$ONNX_VENV"
fi

say "models and data sets"
need=("$MODEL/model.safetensors" "$MODEL/tokenizer.json")
[ "$FLAGSHIP" = 1 ] && need+=("$E5/model.safetensors" "$E5/tokenizer.json" datasets/legal-zh/train.jsonl
                               datasets/legal-zh/corpus.jsonl datasets/stsb/train.jsonl)
missing=0
for f in "${need[@]}"; do [ -f "$f" ] || missing=1; done
if [ "$missing" = 1 ]; then WB_BUILD_PATH=$SCRATCH bash scripts/setup.sh >&2; else echo "present: ${need[*]}" >&2; fi

say "build (release, --scratch-path $SCRATCH)"
swift build -c release --product wb-bench --scratch-path "$SCRATCH" >&2
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/wb-bench

say "inputs"
PEER_DIR=$PEER_DIR "$VENV/bin/python" bench/make_inputs.py "$WORK" >&2

rm -rf "$OUT"
mkdir -p "$OUT"
export PEER_RESULTS=$OUT/peer HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PEER_DIR
export OPENBLAS_NUM_THREADS=$THREADS
[ "${BENCH_PEER_GUARD:-0}" = 1 ] || export PEER_NO_WAIT=1
BREAKDOWN=()
[ "${BENCH_BREAKDOWN:-1}" = 1 ] && BREAKDOWN=(--breakdown)
wb() { env -u OPENBLAS_CORETYPE "$BIN" "$@"; }
mkdir -p "$OUT/logs"
# logged NAME COMMAND…: runs COMMAND with its standard error in $OUT/logs/NAME.log (our peer scripts' progress
# bars and warnings); on failure shows the log's end and fails.
logged() {
  local name=$1; shift
  if ! "$@" 2> "$OUT/logs/$name.log"; then
    echo "FAILED: $* (log: $OUT/logs/$name.log)" >&2
    tail -n 25 "$OUT/logs/$name.log" >&2
    return 1
  fi
}

# The measurements. Each short one is repeated once when the CPU time of other jobs during it went above 5%.
peer_infer() { "$VENV/bin/python" "$PEER_DIR/bench_infer.py" --seq 32 --threads "$THREADS" --runs "$RUNS" | tail -n 1 >&2; }
wb_encode() {
  wb encode --texts "$WORK/encode_seq32.json" --seq 32 --batch-size 32 --runs "$RUNS" \
    --model "$MODEL" --reference "$WORK/encode_seq32_ref.json" "${BREAKDOWN[@]}" > "$OUT/wb-encode.json"
}
peer_infer_bf16() { "$VENV/bin/python" "$PEER_DIR/bench_infer.py" --seq 32 --threads "$THREADS" --runs "$RUNS" --bf16 | tail -n 1 >&2; }
wb_encode_bf16() {
  wb encode --texts "$WORK/encode_seq32.json" --seq 32 --batch-size 32 --runs "$RUNS" \
    --model "$MODEL" --reference "$WORK/encode_seq32_ref.json" --precision bf16 > "$OUT/wb-encode-bf16.json"
}
wb_encode_env() {
  "$BIN" encode --texts "$WORK/encode_seq32.json" --seq 32 --batch-size 32 --runs "$RUNS" --model "$MODEL" \
    --reference "$WORK/encode_seq32_ref.json" > "$OUT/wb-encode-env-coretype.json"
}
onnx_encode() {
  logged "onnx-$VARIANT" "$ONNX_VENV/bin/python" bench/onnx_peer.py encode --cache "$WORK/onnx/all-MiniLM-L6-v2" \
    --variant "$VARIANT" --texts "$WORK/encode_seq32.json" --reference "$WORK/encode_seq32_ref.json" --seq 32 \
    --batch 32 --runs "$RUNS" --threads "$THREADS" --out "$OUT/onnx-$VARIANT.json" > /dev/null
}
peer_train() { "$VENV/bin/python" "$PEER_DIR/bench_train.py" --loss "$LOSS" --seq 32 --threads "$THREADS" --steps "$STEPS" --warmup "$WARMUP" | tail -n 1 >&2; }
peer_train_fused() {
  "$VENV/bin/python" "$PEER_DIR/bench_train.py" --loss mnrl --seq 32 --threads "$THREADS" --steps "$STEPS" --warmup "$WARMUP" --fused-adamw | tail -n 1 >&2
}
peer_train_fused_bf16() {
  "$VENV/bin/python" "$PEER_DIR/bench_train.py" --loss mnrl --seq 32 --threads "$THREADS" --steps "$STEPS" --warmup "$WARMUP" --fused-adamw --bf16 | tail -n 1 >&2
}
wb_train() {
  wb train-step --pairs "$WORK/train_seq32.json" --loss "$LOSS" --seq 32 --steps "$STEPS" \
    --warmup "$WARMUP" --optimizer adamw --model "$MODEL" > "$OUT/wb-train-$LOSS.json"
}
wb_train_bf16() {
  wb train-step --pairs "$WORK/train_seq32.json" --loss mnrl --seq 32 --steps "$STEPS" --warmup "$WARMUP" --optimizer adamw \
    --model "$MODEL" --precision bf16 > "$OUT/wb-train-mnrl-bf16.json"
}
wb_gemm_peak() { wb gemm-peak > "$OUT/wb-gemm-peak.json"; }
# the flagship shape: e5-small, seq 128, real pairs (BENCH_FLAGSHIP_MIX=1: the experiment's whole mixed step)
GENERAL=()
[ "${BENCH_FLAGSHIP_MIX:-0}" = 1 ] && GENERAL=(--general "$WORK/train_flagship_stsb.json")
wb_flagship_train() {
  wb train-step --pairs "$WORK/train_flagship_legal.json" --loss mnrl --seq 128 --steps "$FSTEPS" --warmup "$FWARMUP" \
    --optimizer adamw --model "$E5" --precision "$PREC" "${GENERAL[@]}" > "$OUT/wb-flagship-train-$PREC.json"
}
peer_flagship_train() {
  local bf=(); [ "$PREC" = bf16 ] && bf=(--bf16)
  logged "peer-flagship-train-$PREC" "$VENV/bin/python" bench/train_peer.py --model "$E5" \
    --pairs "$WORK/train_flagship_legal.json" --seq 128 --steps "$FSTEPS" --warmup "$FWARMUP" --threads "$THREADS" "${bf[@]}" \
    "${GENERAL[@]}" --out "$OUT/peer-flagship-train-$PREC.json" > /dev/null
}
wb_flagship_encode() {
  wb encode --texts "$WORK/encode_legal.json" --seq 128 --batch-size 32 --runs "$RUNS" --model "$E5" --precision "$PREC" \
    > "$OUT/wb-flagship-encode-$PREC.json"
}
peer_flagship_encode() {
  local bf=(); [ "$PREC" = bf16 ] && bf=(--bf16)
  logged "peer-flagship-encode-$PREC" "$VENV/bin/python" bench/encode_peer.py --model "$E5" \
    --texts "$WORK/encode_legal.json" --seq 128 --batch 32 --runs "$RUNS" --threads "$THREADS" "${bf[@]}" \
    --out "$OUT/peer-flagship-encode-$PREC.json" > /dev/null
}
wb_scaling() {
  wb scaling --dir "$WORK/scaling" --shapes "$SHAPES" --steps "$SCALING_STEPS" --warmup 1 --model "$MODEL" \
    --precision "$PREC" > "$OUT/wb-scaling-$PREC.json"
}
peer_scaling() {
  local bf=(); [ "$PREC" = bf16 ] && bf=(--bf16)
  logged "peer-scaling-$PREC" "$VENV/bin/python" bench/train_peer.py --scaling "$WORK/scaling" --shapes "$SHAPES" \
    --steps "$SCALING_STEPS" --warmup 1 --model "$MODEL" --threads "$THREADS" "${bf[@]}" \
    --out "$OUT/peer-scaling-$PREC.json" > /dev/null
  grep -E '^  peer' "$OUT/logs/peer-scaling-$PREC.log" >&2
}

# measure TITLE JSON KEY FUNCTION [TRIES]: runs FUNCTION (after waiting for an idle machine), shows JSON, and runs it
# once more (TRIES=2, the default) when the largest value of KEY (foreign CPU load, fraction of all cores; a list, a
# number, or for scaling files the rows' values) in JSON is above 0.05.
measure() {
  local title=$1 json=$2 key=$3 fn=$4 tries=${5:-2} attempt
  for attempt in $(seq 1 "$tries"); do
    say "$title"
    wait_idle
    "$fn"
    if [[ "$json" != "$OUT"/peer/* ]]; then tr -d '\n' < "$json" | cut -c1-600 >&2; echo >&2; fi
    if "$VENV/bin/python" -c 'import json, sys
d = json.load(open(sys.argv[1]))
vals = [r[sys.argv[2]] for r in d["rows"]] if "rows" in d else [d[sys.argv[2]]]
flat = [x for v in vals for x in (v if isinstance(v, list) else [v])]
sys.exit(1 if max(flat) > 0.05 else 0)' "$json" "$key"; then
      return 0
    fi
    if [ "$attempt" -lt "$tries" ]; then
      echo "   (other jobs took more than 5% of the CPU during this measurement: once more)" >&2
    else
      echo "   (above 5%: kept, flagged in the table)" >&2
    fi
  done
}

measure "GEMM peak: workbench (wb-bench gemm-peak: fp32 sgemm, bf16 linear)" "$OUT/wb-gemm-peak.json" foreign_load \
  wb_gemm_peak
measure "encode: peer (bench_infer.py --seq 32)" "$PEER_RESULTS/infer_seq32_t$THREADS.json" foreign_load peer_infer
measure "encode: workbench (wb-bench encode, kernels of its own choice)" "$OUT/wb-encode.json" foreign_load wb_encode
measure "encode: peer in bf16 (bench_infer.py --seq 32 --bf16, torch.autocast)" \
  "$PEER_RESULTS/infer_seq32_t${THREADS}_bf16.json" foreign_load peer_infer_bf16
measure "encode: workbench in bf16 (wb-bench encode --precision bf16)" "$OUT/wb-encode-bf16.json" foreign_load wb_encode_bf16
if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
  measure "encode: workbench again, with OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE from the environment" \
    "$OUT/wb-encode-env-coretype.json" foreign_load wb_encode_env
fi
if [ "$ONNX" = 1 ]; then
  say "ONNX export (cached in bench/.work/onnx)"
  logged onnx-export "$ONNX_VENV/bin/python" bench/onnx_peer.py export --model "$MODEL" \
    --cache "$WORK/onnx/all-MiniLM-L6-v2"
  tail -n 1 "$OUT/logs/onnx-export.log" >&2
  for VARIANT in O3 qint8; do
    measure "encode: ONNX Runtime peer ($VARIANT; sentence-transformers backend=\"onnx\")" "$OUT/onnx-$VARIANT.json" \
      foreign_load onnx_encode
  done
fi
for LOSS in mnrl cosine; do
  measure "train step: peer (bench_train.py --loss $LOSS --seq 32)" "$PEER_RESULTS/train_${LOSS}_seq32_t$THREADS.json" \
    max_foreign_load_kept peer_train
  measure "train step: workbench (wb-bench train-step --loss $LOSS)" "$OUT/wb-train-$LOSS.json" max_foreign_load wb_train
done
measure "train step: peer, fused AdamW (bench_train.py --loss mnrl --seq 32 --fused-adamw)" \
  "$PEER_RESULTS/train_mnrl_seq32_t${THREADS}_fused.json" max_foreign_load_kept peer_train_fused
measure "train step: peer, bf16 autocast + fused AdamW (--bf16 --fused-adamw)" \
  "$PEER_RESULTS/train_mnrl_seq32_t${THREADS}_bf16_fused.json" max_foreign_load_kept peer_train_fused_bf16
measure "train step: workbench in bf16 (wb-bench train-step --loss mnrl --precision bf16)" "$OUT/wb-train-mnrl-bf16.json" \
  max_foreign_load wb_train_bf16
if [ "$FLAGSHIP" = 1 ]; then
  for PREC in fp32 bf16; do
    measure "flagship train step ($E5, seq 128, legal-zh): peer $PREC (bench/train_peer.py)" \
      "$OUT/peer-flagship-train-$PREC.json" max_foreign_load peer_flagship_train 1
    measure "flagship train step: workbench $PREC" "$OUT/wb-flagship-train-$PREC.json" max_foreign_load wb_flagship_train 1
  done
  for PREC in fp32 bf16; do
    measure "flagship encode (128 legal-zh documents, seq 128): peer $PREC (bench/encode_peer.py)" \
      "$OUT/peer-flagship-encode-$PREC.json" foreign_load peer_flagship_encode 1
    measure "flagship encode: workbench $PREC" "$OUT/wb-flagship-encode-$PREC.json" foreign_load wb_flagship_encode 1
  done
fi
if [ "$SCALING" = 1 ]; then
  for PREC in fp32 bf16; do
    measure "scaling grid ($SHAPES): peer $PREC (bench/train_peer.py --scaling)" "$OUT/peer-scaling-$PREC.json" \
      max_foreign_load peer_scaling 1
    measure "scaling grid: workbench $PREC (wb-bench scaling)" "$OUT/wb-scaling-$PREC.json" max_foreign_load wb_scaling 1
  done
fi

say "results ($(( $(date +%s) - t_start )) s in all, ${waited} s of it waiting for an idle machine)"
"$VENV/bin/python" bench/report.py "$OUT" | tee "$OUT/table.md"
