#!/usr/bin/env python3
"""Writes the small data set files DatasetTests reads (run from this folder: python3 make_dataset_fixtures.py).

Good files cover each format and column convention; bad/ has one defect per file (the tests expect the error to
name the file and the line given in DatasetTests); retrieval/ is a tiny BEIR-layout set.
"""
import json
import os


def w(name, data):
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def jl(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


# --- good files, one per format / convention
w("sts.jsonl", jl([
    {"sentence1": "A plane is taking off.", "sentence2": "An air plane is taking off.", "score": 1.0, "score_raw": 5.0},
    {"sentence1": "A man is playing a flute.", "sentence2": "A man is playing a flute.", "score": 0.76, "score_raw": 3.8},
    {"sentence1": " 一个人在弹吉他。", "sentence2": "一只猫在睡觉。", "score": 0, "score_raw": 0},
]) + "\n")  # a trailing blank line is skipped
w("sts.csv", 'sentence1,sentence2,score\r\n'           # CRLF line ends, RFC 4180 quoting, a field over two lines
  '"Hello, world","He said ""hi""",0.5\r\n'
  'plain text,"two\nlines",1\r\n'
  '\r\n'
  'a "quoted" word,,0\r\n')
w("triplets.tsv", "anchor\tpositive\tnegative\n"      # TSV: quotes are text
  "公司法第六十条\t一人有限责任公司章程由股东制定。\t国家保障妇女享有与男子平等的婚姻家庭权利。\n"
  "what is \"x\"\tx is a letter\ty is another letter\n")
w("labels.csv", "label,text\n0,first\n2,second\n1,third\n")
w("anchor-positive.jsonl", jl([{"anchor": "q1", "positive": "d1", "extra": 3}, {"anchor": "q2", "positive": "d2"}]))
w("no-extension", jl([{"text": "t", "label": 1}]))

# --- bad files
w("bad/missing-column.csv", "sentence1,sentence_2,score\na,b,0.5\n")
w("bad/missing-key.jsonl", jl([{"anchor": "a", "positive": "b"}, {"anchor": "c", "pos": "d"}]))
w("bad/score-out-of-range.jsonl", jl([{"sentence1": "a", "sentence2": "b", "score": 0.5},
                                      {"sentence1": "c", "sentence2": "d", "score": 0.25},
                                      {"sentence1": "e", "sentence2": "f", "score": 4.2}]))
w("bad/score-not-number.tsv", "sentence1\tsentence2\tscore\na\tb\t0.1\nc\td\thigh\n")
w("bad/text-not-string.jsonl", jl([{"anchor": "a", "positive": 7}]))
w("bad/empty.jsonl", "")
w("bad/blank-lines.jsonl", "\n\n")
w("bad/header-only.csv", "anchor,positive\n")
w("bad/malformed.jsonl", jl([{"anchor": "a", "positive": "b"}]) + '{"anchor": "c", "positive": \n')
w("bad/not-an-object.jsonl", jl([{"anchor": "a", "positive": "b"}]) + '["c", "d"]\n')
w("bad/unterminated-quote.csv", 'anchor,positive\na,b\n"c,d\ne,f\n')
w("bad/text-after-quote.csv", 'anchor,positive\na,b\nc,"d"x\n')
w("bad/field-count.csv", "anchor,positive\na,b\nc,d,e\n")
w("bad/duplicate-header.csv", "anchor,anchor,positive\na,b,c\n")
w("bad/non-utf8.jsonl", jl([{"anchor": "a", "positive": "b"}]).encode() + b'{"anchor": "caf\xe9", "positive": "d"}\n')
w("bad/non-utf8.tsv", b"anchor\tpositive\na\tb\nc\td\n\xff\xfe\tx\n")

# --- retrieval (BEIR layout)
w("retrieval/queries.jsonl", jl([{"_id": "q1", "text": "first query"}, {"_id": "q2", "text": "second query"},
                                 {"_id": "q3", "text": "query without relevant documents"}, {"_id": 4, "text": "numeric id"}]))
w("retrieval/corpus.jsonl", jl([{"_id": "d1", "text": "doc one"}, {"_id": "d2", "title": "Title", "text": "doc two"},
                                {"_id": "d3", "text": "doc three"}]))
w("retrieval/qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq2\td3\t1\n4\td3\t1\nq3\td1\t0\n")
w("retrieval/qrels-unknown-doc.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td9\t1\n")
w("retrieval/qrels-no-header.tsv", "q1\td1\t1\n")
w("retrieval/corpus-duplicate-id.jsonl", jl([{"_id": "d1", "text": "a"}, {"_id": "d2", "text": "b"},
                                             {"_id": "d1", "text": "c"}]))
