import Crypto
import Foundation
import Tensors

/// Writes an index file from a corpus and its embeddings: full-width float32 vectors (L2-normalised) plus a
/// shortlist representation for every requested (width, precision), ids, texts' SHA-256 and the manifest.
///
/// The bytes depend only on the inputs (no timestamps, sorted JSON keys, calibration computed in a fixed
/// order), so building twice gives the same file. The file is written beside its destination and renamed
/// into place, so a failed build leaves nothing half-written.
///
/// ```swift
/// try IndexBuilder(dims: [64, 128, 256], precisions: [.float32, .int8, .binary])
///     .write(corpus: corpus, embeddings: e, model: info, to: URL(fileURLWithPath: "legal.wbindex"))
/// ```
public struct IndexBuilder: Sendable {
    /// Shortlist widths (each ≤ the model's width; the full width may be listed for int8 / binary codes).
    public var dims: [Int]
    /// Shortlist precisions; every width is stored in every precision.
    public var precisions: [ShortlistPrecision]

    public init(dims: [Int], precisions: [ShortlistPrecision]) {
        self.dims = Array(Set(dims)).sorted()
        self.precisions = Array(Set(precisions)).sorted()
    }

    /// Builds the index of `corpus` from `embeddings` ([N, D], row i of passage i) and writes it to `url`.
    ///
    /// - Throws: `SearchError.shape` when the embeddings do not match the corpus or the model's width,
    ///   `.invalidPlan` for a width outside 1...D, `.io` when the file cannot be written.
    @discardableResult
    public func write(corpus: IndexCorpus, embeddings: Tensor, model: IndexManifest.Model, to url: URL) throws(SearchError) -> IndexManifest {
        let n = corpus.ids.count, width = model.dimension
        guard embeddings.shape == [n, width] else {
            throw .shape("the embeddings are \(embeddings.shape) for \(n) passages of a \(width)-d model")
        }
        for d in dims where d < 1 || d > width {
            throw .invalidPlan("--dims \(d): a shortlist width must be within 1...\(width) (the model's width)")
        }
        let vectors = ShortlistCodec.prefixes(embeddings.data, count: n, width: width, dim: width)      // [N, D] unit rows
        var payloads: [(name: String, bytes: Data)] = []
        let idBytes = corpus.ids.map { Data($0.utf8) }
        var offsets: [UInt64] = [0]
        for b in idBytes { offsets.append(offsets.last! + UInt64(b.count)) }
        payloads.append(("ids.offsets", offsets.withUnsafeBytes { Data($0) }))
        payloads.append(("ids", idBytes.reduce(into: Data()) { $0.append($1) }))
        payloads.append(("texts.sha256", corpus.texts.reduce(into: Data()) { $0.append(contentsOf: SHA256.hash(data: Data($1.utf8))) }))
        payloads.append(("vectors.float32", vectors.withUnsafeBytes { Data($0) }))

        var shortlists: [IndexManifest.Shortlist] = []
        for dim in dims {
            let prefix = dim == width ? vectors : vectors.withUnsafeBufferPointer {
                ShortlistCodec.prefixes($0.baseAddress!, count: n, width: width, dim: dim)                 // [N, dim]
            }
            for precision in precisions {
                let name = "shortlist.\(dim).\(precision.rawValue)"
                var entry = IndexManifest.Shortlist(dim: dim, precision: precision, section: name)
                switch precision {
                case .float32:
                    if dim == width { entry.section = "vectors.float32" } else { payloads.append((name, prefix.withUnsafeBytes { Data($0) })) }
                case .int8, .int4:
                    let (minimum, step) = ShortlistCodec.calibration(prefix, count: n, dim: dim, levels: precision.levels!)
                    entry.minimum = minimum
                    entry.step = step
                    let codes = precision == .int8 ? ShortlistCodec.int8Codes(prefix, count: n, dim: dim, minimum: minimum, step: step)
                        : ShortlistCodec.int4Codes(prefix, count: n, dim: dim, minimum: minimum, step: step)
                    payloads.append((name, Data(codes)))
                case .binary:
                    let threshold = ShortlistCodec.binaryThresholds(prefix, count: n, dim: dim)
                    entry.threshold = threshold
                    let codes = prefix.withUnsafeBufferPointer { ShortlistCodec.binaryCodes($0.baseAddress!, count: n, dim: dim, threshold: threshold) }
                    payloads.append((name, codes.withUnsafeBytes { Data($0) }))
                }
                shortlists.append(entry)
            }
        }

        var sections: [IndexManifest.Section] = []
        var offset = 0
        for p in payloads {
            sections.append(.init(name: p.name, offset: offset, length: p.bytes.count))
            offset = IndexFile.align(offset + p.bytes.count)
        }
        let manifest = IndexManifest(
            format: IndexManifest.currentFormat, model: model,
            corpus: .init(source: corpus.source, count: n, sha256: corpus.sha256),
            similarity: "cosine", sections: sections, shortlists: shortlists)
        try Self.write(manifest: manifest, payloads: payloads.map(\.bytes), to: url)
        return manifest
    }

    /// Header, manifest, aligned sections and the trailing SHA-256, into a temporary file renamed onto `url`.
    private static func write(manifest: IndexManifest, payloads: [Data], to url: URL) throws(SearchError) {
        let json: Data
        do { json = try IndexFile.encode(manifest) } catch { throw .io(path: url.path, detail: "cannot encode the manifest (\(error))") }
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: temporary.path, contents: nil)
            let handle = try FileHandle(forWritingTo: temporary)
            var hash = SHA256()
            var written = 0
            func emit(_ data: Data) throws {
                hash.update(data: data)
                try handle.write(contentsOf: data)
                written += data.count
            }
            func pad(to n: Int) throws { if n > written { try emit(Data(count: n - written)) } }
            var header = Data(IndexFile.magic)
            withUnsafeBytes(of: UInt64(json.count).littleEndian) { header.append(contentsOf: $0) }
            try emit(header)
            try emit(json)
            let start = IndexFile.dataStart(manifestLength: json.count)
            for (section, payload) in zip(manifest.sections, payloads) {
                try pad(to: start + section.offset)
                try emit(payload)
            }
            try handle.write(contentsOf: Data(hash.finalize()))
            try handle.close()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .io(path: url.path, detail: "cannot write the index (\(error.localizedDescription))")
        }
    }
}
