import Foundation

/// A safetensors checkpoint opened for reading: its validated header over the file's memory-mapped bytes.
///
/// The format is an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor
/// name to `{"dtype", "shape", "data_offsets": [begin, end]}` (plus an optional `"__metadata__"` object
/// of strings), then the data section; offsets are relative to the start of the data section.
///
/// Opening a file validates the whole header against the file size: the header length, UTF-8, JSON,
/// every field of every tensor, offsets inside the data section, byte lengths equal to
/// product(shape) × dtype size, and no two tensors overlapping (gaps between tensors are allowed).
/// Once opened, reading a tensor cannot go out of bounds.
///
/// ```swift
/// let file = try SafeTensorsFile(url: folder.appendingPathComponent("model.safetensors"))
/// let table = try file.floats("embeddings.word_embeddings.weight")   // [vocab * hidden], row-major
/// ```
public struct SafeTensorsFile: Sendable {
    /// The largest header accepted, as in the reference implementation (100 MB).
    public static let maxHeaderLength = 100_000_000

    /// The file this was read from.
    public let url: URL
    /// The header's `__metadata__` strings (empty when absent), e.g. `["format": "pt"]`.
    public let metadata: [String: String]
    /// Every tensor name, sorted bytewise (the order the Python library writes them in, for one dtype).
    public let names: [String]

    private let tensors: [String: TensorInfo]
    private let bytes: Data
    private let dataStart: Int

    /// Maps the file at `url` and validates its header.
    ///
    /// - Throws: ``CheckpointError`` naming the file and, where it applies, the tensor at fault.
    public init(url: URL) throws(CheckpointError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .missingFile(path: url.path, purpose: "a safetensors checkpoint")
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .ioFailure(path: url.path, operation: "read the checkpoint", reason: "\(error)")
        }
        try self.init(bytes: bytes, url: url)
    }

    /// Validates `bytes` as the contents of the safetensors file at `url`.
    init(bytes: Data, url: URL) throws(CheckpointError) {
        let path = url.path
        let bytes = bytes.startIndex == 0 ? bytes : Data(bytes)
        let fileSize = bytes.count
        guard fileSize >= 8 else { throw .truncatedFile(path: path, fileSize: fileSize) }
        let headerLength = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(fileSize - 8), headerLength <= UInt64(Self.maxHeaderLength) else {
            throw .headerLengthOutOfRange(path: path, headerLength: headerLength, fileSize: fileSize)
        }
        let dataStart = 8 + Int(headerLength)
        let dataSize = fileSize - dataStart
        let headerBytes = bytes[8 ..< dataStart]
        guard String(validating: headerBytes, as: UTF8.self) != nil else { throw .headerNotUTF8(path: path) }

        let header: CheckpointJSON
        do {
            header = try JSONDecoder().decode(CheckpointJSON.self, from: Data(headerBytes))
        } catch {
            throw .malformedJSON(path: path, detail: "safetensors header is not valid JSON (\(error))")
        }
        guard case .object(let entries) = header else {
            throw .malformedJSON(path: path, detail: "safetensors header is \(header.kindDescription), expected an object")
        }

        var metadata: [String: String] = [:]
        var tensors: [String: TensorInfo] = [:]
        for name in entries.keys.sorted(by: Self.bytewiseLess) {
            let entry = entries[name]!
            if name == "__metadata__" {
                metadata = try Self.parseMetadata(entry, path: path)
            } else {
                tensors[name] = try Self.parseTensor(name: name, entry: entry, dataSize: dataSize, path: path)
            }
        }
        try Self.checkDisjoint(Array(tensors.values), path: path)

        self.url = url
        self.metadata = metadata
        self.names = tensors.keys.sorted(by: Self.bytewiseLess)
        self.tensors = tensors
        self.bytes = bytes
        self.dataStart = dataStart
    }

    /// The header entry of tensor `name`, or nil if the file has none.
    public func info(_ name: String) -> TensorInfo? {
        tensors[name]
    }

    /// Whether the file holds a tensor called `name`.
    public func contains(_ name: String) -> Bool {
        tensors[name] != nil
    }

    /// The path of the file, for messages.
    public var path: String { url.path }

    /// The raw little-endian bytes of tensor `name`, exactly as stored (a slice of the mapped file).
    public func rawBytes(_ name: String) throws(CheckpointError) -> Data {
        guard let info = tensors[name] else { throw .tensorNotFound(path: path, tensor: name) }
        return bytes[(dataStart + info.dataOffsets.lowerBound) ..< (dataStart + info.dataOffsets.upperBound)]
    }

    /// Calls `body` with the raw bytes of tensor `name` without copying them.
    func withTensorBytes<R>(_ info: TensorInfo, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { raw in
            let start = dataStart + info.dataOffsets.lowerBound
            return body(UnsafeRawBufferPointer(rebasing: raw[start ..< start + info.byteCount]))
        }
    }

    // MARK: - Header validation

    /// Bytewise (UTF-8) ordering of names, the order Rust's `String` sorts in.
    static func bytewiseLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func parseMetadata(_ entry: CheckpointJSON, path: String) throws(CheckpointError) -> [String: String] {
        switch entry {
        case .null:
            return [:]
        case .object(let fields):
            var metadata: [String: String] = [:]
            for (key, value) in fields {
                guard case .string(let text) = value else {
                    throw .invalidTensorEntry(
                        path: path, tensor: "__metadata__",
                        detail: "value of '\(key)' is \(value.kindDescription), expected a string")
                }
                metadata[key] = text
            }
            return metadata
        default:
            throw .invalidTensorEntry(
                path: path, tensor: "__metadata__", detail: "is \(entry.kindDescription), expected an object of strings")
        }
    }

    private static func parseTensor(
        name: String, entry: CheckpointJSON, dataSize: Int, path: String
    ) throws(CheckpointError) -> TensorInfo {
        guard case .object(let fields) = entry else {
            throw .invalidTensorEntry(
                path: path, tensor: name,
                detail: "entry is \(entry.kindDescription), expected an object with dtype, shape and data_offsets")
        }
        guard let dtypeValue = fields["dtype"] else {
            throw .invalidTensorEntry(path: path, tensor: name, detail: "missing field 'dtype'")
        }
        guard case .string(let dtypeName) = dtypeValue else {
            throw .invalidTensorEntry(
                path: path, tensor: name, detail: "field 'dtype' is \(dtypeValue.kindDescription), expected a string")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw .unknownDType(path: path, tensor: name, dtype: dtypeName)
        }
        let shape = try naturalNumbers(fields["shape"], field: "shape", tensor: name, path: path)
        let offsets = try naturalNumbers(fields["data_offsets"], field: "data_offsets", tensor: name, path: path)
        guard offsets.count == 2 else {
            throw .invalidTensorEntry(
                path: path, tensor: name, detail: "field 'data_offsets' has \(offsets.count) numbers, expected 2 [begin, end]")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end, end <= dataSize else {
            throw .offsetsOutOfRange(path: path, tensor: name, begin: begin, end: end, dataSize: dataSize)
        }
        var elementCount = 1
        for dimension in shape {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw .invalidTensorEntry(path: path, tensor: name, detail: "shape \(shape) has too many elements")
            }
            elementCount = product
        }
        let (expectedBytes, overflow) = elementCount.multipliedReportingOverflow(by: dtype.size)
        guard !overflow else {
            throw .invalidTensorEntry(path: path, tensor: name, detail: "shape \(shape) has too many elements")
        }
        guard expectedBytes == end - begin else {
            throw .byteLengthMismatch(
                path: path, tensor: name, dtype: dtype.rawValue, shape: shape,
                expectedBytes: expectedBytes, actualBytes: end - begin)
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: begin ..< end)
    }

    /// Reads a JSON array of non-negative integers.
    private static func naturalNumbers(
        _ value: CheckpointJSON?, field: String, tensor: String, path: String
    ) throws(CheckpointError) -> [Int] {
        guard let value else {
            throw .invalidTensorEntry(path: path, tensor: tensor, detail: "missing field '\(field)'")
        }
        guard case .array(let items) = value else {
            throw .invalidTensorEntry(
                path: path, tensor: tensor,
                detail: "field '\(field)' is \(value.kindDescription), expected an array of non-negative integers")
        }
        var numbers: [Int] = []
        numbers.reserveCapacity(items.count)
        for item in items {
            guard case .int(let number) = item, number >= 0 else {
                throw .invalidTensorEntry(
                    path: path, tensor: tensor,
                    detail: "field '\(field)' contains \(item.kindDescription) \(describe(item)), expected non-negative integers")
            }
            numbers.append(number)
        }
        return numbers
    }

    private static func describe(_ value: CheckpointJSON) -> String {
        switch value {
        case .int(let number): return "\(number)"
        case .double(let number): return "\(number)"
        case .string(let text): return "'\(text)'"
        case .bool(let flag): return "\(flag)"
        default: return ""
        }
    }

    /// Throws if two non-empty tensors share a byte.
    private static func checkDisjoint(_ infos: [TensorInfo], path: String) throws(CheckpointError) {
        let ranges = infos.filter { !$0.dataOffsets.isEmpty }.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound)
                || ($0.dataOffsets == $1.dataOffsets && bytewiseLess($0.name, $1.name))
        }
        guard var furthest = ranges.first else { return }
        for info in ranges.dropFirst() {
            if info.dataOffsets.lowerBound < furthest.dataOffsets.upperBound {
                throw .overlappingTensors(path: path, first: furthest.name, second: info.name)
            }
            furthest = info  // sorted and disjoint so far, so this one ends furthest
        }
    }
}
