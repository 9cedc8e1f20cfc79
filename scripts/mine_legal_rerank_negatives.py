#!/usr/bin/env python3
"""Mines the hard negatives of the legal-zh reranking task (scripts/data/legal-zh-rerank-negatives.tsv).

Usage (maintainers only; the set-up never runs it, it only reads the committed ids):
  /work/main/.venv-peer/bin/python scripts/mine_legal_rerank_negatives.py \
      [--model models/multilingual-e5-small] [--data datasets/legal-zh] [--out scripts/data/legal-zh-rerank-negatives.tsv]

Rule: every query of datasets/legal-zh/qrels/test.tsv (none skipped), in file order of first appearance, is
encoded as "query: <text>" and every corpus document as "passage: <text>" by multilingual-e5-small
(sentence-transformers, mean pooling, L2-normalised, max 512 tokens). The whole corpus is ranked by cosine
similarity (descending; ties broken by document id, ascending), and the NEGATIVES highest-ranked documents that are
not relevant to the query in qrels/test.tsv are its negatives. Output: header "query-id<TAB>corpus-id", then one
line per (query, negative), negatives of a query in rank order. Only ids are committed (no licensed text);
floating-point kernels differ between machines, so re-mining elsewhere may reorder near-ties: the committed file,
not a re-run, defines the task. scripts/build_legal_tasks.py turns the ids into rerank/test.jsonl.
"""
import argparse
import json
import os
import sys

NEGATIVES = 10


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(root, "models", "multilingual-e5-small"))
    ap.add_argument("--data", default=os.path.join(root, "datasets", "legal-zh"))
    ap.add_argument("--out", default=os.path.join(root, "scripts", "data", "legal-zh-rerank-negatives.tsv"))
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    corpus = read_jsonl(os.path.join(args.data, "corpus.jsonl"))
    queries = {q["_id"]: q["text"] for q in read_jsonl(os.path.join(args.data, "queries.jsonl"))}
    relevant = {}                                   # query id -> set of document ids, in order of first appearance
    with open(os.path.join(args.data, "qrels", "test.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:2] != ["query-id", "corpus-id"]:
            sys.exit(f"qrels/test.tsv: unexpected header {header}")
        for lineno, line in enumerate(f, 2):
            if not line.strip():
                continue
            qid, did, score = line.rstrip("\n").split("\t")
            if float(score) > 0:
                relevant.setdefault(qid, set()).add(did)
    doc_ids = [d["_id"] for d in corpus]
    if len(set(doc_ids)) != len(doc_ids):
        sys.exit("corpus.jsonl: duplicate ids")
    known = set(doc_ids)
    for qid, ds in relevant.items():
        if qid not in queries or not ds <= known:
            sys.exit(f"qrels/test.tsv: {qid} names an unknown query or document")

    torch.manual_seed(0)
    model = SentenceTransformer(args.model, device="cpu")
    print(f"model {args.model}: {model}", file=sys.stderr)
    qids = list(relevant)
    q = model.encode([queries[i] for i in qids], prompt="query: ", batch_size=args.batch_size,
                     normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)   # [Q, 384]
    d = model.encode([x["text"] for x in corpus], prompt="passage: ", batch_size=args.batch_size,
                     normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)   # [N, 384]
    scores = q.astype(np.float64) @ d.astype(np.float64).T                                        # [Q, N]

    lines = ["query-id\tcorpus-id"]
    positives_at_top = 0
    for row, qid in enumerate(qids):
        order = sorted(range(len(doc_ids)), key=lambda j: (-scores[row, j], doc_ids[j]))
        if doc_ids[order[0]] in relevant[qid]:
            positives_at_top += 1
        negs = [doc_ids[j] for j in order if doc_ids[j] not in relevant[qid]][:NEGATIVES]
        if len(negs) != NEGATIVES:
            sys.exit(f"{qid}: only {len(negs)} negatives")
        lines += [f"{qid}\t{n}" for n in negs]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(qids)} queries, {len(corpus)} documents, {len(lines) - 1} negatives -> {args.out}; "
          f"a relevant document ranked first for {positives_at_top} queries", file=sys.stderr)


if __name__ == "__main__":
    main()
