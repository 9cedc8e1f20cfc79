"""Make reranking.json and pair_classification.json: sentence-transformers 6.2's own numbers for
RerankingEvaluatorTests.swift and BinaryClassificationEvaluatorTests.swift.

As make_evaluator_fixtures.py, every case runs ST's evaluator classes unchanged (`evaluator(model)`)
on synthetic texts with fixed random float32 embeddings, through a fake model whose
`encode` / `encode_query` / `encode_document` look the embeddings up by text.

reranking.json (RerankingEvaluator: cos_sim or dot_score, torch.argsort for MRR, sklearn's
average_precision_score for MAP and ndcg_score for NDCG):
- main: 24 samples, 16-dim vectors, 1-4 positives and 3-14 negatives each (so the @10 cut-off
  matters), plus one sample without negatives and one without positives (ST drops both). Within a
  sample no two candidate scores are closer than 1e-5, so rounding cannot swap ranks. Per-query
  values come from running ST on that sample alone.
- at_k=5 and dot-product (similarity_fct=dot_score on unnormalised vectors) variants of the data.
- ties: samples whose candidates repeat a text among positives and negatives, so scores tie
  exactly. sklearn averages AP and NDCG over tied groups; MRR follows torch.argsort, which for
  these small (<= 16 candidates) tensors keeps tied candidates in input order (positives first).

pair_classification.json (BinaryClassificationEvaluator): 80 pairs of 16-dim vectors, labels 0/1;
pairs 70..79 copy pairs 0..9 (same texts: exact score ties, same labels or flipped). Distinct
scores of a function are at least 1e-4 apart. Cases: all four functions (max_* added, primary
max_ap) and cosine only (primary cosine_ap). Per-pair scores are ST's pairwise functions' values:
cosine and dot similarities, euclidean and manhattan distances (positive, as ST thresholds them).

Run:  .venv-peer/bin/python Tests/EvaluationTests/Fixtures/make_reranking_fixtures.py
"""
import json
import os
import types

import numpy as np
import sentence_transformers
import torch
from sentence_transformers import util
from sentence_transformers.sentence_transformer.evaluation import (
    BinaryClassificationEvaluator,
    RerankingEvaluator,
)

NAME = "synthetic-dev"
HERE = os.path.dirname(os.path.abspath(__file__))


class FakeModel:
    """Stands in for a SentenceTransformer: fixed embeddings looked up by text."""

    def __init__(self, table, similarity_fn_name="cosine"):
        self.table = table
        self.similarity_fn_name = similarity_fn_name
        self.model_card_data = types.SimpleNamespace(set_evaluation_metrics=lambda *a, **k: None)

    def _encode(self, sentences, convert_to_tensor=False, **kwargs):
        out = np.stack([self.table[s] for s in sentences]).astype(np.float32)
        return torch.from_numpy(out) if convert_to_tensor else out

    encode = encode_query = encode_document = _encode


def strip(metrics):
    prefix = NAME + "_"
    assert all(k.startswith(prefix) for k in metrics), metrics
    return {k[len(prefix):]: float(v) for k, v in metrics.items()}


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=np.float32)]


# MARK: - reranking

def make_samples(rng, n, dot):
    samples, table = [], {}
    while len(samples) < n:
        i = len(samples)
        q = rng.standard_normal(16).astype(np.float32)
        npos, nneg = int(rng.integers(1, 5)), int(rng.integers(3, 15))
        pos = [(q * rng.uniform(0.2, 1.0) + rng.standard_normal(16)).astype(np.float32) for _ in range(npos)]
        neg = [rng.standard_normal(16).astype(np.float32) for _ in range(nneg)]
        if dot:
            pos = [p * np.float32(rng.uniform(0.5, 2.0)) for p in pos]
            neg = [v * np.float32(rng.uniform(0.5, 2.0)) for v in neg]
        docs = np.stack(pos + neg)
        sim = (util.dot_score if dot else util.cos_sim)(torch.from_numpy(q), torch.from_numpy(docs))[0].numpy()
        s = np.sort(sim.astype(np.float64))
        if np.min(np.diff(s)) < 1e-5:
            continue
        qt = f"query {i}"
        table[qt] = q
        pt = [f"q{i} positive {j}" for j in range(npos)]
        nt = [f"q{i} negative {j}" for j in range(nneg)]
        table.update(zip(pt, pos))
        table.update(zip(nt, neg))
        samples.append({"query": qt, "positive": pt, "negative": nt})
    return samples, table


def run_reranking(case, samples, table, at_k=10, dot=False):
    fct = util.dot_score if dot else util.cos_sim
    model = FakeModel(table, "dot" if dot else "cosine")
    ev = RerankingEvaluator(samples, at_k=at_k, name=NAME, similarity_fct=fct, write_csv=False)
    metrics = strip(ev(model))
    kept = [s for s in samples if s["positive"] and s["negative"]]
    per_query = []
    for s in kept:
        one = RerankingEvaluator([s], at_k=at_k, name=NAME, similarity_fct=fct, write_csv=False)
        per_query.append(strip(one(model)))
    texts = sorted({t for s in samples for t in [s["query"], *s["positive"], *s["negative"]]})
    return {
        "name": case, "at_k": at_k, "score_function": "dot" if dot else "cosine",
        "samples": samples, "texts": texts, "embeddings": [floats(table[t]) for t in texts],
        "metrics": metrics, "primary_metric": ev.primary_metric.removeprefix(NAME + "_"), "per_query": per_query,
    }


def reranking_fixtures():
    rng = np.random.default_rng(20261203)
    samples, table = make_samples(rng, 24, dot=False)
    # ST drops a sample without negatives and one without positives.
    table["query lonely"] = rng.standard_normal(16).astype(np.float32)
    table["query hopeless"] = rng.standard_normal(16).astype(np.float32)
    samples.insert(5, {"query": "query lonely", "positive": ["q0 positive 0"], "negative": []})
    samples.insert(11, {"query": "query hopeless", "positive": [], "negative": ["q1 negative 0"]})
    cases = [run_reranking("main", samples, table), run_reranking("at_k_5", samples, table, at_k=5)]
    dsamples, dtable = make_samples(rng, 16, dot=True)
    cases.append(run_reranking("dot", dsamples, dtable, dot=True))

    # Exact ties: a repeated text has one embedding, so its scores are equal bit for bit.
    t = {}
    base = [rng.standard_normal(8).astype(np.float32) for _ in range(12)]
    q = rng.standard_normal(8).astype(np.float32)
    t["tie query a"] = q
    t["tie query b"] = (q + rng.standard_normal(8)).astype(np.float32)
    for j, v in enumerate(base):
        t[f"tie doc {j}"] = v
    best = int(np.argmax(base @ q / np.linalg.norm(base, axis=1)))
    others = [f"tie doc {j}" for j in range(12) if j != best]
    tie_samples = [
        # The best-scoring text is both a positive and a negative: the top two tie.
        {"query": "tie query a", "positive": [f"tie doc {best}", others[0]], "negative": [f"tie doc {best}", *others[1:6]]},
        # Two positives repeated as negatives, and a repeated negative.
        {"query": "tie query b", "positive": [others[2], others[3]], "negative": [others[2], others[3], others[4], others[4], *others[6:9]]},
    ]
    for s in tie_samples:
        docs = s["positive"] + s["negative"]
        sc = util.cos_sim(torch.from_numpy(t[s["query"]]), torch.from_numpy(np.stack([t[d] for d in docs])))[0]
        order = torch.argsort(-sc).tolist()
        # The claim the fixture relies on: tied candidates keep input order.
        for a, b in zip(order, order[1:]):
            assert sc[a] > sc[b] or (sc[a] == sc[b] and a < b), (order, sc)
    cases.append(run_reranking("ties", tie_samples, t))
    return {"sentence_transformers": sentence_transformers.__version__, "name": NAME, "cases": cases}


# MARK: - pair classification

def pair_fixtures():
    rng = np.random.default_rng(7)
    fns = {
        "cosine": lambda a, b: util.pairwise_cos_sim(a, b),
        "dot": lambda a, b: util.pairwise_dot_score(a, b),
        "euclidean": lambda a, b: -util.pairwise_euclidean_sim(a, b),
        "manhattan": lambda a, b: -util.pairwise_manhattan_sim(a, b),
    }
    while True:
        n = 70
        labels = rng.integers(0, 2, n)
        e1 = rng.standard_normal((n, 16)).astype(np.float32)
        noise = rng.standard_normal((n, 16)).astype(np.float32)
        mix = np.where(labels[:, None] == 1, rng.uniform(0.3, 1.0, (n, 1)), rng.uniform(0.0, 0.7, (n, 1)))
        e2 = (mix * e1 + (1 - mix) * noise).astype(np.float32) * rng.uniform(0.5, 2.0, (n, 1)).astype(np.float32)
        scores = {f: fn(torch.from_numpy(e1), torch.from_numpy(e2)).numpy().astype(np.float64) for f, fn in fns.items()}
        if all(np.min(np.diff(np.sort(s))) >= 1e-4 for s in scores.values()):
            break
    s1 = [f"left {i}" for i in range(n)]
    s2 = [f"right {i}" for i in range(n)]
    # Pairs 70..79 repeat pairs 0..9; 75..79 with the label flipped.
    s1 += s1[:10]
    s2 += s2[:10]
    labels = list(map(int, labels)) + [int(l) for l in labels[:5]] + [1 - int(l) for l in labels[5:10]]
    table = dict(zip(s1[:n], e1)) | dict(zip(s2[:n], e2))
    t1 = torch.from_numpy(np.stack([table[s] for s in s1]))
    t2 = torch.from_numpy(np.stack([table[s] for s in s2]))
    pair_scores = {f: [float(x) for x in fn(t1, t2).numpy()] for f, fn in fns.items()}
    cases = []
    for case, names in [("all", ["cosine", "dot", "euclidean", "manhattan"]), ("cosine", None), ("manhattan_dot", ["manhattan", "dot"])]:
        ev = BinaryClassificationEvaluator(s1, s2, labels, name=NAME, write_csv=False, similarity_fn_names=names)
        metrics = strip(ev(FakeModel(table)))
        cases.append({"name": case, "similarity_fn_names": names, "metrics": metrics,
                      "metric_names": list(metrics), "primary_metric": ev.primary_metric.removeprefix(NAME + "_")})
    texts = sorted(table)
    return {
        "sentence_transformers": sentence_transformers.__version__, "name": NAME,
        "sentences1": s1, "sentences2": s2, "labels": labels,
        "texts": texts, "embeddings": [floats(table[t]) for t in texts],
        "pair_scores": pair_scores, "cases": cases,
    }


if __name__ == "__main__":
    for file, data in [("reranking.json", reranking_fixtures()), ("pair_classification.json", pair_fixtures())]:
        with open(os.path.join(HERE, file), "w") as f:
            json.dump(data, f, separators=(",", ":"))
        print(file, os.path.getsize(os.path.join(HERE, file)))
