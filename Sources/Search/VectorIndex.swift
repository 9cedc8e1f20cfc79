import Crypto
import Foundation

/// An index file opened for search: memory-mapped, its size and checksum verified, its sections located.
///
/// ```swift
/// let index = try VectorIndex(url: URL(fileURLWithPath: "legal.wbindex"))
/// let hits = try index.search(queryVectors, plan: SearchPlan(k: 10, shortlist: .init(dim: 128, precision: .int8, k: 100)))
/// print(hits[0].map { index.id($0.position) })
/// ```
public final class VectorIndex: @unchecked Sendable {
    public let url: URL
    public let manifest: IndexManifest
    /// Passages in the index.
    public let count: Int
    /// The model's width: floats per full vector.
    public let dimension: Int
    /// Full-width unit vectors.  // [N, D]
    let vectors: UnsafePointer<Float>
    private let file: MappedFile
    private let dataStart: Int
    private let ids: [String]
    /// Stage-1 score buffers reused across searches.
    let scratchPool = ScratchPool()

    /// Opens `url`, checking the layout and (unless `verify` is false) the SHA-256 of every byte.
    ///
    /// - Throws: `SearchError.truncated` when the file is shorter than its manifest says,
    ///   `.checksumMismatch` when the bytes do not hash to the stored checksum, `.notAnIndex` for another
    ///   kind of file or an inconsistent manifest, `.io` when it cannot be read.
    public init(url: URL, verify: Bool = true) throws(SearchError) {
        let path = url.path
        file = try MappedFile(path: path)
        let bytes = file.bytes
        guard bytes.count >= 16, Array(bytes[0..<8]) == IndexFile.magic else {
            throw .notAnIndex(path: path, detail: bytes.count < 16 ? "\(bytes.count) bytes" : "it does not start with WBINDEX")
        }
        let rawLength = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        guard rawLength <= UInt64(bytes.count - 16) else {
            throw rawLength < UInt64(Int.max / 2) ? .truncated(path: path, size: bytes.count, expected: 16 + Int(rawLength))
                : .notAnIndex(path: path, detail: "its manifest length \(rawLength) is impossible")
        }
        let manifestLength = Int(rawLength)
        let manifest: IndexManifest
        do {
            manifest = try JSONDecoder().decode(IndexManifest.self, from: Data(bytes[16..<(16 + manifestLength)]))
        } catch {
            throw .notAnIndex(path: path, detail: "its manifest does not decode: \(error)")
        }
        guard manifest.format == IndexManifest.currentFormat else {
            throw .notAnIndex(path: path, detail: "layout version \(manifest.format); this workbench reads \(IndexManifest.currentFormat)")
        }
        try Self.checkNumbers(manifest, path: path)
        let start = IndexFile.dataStart(manifestLength: manifestLength)
        dataStart = start
        let end = start + manifest.dataLength
        guard bytes.count >= end + IndexFile.checksumLength else {
            throw .truncated(path: path, size: bytes.count, expected: end + IndexFile.checksumLength)
        }
        guard bytes.count == end + IndexFile.checksumLength else {
            throw .notAnIndex(path: path, detail: "\(bytes.count - end - IndexFile.checksumLength) bytes follow its checksum")
        }
        if verify {
            let stored = IndexFile.hex(bytes[end..<(end + IndexFile.checksumLength)])
            let computed = IndexFile.hex(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: bytes[0..<end])))
            guard stored == computed else { throw .checksumMismatch(path: path, stored: stored, computed: computed) }
        }
        self.url = url
        self.manifest = manifest
        let count = manifest.corpus.count, dimension = manifest.model.dimension
        self.count = count
        self.dimension = dimension

        // every section the manifest promises, at the size its contents need
        func section(_ name: String, length: Int) throws(SearchError) -> UnsafeRawPointer {
            guard let s = manifest.section(name) else { throw .notAnIndex(path: path, detail: "no section \(name)") }
            guard s.length == length, s.offset % IndexFile.alignment == 0 else {
                throw .notAnIndex(path: path, detail: "section \(name) is \(s.length) bytes, expected \(length)")
            }
            return bytes.baseAddress! + start + s.offset
        }
        let offsets = try section("ids.offsets", length: 8 * (count + 1)).assumingMemoryBound(to: UInt64.self)
        guard let idSection = manifest.section("ids"), offsets[count] == UInt64(idSection.length) else {
            throw .notAnIndex(path: path, detail: "the ids section does not match its offsets")
        }
        let idBase = try section("ids", length: idSection.length).assumingMemoryBound(to: UInt8.self)
        var ids: [String] = []
        ids.reserveCapacity(count)
        for i in 0..<count {
            guard offsets[i] <= offsets[i + 1], offsets[i + 1] <= UInt64(idSection.length) else {
                throw .notAnIndex(path: path, detail: "id \(i) lies outside the ids section")
            }
            let lo = Int(offsets[i]), hi = Int(offsets[i + 1])
            ids.append(String(decoding: UnsafeBufferPointer(start: idBase + lo, count: hi - lo), as: UTF8.self))
        }
        self.ids = ids
        _ = try section("texts.sha256", length: 32 * count)
        vectors = try section("vectors.float32", length: 4 * count * dimension).assumingMemoryBound(to: Float.self)
        for s in manifest.shortlists {
            _ = try section(s.section, length: count * s.precision.rowBytes(dim: s.dim))
            let calibrated = switch s.precision {
            case .float32: true
            case .int8, .int4: s.minimum?.count == s.dim && s.step?.count == s.dim
            case .binary: s.threshold?.count == s.dim
            }
            guard calibrated, s.dim >= 1, s.dim <= dimension else {
                throw .notAnIndex(path: path, detail: "shortlist \(s.dim) \(s.precision.rawValue) has no valid calibration")
            }
        }
    }

    /// Refuses a manifest whose counts, widths or section ranges are out of bounds (before any is used as a size).
    private static func checkNumbers(_ m: IndexManifest, path: String) throws(SearchError) {
        let limit = 1 << 48
        guard m.corpus.count >= 1, m.corpus.count < 1 << 40, m.model.dimension >= 1, m.model.dimension <= 1 << 16 else {
            throw .notAnIndex(path: path, detail: "\(m.corpus.count) passages of width \(m.model.dimension)")
        }
        for s in m.sections {
            guard s.offset >= 0, s.length >= 0, s.offset < limit, s.length < limit, s.offset % IndexFile.alignment == 0 else {
                throw .notAnIndex(path: path, detail: "section \(s.name) at \(s.offset) of \(s.length) bytes")
            }
        }
        for s in m.shortlists where s.dim < 1 || s.dim > m.model.dimension {
            throw .notAnIndex(path: path, detail: "a \(s.dim)-d shortlist in a \(m.model.dimension)-d index")
        }
    }

    /// The id of the passage at `position`.
    public func id(_ position: Int) -> String { ids[position] }

    /// The stored shortlist of `dim` in `precision`, if any.
    public func shortlist(dim: Int, precision: ShortlistPrecision) -> IndexManifest.Shortlist? {
        manifest.shortlists.first { $0.dim == dim && $0.precision == precision }
    }

    /// Where a shortlist's rows start in the map.
    func rows(of shortlist: IndexManifest.Shortlist) -> UnsafeRawPointer {
        file.bytes.baseAddress! + dataStart + manifest.section(shortlist.section)!.offset
    }

    /// Bytes of the full-width float32 vectors.
    public var fullBytes: Int { 4 * count * dimension }

    /// Bytes a shortlist representation takes (0 extra for the full-width float32 one, which is the vectors).
    public func bytes(of shortlist: IndexManifest.Shortlist) -> Int { count * shortlist.precision.rowBytes(dim: shortlist.dim) }

    /// The SHA-256 of passage `position`'s text (to check a corpus file against the index).
    public func textHash(_ position: Int) -> [UInt8] {
        let s = manifest.section("texts.sha256")!
        let base = file.bytes.baseAddress! + dataStart + s.offset + 32 * position
        return Array(UnsafeRawBufferPointer(start: base, count: 32))
    }
}

extension VectorIndex {
    /// The full-width unit vectors, row-major.  // [N, D]
    public var fullVectors: UnsafePointer<Float> { vectors }

    /// Which accelerated kernels searches take on this CPU (for benchmark reports).
    public var kernelDescription: String { SearchKernels.description }
}
