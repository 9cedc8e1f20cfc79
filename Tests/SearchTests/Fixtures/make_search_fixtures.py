#!/usr/bin/env python3
"""Reference results for the Search module's tests, from FAISS and sentence-transformers.

Usage (the peer venv, with faiss-cpu==1.15.1 installed by bench/setup-search-peer.sh):
    .venv-peer/bin/python Tests/SearchTests/Fixtures/make_search_fixtures.py > Tests/SearchTests/Fixtures/search.json

Vectors: 600 corpus rows and 20 queries of width 48, drawn (numpy default_rng(7)) around a shared direction as
real sentence embeddings are (cosines mostly positive), then L2-normalised in float32.
Pinned:
  * flat: faiss.IndexFlatIP top 10 (ids and scores) for every query;
  * binary: bits set where a coordinate exceeds its dimension's median (numpy.median over the corpus), packed
    little-endian (numpy.packbits bitorder="little"), searched with faiss.IndexBinaryFlat: the top 20 Hamming
    distances of every query;
  * int8: sentence_transformers.util.quantization.quantize_embeddings(corpus, precision="uint8",
    calibration_embeddings=corpus): its per-dimension starts (the minimum) and steps ((max - min) / 255), and its
    codes (floor((x - start) / step)).
"""
import json
import sys

import faiss
import numpy as np
import sentence_transformers
from sentence_transformers.util.quantization import quantize_embeddings

rng = np.random.default_rng(7)
D, N, Q = 48, 600, 20
shared = rng.normal(size=D)
shared /= np.linalg.norm(shared)


def draw(n):
    x = (1.5 * shared + rng.normal(size=(n, D)) / np.sqrt(D)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True).astype(np.float32)


corpus, queries = draw(N), draw(Q)

flat = faiss.IndexFlatIP(D)
flat.add(corpus)
flat_scores, flat_ids = flat.search(queries, 10)

threshold = np.median(corpus, axis=0).astype(np.float32)
def bits(x):
    return np.packbits(x > threshold, axis=1, bitorder="little")
binary = faiss.IndexBinaryFlat(D)
binary.add(bits(corpus))
hamming, hamming_ids = binary.search(bits(queries), 20)

codes = quantize_embeddings(corpus, precision="uint8", calibration_embeddings=corpus)
ranges = np.vstack((np.min(corpus, axis=0), np.max(corpus, axis=0)))
starts = ranges[0, :]
steps = (ranges[1, :] - ranges[0, :]) / 255

f = lambda a: [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]
json.dump({
    "versions": {"faiss": faiss.__version__, "sentence_transformers": sentence_transformers.__version__, "numpy": np.__version__},
    "dim": D, "corpus": f(corpus), "queries": f(queries),
    "flat_ids": flat_ids.tolist(), "flat_scores": f(flat_scores),
    "binary_threshold": f(threshold), "hamming": hamming.tolist(), "hamming_ids": hamming_ids.tolist(),
    "int8_minimum": f(starts), "int8_step": f(steps), "int8_codes": codes.astype(int).ravel().tolist(),
}, sys.stdout)
