import Foundation

/// Reads small JSON files of a model folder into `Decodable` values, turning every failure into a
/// ``CheckpointError`` that names the file and, where known, the field.
enum CheckpointJSONFile {
    /// Decodes `url` as `T`; a missing file is ``CheckpointError/missingFile(path:purpose:)`` with `purpose`.
    static func decode<T: Decodable>(_ type: T.Type, from url: URL, purpose: String) throws(CheckpointError) -> T {
        let data = try read(url, purpose: purpose)
        return try decode(type, from: data, path: url.path)
    }

    /// Reads a whole file; a missing file is ``CheckpointError/missingFile(path:purpose:)`` with `purpose`.
    static func read(_ url: URL, purpose: String) throws(CheckpointError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .missingFile(path: url.path, purpose: purpose)
        }
        guard !isDirectory.boolValue else {
            throw .ioFailure(path: url.path, operation: "read \(purpose)", reason: "it is a folder, expected a file")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .ioFailure(path: url.path, operation: "read \(purpose)", reason: "\(error)")
        }
    }

    /// Decodes `data` (the contents of the file at `path`) as `T`.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws(CheckpointError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw map(error, path: path)
        } catch {
            throw .malformedJSON(path: path, detail: "\(error)")
        }
    }

    /// Translates a `DecodingError` into a located ``CheckpointError``.
    static func map(_ error: DecodingError, path: String) -> CheckpointError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalidConfig(path: path, field: fieldPath(context.codingPath + [key]), detail: "missing")
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty {
                return .malformedJSON(path: path, detail: "expected a JSON \(jsonKind(type)) at the top level")
            }
            return .invalidConfig(path: path, field: fieldPath(context.codingPath), detail: "expected \(jsonKind(type))")
        case .valueNotFound(let type, let context):
            return .invalidConfig(
                path: path, field: fieldPath(context.codingPath), detail: "expected \(jsonKind(type)), found null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let underlying = (context.underlyingError).map { " (\($0))" } ?? ""
                return .malformedJSON(path: path, detail: context.debugDescription + underlying)
            }
            return .invalidConfig(path: path, field: fieldPath(context.codingPath), detail: context.debugDescription)
        @unknown default:
            return .malformedJSON(path: path, detail: "\(error)")
        }
    }

    /// `a.b[2].c` from a coding path.
    static func fieldPath(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result.isEmpty ? "(top level)" : result
    }

    private static func jsonKind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("[") && !name.contains(":") { return "an array" }
            if name.hasPrefix("Dictionary") || name.contains(":") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
