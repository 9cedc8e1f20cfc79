"""Make evaluators.json: sentence-transformers' own evaluator numbers for EvaluatorTests.swift.

Every case gives synthetic texts fixed random float32 embeddings and runs sentence-transformers'
evaluator classes on them unchanged (`evaluator(model)`), through a fake model whose
`encode` / `encode_query` / `encode_document` look the embeddings up by text and record the prompt
they were asked to apply. So every number comes from ST's own code paths: pairwise similarity
functions + scipy's pearsonr/spearmanr for EmbeddingSimilarityEvaluator, and
util.cos_sim / dot_score + torch.topk + its tie handling + compute_metrics for
InformationRetrievalEvaluator.

- sts: 100 pairs of 24-dim vectors; gold scores in 0.5 steps (many ties); pairs 90..99 copy
  pairs 0..9 exactly, so the predicted similarities tie too. Different pairs' similarities are
  kept at least 1e-5 apart, so float rounding in another implementation cannot swap two ranks.
  Cases: ST's default (the model's similarity, cosine), all four functions, main_similarity=dot.
- ir: 30 queries, 200 documents, 32-dim unit vectors, 1-3 relevant documents per query (made
  near their query). Also a query with no relevant documents (ST drops it), a relevance list
  for a query that does not exist, and a relevant id missing from the corpus. No relevant
  document scores within 1e-5 of a non-relevant one, so rounding cannot change a metric. Per-query values come from running ST's evaluator on that
  query alone. Further cases: query/corpus prompts, dot-product scoring of unnormalised
  vectors, a small corpus (8 documents, k up to 10) with custom k lists, and exact ties
  (duplicated documents whose ids sort differently than they are listed), which ST breaks by
  ascending corpus id.

Run:  .venv-peer/bin/python Tests/EvaluationTests/Fixtures/make_evaluator_fixtures.py
"""
import json
import os
import types

import numpy as np
import scipy
import sentence_transformers
import torch
from sentence_transformers import util
from sentence_transformers.sentence_transformer.evaluation import (
    EmbeddingSimilarityEvaluator,
    InformationRetrievalEvaluator,
)

NAME = "synthetic-dev"
GAP = 1e-5  # smallest allowed difference between two scores whose order matters


class FakeModel:
    """Stands in for a SentenceTransformer: fixed embeddings looked up by text."""

    def __init__(self, table, similarity_fn_name="cosine"):
        self.table = table
        self.similarity_fn_name = similarity_fn_name
        self.similarity = {"cosine": util.cos_sim, "dot": util.dot_score}[similarity_fn_name]
        self.model_card_data = types.SimpleNamespace(set_evaluation_metrics=lambda *a, **k: None)
        self.prompts_seen = {}

    def _encode(self, role, sentences, prompt=None, convert_to_tensor=False, **kwargs):
        self.prompts_seen.setdefault(role, set()).add(prompt)
        out = np.stack([self.table[s] for s in sentences]).astype(np.float32)
        return torch.from_numpy(out) if convert_to_tensor else out

    def encode(self, sentences, **kw):
        return self._encode("encode", sentences, **kw)

    def encode_query(self, sentences, **kw):
        return self._encode("query", sentences, **kw)

    def encode_document(self, sentences, **kw):
        return self._encode("document", sentences, **kw)


def strip(metrics):
    prefix = NAME + "_"
    assert all(k.startswith(prefix) for k in metrics), metrics
    return {k[len(prefix):]: float(v) for k, v in metrics.items()}


def floats(a):
    return [[float(x) for x in row] for row in np.asarray(a, dtype=np.float32)]


def unit(v):
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


# MARK: - STS


def sts_data(seed=11, n=100, dim=24, copies=10):
    for attempt in range(1000):
        rng = np.random.default_rng(seed + attempt)
        e1 = rng.normal(size=(n, dim)).astype(np.float32) * rng.uniform(0.5, 2.0, size=(n, 1)).astype(np.float32)
        mix = rng.uniform(-0.3, 1.0, size=(n, 1))
        e2 = (mix * e1 + (1 - np.abs(mix)) * rng.normal(size=(n, dim))).astype(np.float32)
        e2 *= rng.uniform(0.5, 2.0, size=(n, 1)).astype(np.float32)
        e1[n - copies:], e2[n - copies:] = e1[:copies], e2[:copies]
        # every similarity, in float64, must be either identical (copies) or GAP apart
        a, b = e1.astype(np.float64), e2.astype(np.float64)
        sims = {
            "cosine": (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1),
            "dot": (a * b).sum(1),
            "euclidean": -np.linalg.norm(a - b, axis=1),
            "manhattan": -np.abs(a - b).sum(1),
        }
        ok = True
        for s in sims.values():
            distinct = np.sort(s[: n - copies])
            ok &= bool(np.min(np.diff(distinct)) > GAP * max(1.0, np.abs(distinct).max()))
        if not ok:
            continue
        cos = sims["cosine"]
        gold = np.clip(np.round((2.5 + 2.5 * cos + rng.normal(0, 0.6, n)) * 2) / 2, 0, 5)
        gold[n - copies:] = gold[:copies]
        return e1, e2, [float(g) for g in gold]
    raise RuntimeError("no STS seed without near-ties")


def sts_cases():
    e1, e2, gold = sts_data()
    n = len(gold)
    s1 = [f"left sentence {i}" for i in range(n)]
    s2 = [f"right sentence {i}" for i in range(n)]
    for i in range(n - 10, n):  # copied pairs are the same texts
        s1[i], s2[i] = s1[i - (n - 10)], s2[i - (n - 10)]
    table = {**{s: e1[i] for i, s in enumerate(s1)}, **{s: e2[i] for i, s in enumerate(s2)}}
    pair_scores = {
        "cosine": util.pairwise_cos_sim(e1, e2),
        "dot": util.pairwise_dot_score(e1, e2),
        "euclidean": util.pairwise_euclidean_sim(e1, e2),
        "manhattan": util.pairwise_manhattan_sim(e1, e2),
    }
    pair_scores = {k: [float(x) for x in v.numpy()] for k, v in pair_scores.items()}
    options = [
        ("default", dict()),
        ("all-functions", dict(similarity_fn_names=["cosine", "euclidean", "manhattan", "dot"])),
        ("main-dot", dict(main_similarity="dot")),
    ]
    cases = []
    for label, kw in options:
        model = FakeModel(table)
        ev = EmbeddingSimilarityEvaluator(s1, s2, gold, name=NAME, write_csv=False, **kw)
        st_metrics = ev(model)
        assert model.prompts_seen == {"encode": {None}}, model.prompts_seen
        cases.append({
            "name": label,
            "similarity_fn_names": kw.get("similarity_fn_names"),
            "main_similarity": kw.get("main_similarity"),
            "st_metrics": {k: float(v) for k, v in st_metrics.items()},
            "metrics": strip(st_metrics),
            "primary_metric": ev.primary_metric[len(NAME) + 1:],
        })
    return {
        "sentences1": s1,
        "sentences2": s2,
        "scores": gold,
        "embeddings1": floats(e1),
        "embeddings2": floats(e2),
        "pair_scores": pair_scores,
        "cases": cases,
    }


# MARK: - IR


def order_is_robust(scores, relevant):
    """No relevant document scores within GAP of a non-relevant one (float64), unless exactly equal.

    Only the relative order of relevant and non-relevant documents changes a metric, so this is
    what float rounding in another implementation must not be able to flip.
    """
    for row, rel in zip(scores, relevant):
        rel = np.asarray(sorted(rel), dtype=int)
        other = np.setdiff1d(np.arange(len(row)), rel)
        d = np.abs(row[rel][:, None] - row[other][None, :])
        if np.any((d > 0) & (d < GAP)):
            return False
    return True


def ir_data(seed, n_queries=30, n_docs=200, dim=32, normalise=True):
    for attempt in range(1000):
        rng = np.random.default_rng(seed + attempt)
        q = rng.normal(size=(n_queries, dim))
        d = rng.normal(size=(n_docs, dim))
        rel = {}
        free = list(rng.permutation(n_docs))
        for i in range(n_queries):
            picks = [int(free.pop()) for _ in range(int(rng.integers(1, 4)))]
            rel[i] = picks
            for j in picks:  # relevant documents lean towards their query, some more than others
                d[j] = q[i] * rng.uniform(0.05, 0.8) + rng.normal(size=dim)
        if normalise:
            q, d = unit(q), unit(d)
        else:
            q = (q * rng.uniform(0.5, 2.0, size=(n_queries, 1))).astype(np.float32)
            d = (d * rng.uniform(0.5, 2.0, size=(n_docs, 1))).astype(np.float32)
        a, b = q.astype(np.float64), d.astype(np.float64)
        s = a @ b.T  # dot products; cosines too, as the vectors are unit when normalised
        if order_is_robust(s, [rel[i] for i in range(n_queries)]):
            return q, d, rel
    raise RuntimeError("no IR seed without near-ties")


def run_ir(queries, corpus, relevant, q_emb, d_emb, similarity="cosine", **kw):
    """ST's evaluator on everything, then on each query alone (its per-query values)."""
    table = {}
    for (qid, text), v in zip(queries, q_emb):
        table[text] = v
    for (cid, text), v in zip(corpus, d_emb):
        table[text] = v

    def evaluate(qs):
        model = FakeModel(table, similarity)
        ev = InformationRetrievalEvaluator(dict(qs), dict(corpus), relevant, name=NAME, write_csv=False, **kw)
        metrics = ev(model)
        return ev, metrics, model.prompts_seen

    ev, st_metrics, prompts = evaluate(queries)
    per_query = {}
    for qid, text in queries:
        if relevant.get(qid):
            per_query[qid] = strip(evaluate([(qid, text)])[1])
    return ev, st_metrics, prompts, per_query


def ir_case(label, queries, corpus, relevant, q_emb, d_emb, similarity="cosine", **kw):
    ev, st_metrics, prompts, per_query = run_ir(queries, corpus, relevant, q_emb, d_emb, similarity, **kw)
    metrics = strip(st_metrics)
    for key, value in metrics.items():  # ST's metrics are the means of its per-query values
        assert abs(np.mean([row[key] for row in per_query.values()]) - value) < 1e-12, (label, key)
    options = {k: kw[k] for k in ("accuracy_at_k", "precision_recall_at_k", "mrr_at_k", "ndcg_at_k", "map_at_k") if k in kw}
    return {
        "name": label,
        "score_function": similarity,
        "query_prompt": kw.get("query_prompt"),
        "corpus_prompt": kw.get("corpus_prompt"),
        "options": options,
        "queries": [[qid, text] for qid, text in queries],
        "corpus": [[cid, text] for cid, text in corpus],
        "relevant_docs": {qid: sorted(docs) for qid, docs in relevant.items()},
        "query_embeddings": floats(q_emb),
        "corpus_embeddings": floats(d_emb),
        "prompts_seen": {role: sorted(p for p in ps if p is not None) or [None] for role, ps in prompts.items()},
        "st_metrics": {k: float(v) for k, v in st_metrics.items()},
        "metrics": metrics,
        "primary_metric": ev.primary_metric[len(NAME) + 1:],
        "per_query": per_query,
    }


def synthetic_ir(seed, normalise=True):
    q, d, rel = ir_data(seed, normalise=normalise)
    n_q, n_d = len(q), len(d)
    # ids whose string order differs from their numeric order ("doc-10" < "doc-2")
    queries = [(f"q{i}", f"query text {i}") for i in range(n_q)]
    corpus = [(f"doc-{j}", f"document text {j}") for j in range(n_d)]
    relevant = {f"q{i}": {f"doc-{j}" for j in js} for i, js in rel.items()}
    relevant["q3"].add("doc-missing")        # a relevant document that is not in the corpus
    relevant["q-unknown"] = {"doc-0"}        # relevance for a query that is not asked
    # a query with no relevant documents: ST drops it
    queries.append(("q-norel", "query without relevant documents"))
    q = np.concatenate([q, q[:1]], axis=0)
    relevant["q-norel"] = set()
    return queries, corpus, relevant, q, d


def ir_cases():
    cases = []
    queries, corpus, relevant, q, d = synthetic_ir(101)
    cases.append(ir_case("default", queries, corpus, relevant, q, d))
    cases.append(ir_case("prompts", queries, corpus, relevant, q, d, query_prompt="query: ", corpus_prompt="passage: "))

    queries, corpus, relevant, q, d = synthetic_ir(202, normalise=False)
    cases.append(ir_case("dot", queries, corpus, relevant, q, d, similarity="dot"))

    # small corpus: k larger than the corpus; custom k lists
    rng = np.random.default_rng(303)
    qs = unit(rng.normal(size=(5, 8)))
    ds = unit(rng.normal(size=(8, 8)))
    queries = [(f"s{i}", f"small query {i}") for i in range(5)]
    corpus = [(f"c{j}", f"small doc {j}") for j in range(8)]
    relevant = {"s0": {"c1"}, "s1": {"c2", "c5", "c7"}, "s2": {"c0", "c1", "c2", "c3", "c4", "c5"},
                "s3": {"c6"}, "s4": {"c3", "c4"}}
    s = qs.astype(np.float64) @ ds.astype(np.float64).T
    assert order_is_robust(s, [[int(c[1:]) for c in relevant[qid]] for qid, _ in queries])
    cases.append(ir_case("small-corpus", queries, corpus, relevant, qs, ds,
                         accuracy_at_k=[1, 2, 10], precision_recall_at_k=[2, 5, 10], mrr_at_k=[3, 10],
                         ndcg_at_k=[3, 5, 10], map_at_k=[4, 10]))

    # exact ties: duplicated documents, listed in an order their ids do not sort in
    rng = np.random.default_rng(404)
    base = unit(rng.normal(size=(6, 16)))
    ds = np.concatenate([base, base[[0, 0, 1, 2, 2, 2]]], axis=0)  # 12 docs, with 3 groups of equal vectors
    ids = ["t9", "t8", "t7", "t6", "t5", "t4", "t30", "t100", "t2", "t10", "t1", "t0"]
    corpus = [(cid, f"tie doc {cid}") for cid in ids]
    qs = unit(np.stack([base[0] + 0.1 * rng.normal(size=16), base[2] + 0.1 * rng.normal(size=16),
                        base[1] + 0.2 * rng.normal(size=16), rng.normal(size=16)]))
    queries = [(f"tq{i}", f"tie query {i}") for i in range(4)]
    relevant = {"tq0": {"t100"}, "tq1": {"t0", "t7"}, "tq2": {"t2"}, "tq3": {"t30", "t1"}}
    cases.append(ir_case("ties", queries, corpus, relevant, qs, ds,
                         accuracy_at_k=[1, 2, 3], precision_recall_at_k=[1, 2, 3], mrr_at_k=[2, 10],
                         ndcg_at_k=[2, 3, 10], map_at_k=[3, 100]))
    return cases


def main():
    out = {
        "sentence_transformers": sentence_transformers.__version__,
        "torch": torch.__version__,
        "scipy": scipy.__version__,
        "name": NAME,
        "sts": sts_cases(),
        "ir": ir_cases(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "evaluators.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"), allow_nan=False)
    print(f"wrote {path}: {len(out['sts']['cases'])} STS cases, {len(out['ir'])} IR cases")
    for c in out["sts"]["cases"] + out["ir"]:
        print(c["name"], c["primary_metric"], {k: round(v, 4) for k, v in list(c["metrics"].items())[:6]})


if __name__ == "__main__":
    main()
