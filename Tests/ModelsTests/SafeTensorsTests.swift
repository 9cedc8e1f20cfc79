import Foundation
import Testing
import Models
import Tensors
import TestSupport

/// The safetensors reader and writer: PyTorch-made files, exact dtype conversion, byte-identical
/// writing, and a typed error (naming the file and the tensor) for every way a header can lie.
@Suite struct SafeTensorsTests {
    // MARK: - Reading what PyTorch wrote

    @Test func readsEveryFloatDTypeExactlyAsPyTorchConverts() throws {
        let file = try SafeTensorsFile(url: try Bundle.module.fixture("checkpoint/dtypes.safetensors"))
        let expected = try Bundle.module.decodeFixture([String: ExpectedTensor].self, "checkpoint/dtypes.json")
        #expect(file.metadata == ["format": "pt", "note": "dtype fixture"])
        #expect(file.names == ["bf16", "empty", "f16", "f32", "f64", "i64", "scalar"])
        for (name, tensor) in expected {
            let info = try #require(file.info(name))
            #expect(info.dtype.rawValue == tensor.dtype, "\(name)")
            #expect(info.shape == tensor.shape, "\(name)")
            #expect(try file.floats(name).map(\.bitPattern) == tensor.bits, "\(name)")
        }
        #expect(file.info("scalar")?.shape == [])
        #expect(try file.floats("scalar") == [2.5])
        #expect(try file.floats("empty") == [])
    }

    @Test func refusesIntegerTensorsAsFloats() throws {
        let url = try Bundle.module.fixture("checkpoint/dtypes.safetensors")
        let file = try SafeTensorsFile(url: url)
        #expect(file.info("i64")?.shape == [1, 4])
        #expect(try file.rawBytes("i64").count == 32)
        let error = #expect(throws: CheckpointError.self) { try file.floats("i64") }
        #expect(error == .unsupportedDType(path: url.path, tensor: "i64", dtype: "I64", supported: ["F32", "F16", "BF16", "F64"]))
        #expect(error?.description.contains("dtypes.safetensors") == true)
    }

    @Test func missingTensorAndMissingFileAreNamed() throws {
        let url = try Bundle.module.fixture("checkpoint/dtypes.safetensors")
        let file = try SafeTensorsFile(url: url)
        let notFound = #expect(throws: CheckpointError.self) { try file.floats("nope") }
        #expect(notFound == .tensorNotFound(path: url.path, tensor: "nope"))
        let missing = url.deletingLastPathComponent().appendingPathComponent("absent.safetensors")
        let error = #expect(throws: CheckpointError.self) { try SafeTensorsFile(url: missing) }
        #expect(error?.description.contains("absent.safetensors") == true)
    }

    #if !(os(macOS) && arch(x86_64))
    @Test func halfConversionIsExactForEveryBitPattern() throws {
        let folder = try TemporaryFolder()
        let patterns = (0 ... UInt16.max).map { $0 }
        let bytes = patterns.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
        let url = try folder.write("f16.safetensors", safetensorsBytes(
            header: #"{"all":{"dtype":"F16","shape":[65536],"data_offsets":[0,131072]}}"#, data: bytes))
        let values = try SafeTensorsFile(url: url).floats("all")
        #expect(values.count == patterns.count)
        let wrong = zip(patterns, values).filter { pattern, value in
            let reference = Float(Float16(bitPattern: pattern))
            // NaNs: the hardware conversion may quiet a signalling NaN; sign and NaN-ness must agree.
            return reference.isNaN ? !(value.isNaN && value.sign == reference.sign) : value.bitPattern != reference.bitPattern
        }
        #expect(wrong.isEmpty, "\(wrong.count) patterns differ, first: \(wrong.prefix(3).map { String($0.0, radix: 16) })")
    }
    #endif

    @Test func bfloat16IsTheTopHalfOfFloat32() throws {
        let folder = try TemporaryFolder()
        let floats: [Float] = [1, -3.140625, .infinity, -0.0, 0x1p-130, .greatestFiniteMagnitude]
        let halves = floats.map { UInt16($0.bitPattern >> 16) }
        let url = try folder.write("bf16.safetensors", safetensorsBytes(
            header: #"{"b":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]}}"#,
            data: halves.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }))
        let values = try SafeTensorsFile(url: url).floats("b")
        #expect(values.map(\.bitPattern) == halves.map { UInt32($0) << 16 })
    }

    @Test func allowsHolesAndUnalignedData() throws {
        // A 13-byte header leaves the data section unaligned; a 4-byte hole separates the tensors.
        let folder = try TemporaryFolder()
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}"#
        let data = [Float(1.5), -2, 99, 7.25].flatMap(checkpointLittleEndianBytes)
        let url = try folder.write("holes.safetensors", safetensorsBytes(header: header, data: data))
        let file = try SafeTensorsFile(url: url)
        #expect(try file.floats("a") == [1.5, -2])
        #expect(try file.floats("b") == [7.25])
        let unaligned = try folder.write("unaligned.safetensors", safetensorsBytes(
            header: #"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}  "#, data: [Float(1), 2, 3].flatMap(checkpointLittleEndianBytes)))
        #expect(try SafeTensorsFile(url: unaligned).floats("x") == [1, 2, 3])
    }

    @Test func acceptsAnEmptyHeaderAndNullMetadata() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("empty.safetensors", safetensorsBytes(header: #"{"__metadata__":null}"#, data: []))
        let file = try SafeTensorsFile(url: url)
        #expect(file.names.isEmpty)
        #expect(file.metadata.isEmpty)
    }

    // MARK: - Lying files

    @Test(arguments: LyingSafeTensorsFile.all)
    func rejectsLyingFile(_ bad: LyingSafeTensorsFile) throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("lying-\(bad.label).safetensors", bad.bytes)
        let error = #expect(throws: CheckpointError.self) { try SafeTensorsFile(url: url) }
        guard let error else { return }
        #expect(bad.matches(error), "got \(error)")
        #expect(error.path == url.path)
        #expect(error.description.contains("lying-\(bad.label).safetensors"))
        if let tensor = bad.tensor {
            #expect(error.description.contains("'\(tensor)'"), "\(error)")
        }
    }

    // MARK: - Writing

    @Test func writerMatchesTheBytesPythonWrites() throws {
        let listing = try Bundle.module.decodeFixture([ListedTensor].self, "checkpoint/writer-reference.json")
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("mine.safetensors")
        var writer = SafeTensorsWriter(url: url, metadata: ["format": "pt"])
        for tensor in listing {
            try writer.add(tensor.name, shape: tensor.shape, values: tensor.values)
        }
        try writer.write()
        let reference = try Data(contentsOf: try Bundle.module.fixture("checkpoint/writer-reference.safetensors"))
        #expect(try Data(contentsOf: url) == reference)
    }

    @Test func writerRoundTripsAndLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("model.safetensors")
        var generator = SplitMix64(seed: 7)
        let matrix = (0 ..< 12 * 5).map { _ in generator.uniform() }
        let metadata = ["format": "pt", "run": "ünïcode \"quoted\"\n", "b": "2"]
        for round in 0 ..< 2 {  // the second round replaces the first file
            var writer = SafeTensorsWriter(url: url, metadata: metadata)
            try writer.add("encoder.weight", shape: [12, 5], values: matrix.map { $0 + Float(round) })
            try writer.add("bias", shape: [5], values: [1, 2, 3, 4, 5])
            try writer.add("scalar", shape: [], values: [-0.5])
            try writer.add("empty", shape: [0, 7], values: [])
            try writer.write()
            let file = try SafeTensorsFile(url: url)
            #expect(file.names == ["bias", "empty", "encoder.weight", "scalar"])
            #expect(file.metadata == metadata)
            #expect(file.info("encoder.weight")?.shape == [12, 5])
            #expect(try file.floats("encoder.weight") == matrix.map { $0 + Float(round) })
            #expect(try file.floats("scalar") == [-0.5])
            #expect(try file.floats("empty") == [])
        }
        let bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(headerLength % 8 == 0)
        #expect(bytes[8 + headerLength - 1] == UInt8(ascii: "}") || bytes[8 + headerLength - 1] == UInt8(ascii: " "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["model.safetensors"])
    }

    @Test func writerRejectsInconsistentTensors() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("out.safetensors")
        var writer = SafeTensorsWriter(url: url)
        try writer.add("w", shape: [2, 2], values: [1, 2, 3, 4])
        let duplicate = #expect(throws: CheckpointError.self) { try writer.add("w", shape: [1], values: [1]) }
        #expect(duplicate?.description.contains("out.safetensors") == true)
        let count = #expect(throws: CheckpointError.self) { try writer.add("v", shape: [2, 3], values: [1, 2]) }
        #expect(count == .invalidTensor(path: url.path, tensor: "v", detail: "2 values, expected 6 for shape [2, 3]"))
        #expect(throws: CheckpointError.self) { try writer.add("__metadata__", shape: [1], values: [1]) }
        #expect(throws: CheckpointError.self) { try writer.add("n", shape: [-1], values: []) }

        let nowhere = folder.url.appendingPathComponent("no/such/folder/out.safetensors")
        let missing = #expect(throws: CheckpointError.self) { try SafeTensorsWriter(url: nowhere).write() }
        #expect(missing == .missingFolder(path: nowhere.deletingLastPathComponent().path))
    }
}

// MARK: - Bad files

/// A safetensors file whose header lies, and the error it must produce.
struct LyingSafeTensorsFile: Sendable, CustomTestStringConvertible {
    let label: String
    let bytes: Data
    /// The tensor the message must name, if the fault is in one.
    let tensor: String?
    let matches: @Sendable (CheckpointError) -> Bool

    var testDescription: String { label }

    static let f32x2 = #"{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#
    static let eightBytes = [UInt8](repeating: 0, count: 8)

    static var all: [LyingSafeTensorsFile] {
        [
            LyingSafeTensorsFile(label: "shorter-than-8", bytes: Data([1, 0, 0]), tensor: nil) {
                if case .truncatedFile(_, 3) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "header-longer-than-file", bytes: safetensorsBytes(header: "{}", data: [], length: 4096), tensor: nil) {
                if case .headerLengthOutOfRange(_, 4096, 10) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "header-length-max", bytes: safetensorsBytes(header: "{}", data: [], length: .max), tensor: nil) {
                if case .headerLengthOutOfRange(_, .max, _) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "not-utf8", bytes: safetensorsBytes(headerBytes: [0x7b, 0xff, 0xfe, 0x7d], data: []), tensor: nil) {
                $0 == .headerNotUTF8(path: $0.path)
            },
            LyingSafeTensorsFile(label: "not-json", bytes: safetensorsBytes(header: #"{"a": {"dtype": "#, data: []), tensor: nil) {
                if case .malformedJSON = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "json-array", bytes: safetensorsBytes(header: "[1, 2]", data: []), tensor: nil) {
                if case .malformedJSON = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "missing-dtype", bytes: safetensorsBytes(
                header: #"{"w":{"shape":[2],"data_offsets":[0,8]}}"#, data: eightBytes), tensor: "w") {
                $0 == .invalidTensorEntry(path: $0.path, tensor: "w", detail: "missing field 'dtype'")
            },
            LyingSafeTensorsFile(label: "missing-shape", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","data_offsets":[0,8]}}"#, data: eightBytes), tensor: "w") {
                $0 == .invalidTensorEntry(path: $0.path, tensor: "w", detail: "missing field 'shape'")
            },
            LyingSafeTensorsFile(label: "missing-offsets", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[2]}}"#, data: eightBytes), tensor: "w") {
                $0 == .invalidTensorEntry(path: $0.path, tensor: "w", detail: "missing field 'data_offsets'")
            },
            LyingSafeTensorsFile(label: "negative-dimension", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: eightBytes), tensor: "w") {
                if case .invalidTensorEntry(_, "w", _) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "fractional-offset", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8.5]}}"#, data: eightBytes), tensor: "w") {
                if case .invalidTensorEntry(_, "w", _) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "three-offsets", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}"#, data: eightBytes), tensor: "w") {
                if case .invalidTensorEntry(_, "w", _) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "entry-not-object", bytes: safetensorsBytes(header: #"{"w":[1]}"#, data: []), tensor: "w") {
                if case .invalidTensorEntry(_, "w", _) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "offsets-past-end", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: eightBytes), tensor: "w") {
                $0 == .offsetsOutOfRange(path: $0.path, tensor: "w", begin: 0, end: 16, dataSize: 8)
            },
            LyingSafeTensorsFile(label: "offsets-huge", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[9223372036854775800,9223372036854775807]}}"#,
                data: eightBytes), tensor: "w") {
                if case .offsetsOutOfRange(_, "w", _, _, 8) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "end-before-begin", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, data: eightBytes), tensor: "w") {
                $0 == .offsetsOutOfRange(path: $0.path, tensor: "w", begin: 8, end: 0, dataSize: 8)
            },
            LyingSafeTensorsFile(label: "length-not-shape", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: eightBytes), tensor: "w") {
                $0 == .byteLengthMismatch(path: $0.path, tensor: "w", dtype: "F32", shape: [3], expectedBytes: 12, actualBytes: 8)
            },
            LyingSafeTensorsFile(label: "shape-overflow", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"F32","shape":[9223372036854775807,2],"data_offsets":[0,8]}}"#, data: eightBytes),
                tensor: "w") {
                if case .invalidTensorEntry(_, "w", _) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "overlap", bytes: safetensorsBytes(
                header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                data: [UInt8](repeating: 0, count: 12)), tensor: "b") {
                $0 == .overlappingTensors(path: $0.path, first: "a", second: "b")
            },
            LyingSafeTensorsFile(label: "nested-overlap", bytes: safetensorsBytes(
                header: #"{"big":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"c":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"d":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}"#,
                data: [UInt8](repeating: 0, count: 16)), tensor: "big") {
                if case .overlappingTensors(_, "big", _) = $0 { true } else { false }
            },
            LyingSafeTensorsFile(label: "unknown-dtype", bytes: safetensorsBytes(
                header: #"{"w":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,8]}}"#, data: eightBytes), tensor: "w") {
                $0 == .unknownDType(path: $0.path, tensor: "w", dtype: "Q4_K")
            },
            LyingSafeTensorsFile(label: "metadata-not-strings", bytes: safetensorsBytes(
                header: #"{"__metadata__":{"epoch":3}}"#, data: []), tensor: "__metadata__") {
                if case .invalidTensorEntry(_, "__metadata__", _) = $0 { true } else { false }
            },
        ]
    }
}

// MARK: - Helpers

/// One tensor of dtypes.json: its dtype, shape and Float32 bit patterns.
private struct ExpectedTensor: Decodable {
    let dtype: String
    let shape: [Int]
    let bits: [UInt32]
}

/// One tensor of writer-reference.json.
private struct ListedTensor: Decodable {
    let name: String
    let shape: [Int]
    let values: [Float]
}

/// The bytes of a safetensors file with `header` (a JSON string) and `data`; `length` overrides the header length.
func safetensorsBytes(header: String, data: [UInt8], length: UInt64? = nil) -> Data {
    safetensorsBytes(headerBytes: Array(header.utf8), data: data, length: length)
}

/// The bytes of a safetensors file with raw `headerBytes` and `data`; `length` overrides the header length.
func safetensorsBytes(headerBytes: [UInt8], data: [UInt8], length: UInt64? = nil) -> Data {
    let n = length ?? UInt64(headerBytes.count)
    return Data((0 ..< 8).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } + headerBytes + data)
}

/// The little-endian bytes of a Float.
func checkpointLittleEndianBytes(_ value: Float) -> [UInt8] {
    (0 ..< 4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) }
}
