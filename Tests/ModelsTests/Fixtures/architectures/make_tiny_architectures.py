"""Make the `architectures/` fixtures: tiny random-weight checkpoints of the BERT-family layouts whose real
weights are not reachable here (BGE, GTE/M3E, BGE-M3/XLM-R), with reference outputs from PyTorch.

What it makes (next to this script)
    tiny-bge/    a sentence-transformers folder as BAAI/bge-* has it: `BertModel` + CLS pooling + Normalize,
                 WordPiece tokenizer (vocab.txt, lowercase), max_seq_length 24.
    tiny-gte/    the same encoder layout as thenlper/gte-* and moka-ai/m3e-*: `BertModel` + mean pooling, no
                 Normalize module.
    tiny-xlmr/   `XLMRobertaModel` (model_type xlm-roberta, pad_token_id 1, positions numbered from
                 padding_idx + 1 = 2 over real tokens only, padding at position padding_idx), the BGE-M3
                 encoder layout; config.json + model.safetensors only (its Unigram tokenizer is tested
                 elsewhere), with CLS pooling + Normalize as BGE-M3 uses.
    reference.json in each folder:
        tiny-bge, tiny-gte: {"texts": [...], "input_ids": [[...]], "embeddings": [[...]]}:
            SentenceTransformer(folder).encode(texts) computed in float64 from the float32 weights, and
            the ids its tokenizer gave (unpadded).
        tiny-xlmr: {"input_ids", "attention_mask" (right-padded with id 1), "last_hidden_state",
            "cls_normalized"}: XLMRobertaModel(...) in float64, eval mode.
    Weights: after torch.manual_seed, every parameter is re-drawn (matrices ~ N(0, 0.2²), LayerNorm weights
    ~ 1 + N(0, 0.2²)) so the outputs are not trivial.

Rerun (from the package root):
    .venv-peer/bin/python Tests/ModelsTests/Fixtures/architectures/make_tiny_architectures.py
Deterministic: a rerun writes identical files.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# the repository's datasets/ folder would shadow Python's `datasets` package
sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import torch  # noqa: E402
from sentence_transformers import SentenceTransformer, models  # noqa: E402
from transformers import BertConfig, BertModel, BertTokenizerFast, XLMRobertaConfig, XLMRobertaModel  # noqa: E402

STD = 0.2
WORDS = ("the a an of to in is was for on that with as by at from court law article shall contract party "
         "state legal right duty liability damages judge appeal clause notice term pay claim breach good "
         "faith . , ? ! ' - ( )").split()
TEXTS = [
    "The court shall hear the appeal.",
    "A contract party has a duty of good faith, a right to notice and a claim for damages!",
    "Liability for breach?",
    "the state pays",
    "Unknown words like zebra get [UNK].",
]


def randomize(model, seed):
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" in name and name.endswith("weight"):
                p.copy_(1 + STD * torch.randn_like(p))
            else:
                p.copy_(STD * torch.randn_like(p))
    return model.eval()


def rounded(x):
    return [[float(f"{v:.9g}") for v in row] for row in x.tolist()]


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=None, separators=(",", ":"))
        f.write("\n")


def keep_only(folder, names):
    for root, dirs, files in os.walk(folder, topdown=False):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), folder)
            if rel not in names:
                os.remove(os.path.join(root, f))
        for d in dirs:
            p = os.path.join(root, d)
            if not os.listdir(p):
                os.rmdir(p)


def bert_folder(name, pooling, normalize, seed):
    out = os.path.join(HERE, name)
    os.makedirs(out, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS + ["##s", "##ed", "##ing"]
    vocab_file = os.path.join(out, "vocab.txt")
    with open(vocab_file, "w") as f:
        f.write("\n".join(vocab) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=vocab_file, do_lower_case=True)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=37, max_position_embeddings=40, type_vocab_size=2, hidden_act="gelu",
                        layer_norm_eps=1e-12, pad_token_id=0)
    model = randomize(BertModel(config, add_pooling_layer=True), seed)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    transformer = models.Transformer(out, max_seq_length=24)
    pool = models.Pooling(32, pooling_mode=pooling)
    modules = [transformer, pool] + ([models.Normalize()] if normalize else [])
    st = SentenceTransformer(modules=modules, device="cpu")
    st.save(out)
    keep = {"config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "tokenizer.json",
            "special_tokens_map.json", "modules.json", "sentence_bert_config.json", "1_Pooling/config.json",
            "config_sentence_transformers.json"}
    keep_only(out, keep)

    st = SentenceTransformer(out, device="cpu").double()
    ids = [st.tokenizer(t, truncation=True, max_length=24)["input_ids"] for t in TEXTS]
    with torch.no_grad():
        emb = st.encode(TEXTS, convert_to_tensor=True, batch_size=8)
    f32 = SentenceTransformer(out, device="cpu").encode(TEXTS, convert_to_tensor=True)
    print(f"{name}: float32 vs float64 max abs diff {(f32.double() - emb).abs().max().item():.2e}")
    write_json(os.path.join(out, "reference.json"), {"texts": TEXTS, "input_ids": ids, "embeddings": rounded(emb)})


def xlmr_folder(seed):
    out = os.path.join(HERE, "tiny-xlmr")
    os.makedirs(out, exist_ok=True)
    config = XLMRobertaConfig(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                              intermediate_size=37, max_position_embeddings=42, type_vocab_size=1,
                              hidden_act="gelu", layer_norm_eps=1e-5, pad_token_id=1, bos_token_id=0,
                              eos_token_id=2)
    model = randomize(XLMRobertaModel(config, add_pooling_layer=True), seed)
    model.save_pretrained(out, safe_serialization=True)
    keep_only(out, {"config.json", "model.safetensors"})
    model = XLMRobertaModel.from_pretrained(out, attn_implementation="eager").double().eval()
    g = torch.Generator().manual_seed(seed)
    lengths = [9, 6, 3]
    input_ids = torch.randint(3, 120, (3, 9), generator=g)
    mask = torch.zeros(3, 9, dtype=torch.long)
    for i, n in enumerate(lengths):
        input_ids[i, 0] = 0
        input_ids[i, n - 1] = 2
        input_ids[i, n:] = 1
        mask[i, :n] = 1
    with torch.no_grad():
        last = model(input_ids=input_ids, attention_mask=mask).last_hidden_state
    cls = torch.nn.functional.normalize(last[:, 0], dim=-1)
    write_json(os.path.join(out, "reference.json"), {
        "input_ids": input_ids.tolist(), "attention_mask": mask.tolist(),
        "last_hidden_state": [rounded(x) for x in last], "cls_normalized": rounded(cls)})
    print("tiny-xlmr: written")


def main():
    bert_folder("tiny-bge", "cls", True, seed=1)
    bert_folder("tiny-gte", "mean", False, seed=2)
    xlmr_folder(seed=3)


if __name__ == "__main__":
    main()
