"""Make the `tiny-bert/` fixture: a tiny random BERT checkpoint plus reference forward/backward values.

What it makes (in tiny-bert/, next to this script)
    config.json, model.safetensors
        `transformers.BertModel(BertConfig(vocab_size=99, hidden_size=32, num_hidden_layers=2,
        num_attention_heads=4, intermediate_size=37, max_position_embeddings=40, type_vocab_size=2,
        hidden_act="gelu", layer_norm_eps=1e-12))` (with its pooler, like real BERT checkpoints),
        saved with `save_pretrained(..., safe_serialization=True)`. After `torch.manual_seed(0)` every
        parameter is re-initialised so that outputs are not trivial: matrices/embeddings ~ N(0, 0.2^2),
        biases ~ N(0, 0.2^2), LayerNorm weights ~ 1 + N(0, 0.2^2).
    reference.safetensors (all float32; metadata "description" repeats this list)
        input_ids        [3, 7]  token ids (stored as float32; exact small integers), 0 = [PAD]
        attention_mask   [3, 7]  1 = token, 0 = padding (rows have 7, 5 and 3 tokens, right-padded)
        token_type_ids   [3, 7]  segment ids (0/1), 0 on padding
        last_hidden_state [3, 7, 32]  BertModel(...).last_hidden_state in eval mode (no dropout);
                         padded positions hold what HF computes there (their queries attend to the
                         unmasked keys), so compare them only if your encoder computes them too
        hidden_state.0 / .1 / .2  [3, 7, 32]  embedding output (after its LayerNorm) and the output
                         of layer 1 and layer 2 (.2 == last_hidden_state)
        mean_pooled      [3, 32]  masked mean over tokens of last_hidden_state
        R                [3, 32]  fixed random weights of the scalar loss
        loss             [1]      loss = (mean_pooled * R).sum()
        grad.<name>      d loss / d parameter, for every tensor name of model.safetensors (same name,
                         same shape); the pooler does not feed the loss, so its gradients are zero,
                         and attention.self.key.bias gradients are exactly zero too (softmax is
                         invariant to the key bias), stored as 0
        grad.hidden_state.0  [3, 7, 32]  d loss / d embedding output
    The reference values are computed in float64 from the float32 weights (eager attention) and
    rounded to float32; the script checks that a plain float32 run agrees (max abs diff printed), and
    that the saved checkpoint reloads with `BertModel.from_pretrained` and reproduces the outputs.

Rerun (from the package root, /work/main):
    bash ../shared/bench/peer/setup.sh .venv-peer      # once: makes the peer venv
    .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_tiny_bert.py

Deterministic (seeded; CPU): a rerun writes byte-identical files.
"""
import json
import os
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import torch
import transformers
from safetensors import safe_open
from safetensors.torch import save_file
from transformers import BertConfig, BertModel

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tiny-bert")
STD = 0.2


def build() -> BertModel:
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=99,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=37,
        max_position_embeddings=40,
        type_vocab_size=2,
        hidden_act="gelu",
        layer_norm_eps=1e-12,
        hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1,
        initializer_range=STD,
        pad_token_id=0,
    )
    model = BertModel(config, add_pooling_layer=True)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" in name and name.endswith("weight"):
                p.copy_(1 + STD * torch.randn_like(p))
            else:
                p.copy_(STD * torch.randn_like(p))
    return model.eval()


def inputs():
    g = torch.Generator().manual_seed(1)
    lengths = [7, 5, 3]
    input_ids = torch.randint(1, 99, (3, 7), generator=g)
    attention_mask = torch.zeros(3, 7, dtype=torch.long)
    token_type_ids = torch.zeros(3, 7, dtype=torch.long)
    for i, n in enumerate(lengths):
        attention_mask[i, :n] = 1
        input_ids[i, n:] = 0
    token_type_ids[0, 4:7] = 1  # a second segment in the full row
    token_type_ids[1, 3:5] = 1
    R = torch.randn(3, 32, generator=g)
    return input_ids, attention_mask, token_type_ids, R


def run(model, input_ids, attention_mask, token_type_ids, R, dtype):
    """Forward + backward; returns a dict of float tensors (in `dtype`)."""
    model = model.to(dtype)
    model.zero_grad(set_to_none=True)
    out = model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids,
                output_hidden_states=True)
    hs = out.hidden_states
    hs[0].retain_grad()
    last = out.last_hidden_state
    m = attention_mask.to(dtype).unsqueeze(-1)
    mean_pooled = (last * m).sum(1) / m.sum(1).clamp(min=1e-9)
    loss = (mean_pooled * R.to(dtype)).sum()
    loss.backward()
    res = {
        "last_hidden_state": last.detach(),
        "mean_pooled": mean_pooled.detach(),
        "loss": loss.detach().reshape(1),
        "grad.hidden_state.0": hs[0].grad.detach(),
    }
    for i, h in enumerate(hs):
        res[f"hidden_state.{i}"] = h.detach()
    for name, p in model.named_parameters():
        res[f"grad.{name}"] = (p.grad if p.grad is not None else torch.zeros_like(p)).detach()
    return res


def main() -> None:
    model = build()
    model.config._attn_implementation = "eager"  # plain softmax attention for the reference
    input_ids, attention_mask, token_type_ids, R = inputs()

    os.makedirs(OUT, exist_ok=True)
    model.save_pretrained(OUT, safe_serialization=True)
    for f in os.listdir(OUT):
        if f not in ("config.json", "model.safetensors", "reference.safetensors"):
            os.remove(os.path.join(OUT, f))

    ref64 = run(build_from(OUT, torch.float64), input_ids, attention_mask, token_type_ids, R, torch.float64)
    ref32 = run(build_from(OUT, torch.float32), input_ids, attention_mask, token_type_ids, R, torch.float32)
    worst = max(((ref64[k].float() - ref32[k]).abs().max().item(), k) for k in ref64)
    print(f"float32 vs float64 reference: max abs diff {worst[0]:.2e} ({worst[1]})")
    if worst[0] > 1e-4:
        sys.exit("float32 and float64 runs disagree")

    # names in the checkpoint must be exactly the parameter names the gradients use
    with safe_open(os.path.join(OUT, "model.safetensors"), "pt") as f:
        keys = set(f.keys())
        for k in keys:
            if not torch.equal(f.get_tensor(k), dict(model.named_parameters())[k].detach().float()):
                sys.exit(f"saved tensor {k} differs from the model")
    grads = {k[len("grad."):] for k in ref64 if k.startswith("grad.") and not k.startswith("grad.hidden_state")}
    if keys != grads:
        sys.exit(f"checkpoint keys and gradient names differ: {sorted(keys ^ grads)}")
    nonzero = [k for k in grads if ref64["grad." + k].abs().max() > 0]
    zero = sorted(grads - set(nonzero))
    if any(not k.startswith("pooler.") for k in zero):
        sys.exit(f"unexpected zero gradients: {zero}")
    # softmax is invariant to the key bias (it adds the same q.b_k to every score of a row), so its
    # gradient is exactly zero; float64 leaves ~1e-16 of rounding noise, stored as an exact 0
    for k in grads:
        if k.endswith("attention.self.key.bias"):
            g = ref64["grad." + k]
            if g.abs().max() > 1e-10:
                sys.exit(f"{k}: gradient {g.abs().max().item()} should vanish")
            ref64["grad." + k] = torch.zeros_like(g)

    tensors = {
        "input_ids": input_ids.float(),
        "attention_mask": attention_mask.float(),
        "token_type_ids": token_type_ids.float(),
        "R": R.float(),
    }
    tensors.update({k: v.float().contiguous() for k, v in ref64.items()})
    # one metadata key: safetensors writes a metadata map in random order, which would make the file
    # differ from run to run
    meta = {"description": json.dumps({
        "what": "tiny random BertModel reference; see make_tiny_bert.py docstring",
        "loss": "(mean_pooled * R).sum(), mean_pooled = masked mean of last_hidden_state",
        "precision": "computed in float64 from the float32 weights, stored as float32",
        "torch": torch.__version__,
        "transformers": transformers.__version__,
    }, sort_keys=True)}
    save_file(tensors, os.path.join(OUT, "reference.safetensors"), metadata=meta)

    # reload both files and reproduce
    from safetensors.torch import load_file

    back = load_file(os.path.join(OUT, "reference.safetensors"))
    reloaded = BertModel.from_pretrained(OUT, attn_implementation="eager").eval()
    with torch.no_grad():
        out = reloaded(input_ids=back["input_ids"].long(), attention_mask=back["attention_mask"].long(),
                       token_type_ids=back["token_type_ids"].long()).last_hidden_state
    d = (out - back["last_hidden_state"]).abs().max().item()
    print(f"reloaded checkpoint vs reference last_hidden_state: max abs diff {d:.2e}")
    if d > 1e-5:
        sys.exit("reloaded model does not reproduce the reference")
    # the default (sdpa) attention must agree as well
    sd = BertModel.from_pretrained(OUT).eval()
    with torch.no_grad():
        out2 = sd(input_ids=back["input_ids"].long(), attention_mask=back["attention_mask"].long(),
                  token_type_ids=back["token_type_ids"].long()).last_hidden_state
    m = back["attention_mask"].bool()
    d2 = (out2 - back["last_hidden_state"])[m].abs().max().item()
    print(f"default attention ({sd.config._attn_implementation}) vs reference on real tokens: {d2:.2e}")
    if d2 > 1e-5:
        sys.exit("default attention implementation disagrees")

    cfg = json.load(open(os.path.join(OUT, "config.json")))
    print("config:", {k: cfg.get(k) for k in ("model_type", "hidden_size", "num_hidden_layers", "intermediate_size",
                                              "hidden_act", "layer_norm_eps", "dtype", "torch_dtype")})
    print(f"loss {back['loss'].item():.6f}; {len(keys)} parameter tensors; zero gradients: {zero} (unused pooler)"
          " and the attention key biases (exact 0)")
    for f in sorted(os.listdir(OUT)):
        os.chmod(os.path.join(OUT, f), 0o644)  # safetensors writes 0600
        print(f"  tiny-bert/{f}: {os.path.getsize(os.path.join(OUT, f))} bytes")


def build_from(path: str, dtype) -> BertModel:
    m = BertModel.from_pretrained(path, attn_implementation="eager", dtype=torch.float32).eval()
    return m.to(dtype)


if __name__ == "__main__":
    main()
