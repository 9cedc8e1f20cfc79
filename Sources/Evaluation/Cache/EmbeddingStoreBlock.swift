import Foundation

/// One block of an embedding cache file: the sha256 of each text and its vector.
///
/// Layout (little-endian): `WBE1`, count (UInt32), dimension (UInt32), count × 32 bytes of sha256,
/// count × dimension Float32. Stored as the content of one zstd frame, whose checksum guards it.
struct EmbeddingStoreBlock {
    static let magic = Data("WBE1".utf8)

    /// The sha256 of each text's UTF-8 bytes.
    let hashes: [Data]
    /// The vectors, row after row. [count, dimension]
    let vectors: [Float]
    let dimension: Int

    init(hashes: [Data], vectors: [Float], dimension: Int) {
        self.hashes = hashes
        self.vectors = vectors
        self.dimension = dimension
    }

    /// Reads a block; nil when the bytes are not exactly one block with finite vectors.
    init?(decoding data: Data) {
        guard data.count >= 12, data.prefix(4) == Self.magic else { return nil }
        func u32(_ at: Int) -> Int {
            data.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        }
        let count = u32(4), dimension = u32(8)
        guard dimension > 0, data.count == 12 + count * 32 + count * dimension * 4 else { return nil }
        let base = data.startIndex
        hashes = (0..<count).map { Data(data[(base + 12 + $0 * 32)..<(base + 12 + ($0 + 1) * 32)]) }
        let start = 12 + count * 32
        vectors = data.withUnsafeBytes { raw in
            (0..<(count * dimension)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * 4, as: UInt32.self))) }
        }
        guard vectors.allSatisfy(\.isFinite) else { return nil }
        self.dimension = dimension
    }

    /// The block's bytes (see the type's layout).
    func encoded() -> Data {
        var out = Self.magic
        for v in [UInt32(hashes.count), UInt32(dimension)] { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        for h in hashes { out.append(h) }
        out.reserveCapacity(out.count + vectors.count * 4)
        for v in vectors { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// The vector of text `i`.
    func vector(_ i: Int) -> [Float] { Array(vectors[(i * dimension)..<((i + 1) * dimension)]) }
}
