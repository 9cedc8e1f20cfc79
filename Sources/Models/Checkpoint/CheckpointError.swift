import Foundation

/// Why a checkpoint, a model configuration or a model folder could not be read or written.
///
/// Every case carries the path of the file (or folder) at fault, and the description always
/// names it together with what was expected, so a message like
/// `model.safetensors: tensor 'encoder.layer.0.attention.self.query.weight': expected shape [384, 384], found [384, 385]`
/// is enough to locate the problem without a debugger.
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    // MARK: Files and folders

    /// A required folder does not exist (or is not a folder).
    case missingFolder(path: String)
    /// A required file does not exist.
    case missingFile(path: String, purpose: String)
    /// A file exists but could not be read or written.
    case ioFailure(path: String, operation: String, reason: String)

    // MARK: safetensors

    /// The file is shorter than the 8-byte header length that opens every safetensors file.
    case truncatedFile(path: String, fileSize: Int)
    /// The header length in the first 8 bytes does not fit in the file (or exceeds the 100 MB cap).
    case headerLengthOutOfRange(path: String, headerLength: UInt64, fileSize: Int)
    /// The header bytes are not valid UTF-8.
    case headerNotUTF8(path: String)
    /// A JSON document (safetensors header or configuration file) could not be parsed or has the wrong structure.
    case malformedJSON(path: String, detail: String)
    /// A tensor entry in the header lacks a field or has one of the wrong type.
    case invalidTensorEntry(path: String, tensor: String, detail: String)
    /// A tensor's dtype is not one the safetensors format defines.
    case unknownDType(path: String, tensor: String, dtype: String)
    /// A tensor's `data_offsets` fall outside the data section or are reversed.
    case offsetsOutOfRange(path: String, tensor: String, begin: Int, end: Int, dataSize: Int)
    /// A tensor's byte length differs from product(shape) × dtype size.
    case byteLengthMismatch(path: String, tensor: String, dtype: String, shape: [Int], expectedBytes: Int, actualBytes: Int)
    /// Two tensors claim overlapping byte ranges.
    case overlappingTensors(path: String, first: String, second: String)
    /// A tensor was asked for that the file does not contain.
    case tensorNotFound(path: String, tensor: String)
    /// A tensor has a dtype this reader cannot convert to Float32.
    case unsupportedDType(path: String, tensor: String, dtype: String, supported: [String])
    /// A tensor handed to the writer is inconsistent (duplicate name, reserved name, element count ≠ shape).
    case invalidTensor(path: String, tensor: String, detail: String)

    // MARK: Configuration

    /// A configuration field is missing, of the wrong type, or has an invalid value.
    case invalidConfig(path: String, field: String, detail: String)
    /// `config.json` names a `model_type` this workbench cannot build.
    case unsupportedModelType(path: String, modelType: String, supported: [String])
    /// `config.json` names a `hidden_act` this workbench does not implement.
    case unsupportedActivation(path: String, activation: String, supported: [String])
    /// `modules.json` lists a module type this workbench does not implement.
    case unknownModuleType(path: String, type: String, supported: [String])
    /// The pooling configuration asks for a mode (or a mix of modes) this workbench does not implement.
    case unsupportedPooling(path: String, detail: String)

    // MARK: Checkpoint versus configuration

    /// A weight the configuration requires is absent from the checkpoint.
    case missingWeight(path: String, tensor: String, expectedShape: [Int])
    /// A weight's shape disagrees with the configuration.
    case weightShapeMismatch(path: String, tensor: String, expected: [Int], actual: [Int])

    /// The path of the file or folder the error is about.
    public var path: String {
        switch self {
        case .missingFolder(let path), .missingFile(let path, _), .ioFailure(let path, _, _),
             .truncatedFile(let path, _), .headerLengthOutOfRange(let path, _, _), .headerNotUTF8(let path),
             .malformedJSON(let path, _), .invalidTensorEntry(let path, _, _), .unknownDType(let path, _, _),
             .offsetsOutOfRange(let path, _, _, _, _), .byteLengthMismatch(let path, _, _, _, _, _),
             .overlappingTensors(let path, _, _), .tensorNotFound(let path, _), .unsupportedDType(let path, _, _, _),
             .invalidTensor(let path, _, _), .invalidConfig(let path, _, _), .unsupportedModelType(let path, _, _),
             .unsupportedActivation(let path, _, _), .unknownModuleType(let path, _, _), .unsupportedPooling(let path, _),
             .missingWeight(let path, _, _), .weightShapeMismatch(let path, _, _, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case .missingFolder(let path):
            return "\(path): folder not found (expected a model folder)"
        case .missingFile(let path, let purpose):
            return "\(path): file not found (expected \(purpose))"
        case .ioFailure(let path, let operation, let reason):
            return "\(path): could not \(operation): \(reason)"
        case .truncatedFile(let path, let fileSize):
            return "\(path): file has \(fileSize) bytes, expected at least 8 (the safetensors header length)"
        case .headerLengthOutOfRange(let path, let headerLength, let fileSize):
            return "\(path): header length \(headerLength) does not fit in a file of \(fileSize) bytes "
                + "(expected at most \(max(0, fileSize - 8)) and at most \(SafeTensorsFile.maxHeaderLength))"
        case .headerNotUTF8(let path):
            return "\(path): safetensors header is not valid UTF-8 (expected a UTF-8 JSON object)"
        case .malformedJSON(let path, let detail):
            return "\(path): malformed JSON: \(detail)"
        case .invalidTensorEntry(let path, let tensor, let detail):
            return "\(path): tensor '\(tensor)': \(detail)"
        case .unknownDType(let path, let tensor, let dtype):
            return "\(path): tensor '\(tensor)': unknown dtype '\(dtype)' "
                + "(expected one of \(SafeTensorsFile.DType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .offsetsOutOfRange(let path, let tensor, let begin, let end, let dataSize):
            return "\(path): tensor '\(tensor)': data_offsets [\(begin), \(end)] out of range "
                + "(expected 0 ≤ begin ≤ end ≤ \(dataSize), the size of the data section)"
        case .byteLengthMismatch(let path, let tensor, let dtype, let shape, let expectedBytes, let actualBytes):
            return "\(path): tensor '\(tensor)': data_offsets span \(actualBytes) bytes, "
                + "expected \(expectedBytes) for \(dtype) with shape \(shape)"
        case .overlappingTensors(let path, let first, let second):
            return "\(path): tensors '\(first)' and '\(second)' overlap (expected disjoint data_offsets)"
        case .tensorNotFound(let path, let tensor):
            return "\(path): no tensor named '\(tensor)'"
        case .unsupportedDType(let path, let tensor, let dtype, let supported):
            return "\(path): tensor '\(tensor)': dtype \(dtype) cannot be read as Float32 "
                + "(expected one of \(supported.joined(separator: ", ")))"
        case .invalidTensor(let path, let tensor, let detail):
            return "\(path): tensor '\(tensor)': \(detail)"
        case .invalidConfig(let path, let field, let detail):
            return "\(path): field '\(field)': \(detail)"
        case .unsupportedModelType(let path, let modelType, let supported):
            return "\(path): unsupported model_type '\(modelType)' (expected one of \(supported.joined(separator: ", ")))"
        case .unsupportedActivation(let path, let activation, let supported):
            return "\(path): unsupported hidden_act '\(activation)' (expected one of \(supported.joined(separator: ", ")))"
        case .unknownModuleType(let path, let type, let supported):
            return "\(path): unknown module type '\(type)' (expected one of \(supported.joined(separator: ", ")))"
        case .unsupportedPooling(let path, let detail):
            return "\(path): unsupported pooling: \(detail)"
        case .missingWeight(let path, let tensor, let expectedShape):
            return "\(path): missing tensor '\(tensor)' (expected shape \(expectedShape))"
        case .weightShapeMismatch(let path, let tensor, let expected, let actual):
            return "\(path): tensor '\(tensor)': expected shape \(expected), found \(actual)"
        }
    }
}
