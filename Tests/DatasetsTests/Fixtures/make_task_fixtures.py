#!/usr/bin/env python3
"""Writes the small files LabelledTextDatasetTests and RerankingDatasetTests read (run from this folder:
python3 make_task_fixtures.py).

labelled/ and reranking/ hold good files and, under bad/, one defect per file (the tests expect the error to name
the file and the line given there).
"""
import json
import os


def w(name, data):
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as f:
        f.write(data.encode("utf-8"))


def jl(rows):
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)


# --- labelled texts
w("labelled/topics.jsonl", jl([
    {"text": "母亲离家出走不管儿童应该由谁来起诉", "label": "婚姻家庭", "id": 7},     # extra keys ignored
    {"text": "公司拖欠工资三个月怎么办？", "label": "劳动纠纷"},
    "",                                                                              # blank line skipped
    {"text": " 追尾事故对方全责，保险不赔 ", "label": "交通事故"},                   # verbatim, spaces kept
    {"text": "离婚后孩子抚养权归谁", "label": "婚姻家庭"},
]))
w("labelled/topics.csv", 'text,label\r\n'
  '"借钱不还, 有借条",债权债务\r\n'
  '"他说""合同无效""",合同纠纷\r\n'
  '"两行\n文本",债权债务\r\n')
w("labelled/intents.csv", 'id,sentence,intent\n1,book a flight,travel\n2,play some jazz,music\n')
w("labelled/one-label.jsonl", jl([{"text": "a", "label": "x"}, {"text": "b", "label": "x"}]))
w("labelled/integer-labels.jsonl", jl([{"text": "a", "label": 0}, {"text": "b", "label": 2}]))
w("labelled/bad/missing-label.jsonl", jl([{"text": "a", "label": "x"}, {"text": "b", "label": "y"},
                                          {"text": "c"}]))                           # line 3
w("labelled/bad/missing-text.jsonl", jl([{"text": "a", "label": "x"}, {"label": "y"}]))   # line 2
w("labelled/bad/empty-label.csv", 'text,label\nfirst,x\nsecond,\n')                # line 3
w("labelled/bad/empty-text.csv", 'text,label\nfirst,x\n"  ",y\n')                  # line 3
w("labelled/bad/no-label-column.csv", 'text,topic\nfirst,x\n')                     # header, line 1
w("labelled/bad/label-not-integer.jsonl", jl([{"text": "a", "label": 1.5}]))       # line 1
w("labelled/bad/empty.jsonl", "")
w("labelled/bad/header-only.csv", "text,label\n")

# --- reranking samples
w("reranking/samples.jsonl", jl([
    {"query": "公司法第六十条", "positive": ["一人有限责任公司章程由股东制定。"],
     "negative": ["国家保障妇女的权利。", "合同成立的时间。"], "id": "q1"},
    {"query": "two positives", "positive": ["p1", "p2"], "negative": []},            # empty list allowed
    {"query": "bare strings", "positive": "p", "negative": "n"},                      # a string is a list of one
]))
w("reranking/bad/missing-negative.jsonl", jl([{"query": "q", "positive": ["p"], "negative": ["n"]},
                                              {"query": "q2", "positive": ["p"]}]))   # line 2
w("reranking/bad/missing-query.jsonl", jl([{"positive": ["p"], "negative": ["n"]}]))  # line 1
w("reranking/bad/number-in-list.jsonl", jl([{"query": "q", "positive": ["p"], "negative": ["n"]},
                                            "",
                                            {"query": "q", "positive": ["p"], "negative": ["n", 3]}]))  # line 3
w("reranking/bad/empty-query.jsonl", jl([{"query": " ", "positive": ["p"], "negative": ["n"]}]))  # line 1
w("reranking/bad/positive-object.jsonl", jl([{"query": "q", "positive": {"a": 1}, "negative": []}]))  # line 1
w("reranking/bad/malformed.jsonl", jl([{"query": "q", "positive": ["p"], "negative": ["n"]},
                                       '{"query": "q", "positive": ["p"'] ))          # line 2
w("reranking/bad/empty.jsonl", "\n\n")
