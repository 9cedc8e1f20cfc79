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

print(f"inputs: {out}/encode_seq32.json ({len(texts)} texts), "
      f"{out}/train_seq32.json ({len(anchors)} pairs = {n_batches} batches of {pairs_per_batch})")
