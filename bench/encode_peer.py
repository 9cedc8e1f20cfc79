"""sentence-transformers' model.encode on our own texts and model (the shared peer's bench_infer.py is fixed to
all-MiniLM-L6-v2 and its synthetic texts): the flagship's encode row, legal-zh documents through
multilingual-e5-small at max_seq_length 128.

  .venv-peer/bin/python bench/encode_peer.py --model models/multilingual-e5-small --texts bench/.work/encode_legal.json \
      --seq 128 [--bf16] --out FILE.json

Timing as bench_infer.py: torch.inference_mode() (and torch.autocast("cpu", bfloat16) with --bf16), one warm-up pass
of model.encode over all texts (batch 32), then the median of --runs passes, each with the foreign CPU load of the
rest of the machine (common.timed_clean). Peak RSS is the process's.
"""
import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(os.environ.get("PEER_DIR", ROOT.parent / "shared" / "bench" / "peer"))))
import common  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--model", required=True)
ap.add_argument("--texts", required=True)
ap.add_argument("--seq", type=int, default=128)
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--bf16", action="store_true")
ap.add_argument("--out")
args = ap.parse_args()

import torch  # noqa: E402

torch.set_num_threads(args.threads)
from sentence_transformers import SentenceTransformer  # noqa: E402

t0 = time.perf_counter()
model = SentenceTransformer(args.model, device="cpu")
load_s = time.perf_counter() - t0
model.max_seq_length = args.seq
model.eval()
texts = json.loads(Path(args.texts).read_text())
ctx = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if args.bf16 else contextlib.nullcontext
lens = [min(len(ids), args.seq) for ids in model.tokenizer(texts)["input_ids"]]


def run():
    with torch.inference_mode(), ctx():
        t = time.perf_counter()
        model.encode(texts, batch_size=args.batch, convert_to_numpy=True, show_progress_bar=False)
        return time.perf_counter() - t


common.wait_idle()
warm_s = run()
timed = [common.timed_clean(run) for _ in range(args.runs)]
times = [t[2] for t in timed]
med = statistics.median(times)
res = {
    "bench": "encode-peer", "model": args.model, "seq": args.seq, "batch_size": args.batch, "bf16_autocast": args.bf16,
    "n_sentences": len(texts), "threads": args.threads, "mean_tokens_per_text": statistics.mean(lens),
    "run_times_s": times, "foreign_load": [t[1] for t in timed], "median_s": med, "sentences_per_s": len(texts) / med,
    "warmup_s": warm_s, "model_load_s": load_s, "peak_rss_mib": common.peak_rss_mib(), "torch": torch.__version__,
}
print(json.dumps(res))
if args.out:
    Path(args.out).write_text(json.dumps(res, indent=2))
