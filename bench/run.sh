#!/usr/bin/env bash
# Side-by-side benchmark: the Swift workbench (wb-bench, release build) against the PyTorch /
# sentence-transformers peer (../shared/bench/peer), back to back in one invocation, on the same inputs.
#
#   bash bench/run.sh                  # from the repository root (or anywhere: it cds there); ~4-6 minutes
#
# Environment:
#   BENCH_WAIT_S=60      before each of the four measurements, wait up to this many seconds for the machine to be
#                        idle (<8% busy for 2 s); 0 = don't wait. Foreign load is recorded either way.
#   BENCH_PEER_GUARD=1   let the peer scripts run their own idle-wait/retry guard (can wait up to 10 min each);
#                        by default PEER_NO_WAIT=1 so both sides are treated alike and the total time stays bounded.
#   BENCH_BREAKDOWN=1    also time tokenization / forward / pooling / dense GEMMs of one encode pass (~+30 s).
#   BENCH_THREADS=2      threads for both sides (torch.set_num_threads; OPENBLAS_NUM_THREADS).
#   OPENBLAS_CORETYPE    passed through: a value set by the user wins over the workbench's own choice.
# Results: bench/.work/results/{peer,wb}-*.json and bench/.work/results/table.md (bench/.work is gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PEER_DIR=$ROOT/../shared/bench/peer
VENV=$ROOT/.venv-peer
WORK=$ROOT/bench/.work
OUT=$WORK/results
THREADS=${BENCH_THREADS:-2}
WAIT_S=${BENCH_WAIT_S:-60}
MODEL=models/all-MiniLM-L6-v2
t_start=$(date +%s)

say() { printf '\n== %s\n' "$*" >&2; }

# Waits (at most $WAIT_S s) until the whole machine has been <8% busy for 2 consecutive seconds.
wait_idle() {
  [ "$WAIT_S" -gt 0 ] || return 0
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
}

say "peer venv"
bash "$PEER_DIR/setup.sh" "$VENV" >&2

say "model"
if [ -f "$MODEL/model.safetensors" ] && [ -f "$MODEL/tokenizer.json" ]; then
  echo "$MODEL present" >&2
else
  bash scripts/setup.sh >&2
fi

say "build (release)"
swift build -c release --product wb-bench >&2
BIN=$(swift build -c release --show-bin-path)/wb-bench

say "inputs"
PEER_DIR=$PEER_DIR "$VENV/bin/python" bench/make_inputs.py "$WORK" >&2

rm -rf "$OUT"
mkdir -p "$OUT"
export PEER_RESULTS=$OUT/peer HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export OPENBLAS_NUM_THREADS=$THREADS
[ "${BENCH_PEER_GUARD:-0}" = 1 ] || export PEER_NO_WAIT=1
BREAKDOWN=()
[ "${BENCH_BREAKDOWN:-0}" = 1 ] && BREAKDOWN=(--breakdown)

say "encode: peer (bench_infer.py --seq 32)"
wait_idle
"$VENV/bin/python" "$PEER_DIR/bench_infer.py" --seq 32 --threads "$THREADS" | tail -n 1 >&2
say "encode: workbench (wb-bench encode)"
wait_idle
"$BIN" encode --texts "$WORK/encode_seq32.json" --seq 32 --batch-size 32 --runs 3 --model "$MODEL" \
  "${BREAKDOWN[@]}" | tee "$OUT/wb-encode.json" >&2

say "train step: peer (bench_train.py --loss mnrl --seq 32)"
wait_idle
"$VENV/bin/python" "$PEER_DIR/bench_train.py" --loss mnrl --seq 32 --threads "$THREADS" | tail -n 1 >&2
say "train step: workbench (wb-bench train-step --loss mnrl)"
wait_idle
"$BIN" train-step --pairs "$WORK/train_seq32.json" --loss mnrl --seq 32 --steps 20 --warmup 3 --model "$MODEL" \
  | tee "$OUT/wb-train-mnrl.json" >&2

say "results ($(( $(date +%s) - t_start )) s in all)"
"$VENV/bin/python" - "$OUT" <<'PY' | tee "$OUT/table.md"
import json, os, sys
from pathlib import Path

out = Path(sys.argv[1])
pi = json.loads((out / "peer" / "infer_seq32_t{}.json".format(os.environ.get("OPENBLAS_NUM_THREADS", "2"))).read_text())
pt = json.loads((out / "peer" / "train_mnrl_seq32_t{}.json".format(os.environ.get("OPENBLAS_NUM_THREADS", "2"))).read_text())
we = json.loads((out / "wb-encode.json").read_text())
wt = json.loads((out / "wb-train-mnrl.json").read_text())

def f(x, d=1):
    return "-" if x is None else f"{x:,.{d}f}"

def ratio(a, b):
    return f"{a / b:.2f}x"

rows = []
rows.append(("encode sentences/s (2048 texts, seq 32, batch 32)", f(we["sentences_per_s"]), f(pi["sentences_per_s"]),
             ratio(we["sentences_per_s"], pi["sentences_per_s"])))
rows.append(("encode median pass s", f(we["median_s"], 2), f(pi["median_s"], 2), ratio(pi["median_s"], we["median_s"])))
rows.append(("encode achieved GFLOP/s", f(we["achieved_gflops"]), f(pi["achieved_gflops"]),
             ratio(we["achieved_gflops"], pi["achieved_gflops"])))
rows.append(("encode tokenize-only s (2048 texts)", f(we["tokenize_only_s"], 3), f(pi["tokenize_only_s"], 3),
             ratio(pi["tokenize_only_s"], we["tokenize_only_s"])))
rows.append(("encode peak RSS MiB", f(we["peak_rss_mib"], 0), f(pi["peak_rss_mib"], 0),
             ratio(we["peak_rss_mib"], pi["peak_rss_mib"])))
fb_w = wt["fwd_ms_median"] + wt["bwd_ms_median"]
fb_p = (pt["fwd_s_median"] + pt["bwd_s_median"]) * 1e3
rows.append(("train MNRL fwd+bwd ms (median; 32 pairs, seq 32)", f(fb_w, 0), f(fb_p, 0), ratio(fb_p, fb_w)))
rows.append(("  fwd ms / bwd ms", f"{wt['fwd_ms_median']:.0f} / {wt['bwd_ms_median']:.0f}",
             f"{pt['fwd_s_median']*1e3:.0f} / {pt['bwd_s_median']*1e3:.0f}",
             f"{pt['fwd_s_median']*1e3/wt['fwd_ms_median']:.2f}x / {pt['bwd_s_median']*1e3/wt['bwd_ms_median']:.2f}x"))
rows.append(("train fwd+bwd pairs/s", f(32e3 / fb_w), f(32e3 / fb_p), ratio(32e3 / fb_w, 32e3 / fb_p)))
rows.append(("peer full step ms (fwd+bwd+AdamW) / steps/s", "(no optimizer yet)",
             f"{pt['step_s_median']*1e3:.0f} (opt {pt['opt_s_median']*1e3:.0f}) / {pt['steps_per_s']:.3f}",
             "-"))
rows.append(("train steps/s as timed (wb: fwd+bwd; peer: +AdamW)", f(wt["steps_per_s"], 3), f(pt["steps_per_s"], 3),
             ratio(wt["steps_per_s"], pt["steps_per_s"])))
rows.append(("train peak RSS MiB", f(wt["peak_rss_mib"], 0), f(pt["peak_rss_mib"], 0),
             ratio(wt["peak_rss_mib"], pt["peak_rss_mib"])))
rows.append(("train loss first / last step", f"{wt['loss_first_last'][0]:.4f} / {wt['loss_first_last'][1]:.4f}",
             f"{pt['loss_first_last'][0]:.4f} / {pt['loss_first_last'][1]:.4f}", "-"))

fl_we = max(we["foreign_load"]); fl_pi = max(pi["foreign_load"])
print("| metric | workbench | peer | workbench vs peer |")
print("|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
print("Ratios: throughput = workbench / peer, times = peer / workbench (above 1 = workbench faster), RSS = workbench / peer.")
print(f"workbench: OpenBLAS core {we['blas_core']}, {we['blas_threads']} threads "
      f"(OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '<unset>')}); peer: torch {pi['torch']}, {pi['threads']} threads.")
print(f"max foreign CPU load during timed work: encode wb {fl_we:.0%} / peer {fl_pi:.0%}; "
      f"train wb {wt['max_foreign_load']:.0%} / peer {pt['max_foreign_load_kept']:.0%} "
      "(above ~5%, the numbers are contaminated by other jobs).")
print(f"encode padding: mean tokens {we['mean_tokens_per_text']:.1f} (peer {pi['mean_tokens_per_text']:.1f}); "
      f"mean padded batch length {we['mean_padded_len']:.1f} as encode() batches by character length "
      f"(peer's {pi['mean_padded_len']:.1f} assumes token-length sorting).")
if "breakdown" in we:
    b = we["breakdown"]
    print(f"encode breakdown (one pass, {b['batches']} batches): tokenize {b['tokenize_ms_total']:.0f} ms, "
          f"forward {b['forward_ms_total']:.0f} ms ({b['forward_ms_per_batch']:.1f} ms/batch), "
          f"pool+normalize {b['pool_normalize_ms_total']:.0f} ms; dense GEMMs alone on the same shapes "
          f"{b['dense_gemm_ms_total']:.0f} ms = {b['dense_gemm_share_of_forward']:.0%} of the forward.")
PY
