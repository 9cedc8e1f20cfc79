import Models
import Foundation

/// A little-endian cursor over a file's bytes: every read is checked against the file length and
/// names its field, so a short or corrupt file fails with ``ImportError/truncated(path:field:offset:length:fileSize:)``
/// instead of reading out of bounds.
///
/// ```swift
/// var reader = ImportByteReader(bytes: data, path: "e5-small-q4.bin")
/// let hidden = try reader.int32("header.H")
/// let scores = try reader.float32s(count: n, field: "tokenizer.scores")
/// ```
struct ImportByteReader {
    /// The whole file (index 0 is the first byte).
    let bytes: Data
    /// The file named in errors.
    let path: String
    /// Offset of the next byte to read.
    private(set) var position = 0

    init(bytes: Data, path: String) {
        self.bytes = bytes.startIndex == 0 ? bytes : Data(bytes)
        self.path = path
    }

    /// The file size in bytes.
    var fileSize: Int { bytes.count }

    /// Checks that `length` bytes from `offset` lie inside the file.
    func check(offset: Int, length: UInt64, field: String) throws(ImportError) {
        let available = UInt64(max(0, fileSize - offset))
        guard offset >= 0, offset <= fileSize, length <= available else {
            throw .truncated(path: path, field: field, offset: offset, length: Int(clamping: length), fileSize: fileSize)
        }
    }

    /// Moves past `length` bytes and returns where they start.
    mutating func advance(_ length: UInt64, field: String) throws(ImportError) -> Int {
        try check(offset: position, length: length, field: field)
        let start = position
        position += Int(length)
        return start
    }

    /// The bytes at `[start, start + length)`, already checked to lie inside the file.
    func slice(_ start: Int, _ length: Int) -> Data {
        bytes[start ..< start + length]
    }

    private mutating func load<T: FixedWidthInteger>(_ type: T.Type, field: String) throws(ImportError) -> T {
        let start = try advance(UInt64(MemoryLayout<T>.size), field: field)
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: T.self)) }
    }

    mutating func uint8(_ field: String) throws(ImportError) -> UInt8 { try load(UInt8.self, field: field) }
    mutating func uint16(_ field: String) throws(ImportError) -> UInt16 { try load(UInt16.self, field: field) }
    mutating func uint32(_ field: String) throws(ImportError) -> UInt32 { try load(UInt32.self, field: field) }
    mutating func int32(_ field: String) throws(ImportError) -> Int32 { try load(Int32.self, field: field) }
    mutating func uint64(_ field: String) throws(ImportError) -> UInt64 { try load(UInt64.self, field: field) }
    mutating func float32(_ field: String) throws(ImportError) -> Float { Float(bitPattern: try load(UInt32.self, field: field)) }

    /// `count` consecutive little-endian UInt32 values.
    mutating func uint32s(count: Int, field: String) throws(ImportError) -> [UInt32] {
        let start = try advance(UInt64(count) * 4, field: field)
        return bytes.withUnsafeBytes { raw in
            (0 ..< count).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * 4, as: UInt32.self)) }
        }
    }

    /// `count` consecutive little-endian Float32 values.
    mutating func float32s(count: Int, field: String) throws(ImportError) -> [Float] {
        try uint32s(count: count, field: field).map(Float.init(bitPattern:))
    }
}
