"""The ONNX Runtime backend of sentence-transformers as a peer for encode: exported, optimised and quantised the way
sentence-transformers documents it (`backend="onnx"`, `export_optimized_onnx_model`, `export_dynamic_quantized_onnx_model`).

  .venv-onnx-peer/bin/python bench/onnx_peer.py export --model models/all-MiniLM-L6-v2 --cache bench/.work/onnx/all-MiniLM-L6-v2
  .venv-onnx-peer/bin/python bench/onnx_peer.py encode --cache DIR --variant O3 --texts bench/.work/encode_seq32.json \
      --reference bench/.work/encode_seq32_ref.json --out bench/.work/results/onnx-O3.json

export (skipped when the files are there): the model exported to ONNX and saved as a sentence-transformers folder
(`onnx/model.onnx`), then `onnx/model_O3.onnx` (optimisation level O3: O2's fusions plus the GELU approximation; O4
adds fp16 and is GPU-only) and `onnx/model_qint8_avx512_vnni.onnx` (dynamic int8 quantisation of model.onnx with the
AVX-512 VNNI configuration, the instruction set this CPU has).

encode: one process per variant (peak RSS is the process's): SentenceTransformer(DIR, backend="onnx",
model_kwargs={"file_name": ...}) with an ONNX Runtime session of `--threads` intra-op threads (torch gets the same),
max_seq_length `--seq`; one warm-up pass of model.encode over all texts, then the median of `--runs` passes, each
timed with the foreign CPU load of the rest of the machine (the peer's common.Foreign). The warm-up's first rows are
compared with the fp32 reference vectors (cosine). Prints and writes one JSON object.

Runs in .venv-onnx-peer (bench/setup-onnx-peer.sh): optimum-onnx has no release for transformers 5, so that venv
overlays sentence-transformers 5.7 / transformers 4.57 on the peer venv's torch.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(os.environ.get("PEER_DIR", ROOT.parent / "shared" / "bench" / "peer"))))
import common  # noqa: E402  (the peer's helpers: offline env, Foreign, wait_idle, RSS)

VARIANTS = {"plain": "onnx/model.onnx", "O3": "onnx/model_O3.onnx", "qint8": "onnx/model_qint8_avx512_vnni.onnx"}


def export(args):
    cache = Path(args.cache)
    if all((cache / f).exists() for f in VARIANTS.values()):
        print(f"ONNX models present in {cache}", file=sys.stderr)
        return
    from sentence_transformers import (SentenceTransformer, export_dynamic_quantized_onnx_model,
                                       export_optimized_onnx_model)
    t0 = time.perf_counter()
    model = SentenceTransformer(args.model, backend="onnx", device="cpu")  # no model.onnx in the folder: exports
    model.save(str(cache))
    export_optimized_onnx_model(model, "O3", str(cache))
    export_dynamic_quantized_onnx_model(model, "avx512_vnni", str(cache))
    print(f"exported {args.model} to {cache} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def encode(args):
    import numpy as np
    import onnxruntime as ort
    import torch

    torch.set_num_threads(args.threads)
    from sentence_transformers import SentenceTransformer

    so = ort.SessionOptions()
    so.intra_op_num_threads = args.threads
    so.inter_op_num_threads = 1
    t0 = time.perf_counter()
    model = SentenceTransformer(args.cache, backend="onnx", device="cpu",
                                model_kwargs={"file_name": VARIANTS[args.variant], "provider": "CPUExecutionProvider",
                                              "session_options": so})
    load_s = time.perf_counter() - t0
    model.max_seq_length = args.seq
    texts = json.loads(Path(args.texts).read_text())

    def run():
        t = time.perf_counter()
        e = model.encode(texts, batch_size=args.batch, convert_to_numpy=True, show_progress_bar=False)
        return time.perf_counter() - t, e

    common.wait_idle()
    warm_s, warm = run()
    timed = [common.timed_clean(lambda: run()[0]) for _ in range(args.runs)]  # (s, foreign load, run's own s)
    times = [t[2] for t in timed]
    med = statistics.median(times)
    res = {
        "bench": "onnx-encode", "variant": args.variant, "file": VARIANTS[args.variant], "seq": args.seq,
        "batch_size": args.batch, "n_sentences": len(texts), "threads": args.threads,
        "run_times_s": times, "foreign_load": [t[1] for t in timed], "median_s": med,
        "sentences_per_s": len(texts) / med, "warmup_s": warm_s, "model_load_s": load_s,
        "peak_rss_mib": common.peak_rss_mib(),
        "onnxruntime": ort.__version__, "torch": torch.__version__,
    }
    if args.reference:
        ref = json.loads(Path(args.reference).read_text())
        r = np.asarray(ref["embeddings"], dtype=np.float64)
        w = warm[: ref["n"]].astype(np.float64)
        cos = (r * w).sum(1) / np.maximum(np.linalg.norm(r, axis=1) * np.linalg.norm(w, axis=1), 1e-12)
        res.update(reference_rows=int(ref["n"]), reference_min_cosine=float(cos.min()),
                   reference_mean_cosine=float(cos.mean()), reference_max_abs_diff=float(np.abs(r - w).max()))
    print(json.dumps(res))
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=2))


ap = argparse.ArgumentParser()
sub = ap.add_subparsers(dest="cmd", required=True)
e = sub.add_parser("export")
e.add_argument("--model", default="models/all-MiniLM-L6-v2")
e.add_argument("--cache", required=True)
r = sub.add_parser("encode")
r.add_argument("--cache", required=True)
r.add_argument("--variant", choices=sorted(VARIANTS), default="O3")
r.add_argument("--texts", required=True)
r.add_argument("--reference")
r.add_argument("--seq", type=int, default=32)
r.add_argument("--batch", type=int, default=32)
r.add_argument("--runs", type=int, default=3)
r.add_argument("--threads", type=int, default=2)
r.add_argument("--out")
a = ap.parse_args()
export(a) if a.cmd == "export" else encode(a)
