"""Make the Unigram (SentencePiece / XLM-R) tokenizer fixtures under `unigram/`.

What it makes, in unigram/ next to this script
    xlmr/tokenizer.json    a tiny SentencePiece Unigram model (1 306 pieces, nmt_nfkc normalization)
                           in the layout of xlm-roberta / multilingual-e5 tokenizer.json files:
                           <s> <pad> </s> <unk> first, <mask> (lstrip) last, unk_id 3, normalizer
                           Sequence[Precompiled, Replace(Regex " {2,}" -> " ")], pre-tokenizer
                           Metaspace(▁, prepend_scheme always, split), post-processor
                           TemplateProcessing "<s> $A </s>"
    bytefallback/tokenizer.json
                           a second model (1 200 pieces) trained with byte_fallback (identity
                           normalization, so no charsmap), converted by transformers' SentencePiece converter
                           (Replace regexes with \\A / \\z anchors, Sequence[Metaspace(split false)]
                           pre-tokenizer) with a RobertaProcessing post-processor
    pipeline/tokenizer.json
                           the byte-fallback vocabulary behind other normalizers and pre-tokenizers:
                           Sequence[Nmt, NFKC, Lowercase, Strip, Replace(String), Replace(Regex)],
                           Sequence[WhitespaceSplit, Metaspace(prepend_scheme first)], BertProcessing
    plain/tokenizer.json   the same vocabulary with Sequence[NFKD, StripAccents, NFC, NFD, Strip(right),
                           Prepend, Replace(" " -> "▁")], no pre-tokenizer, a TemplateProcessing with type ids 1
    ids.json               for each tokenizer and each text (texts.json plus the extra texts below):
                           ids truncated to max_length (32) as HF truncates them, and untruncated
                           ids; plus a padded batch (ids, attention mask, token type ids)

How the models are made
    SentencePiece Unigram training (`sentencepiece`, one thread, so reruns give the same files) on a
    small corpus: the Chinese legal, English and other-script sentences below plus texts.json; the
    extra texts stay out of it, so some of their characters are unknown to the models.

How the ids are made
    HuggingFace `tokenizers.Tokenizer.from_file(tokenizer.json)` (the Rust tokenizer), truncation
    switched on for the truncated ids (`enable_truncation(max_length)`), off for the others.

Rerun (from the package root, /work/main):
    .venv-peer/bin/pip install sentencepiece protobuf    # once
    .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_unigram_fixtures.py
"""
import os
import sys

# The repository's datasets/ folder would shadow the `datasets` package that transformers imports.
sys.path = [p for p in sys.path if p not in ("", os.getcwd(), ".")]

import json  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

import sentencepiece as spm  # noqa: E402
from sentencepiece import sentencepiece_model_pb2 as model_pb2  # noqa: E402
import tokenizers  # noqa: E402
from tokenizers import AddedToken, Regex, Tokenizer, normalizers, pre_tokenizers, processors  # noqa: E402
from tokenizers.models import Unigram  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "unigram")
MAX_LENGTH = 32

CORPUS_ZH = """\
中华人民共和国刑法第二百六十四条规定，盗窃公私财物，数额较大的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。
数额巨大或者有其他严重情节的，处三年以上十年以下有期徒刑，并处罚金。
数额特别巨大或者有其他特别严重情节的，处十年以上有期徒刑或者无期徒刑，并处罚金或者没收财产。
根据《中华人民共和国民法典》第一千零七十九条，夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。
人民法院审理离婚案件，应当进行调解；如果感情确已破裂，调解无效的，应当准予离婚。
劳动合同法第三十九条规定，劳动者严重违反用人单位的规章制度的，用人单位可以解除劳动合同。
用人单位自用工之日起即与劳动者建立劳动关系，应当订立书面劳动合同。
当事人对自己提出的主张，有责任提供证据。
公民、法人或者其他组织认为行政机关的具体行政行为侵犯其合法权益的，有权依法提起行政诉讼。
犯罪嫌疑人、被告人在侦查期间，只能委托律师作为辩护人。
合同当事人一方不履行合同义务或者履行合同义务不符合约定的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任。
民事主体从事民事活动，应当遵循诚信原则，秉持诚实，恪守承诺。
自然人的民事权利能力一律平等。
十八周岁以上的自然人为成年人，不满十八周岁的自然人为未成年人。
故意杀人的，处死刑、无期徒刑或者十年以上有期徒刑；情节较轻的，处三年以上十年以下有期徒刑。
以非法占有为目的，诈骗公私财物，数额较大的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。
生产、销售伪劣产品，销售金额五万元以上不满二十万元的，处二年以下有期徒刑或者拘役。
被侵权人有权请求侵权人承担侵权责任。
行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。
物权的设立、变更、转让和消灭，应当依照法律规定登记。
国家实行土地用途管制制度，严格限制农用地转为建设用地。
人民检察院是国家的法律监督机关，依法独立行使检察权。
今天天气很好，我们去公园散步吧！
机器学习是人工智能的一个分支，深度学习是机器学习的一个分支。
我用手机拍了一张照片，然后上传到了网上。
这个模型在中文文本分类任务上表现出色。
繁體中文：臺灣的資訊科技產業非常發達，法律條文也使用繁體字。
"""

CORPUS_EN = """\
The history of natural language processing generally started in the 1950s, although work can be found from earlier periods.
In 1950, Alan Turing published an article titled Computing Machinery and Intelligence.
The Georgetown experiment in 1954 involved fully automatic translation of more than sixty Russian sentences into English.
A man is playing a guitar. A woman is slicing an onion on a wooden cutting board in the kitchen.
Two dogs are running through a field of tall grass while their owner watches.
The quick brown fox jumps over the lazy dog.
Sentence embeddings map sentences to dense vectors that can be compared with cosine similarity.
Legal retrieval finds the statute that answers a question written in plain language.
The court held that the contract was void because one party lacked capacity.
Whoever steals public or private property of a relatively large amount shall be sentenced to imprisonment.
What is the capital of France? Paris is the capital and most populous city of France.
I can't believe it's not butter; isn't that what they'd say?
Transformers-based sentence encoders are trained with contrastive losses on pairs of texts.
Visit https://example.com/path?query=1 or email john.doe@example.org today.
Prices: 3.14 2,718 -42 +7 100% $19.99 and 1e-10.
café naïve résumé coöperate façade Ångström São Paulo Zürich Kraków
"""

CORPUS_OTHER = """\
東京は日本の首都です。カタカナとひらがなを混ぜます。
안녕하세요, 만나서 반갑습니다. 한국어 문장입니다.
مرحبا بالعالم، هذه جملة باللغة العربية.
Привет, мир! Это предложение на русском языке.
Γειά σου Κόσμε! Ελληνικά κείμενα με τόνους.
नमस्ते दुनिया, यह हिंदी में एक वाक्य है।
สวัสดีชาวโลก นี่คือประโยคภาษาไทย
Tiếng Việt có nhiều dấu: ắ ằ ẳ ẵ ặ ế ề ể ễ ệ.
Thumbs up 👍 and a robot 🤖 walk into a bar 🍺.
"""

# Texts beyond texts.json that exercise what only a Unigram / SentencePiece pipeline does.
EXTRA_TEXTS = [
    "  leading and trailing spaces  ",
    "multiple     spaces   between\u3000\u3000words",
    "<s>special tokens</s> in text <pad> and <unk> and <mask>",
    "Hello <mask>!",
    "Hello    <mask>world<mask>",
    "<mask>",
    "<s>",
    "▁ already has meta ▁▁ symbols▁",
    "decomposed e\u0301 a\u0308 n\u0303 o\u0302 and stacked a\u0301\u0302 x\u0323\u0307",
    "中\u0301文 and и\u0306 and \u0415\u0308",
    "line1\r\nline2\rline3\nline4",
    "keycap #\ufe0f\u20e3 and 1\ufe0f\u20e3 and ©\ufe0f",
    "เขาไม่ได้พูดสักคำ",
    "ड़ी दुख and क्षत्रिय",
    "آپ کیسے ہیں",
    "unknown: 龘靐齉 𓀀𓀁 ᏣᎳᎩ ⵜⴰⵎⴰⵣⵉⵖⵜ",
    "compat: ǅ ﬁ ﬂ ㍿ ① ⑴ ㈱ ﹏ ｶﾞ ﾊﾟ",
    "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeff",
    "\u200b",
    " ",
    "\u3000",
    "\t",
    "emoji: 👩\u200d💻 👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 🇨🇳🇯🇵 👍🏿 🧑🏽\u200d🚀",
    "hangul jamo \u1100\u1161\u11a8 and syllable 각",
    "Ａ\u0301 ｆｕｌｌ　ｗｉｄｔｈ　ＡＢＣ１２３！？",
    "第一条　为了保护民事主体的合法权益，调整民事关系，维护社会和经济秩序，适应中国特色社会主义发展要求，弘扬社会主义核心价值观，根据宪法，制定本法。",
    "刑法第264条：盗窃公私财物，数额较大的（1000元～3000元以上），处三年以下有期徒刑。",
    "α\u0301 ω\u0342 and ᾆ",
    "tab\tseparated\tvalues\tand\u000bvertical\u000cform feed",
    "control \u0001\u0002\u001f and del \u007f and c1 \u0085\u009f",
    "a",
    "🙂",
    "x" * 40 + " " + "中" * 40,
]

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]


def train(prefix, corpus_path, **options):
    """Trains a SentencePiece Unigram model and returns its parsed ModelProto."""
    spm.SentencePieceTrainer.train(
        input=corpus_path,
        model_prefix=prefix,
        model_type="unigram",
        vocab_size=options.pop("vocab_size", 1500),
        character_coverage=0.9995,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
        **options,
    )
    proto = model_pb2.ModelProto()
    with open(prefix + ".model", "rb") as f:
        proto.ParseFromString(f.read())
    return proto


def xlmr_tokenizer(proto):
    """The XLM-R / multilingual-e5 layout of tokenizer.json around a SentencePiece model."""
    vocab = [(s, 0.0) for s in SPECIALS] + [(p.piece, p.score) for p in proto.pieces[3:]] + [("<mask>", 0.0)]
    tok = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(proto.normalizer_spec.precompiled_charsmap), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    tok.add_special_tokens([AddedToken(s, normalized=False, special=True) for s in SPECIALS])
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, normalized=False, special=True)])
    return tok


def byte_fallback_tokenizer(prefix):
    """transformers' conversion of a byte-fallback SentencePiece model, with a RoBERTa post-processor."""
    from transformers.convert_slow_tokenizer import SpmConverter

    proto = model_pb2.ModelProto()
    with open(prefix + ".model", "rb") as f:
        proto.ParseFromString(f.read())
    vocab = [(p.piece, p.score) for p in proto.pieces]
    tok = SpmConverter.build_tokenizer_from_spm_proto(proto, vocab)
    tok.post_processor = processors.RobertaProcessing(sep=("</s>", 2), cls_token=("<s>", 1))
    tok.add_special_tokens([AddedToken(s, normalized=False, special=True) for s in ["<unk>", "<s>", "</s>"]])
    return tok


def pipeline_tokenizer(base):
    """The byte-fallback vocabulary behind other normalizers and pre-tokenizers."""
    tok = Tokenizer.from_str(base.to_str())
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Nmt(),
            normalizers.NFKC(),
            normalizers.Lowercase(),
            normalizers.Strip(left=True, right=True),
            normalizers.Replace("...", "…"),
            normalizers.Replace(Regex(r"[0-9]+"), "0"),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=True)]
    )
    tok.post_processor = processors.BertProcessing(sep=("</s>", 2), cls_token=("<s>", 1))
    # A normalized added token: matched in the normalized text.
    tok.add_tokens([AddedToken("legal", normalized=True, single_word=True)])
    return tok


def plain_tokenizer(base):
    """The byte-fallback vocabulary with Unicode normalizers, Prepend, no pre-tokenizer, type ids 1."""
    tok = Tokenizer.from_str(base.to_str())
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.NFKD(),
            normalizers.StripAccents(),
            normalizers.NFC(),
            normalizers.NFD(),
            normalizers.Strip(left=False, right=True),
            normalizers.Prepend("▁"),
            normalizers.Replace(" ", "▁"),
        ]
    )
    tok.pre_tokenizer = None
    tok.post_processor = processors.TemplateProcessing(
        single="<s>:1 <s>:1 $A:1 </s>:2", special_tokens=[("<s>", 1), ("</s>", 2)]
    )
    return tok


def record(tok, texts):
    """HF ids of every text, truncated to MAX_LENGTH and untruncated, plus a padded batch."""
    tok.no_truncation()
    tok.no_padding()
    full = [e.ids for e in tok.encode_batch(texts)]
    tok.enable_truncation(max_length=MAX_LENGTH)
    truncated = tok.encode_batch(texts)
    rows = []
    for text, enc, ids in zip(texts, truncated, full):
        rows.append({"text": text, "input_ids": enc.ids, "token_type_ids": enc.type_ids, "untruncated_ids": ids})
    batch_texts = [texts[3], "", EXTRA_TEXTS[-1], "中华人民共和国 Hello <mask>"]
    pad_id = tok.token_to_id("<pad>") if tok.token_to_id("<pad>") is not None else 0
    tok.enable_padding(pad_id=pad_id, pad_token="<pad>")
    padded = tok.encode_batch(batch_texts)
    tok.no_padding()
    tok.no_truncation()
    batch = {
        "texts": batch_texts,
        "pad_id": pad_id,
        "input_ids": [e.ids for e in padded],
        "attention_mask": [e.attention_mask for e in padded],
        "token_type_ids": [e.type_ids for e in padded],
    }
    return {"texts": rows, "padded_batch": batch}


def main():
    with open(os.path.join(HERE, "texts.json"), encoding="utf-8") as f:
        texts = json.load(f) + EXTRA_TEXTS
    os.makedirs(OUT, exist_ok=True)
    work = tempfile.mkdtemp()
    # texts.json joins the corpus (its long paragraphs give the model a vocabulary of ~1 500 pieces);
    # EXTRA_TEXTS stay out of it, so some of their characters are unknown.
    corpus = CORPUS_ZH + CORPUS_EN + CORPUS_OTHER + "".join(t.strip() + "\n" for t in json.load(
        open(os.path.join(HERE, "texts.json"), encoding="utf-8")) if t.strip())
    corpus_path = os.path.join(work, "corpus.txt")
    with open(corpus_path, "w", encoding="utf-8") as f:
        f.write(corpus)
    try:
        xlmr_proto = train(os.path.join(work, "xlmr"), corpus_path)
        train(os.path.join(work, "bytes"), corpus_path, vocab_size=1200, byte_fallback=True,
              normalization_rule_name="identity")
        tokenizers_by_name = {"xlmr": xlmr_tokenizer(xlmr_proto)}
        tokenizers_by_name["bytefallback"] = byte_fallback_tokenizer(os.path.join(work, "bytes"))
        tokenizers_by_name["pipeline"] = pipeline_tokenizer(tokenizers_by_name["bytefallback"])
        tokenizers_by_name["plain"] = plain_tokenizer(tokenizers_by_name["bytefallback"])
    finally:
        shutil.rmtree(work)

    out = {"reference": f"tokenizers {tokenizers.__version__}", "max_length": MAX_LENGTH, "tokenizers": {}}
    for name, tok in tokenizers_by_name.items():
        folder = os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        tok.no_truncation()
        tok.no_padding()
        tok.save(os.path.join(folder, "tokenizer.json"), pretty=False)
        # Reload from the file: the ids must be those of the committed JSON.
        tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        out["tokenizers"][name] = record(tok, texts)
        size = os.path.getsize(os.path.join(folder, "tokenizer.json"))
        print(f"{name}: tokenizer.json {size // 1024} KB, vocab {tok.get_vocab_size()}")

    path = os.path.join(OUT, "ids.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(texts)} texts x {len(out['tokenizers'])} tokenizers")


if __name__ == "__main__":
    main()
