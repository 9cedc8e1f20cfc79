#!/usr/bin/env python3
"""FAISS peer for the search benchmark, and the combined table (run by bench/search.sh, peer venv python).

    python bench/search_peer.py --work bench/.work/search --index bench/.work/search/e5-small.wbindex

Reads the workbench's index file itself (header, manifest, sections: the same full-width float32 vectors and the
same 384-bit binary codes the workbench searches) and the query vectors wb-search-bench wrote (queries.f32), so
both sides search identical numbers. Measures, on the same single-query picks and thread count:

  * faiss.IndexFlatIP over the full vectors: exact flat search (single query and batched);
  * faiss.IndexBinaryFlat over the binary codes, the shortlist re-scored with full vectors in numpy (the
    sentence-transformers "binary + rescore" recipe), shortlists 50/100/200/400;

then writes peer-search.json and table.md (the workbench's rows with FAISS's beside them).
"""
import argparse
import json
import os
import statistics
import struct
import time

import faiss
import numpy as np


def read_index(path):
    """The manifest and a reader of named sections of a .wbindex file (layout: Sources/Search/IndexFile.swift)."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    assert bytes(raw[:8]) == b"WBINDEX\0", path
    (m,) = struct.unpack("<Q", bytes(raw[8:16]))
    manifest = json.loads(bytes(raw[16:16 + m]))
    start = (16 + m + 63) // 64 * 64
    sections = {s["name"]: s for s in manifest["sections"]}

    def section(name, dtype):
        s = sections[name]
        return np.frombuffer(raw, dtype=dtype, count=s["length"] // np.dtype(dtype).itemsize, offset=start + s["offset"])

    return manifest, section


def load(path):
    manifest, section = read_index(path)
    n, d = manifest["corpus"]["count"], manifest["model"]["dimension"]
    vectors = np.ascontiguousarray(section("vectors.float32", np.float32).reshape(n, d))
    binary = next(s for s in manifest["shortlists"] if s["dim"] == d and s["precision"] == "binary")
    words = (d + 63) // 64
    codes = np.ascontiguousarray(section(binary["section"], np.uint8).reshape(n, 8 * words)[:, : (d + 7) // 8])
    threshold = np.asarray(binary["threshold"], dtype=np.float32)
    return vectors, codes, threshold


def query_codes(q, threshold):
    return np.packbits(q > threshold, axis=1, bitorder="little")


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def measure(vectors, codes, threshold, queries, picks, shortlists):
    """Rows for flat and binary + rescore: median single-query ms, batched ms/query, and the top-10 ids."""
    d = vectors.shape[1]
    flat = faiss.IndexFlatIP(d)
    flat.add(vectors)
    binary = faiss.IndexBinaryFlat(d)
    binary.add(codes)
    qcodes = query_codes(queries, threshold)
    rows = []

    def flat_search(q):
        return flat.search(q, 10)[1]

    def binary_search(q, qc, k):
        _, cand = binary.search(qc, k)
        scores = np.einsum("qkd,qd->qk", vectors[cand], q)
        order = np.argsort(-scores, axis=1, kind="stable")[:, :10]
        return np.take_along_axis(cand, order, axis=1)

    strategies = [("flat", lambda q, qc: flat_search(q))]
    for k in shortlists:
        strategies.append((f"binary {d} → rerank ({k})", lambda q, qc, k=k: binary_search(q, qc, k)))
    exact = None
    for name, fn in strategies:
        fn(queries[:1], qcodes[:1])
        single = []
        for i in picks:
            t, _ = timed(lambda: fn(queries[i:i + 1], qcodes[i:i + 1]))
            single.append(t)
        t, ids = timed(lambda: fn(queries, qcodes))
        if exact is None:
            exact = ids
        recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, exact)]))
        rows.append({"strategy": name, "single_ms": 1000 * statistics.median(single),
                     "batched_ms_per_query": 1000 * t / len(queries), "recall_at_10_vs_exact": recall, "ids": ids})
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--work", default="bench/.work/search")
    p.add_argument("--index", default="bench/.work/search/e5-small.wbindex")
    p.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "2")))
    a = p.parse_args()
    faiss.omp_set_num_threads(a.threads)
    wb = json.load(open(os.path.join(a.work, "wb-search.json")))
    vectors, codes, threshold = load(a.index)
    d = vectors.shape[1]
    queries = np.fromfile(os.path.join(a.work, "queries.f32"), dtype=np.float32).reshape(-1, d)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    nq = len(queries)
    picks = [i * nq // wb["single_query_count"] for i in range(int(wb["single_query_count"]))]

    peer = {"faiss": faiss.__version__, "threads": a.threads, "strategies": [], "sizes": []}
    for r in measure(vectors, codes, threshold, queries, picks, [50, 100, 200, 400, 800, 1600]):
        r.pop("ids")
        peer["strategies"].append(r)
    for size in sorted({int(s["passages"]) for s in wb["sizes"]}):
        path = next(s["index"] for s in wb["sizes"] if int(s["passages"]) == size)
        v, c, t = load(path)
        for r in measure(v, c, t, queries, picks, [200]):
            r.pop("ids")
            r["passages"] = size
            peer["sizes"].append(r)
    json.dump(peer, open(os.path.join(a.work, "peer-search.json"), "w"), indent=1)

    # the combined table
    flat_wb = wb["strategies"][0]
    flat_peer = peer["strategies"][0]
    lines = [f"Corpus {int(wb['passages'])} passages × {d}-d (multilingual-e5-small), {int(wb['queries'])} queries "
             f"({int(wb['legal_queries'])} legal-zh with qrels); {a.threads} threads both sides; kernels: {wb['kernels']}; "
             f"FAISS {faiss.__version__}. Single = median latency of one query ({int(wb['single_query_count'])} queries one by one); "
             "batched = all queries in one call, per query. Speed-ups against exact flat search, single query.",
             "",
             "| strategy | single ms | batched ms/q | × ours flat | × FAISS flat | Recall@10 vs exact | legal nDCG@10 | legal R@10 | shortlist MiB | of full |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in wb["strategies"]:
        lines.append(f"| {r['strategy']} | {r['single_ms']:.3f} | {r['batched_ms_per_query']:.3f} | "
                     f"{flat_wb['single_ms'] / r['single_ms']:.1f} | {flat_peer['single_ms'] / r['single_ms']:.1f} | "
                     f"{r['recall_at_10_vs_exact']:.4f} | {r['legal_ndcg_at_10']:.4f} | {r['legal_recall_at_10']:.4f} | "
                     f"{r['shortlist_bytes'] / 2**20:.1f} | 1/{r['full_bytes'] / r['shortlist_bytes']:.1f} |")
    for r in peer["strategies"]:
        lines.append(f"| FAISS {r['strategy']} | {r['single_ms']:.3f} | {r['batched_ms_per_query']:.3f} | "
                     f"{flat_wb['single_ms'] / r['single_ms']:.1f} | {flat_peer['single_ms'] / r['single_ms']:.1f} | "
                     f"{r['recall_at_10_vs_exact']:.4f} | | | | |")
    lines += ["", "Latency by corpus size (single query, ms; batched ms/query in brackets; 10k–100k: evenly spaced passages of the corpus; "
              "1M: the corpus plus perturbed copies, synthetic):", "",
              "| passages | " + " | ".join(sorted({s["strategy"] for s in wb["sizes"]}, key=lambda s: (s != "flat", s)))
              + " | FAISS flat | FAISS binary 384 → rerank (200) |"]
    names = sorted({s["strategy"] for s in wb["sizes"]}, key=lambda s: (s != "flat", s))
    lines.append("|---" * (len(names) + 3) + "|")
    for size in sorted({int(s["passages"]) for s in wb["sizes"]}):
        mine = {s["strategy"]: s for s in wb["sizes"] if int(s["passages"]) == size}
        theirs = [s for s in peer["sizes"] if s["passages"] == size]
        label = f"{size}" + (" (synthetic)" if mine["flat"]["synthetic"] else "")
        cells = [f"{mine[n]['single_ms']:.3f} ({mine[n]['batched_ms_per_query']:.3f})" for n in names]
        cells += [f"{s['single_ms']:.3f} ({s['batched_ms_per_query']:.3f})" for s in theirs]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    # the goal: ≥ 10× faster than exact flat (both), Recall@10 loss ≤ 0.005, shortlist ≤ 1/8 of the full vectors
    def best(max_loss, max_fraction):
        ok = [r for r in wb["strategies"][1:] if 1 - r["recall_at_10_vs_exact"] <= max_loss + 1e-12
              and r["shortlist_bytes"] <= max_fraction * r["full_bytes"]]
        return min(ok, key=lambda r: r["single_ms"]) if ok else None
    lines += ["", "Summary (single query):", ""]
    for label, loss, fraction in [("loss ≤ 0.005, shortlist ≤ 1/8 memory", 0.005, 1 / 8), ("loss ≤ 0.005, any memory", 0.005, 1),
                                  ("loss ≤ 0.02, shortlist ≤ 1/8 memory", 0.02, 1 / 8)]:
        r = best(loss, fraction)
        if r is None:
            lines.append(f"- fastest with {label}: none")
            continue
        lines.append(f"- fastest with {label}: **{r['strategy']}**, {r['single_ms']:.3f} ms = "
                     f"{flat_wb['single_ms'] / r['single_ms']:.1f}× ours flat ({flat_wb['single_ms']:.2f} ms), "
                     f"{flat_peer['single_ms'] / r['single_ms']:.1f}× FAISS IndexFlatIP ({flat_peer['single_ms']:.2f} ms); "
                     f"batched {flat_wb['batched_ms_per_query'] / r['batched_ms_per_query']:.1f}× ours flat, "
                     f"{flat_peer['batched_ms_per_query'] / r['batched_ms_per_query']:.1f}× FAISS flat; "
                     f"Recall@10 loss {1 - r['recall_at_10_vs_exact']:.4f}; legal nDCG@10 {r['legal_ndcg_at_10']:.4f} "
                     f"(exact {flat_wb['legal_ndcg_at_10']:.4f}); shortlist 1/{r['full_bytes'] / r['shortlist_bytes']:.0f} of the full vectors")
    table = "\n".join(lines) + "\n"
    open(os.path.join(a.work, "table.md"), "w").write(table)
    print(table)


if __name__ == "__main__":
    main()
