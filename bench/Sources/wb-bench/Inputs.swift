import Foundation

/// The input files bench/make_inputs.py writes (the peer's exact texts).
enum Inputs {
    /// `encode_seq32.json`: a JSON array of strings.
    static func texts(_ path: String) throws -> [String] {
        let data = try read(path)
        guard let texts = try? JSONDecoder().decode([String].self, from: data), !texts.isEmpty else {
            throw BenchError.input("\(path): expected a non-empty JSON array of strings (bench/make_inputs.py)")
        }
        return texts
    }

    /// `train_seq32.json`: anchors, positives and labels, cut into batches of `pairs_per_batch`.
    struct Pairs: Decodable {
        var pairsPerBatch: Int
        var anchors: [String]
        var positives: [String]
        var labels: [Float]

        enum CodingKeys: String, CodingKey {
            case pairsPerBatch = "pairs_per_batch", anchors, positives, labels
        }

        /// Batch `i` of `n = count / pairsPerBatch`.
        func batch(_ i: Int) -> (anchors: [String], positives: [String], labels: [Float]) {
            let r = i * pairsPerBatch..<(i + 1) * pairsPerBatch
            return (Array(anchors[r]), Array(positives[r]), Array(labels[r]))
        }

        var batchCount: Int { anchors.count / pairsPerBatch }
    }

    static func pairs(_ path: String) throws -> Pairs {
        let data = try read(path)
        let p: Pairs
        do { p = try JSONDecoder().decode(Pairs.self, from: data) } catch {
            throw BenchError.input("\(path): not a pairs file from bench/make_inputs.py (\(error))")
        }
        guard p.pairsPerBatch > 0, p.anchors.count == p.positives.count, p.labels.count == p.anchors.count,
              p.anchors.count >= p.pairsPerBatch else {
            throw BenchError.input("\(path): anchors/positives/labels must have equal length ≥ pairs_per_batch")
        }
        return p
    }

    /// `encode_seq32_ref.json`: the peer's vectors for the first `n` texts.
    struct Reference: Decodable {
        var n: Int
        var dim: Int
        var embeddings: [[Float]]
    }

    static func reference(_ path: String) throws -> Reference {
        let data = try read(path)
        let r: Reference
        do { r = try JSONDecoder().decode(Reference.self, from: data) } catch {
            throw BenchError.input("\(path): not a reference file from bench/make_inputs.py (\(error))")
        }
        guard r.embeddings.count == r.n, r.embeddings.allSatisfy({ $0.count == r.dim }) else {
            throw BenchError.input("\(path): expected \(r.n) rows of \(r.dim) numbers")
        }
        return r
    }

    private static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.input("cannot read \(path) (run bench/make_inputs.py first)")
        }
        return data
    }
}
