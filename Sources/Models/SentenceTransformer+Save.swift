import Foundation
import Tensors

extension SentenceTransformer {
    /// Writes the model as a sentence-transformers folder that Python's `SentenceTransformer(path)` loads.
    ///
    /// The folder holds `model.safetensors` (current weights, HF names), the source's `config.json` and
    /// tokenizer files, `modules.json` (Transformer → Pooling → each `Dense` → Normalize when on), `1_Pooling/config.json`,
    /// a `<n>_Dense/` folder per `Dense` module (its current weights),
    /// `sentence_bert_config.json`, and `config_sentence_transformers.json` when the source has one.
    /// It is built next to `url` and renamed into place, so a crash leaves the previous folder intact.
    public func save(to url: URL, metadata: [String: String] = [:]) throws(CheckpointError) {
        let fm = FileManager.default
        try AtomicFolder.write(url, operation: "save model") { staging in
            try fm.createDirectory(at: staging.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
            var writer = SafeTensorsWriter(url: staging.appendingPathComponent("model.safetensors"), metadata: ["format": "pt"].merging(metadata) { $1 })
            for (name, t) in model.namedParameters { try writer.add(name, shape: t.shape, values: t.scalars) }
            try writer.write()
            let source = folder.transformerURL
            for file in ["config.json", "tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"]
            where fm.fileExists(atPath: source.appendingPathComponent(file).path) {
                try fm.copyItem(at: source.appendingPathComponent(file), to: staging.appendingPathComponent(file))
            }
            if fm.fileExists(atPath: folder.url.appendingPathComponent("config_sentence_transformers.json").path) {
                try fm.copyItem(at: folder.url.appendingPathComponent("config_sentence_transformers.json"),
                                to: staging.appendingPathComponent("config_sentence_transformers.json"))
            }
            var modules: [[String: Any]] = [
                ["idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"],
                ["idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"],
            ]
            for module in dense {
                let idx = modules.count
                try DenseModuleFolder.write(weight: module.weight, bias: module.bias, to: staging.appendingPathComponent("\(idx)_Dense"))
                modules.append(["idx": idx, "name": "\(idx)", "path": "\(idx)_Dense", "type": "sentence_transformers.models.Dense"])
            }
            let normalizePath = "\(modules.count)_Normalize"
            if normalize { modules.append(["idx": modules.count, "name": "\(modules.count)", "path": normalizePath, "type": "sentence_transformers.models.Normalize"]) }
            try Self.writeJSON(modules, to: staging.appendingPathComponent("modules.json"))
            var pooling: [String: Any] = ["word_embedding_dimension": model.config.hiddenSize, "include_prompt": folder.pooling.includePrompt]
            for (key, mode) in PoolingConfig.legacyModeKeys { pooling[key] = mode == self.pooling.mode.rawValue }
            try Self.writeJSON(pooling, to: staging.appendingPathComponent("1_Pooling/config.json"))
            if normalize { try fm.createDirectory(at: staging.appendingPathComponent(normalizePath), withIntermediateDirectories: true) }
            try Self.writeJSON(["max_seq_length": maxSeqLength, "do_lower_case": folder.doLowerCase],
                               to: staging.appendingPathComponent("sentence_bert_config.json"))
        }
    }

    private static func writeJSON(_ object: Any, to url: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: url)
    }
}
