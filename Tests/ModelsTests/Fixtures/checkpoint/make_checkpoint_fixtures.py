"""Make the checkpoint fixtures used by SafeTensorsTests and ModelFolderTests.

Rerun (from the package root, with the peer venv that has torch, safetensors, transformers and
sentence-transformers):

    .venv-peer/bin/python Tests/ModelsTests/Fixtures/checkpoint/make_checkpoint_fixtures.py

What it makes (next to this script)
    dtypes.safetensors, dtypes.json
        One tensor per dtype the reader handles, written by `safetensors.torch.save_file` with
        metadata {"format": "pt", "note": "dtype fixture"}: f32 [2, 3], f16 [8], bf16 [2, 2], f64 [3],
        i64 [1, 4] (refused by `floats`), scalar [] (F32) and empty [0, 4] (F32). The values include
        ±0, subnormals, ±inf and values that round. dtypes.json gives, per float tensor, its dtype,
        shape and the expected Float32 values as IEEE bit patterns (`torch_tensor.float()`, the
        conversion PyTorch does), so the comparison is exact.
    writer-reference.safetensors, writer-reference.json
        Float32 tensors written by `safetensors.torch.save_file` with metadata {"format": "pt"}.
        writer-reference.json lists {name, shape, values} in an unsorted order; SafeTensorsWriter
        given the same tensors and metadata must produce the same bytes.
    tiny-st/
        A sentence-transformers folder saved by `SentenceTransformer.save`: a random BertModel
        (vocab 30, hidden 8, 2 layers, 2 heads, intermediate 12, 20 positions; seed 0) with its
        pooler, Pooling(cls), Normalize, max_seq_length 16, do_lower_case true, prompts
        {"query": "query: ", "passage": "passage: "} and default_prompt_name "query". README.md
        (the generated model card) is deleted. tiny-st-expected.json holds the Float32 bit patterns
        of two of its tensors.
        sentence-transformers 6 writes its own spelling, which this fixture pins: modules.json types
        such as `sentence_transformers.base.modules.transformer.Transformer`, 1_Pooling/config.json
        with `embedding_dimension` and `pooling_mode: "cls"`, a sentence_bert_config.json without
        max_seq_length (it lives in tokenizer_config.json as model_max_length), a
        2_Normalize/config.json, and a "document": "" prompt added by the library. The classic
        spelling (all-MiniLM-L6-v2's) is built by the tests themselves in a temporary folder.
    tiny-prefixed/
        config.json and model.safetensors of `BertForSequenceClassification` with the same config,
        so every encoder weight carries the `bert.` prefix and there is an extra `classifier.*`.
"""

import json
import os
import shutil
import tempfile

import numpy as np
import torch
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))


def bits(tensor):
    return tensor.detach().float().contiguous().numpy().reshape(-1).view(np.uint32).tolist()


def make_dtypes():
    tensors = {
        "f32": torch.tensor([[1.5, -2.25, 0.0], [3.0e-39, 1e30, -0.0]], dtype=torch.float32),
        "f16": torch.tensor([1.0, -2.5, 65504.0, 6e-8, -0.0, float("inf"), 0.333, -float("inf")], dtype=torch.float16),
        "bf16": torch.tensor([[1.0, -3.140625], [1e38, 5e-39]], dtype=torch.bfloat16),
        "f64": torch.tensor([0.1, -1e-10, 1e300], dtype=torch.float64),
        "i64": torch.arange(4, dtype=torch.int64).reshape(1, 4),
        "scalar": torch.tensor(2.5, dtype=torch.float32),
        "empty": torch.zeros(0, 4, dtype=torch.float32),
    }
    save_file(tensors, os.path.join(HERE, "dtypes.safetensors"), metadata={"format": "pt", "note": "dtype fixture"})
    dtype_names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64"}
    expected = {
        name: {"dtype": dtype_names[t.dtype], "shape": list(t.shape), "bits": bits(t)}
        for name, t in tensors.items() if t.dtype in dtype_names
    }
    with open(os.path.join(HERE, "dtypes.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


def make_writer_reference():
    specs = [
        ("encoder.layer.10.output.dense.bias", [3]),
        ("encoder.layer.2.output.dense.bias", [3]),
        ("embeddings.position_embeddings.weight", [2, 4]),
        ("embeddings.LayerNorm.weight", [4]),
        ("Z.upper", [1]),
        ("scalar", []),
        ("empty", [0, 2]),
    ]
    listing, tensors = [], {}
    for k, (name, shape) in enumerate(specs):
        n = int(np.prod(shape)) if shape else 1
        values = (np.arange(n, dtype=np.float32) * np.float32(0.25) - np.float32(k)).astype(np.float32)
        tensors[name] = torch.from_numpy(values.reshape(shape).copy())
        listing.append({"name": name, "shape": shape, "values": values.tolist()})
    path = os.path.join(HERE, "writer-reference.safetensors")
    save_file(tensors, path, metadata={"format": "pt"})
    with open(os.path.join(HERE, "writer-reference.json"), "w") as f:
        json.dump(listing, f, indent=1)
        f.write("\n")


def tiny_config():
    from transformers import BertConfig

    return BertConfig(
        vocab_size=30, hidden_size=8, num_hidden_layers=2, num_attention_heads=2, intermediate_size=12,
        max_position_embeddings=20, type_vocab_size=2, hidden_act="gelu", layer_norm_eps=1e-12)


def make_tiny_st():
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertModel, BertTokenizerFast

    torch.manual_seed(0)
    target = os.path.join(HERE, "tiny-st")
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [chr(c) for c in range(ord("a"), ord("a") + 25)]
        with open(os.path.join(tmp, "vocab.txt"), "w") as f:
            f.write("\n".join(vocab) + "\n")
        BertTokenizerFast(os.path.join(tmp, "vocab.txt")).save_pretrained(tmp)
        BertModel(tiny_config()).save_pretrained(tmp, safe_serialization=True)
        transformer = models.Transformer(tmp, max_seq_length=16, do_lower_case=True)
        pooling = models.Pooling(8, pooling_mode="cls")
        model = SentenceTransformer(
            modules=[transformer, pooling, models.Normalize()],
            prompts={"query": "query: ", "passage": "passage: "}, default_prompt_name="query")
        model.save(target)
    os.remove(os.path.join(target, "README.md"))
    reloaded = SentenceTransformer(target)
    print("tiny-st reloads; embedding of 'abc':", reloaded.encode(["abc"])[0][:3])
    weights = load_file(os.path.join(target, "model.safetensors"))
    names = ["embeddings.LayerNorm.weight", "encoder.layer.1.output.dense.bias"]
    expected = {name: {"shape": list(weights[name].shape), "bits": bits(weights[name])} for name in names}
    with open(os.path.join(HERE, "tiny-st-expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


def make_tiny_prefixed():
    from transformers import BertForSequenceClassification

    torch.manual_seed(1)
    target = os.path.join(HERE, "tiny-prefixed")
    shutil.rmtree(target, ignore_errors=True)
    BertForSequenceClassification(tiny_config()).save_pretrained(target, safe_serialization=True)
    for name in os.listdir(target):
        if name not in ("config.json", "model.safetensors"):
            os.remove(os.path.join(target, name))
    print("tiny-prefixed tensors:", sorted(load_file(os.path.join(target, "model.safetensors")))[:3], "...")


if __name__ == "__main__":
    make_dtypes()
    make_writer_reference()
    make_tiny_st()
    make_tiny_prefixed()
    print("wrote fixtures to", HERE)
