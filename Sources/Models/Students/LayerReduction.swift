import Crypto
import Foundation

/// A student made from a teacher by keeping some of its layers, initialised from them: sentence-transformers'
/// layer-reduction recipe (`examples/…/distillation/model_distillation_layer_reduction.py`).
///
/// ```swift
/// let layers = LayerReduction.defaultLayers(keeping: 6, of: 12)            // [0, 2, 4, 6, 8, 10]
/// try LayerReduction.write(teacher: URL(fileURLWithPath: "models/multilingual-e5-small"), keeping: layers,
///                          to: URL(fileURLWithPath: "students/e5-L6"))
/// ```
/// The student is an ordinary sentence-transformers folder: the teacher's files with `num_hidden_layers` set to
/// the layers kept and `encoder.layer.<i>.…` renumbered 0…k−1 in `model.safetensors` (embeddings, pooling,
/// prompts and tokenizer unchanged; integer buffers such as `embeddings.position_ids` left out, weights stored
/// as F32), plus `STUDENT.json` saying where it came from. It works for any encoder
/// whose checkpoint names its layers `encoder.layer.<i>.` (BERT, XLM-R, MPNet).
public enum LayerReduction {
    /// The layers sentence-transformers' example keeps of a 12-layer teacher (1, 2, 3, 4, 6 or 8 kept), else `k`
    /// spread evenly, the last layer kept: layer ⌈(i + 1)·n / k⌉ − 1 for i in 0..<k.
    public static func defaultLayers(keeping k: Int, of n: Int) -> [Int] {
        let example: [Int: [Int]] = [1: [5], 2: [3, 7], 3: [3, 7, 11], 4: [1, 4, 7, 10], 6: [0, 2, 4, 6, 8, 10],
                                     8: [0, 1, 3, 4, 6, 7, 9, 10]]
        if n == 12, let layers = example[k] { return layers }
        return (0..<max(k, 0)).map { i in ((i + 1) * n + k - 1) / k - 1 }
    }

    /// Writes the student of `teacher` that keeps `layers` (ascending teacher indices) to `output`.
    ///
    /// - Throws: `CheckpointError.invalidConfig` for an empty list, a layer out of range, repeats or a list not
    ///   ascending (a student deeper than its teacher is one of these); the teacher folder's own errors.
    public static func write(teacher: URL, keeping layers: [Int], to output: URL) throws {
        let folder = try SentenceTransformerFolder(url: teacher)
        let configURL = folder.configURL
        guard let data = FileManager.default.contents(atPath: configURL.path),
              var config = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let depth = config["num_hidden_layers"] as? Int else {
            throw CheckpointError.invalidConfig(path: configURL.path, field: "num_hidden_layers", detail: "missing or not an integer")
        }
        try check(layers, depth: depth, path: configURL.path)
        let checkpoint = try SafeTensorsFile(url: folder.checkpointURL)
        let relative = String(folder.transformerURL.standardizedFileURL.path.dropFirst(folder.url.standardizedFileURL.path.count))
            .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        config["num_hidden_layers"] = layers.count
        try AtomicFolder.write(output, operation: "write the student") { staging in
            try copyTree(from: folder.url, to: staging, skipping: [folder.checkpointURL.lastPathComponent, configURL.lastPathComponent],
                         in: relative)
            let transformer = relative.isEmpty ? staging : staging.appendingPathComponent(relative)
            var writer = SafeTensorsWriter(url: transformer.appendingPathComponent("model.safetensors"),
                                           metadata: checkpoint.metadata.merging(["format": "pt"]) { $1 })
            for name in checkpoint.names {
                // integer buffers (`embeddings.position_ids`) are rebuilt by every loader; only weights are carried
                guard let renamed = rename(name, keeping: layers),
                      let dtype = checkpoint.info(name)?.dtype, [.f32, .f16, .bf16, .f64].contains(dtype) else { continue }
                try writer.add(renamed, shape: checkpoint.info(name)?.shape ?? [], values: try checkpoint.floats(name))
            }
            try writer.write()
            try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
                .write(to: transformer.appendingPathComponent(configURL.lastPathComponent))
            let provenance: [String: Any] = ["recipe": "layer reduction", "teacher": teacher.path, "teacher_layers": depth,
                                             "layers_kept": layers, "teacher_model_sha256": try sha256(folder.checkpointURL)]
            try JSONSerialization.data(withJSONObject: provenance, options: [.prettyPrinted, .sortedKeys])
                .write(to: staging.appendingPathComponent("STUDENT.json"))
        }
    }

    /// Throws unless `layers` is a non-empty ascending list of distinct indices below `depth`.
    static func check(_ layers: [Int], depth: Int, path: String) throws(CheckpointError) {
        func bad(_ detail: String) -> CheckpointError { .invalidConfig(path: path, field: "layers to keep", detail: detail) }
        guard !layers.isEmpty else { throw bad("keep at least one of the teacher's \(depth) layers") }
        guard layers.count <= depth else { throw bad("\(layers.count) layers asked of a teacher with \(depth): a student cannot be deeper than its teacher") }
        if let out = layers.first(where: { $0 < 0 || $0 >= depth }) { throw bad("layer \(out) is out of range: the teacher's layers are 0…\(depth - 1)") }
        guard zip(layers, layers.dropFirst()).allSatisfy({ $0 < $1 }) else { throw bad("\(layers) must be ascending and without repeats") }
    }

    /// The student's name for teacher tensor `name`: layer `layers[j]` becomes layer `j`; other layers are dropped (nil).
    static func rename(_ name: String, keeping layers: [Int]) -> String? {
        guard let range = name.range(of: "encoder.layer.") else { return name }
        let rest = name[range.upperBound...]
        guard let dot = rest.firstIndex(of: "."), let index = Int(rest[..<dot]) else { return name }
        guard let j = layers.firstIndex(of: index) else { return nil }
        return String(name[..<range.upperBound]) + "\(j)" + String(rest[dot...])
    }

    /// Copies every file of `source` into `destination`, except the `skipping` names inside the `in` sub-folder.
    private static func copyTree(from source: URL, to destination: URL, skipping: Set<String>, in transformer: String) throws {
        let fm = FileManager.default
        guard let items = fm.enumerator(at: source, includingPropertiesForKeys: [.isDirectoryKey]) else { return }
        let base = source.standardizedFileURL.resolvingSymlinksInPath().path
        for case let item as URL in items {
            let path = item.standardizedFileURL.resolvingSymlinksInPath().path
            let relative = path.hasPrefix(base) ? String(path.dropFirst(base.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                : item.lastPathComponent
            let parent = (relative as NSString).deletingLastPathComponent
            if parent == transformer, skipping.contains(item.lastPathComponent) { continue }
            if item.lastPathComponent == "STUDENT.json" || item.lastPathComponent == "SHA256SUMS" { continue }
            let target = destination.appendingPathComponent(relative)
            if (try? item.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                try fm.createDirectory(at: target, withIntermediateDirectories: true)
            } else {
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.copyItem(at: item.resolvingSymlinksInPath(), to: target)
            }
        }
    }

    /// The file's sha256, hex, read in 1 MiB chunks.
    private static func sha256(_ url: URL) throws -> String {
        var hasher = SHA256()
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
