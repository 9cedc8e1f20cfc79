"""Make the `tiny-mpnet/` fixture: a tiny random MPNet as a sentence-transformers folder, plus reference
forward/backward values from PyTorch.

What it makes (in tiny-mpnet/, next to this script)
    config.json, model.safetensors
        `transformers.MPNetModel(MPNetConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2,
        num_attention_heads=4, intermediate_size=37, max_position_embeddings=40,
        relative_attention_num_buckets=32, hidden_act="gelu", layer_norm_eps=1e-5, pad_token_id=1))`
        with its pooler, saved with `save_pretrained(..., safe_serialization=True)`. After
        `torch.manual_seed(0)` every parameter is re-initialised so outputs are not trivial:
        matrices/embeddings/biases ~ N(0, 0.2^2), LayerNorm weights ~ 1 + N(0, 0.2^2), and the relative
        attention bias ~ N(0, 1) so that it matters.
    vocab.txt, tokenizer.json, tokenizer_config.json, special_tokens_map.json
        `MPNetTokenizerFast` over a 60-token vocabulary laid out as MPNet's (`<s>`=0, `<pad>`=1, `</s>`=2,
        `<unk>`=3, then BERT-style `[PAD]`, `[UNK]`, words and `##` pieces, `<mask>` last).
    modules.json, 1_Pooling/config.json, sentence_bert_config.json
        Transformer -> Pooling(mean) -> Normalize, max_seq_length 32, as sentence-transformers saves them;
        the script checks sentence-transformers loads the folder.
    reference.safetensors (all float32; metadata "description" repeats this list)
        input_ids        [3, 24]  token ids (stored as float32; exact small integers): `<s>` … `</s>`, then
                                  `<pad>` (1); rows have 24, 17 and 9 tokens, right-padded
        attention_mask   [3, 24]  1 = token, 0 = padding
        last_hidden_state [3, 24, 32]  MPNetModel(...).last_hidden_state in eval mode (eager attention);
                                  padded positions hold what HF computes there
        mean_pooled      [3, 32]  masked mean over tokens of last_hidden_state
        R                [3, 32]  fixed random weights of the scalar loss
        loss             [1]      loss = (mean_pooled * R).sum()
        grad.<name>      d loss / d parameter, for every tensor of model.safetensors (same name and shape);
                                  the pooler does not feed the loss (zero), and the attention key biases
                                  have an exactly-zero gradient (stored as 0)
        relative_position [1201]   relative positions -600 … 600 (memory - context, as float32)
        bucket           [1201]   MPNetEncoder.relative_position_bucket of each (num_buckets 32, max_distance 128)
        st_input_ids     [4, T]   sentence-transformers' tokenization of ST_TEXTS (padded with 1)
        st_embeddings    [4, 32]  SentenceTransformer(folder).encode(ST_TEXTS) (normalized, float32 run)
    The reference values are computed in float64 from the float32 weights and rounded to float32; the
    script checks a float32 run agrees and that the saved checkpoint reloads and reproduces the outputs.

Rerun (from the package root):
    /work/venv-peer/bin/python Tests/ModelsTests/Fixtures/make_tiny_mpnet.py

Deterministic (seeded; CPU).
"""
import json
import os
import shutil
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch
import transformers
from safetensors import safe_open
from safetensors.torch import save_file
from transformers import MPNetConfig, MPNetModel, MPNetTokenizerFast

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tiny-mpnet")
STD = 0.2
HIDDEN = 32
WORDS = ["the", "a", "man", "is", "playing", "guitar", "dog", "runs", "in", "park", "music", "someone", "plays",
         "cat", "sleeps", "on", "mat", "fast", "slow", "red", "blue", "car", "drives", "road", "and", "of", "to",
         "play", "run", ".", ",", "!", "?", "'", "s"]
PIECES = ["##s", "##ing", "##er", "##ed", "##ly", "##a", "##e", "##i", "##o", "##u", "##t", "##n", "##r", "##d",
          "##y", "##l"]
VOCAB = ["<s>", "<pad>", "</s>", "<unk>", "[PAD]", "[UNK]", "[CLS]", "[SEP]"] + WORDS + PIECES + ["<mask>"]
ST_TEXTS = ["A man is playing a guitar.", "The dog runs in the park!", "someone plays music",
            "Red cars drive slowly on the blue road, and the cat sleeps."]


def build() -> MPNetModel:
    torch.manual_seed(0)
    config = MPNetConfig(
        vocab_size=len(VOCAB), hidden_size=HIDDEN, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
        max_position_embeddings=40, relative_attention_num_buckets=32, hidden_act="gelu", layer_norm_eps=1e-5,
        hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, initializer_range=STD, pad_token_id=1,
        bos_token_id=0, eos_token_id=2,
    )
    model = MPNetModel(config, add_pooling_layer=True)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" in name and name.endswith("weight"):
                p.copy_(1 + STD * torch.randn_like(p))
            elif "relative_attention_bias" in name:
                p.copy_(torch.randn_like(p))
            else:
                p.copy_(STD * torch.randn_like(p))
    return model.eval()


def inputs():
    g = torch.Generator().manual_seed(1)
    lengths = [24, 17, 9]
    t = max(lengths)
    input_ids = torch.randint(8, len(VOCAB) - 1, (3, t), generator=g)
    attention_mask = torch.zeros(3, t, dtype=torch.long)
    for i, n in enumerate(lengths):
        attention_mask[i, :n] = 1
        input_ids[i, 0] = 0
        input_ids[i, n - 1] = 2
        input_ids[i, n:] = 1
    R = torch.randn(3, HIDDEN, generator=g)
    return input_ids, attention_mask, R


def run(model, input_ids, attention_mask, R, dtype):
    """Forward + backward; returns a dict of float tensors (in `dtype`)."""
    model = model.to(dtype)
    model.zero_grad(set_to_none=True)
    out = model(input_ids=input_ids, attention_mask=attention_mask)
    last = out.last_hidden_state
    m = attention_mask.to(dtype).unsqueeze(-1)
    mean_pooled = (last * m).sum(1) / m.sum(1).clamp(min=1e-9)
    loss = (mean_pooled * R.to(dtype)).sum()
    loss.backward()
    res = {"last_hidden_state": last.detach(), "mean_pooled": mean_pooled.detach(), "loss": loss.detach().reshape(1)}
    for name, p in model.named_parameters():
        res[f"grad.{name}"] = (p.grad if p.grad is not None else torch.zeros_like(p)).detach()
    return res


def write_tokenizer():
    """tokenizer.json laid out as all-mpnet-base-v2's: WordPiece (unk `[UNK]`), BertNormalizer (lowercase),
    BertPreTokenizer, RobertaProcessing `<s>` … `</s>`, the same added special tokens."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    with open(os.path.join(OUT, "vocab.txt"), "w") as f:
        f.write("\n".join(VOCAB) + "\n")
    vocab = {t: i for i, t in enumerate(VOCAB)}
    backend = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    backend.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None,
                                                    lowercase=True)
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    backend.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=True,
                                                          add_prefix_space=False)
    backend.decoder = decoders.WordPiece(prefix="##", cleanup=True)
    backend.add_special_tokens([AddedToken(t, normalized=False, special=True) for t in ["<s>", "<pad>", "</s>"]]
                               + [AddedToken("<unk>", normalized=True, special=True),
                                  AddedToken("[UNK]", normalized=False, special=True),
                                  AddedToken("<mask>", lstrip=True, normalized=False, special=True)])
    tok = MPNetTokenizerFast(tokenizer_object=backend, bos_token="<s>", eos_token="</s>", sep_token="</s>",
                             cls_token="<s>", unk_token="[UNK]", pad_token="<pad>", mask_token="<mask>",
                             do_lower_case=True, model_max_length=512)
    tok.save_pretrained(OUT)
    ids = tok("A man is playing a guitar.")["input_ids"]
    if ids[0] != 0 or ids[-1] != 2 or tok.pad_token_id != 1:
        sys.exit(f"tokenizer layout is not MPNet's: {ids}, pad {tok.pad_token_id}")
    return tok


def write_sentence_transformers_files():
    os.makedirs(os.path.join(OUT, "1_Pooling"), exist_ok=True)
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    pooling = {"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
               "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False}
    for name, obj in [("modules.json", modules), ("1_Pooling/config.json", pooling),
                      ("sentence_bert_config.json", {"max_seq_length": 32, "do_lower_case": False})]:
        with open(os.path.join(OUT, name), "w") as f:
            json.dump(obj, f, indent=2)
            f.write("\n")


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    model = build()
    model.config._attn_implementation = "eager"
    input_ids, attention_mask, R = inputs()
    model.save_pretrained(OUT, safe_serialization=True)
    tok = write_tokenizer()
    write_sentence_transformers_files()

    ref64 = run(build_from(OUT, torch.float64), input_ids, attention_mask, R, torch.float64)
    ref32 = run(build_from(OUT, torch.float32), input_ids, attention_mask, R, torch.float32)
    worst = max(((ref64[k].float() - ref32[k]).abs().max().item(), k) for k in ref64)
    print(f"float32 vs float64 reference: max abs diff {worst[0]:.2e} ({worst[1]})")
    if worst[0] > 1e-4:
        sys.exit("float32 and float64 runs disagree")

    with safe_open(os.path.join(OUT, "model.safetensors"), "pt") as f:
        keys = set(f.keys())
        for k in keys:
            if not torch.equal(f.get_tensor(k), dict(model.named_parameters())[k].detach().float()):
                sys.exit(f"saved tensor {k} differs from the model")
    grads = {k[len("grad."):] for k in ref64 if k.startswith("grad.")}
    if keys != grads:
        sys.exit(f"checkpoint keys and gradient names differ: {sorted(keys ^ grads)}")
    zero = sorted(k for k in grads if ref64["grad." + k].abs().max() == 0)
    for k in grads:
        if k.endswith("attention.attn.k.bias"):
            g = ref64["grad." + k]
            if g.abs().max() > 1e-10:
                sys.exit(f"{k}: gradient {g.abs().max().item()} should vanish")
            ref64["grad." + k] = torch.zeros_like(g)
    if any(not k.startswith("pooler.") for k in zero):
        sys.exit(f"unexpected zero gradients: {zero}")
    if ref64["grad.encoder.relative_attention_bias.weight"].abs().max() < 1e-3:
        sys.exit("the relative attention bias gets no gradient")

    rel = torch.arange(-600, 601)
    from transformers.models.mpnet.modeling_mpnet import MPNetEncoder
    buckets = MPNetEncoder.relative_position_bucket(rel, num_buckets=32, max_distance=128)

    # sentence-transformers on the folder (float32), with its own tokenization
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(OUT, device="cpu")
    st_emb = torch.from_numpy(st.encode(ST_TEXTS, convert_to_numpy=True))
    st_ids = st.tokenize(ST_TEXTS)["input_ids"]
    print("st tokenization:", [tok.convert_ids_to_tokens(r) for r in st_ids.tolist()])

    tensors = {
        "input_ids": input_ids.float(), "attention_mask": attention_mask.float(), "R": R.float(),
        "relative_position": rel.float(), "bucket": buckets.float(),
        "st_input_ids": st_ids.float(), "st_embeddings": st_emb.float(),
    }
    tensors.update({k: v.float().contiguous() for k, v in ref64.items()})
    meta = {"description": json.dumps({
        "what": "tiny random MPNetModel reference; see make_tiny_mpnet.py docstring",
        "loss": "(mean_pooled * R).sum(), mean_pooled = masked mean of last_hidden_state",
        "precision": "computed in float64 from the float32 weights, stored as float32",
        "st_texts": ST_TEXTS,
        "torch": torch.__version__,
        "transformers": transformers.__version__,
    }, sort_keys=True)}
    save_file(tensors, os.path.join(OUT, "reference.safetensors"), metadata=meta)

    from safetensors.torch import load_file

    back = load_file(os.path.join(OUT, "reference.safetensors"))
    reloaded = MPNetModel.from_pretrained(OUT).eval()
    with torch.no_grad():
        out = reloaded(input_ids=back["input_ids"].long(), attention_mask=back["attention_mask"].long()).last_hidden_state
    m = back["attention_mask"].bool()
    d = (out - back["last_hidden_state"])[m].abs().max().item()
    print(f"reloaded checkpoint ({reloaded.config._attn_implementation}) vs reference on real tokens: {d:.2e}")
    if d > 1e-5:
        sys.exit("reloaded model does not reproduce the reference")
    print(f"loss {back['loss'].item():.6f}; {len(keys)} parameter tensors; zero gradients: {zero}")
    for root, _, files in os.walk(OUT):
        for f in sorted(files):
            p = os.path.join(root, f)
            os.chmod(p, 0o644)
            print(f"  {os.path.relpath(p, HERE)}: {os.path.getsize(p)} bytes")


def build_from(path: str, dtype) -> MPNetModel:
    m = MPNetModel.from_pretrained(path, attn_implementation="eager", dtype=torch.float32).eval()
    return m.to(dtype)


if __name__ == "__main__":
    main()
