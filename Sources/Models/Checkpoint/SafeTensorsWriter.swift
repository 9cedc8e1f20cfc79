import Foundation

/// Writes named Float32 tensors and string metadata to a safetensors file, atomically.
///
/// The output matches what the Python `safetensors` library writes for F32 tensors: tensors sorted
/// bytewise by name and laid out in that order without gaps, `__metadata__` first in the header
/// (its keys sorted), compact JSON, and the header padded with spaces to a multiple of 8 bytes.
/// The bytes go to a temporary file in the destination folder, which is then renamed over the
/// destination, so readers never see a half-written checkpoint.
///
/// ```swift
/// var writer = SafeTensorsWriter(url: runFolder.appendingPathComponent("model.safetensors"), metadata: ["format": "pt"])
/// try writer.add("pooler.dense.bias", shape: [384], values: bias)
/// try writer.write()
/// ```
public struct SafeTensorsWriter: Sendable {
    /// One tensor waiting to be written.
    private struct Entry: Sendable {
        let name: String
        let shape: [Int]
        let values: [Float]
    }

    /// The destination file.
    public let url: URL
    /// The `__metadata__` strings to store in the header.
    public var metadata: [String: String]
    private var entries: [String: Entry] = [:]

    /// A writer for the file at `url` (created or replaced by ``write()``).
    public init(url: URL, metadata: [String: String] = [:]) {
        self.url = url
        self.metadata = metadata
    }

    /// The names added so far, in the order they will be written.
    public var names: [String] {
        entries.keys.sorted(by: SafeTensorsFile.bytewiseLess)
    }

    /// Queues tensor `name` with row-major `values` of the given `shape` (`[]` for a scalar).
    ///
    /// - Throws: ``CheckpointError/invalidTensor(path:tensor:detail:)`` if the name is empty, reserved
    ///   (`__metadata__`) or already added, or if `values.count` ≠ product(shape).
    public mutating func add(_ name: String, shape: [Int], values: [Float]) throws(CheckpointError) {
        guard !name.isEmpty, name != "__metadata__" else {
            throw .invalidTensor(path: url.path, tensor: name, detail: "name is empty or reserved")
        }
        guard entries[name] == nil else {
            throw .invalidTensor(path: url.path, tensor: name, detail: "added twice")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidTensor(path: url.path, tensor: name, detail: "shape \(shape) has a negative dimension")
        }
        var elementCount = 1
        for dimension in shape {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw .invalidTensor(path: url.path, tensor: name, detail: "shape \(shape) has too many elements")
            }
            elementCount = product
        }
        guard elementCount == values.count else {
            throw .invalidTensor(
                path: url.path, tensor: name,
                detail: "\(values.count) values, expected \(elementCount) for shape \(shape)")
        }
        entries[name] = Entry(name: name, shape: shape, values: values)
    }

    /// The complete header bytes (length prefix excluded), padded with spaces to a multiple of 8.
    func headerBytes() -> [UInt8] {
        var json = "{"
        var first = true
        if !metadata.isEmpty {
            json += Self.quoted("__metadata__") + ":{"
            json += metadata.keys.sorted(by: SafeTensorsFile.bytewiseLess)
                .map { Self.quoted($0) + ":" + Self.quoted(metadata[$0]!) }
                .joined(separator: ",")
            json += "}"
            first = false
        }
        var offset = 0
        for name in names {
            let entry = entries[name]!
            let byteCount = entry.values.count * MemoryLayout<Float>.size
            if !first { json += "," }
            first = false
            json += Self.quoted(name) + ":{\"dtype\":\"F32\",\"shape\":["
                + entry.shape.map(String.init).joined(separator: ",")
                + "],\"data_offsets\":[\(offset),\(offset + byteCount)]}"
            offset += byteCount
        }
        json += "}"
        var bytes = Array(json.utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return bytes
    }

    /// Writes every added tensor to a temporary file beside ``url`` and renames it over ``url``.
    ///
    /// - Throws: ``CheckpointError/missingFolder(path:)`` if the destination folder does not exist,
    ///   ``CheckpointError/ioFailure(path:operation:reason:)`` if writing or renaming fails.
    public func write() throws(CheckpointError) {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFolder(path: folder.path)
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw .ioFailure(path: temporary.path, operation: "create a temporary file", reason: "permission denied or disk full")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            let header = headerBytes()
            var length = UInt64(header.count).littleEndian
            try withUnsafeBytes(of: &length) { try handle.write(contentsOf: $0) }
            try handle.write(contentsOf: header)
            for name in names {
                try Self.writeLittleEndian(entries[name]!.values, to: handle)
            }
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .ioFailure(path: url.path, operation: "write the checkpoint", reason: "\(error)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .ioFailure(path: url.path, operation: "rename \(temporary.lastPathComponent) into place", reason: reason)
        }
    }

    /// Writes `values` as little-endian Float32, in chunks so no second copy of a large tensor is made.
    private static func writeLittleEndian(_ values: [Float], to handle: FileHandle) throws {
        #if _endian(little)
        let chunk = 1 << 22  // 4 M floats = 16 MB per write
        var start = 0
        while start < values.count {
            let end = min(values.count, start + chunk)
            try values[start ..< end].withUnsafeBytes { try handle.write(contentsOf: $0) }
            start = end
        }
        #else
        try handle.write(contentsOf: values.flatMap { value -> [UInt8] in
            withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        })
        #endif
    }

    /// A JSON string literal, escaped as serde_json escapes it.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
