"""Writes the exact inputs the PyTorch peer benchmarks use, for wb-bench to read.

  .venv-peer/bin/python bench/make_inputs.py [OUT_DIR]     # default: bench/.work

Files (JSON, UTF-8):
  encode_seq32.json   2048 texts = common.make_texts(2048, 16, 24, seed=7)   (bench_infer.py --seq 32)
  train_seq32.json    {"pairs_per_batch": 32, "anchors": [...], "positives": [...], "labels": [...]}
                      = common.make_pairs(32 * 32, long=False, seed=11)       (bench_train.py --seq 32:
                      32 distinct batches of 32 pairs, cycled step by step)
  encode_seq32_ref.json  {"n": 256, "dim": 384, "embeddings": [[...]]}: the peer's model.encode of the first 256
                      texts (fp32, seq 32), so wb-bench can check that the kernels it timed give the right vectors.
                      Skipped with --no-reference.

The flagship shape (multilingual-e5-small, seq 128, real text; skipped when datasets/ lacks legal-zh or stsb):
  train_flagship_legal.json  8 batches of 32 legal-zh training pairs (datasets/legal-zh/train.jsonl, shuffled with
                      seed 42 as a training epoch would be), e5's prompts applied: "query: " + anchor,
                      "passage: " + positive (same format as train_seq32.json, labels 0)
  train_flagship_stsb.json   8 batches of 32 STS-B training pairs (shuffled, seed 42), "query: " on both sides (e5's
                      prompt for symmetric pairs, as the trainer applies it), labels = normalised score
  encode_legal.json   128 legal-zh documents (corpus.jsonl shuffled with seed 7), "passage: " + text

The scaling grid (all-MiniLM-L6-v2, synthetic, same texts both sides):
  scaling/b{B}_s{S}.json  4 batches of B pairs whose texts all run past S tokens (S..S+8 words of the peer's
                      common.make_texts, positives = common.perturb), so every padded batch is B x S tokens

It imports the peer's own `common.py` (../shared/bench/peer, or $PEER_DIR), so the texts cannot drift.
"""
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_DIR = Path(os.environ.get("PEER_DIR", ROOT.parent / "shared" / "bench" / "peer"))
sys.path.insert(0, str(PEER_DIR))
import common  # noqa: E402  (the peer's helpers)

args = [a for a in sys.argv[1:] if a != "--no-reference"]
out = Path(args[0]) if args else ROOT / "bench" / ".work"
out.mkdir(parents=True, exist_ok=True)

# bench_infer.py --seq 32: texts = common.make_texts(args.n, 16, 24, seed=7), n = 2048
texts = common.make_texts(2048, 16, 24, seed=7)
(out / "encode_seq32.json").write_text(json.dumps(texts, ensure_ascii=False))

# bench_train.py --seq 32: n_batches = 32, bs = 32, make_pairs(n_batches * bs, long=False, seed=11)
pairs_per_batch, n_batches = 32, 32
anchors, positives, labels = common.make_pairs(n_batches * pairs_per_batch, long=False, seed=11)
(out / "train_seq32.json").write_text(json.dumps(
    {"pairs_per_batch": pairs_per_batch, "anchors": anchors, "positives": positives, "labels": labels},
    ensure_ascii=False))

if "--no-reference" not in sys.argv:
    n_ref = 256
    model = common.load_model(32, 2)
    model.eval()
    emb = model.encode(texts[:n_ref], batch_size=32, convert_to_numpy=True, show_progress_bar=False)
    (out / "encode_seq32_ref.json").write_text(json.dumps(
        {"n": n_ref, "dim": int(emb.shape[1]), "embeddings": [[float(x) for x in row] for row in emb]}))

# --- the flagship shape: real legal-zh / STS-B pairs, e5 prompts applied ------------------------------------
import random  # noqa: E402

DATASETS = ROOT / "datasets"


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_pairs(name, anchors, positives, labels, per_batch):
    (out / name).write_text(json.dumps(
        {"pairs_per_batch": per_batch, "anchors": anchors, "positives": positives, "labels": labels},
        ensure_ascii=False))


legal, stsb = DATASETS / "legal-zh", DATASETS / "stsb"
if (legal / "train.jsonl").exists() and (legal / "corpus.jsonl").exists() and (stsb / "train.jsonl").exists():
    n = 8 * 32
    rows = jsonl(legal / "train.jsonl")
    random.Random(42).shuffle(rows)
    rows = rows[:n]
    write_pairs("train_flagship_legal.json", ["query: " + r["anchor"] for r in rows],
                ["passage: " + r["positive"] for r in rows], [0.0] * n, 32)
    rows = jsonl(stsb / "train.jsonl")
    random.Random(42).shuffle(rows)
    rows = rows[:n]
    write_pairs("train_flagship_stsb.json", ["query: " + r["sentence1"] for r in rows],
                ["query: " + r["sentence2"] for r in rows], [float(r["score"]) for r in rows], 32)
    docs = jsonl(legal / "corpus.jsonl")
    random.Random(7).shuffle(docs)
    (out / "encode_legal.json").write_text(json.dumps(["passage: " + d["text"] for d in docs[:128]], ensure_ascii=False))
else:
    print(f"(no {legal} or {stsb}: flagship inputs skipped; scripts/setup.sh fetches them)", file=sys.stderr)

# --- the scaling grid: every text longer than S tokens, so a batch is exactly B x S ----------------------------
(out / "scaling").mkdir(exist_ok=True)
for b in (8, 32, 128):
    for s_len in (16, 64, 256):
        rng = random.Random(1000 * b + s_len)
        a = common.make_texts(4 * b, s_len, s_len + 8, seed=1000 * b + s_len)
        p = [common.perturb(t, rng) for t in a]
        (out / "scaling" / f"b{b}_s{s_len}.json").write_text(json.dumps(
            {"pairs_per_batch": b, "anchors": a, "positives": p, "labels": [rng.random() for _ in a]}))

print(f"inputs: {out}/encode_seq32.json ({len(texts)} texts), "
      f"{out}/train_seq32.json ({len(anchors)} pairs = {n_batches} batches of {pairs_per_batch})")
