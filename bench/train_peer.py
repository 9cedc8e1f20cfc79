"""The PyTorch / sentence-transformers training step on our own inputs: the flagship shape (multilingual-e5-small,
seq 128, real legal-zh pairs) and the scaling grid. The shared peer's bench_train.py is fixed to all-MiniLM-L6-v2
and its own synthetic pairs, so this mirrors its timing method on the files bench/make_inputs.py writes.

  .venv-peer/bin/python bench/train_peer.py --model models/multilingual-e5-small --pairs bench/.work/train_flagship_legal.json \
      --seq 128 --steps 3 --warmup 1 [--bf16] [--general bench/.work/train_flagship_stsb.json] --out FILE.json
  .venv-peer/bin/python bench/train_peer.py --scaling bench/.work/scaling --shapes 8x16,32x64 [--bf16] --out FILE.json

One step, as bench_train.py: model.train() (dropout on), forward of both columns and the loss (inside
torch.autocast("cpu", bfloat16) with --bf16), backward, torch.optim.AdamW(lr 2e-5, weight decay 0.01, fused=True)
step and zero_grad; no clipping; inputs pre-tokenized (model.preprocess), fresh feature dicts each step; the file's
distinct batches cycled. Loss: MultipleNegativesRankingLoss(scale 20); with --general the flagship experiment's
objective, 0.5 x MatryoshkaLoss(MNRL, [384, 256, 128, 64]) on --pairs + 0.5 x CosineSimilarityLoss on --general.
Each timed step records the foreign CPU load (the peer's common.Foreign); PEER_NO_WAIT=1 turns off waiting.

--scaling: MNRL over the grid's shapes, smallest first, in this one process: each shape loads the model afresh and
gets its own peak RSS (the kernel's high-water mark is reset through /proc/self/clear_refs before it; what the
allocator keeps cached from earlier shapes stays counted), like `wb-bench scaling`.

FLOPs: forward + backward of the encoder layers, per token batch (b sequences padded to T), per layer
6*b*T*(4*H*H + 2*H*FF) for the linear layers + 12*b*T*T*H for the attention products (as wb-bench's trainFLOPs).
"""
import argparse
import contextlib
import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(os.environ.get("PEER_DIR", ROOT.parent / "shared" / "bench" / "peer"))))
import common  # noqa: E402  (the peer's helpers: offline env, Foreign, wait_idle, RSS)

ap = argparse.ArgumentParser()
ap.add_argument("--model", default="models/all-MiniLM-L6-v2")
ap.add_argument("--pairs", help="pairs file (bench/make_inputs.py format)")
ap.add_argument("--general", help="flagship mix: STS-B pairs for CosineSimilarityLoss")
ap.add_argument("--seq", type=int, default=32)
ap.add_argument("--scaling", help="folder of b{B}_s{S}.json files")
ap.add_argument("--shapes", default="8x16,32x16,8x64,128x16,32x64,8x256,128x64,32x256")
ap.add_argument("--steps", type=int, default=3)
ap.add_argument("--warmup", type=int, default=1)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--bf16", action="store_true")
ap.add_argument("--out")
args = ap.parse_args()

import torch  # noqa: E402

torch.set_num_threads(args.threads)
from sentence_transformers import SentenceTransformer  # noqa: E402
from sentence_transformers.sentence_transformer import losses  # noqa: E402

ctx = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if args.bf16 else contextlib.nullcontext


def flops(cfg, feats) -> float:
    h, ff, layers = cfg.hidden_size, cfg.intermediate_size, cfg.num_hidden_layers
    b, t = feats["input_ids"].shape
    return (6 * b * t * (4 * h * h + 2 * h * ff) + 12 * b * t * t * h) * layers


def measure(model_path, pairs_path, seq, steps, warmup, general_path=None) -> dict:
    t0 = time.perf_counter()
    model = SentenceTransformer(model_path, device="cpu")
    load_s = time.perf_counter() - t0
    model.max_seq_length = seq
    rss_model = common.current_rss_mib()
    model.train()
    mnrl = losses.MultipleNegativesRankingLoss(model, scale=20.0)
    terms = [json.loads(Path(pairs_path).read_text())]
    if general_path:
        terms.append(json.loads(Path(general_path).read_text()))
        fns = [(0.5, losses.MatryoshkaLoss(model, mnrl, [384, 256, 128, 64])), (0.5, losses.CosineSimilarityLoss(model))]
    else:
        fns = [(1.0, mnrl)]
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01, fused=True)

    # pre-tokenized batches of each term: [term][batch] = ([anchor feats, positive feats], labels or None)
    bs = terms[0]["pairs_per_batch"]
    n = min(len(t["anchors"]) // t["pairs_per_batch"] for t in terms)
    batches = []
    t0 = time.perf_counter()
    for k, t in enumerate(terms):
        per = t["pairs_per_batch"]
        tb = []
        for b in range(n):
            sl = slice(b * per, (b + 1) * per)
            lab = torch.tensor(t["labels"][sl], dtype=torch.float32) if fns[k][1].__class__.__name__ == "CosineSimilarityLoss" else None
            tb.append(([model.preprocess(t["anchors"][sl]), model.preprocess(t["positives"][sl])], lab))
        batches.append(tb)
    tok_per_batch = (time.perf_counter() - t0) / n
    cfg = model[0].auto_model.config

    def step(i):
        t0 = time.perf_counter()
        with ctx():
            loss = None
            for (w, fn), tb in zip(fns, batches):
                feats, lab = tb[i % n]
                term = fn([dict(f) for f in feats], lab)   # fresh dicts, as bench_train.py
                loss = w * term if loss is None else loss + w * term
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        opt.zero_grad(set_to_none=True)
        t3 = time.perf_counter()
        return float(loss.detach()), (t1 - t0, t2 - t1, t3 - t2)

    common.wait_idle()
    for i in range(warmup):
        step(i)
    records = []
    for i in range(warmup, warmup + steps):
        with common.Foreign() as fg:
            lossv, (tf, tb_, to) = step(i)
        fl = sum(flops(cfg, f) for tb in batches for f in tb[i % n][0])
        records.append((fg.dt, tf, tb_, to, fg.frac, lossv, fl))
        print(f"step {i}: {fg.dt*1e3:.0f} ms (fwd {tf*1e3:.0f} bwd {tb_*1e3:.0f} opt {to*1e3:.0f}) loss {lossv:.4f} "
              f"foreign {fg.frac:.0%}", file=sys.stderr, flush=True)
    tot = [r[0] for r in records]
    feats = [f for tb in batches for fb, _ in tb for f in fb]
    res = {
        "bench": "train-peer", "model": model_path, "loss": "flagship-mix" if general_path else "mnrl", "seq": seq,
        "threads": args.threads, "bf16_autocast": args.bf16, "fused_adamw": True, "pairs_per_step": bs,
        "mean_padded_len": statistics.mean(f["input_ids"].shape[1] for f in feats),
        "padded_tokens_per_step": sum(f["input_ids"].numel() for f in feats) / n,
        "steps_timed": steps, "warmup": warmup,
        "max_foreign_load": max(r[4] for r in records),
        "step_s_median": statistics.median(tot), "steps_per_s": len(tot) / sum(tot),
        "pairs_per_s": bs * len(tot) / sum(tot),
        "fwd_s_median": statistics.median(r[1] for r in records), "bwd_s_median": statistics.median(r[2] for r in records),
        "opt_s_median": statistics.median(r[3] for r in records),
        "tokenize_s_per_batch": tok_per_batch, "loss_first_last": [records[0][5], records[-1][5]],
        "step_gflop": statistics.mean(r[6] for r in records) / 1e9,
        "achieved_gflops": sum(r[6] for r in records) / sum(tot) / 1e9,
        "model_load_s": load_s, "rss_after_model_load_mib": rss_model, "peak_rss_mib": common.peak_rss_mib(),
        "torch": torch.__version__,
    }
    del model, opt, mnrl, fns, batches
    gc.collect()
    return res


def reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


if args.scaling:
    shapes = sorted((tuple(int(x) for x in s.split("x")) for s in args.shapes.split(",")), key=lambda s: (s[0] * s[1], s[1]))
    rows = []
    for b, s in shapes:
        reset_peak_rss()
        r = measure(args.model, f"{args.scaling}/b{b}_s{s}.json", s, args.steps, args.warmup)
        r["batch"] = b
        print(f"  peer {'bf16' if args.bf16 else 'fp32'} b{b} s{s}: {r['step_s_median']*1e3:.0f} ms/step, "
              f"{r['pairs_per_s']:.1f} pairs/s, peak {r['peak_rss_mib']:.0f} MiB", file=sys.stderr, flush=True)
        rows.append(r)
    res = {"bench": "scaling-peer", "bf16_autocast": args.bf16, "model": args.model, "rows": rows}
else:
    if not args.pairs:
        sys.exit("--pairs or --scaling is required")
    res = measure(args.model, args.pairs, args.seq, args.steps, args.warmup, args.general)
print(json.dumps(res))
if args.out:
    Path(args.out).write_text(json.dumps(res, indent=2))
