import Crypto
import Foundation

/// The byte layout of an index file (`.wbindex`), shared by the writer and the reader.
///
/// ```
/// 0        "WBINDEX\0"                         8-byte magic
/// 8        UInt64 little-endian M              the manifest's length
/// 16       manifest JSON (M bytes)             IndexManifest, sorted keys
///          zero bytes up to a multiple of 64
/// D        data region                         sections at 64-byte aligned offsets from D (manifest.sections)
/// D + L    SHA-256 of every byte before it     32 bytes; L = manifest.dataLength
/// ```
enum IndexFile {
    static let magic = Array("WBINDEX\0".utf8)
    static let alignment = 64
    static let checksumLength = 32

    /// The data region's start for a manifest of `manifestLength` bytes.
    static func dataStart(manifestLength: Int) -> Int { align(16 + manifestLength) }

    static func align(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }

    /// The manifest's JSON: sorted keys, so equal manifests give equal bytes.
    static func encode(_ manifest: IndexManifest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(manifest)
    }

    /// Lowercase hex of a digest.
    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
