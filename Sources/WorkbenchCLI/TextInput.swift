import Foundation

/// Texts to encode, read from a file or standard input: one per line, or one JSON object per line.
struct TextInput {
    /// Where the texts came from ("stdin" or the path), for messages.
    let source: String
    let texts: [String]

    /// Reads `path` ("-" or nil for standard input). With `field`, each line is a JSON object and the
    /// text is its string field `field`; otherwise each line is a text.
    static func read(path: String?, field: String?) throws -> TextInput {
        let source = path == nil || path == "-" ? "stdin" : path!
        let data: Data
        if source == "stdin" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.fileExists(atPath: source) else { throw CLIError("\(source): no such file") }
            do { data = try Data(contentsOf: URL(fileURLWithPath: source)) } catch {
                throw CLIError("\(source): cannot read (\(error.localizedDescription))")
            }
        }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() } // the newline that ends the last line
        var texts: [String] = []
        texts.reserveCapacity(lines.count)
        for (i, raw) in lines.enumerated() {
            var bytes = raw
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            guard let line = String(validating: bytes, as: UTF8.self) else {
                let offset = firstInvalidUTF8Offset(bytes)
                throw CLIError("\(source):\(i + 1): line is not valid UTF-8 (byte \(offset + 1) of the line)")
            }
            if let field {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                texts.append(try jsonField(line, field: field, location: "\(source):\(i + 1)"))
            } else {
                texts.append(line)
            }
        }
        guard !texts.isEmpty else { throw CLIError("\(source): no texts to encode (the input is empty)") }
        return TextInput(source: source, texts: texts)
    }

    private static func jsonField(_ line: String, field: String, location: String) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw CLIError("\(location): expected a JSON object with a string field '\(field)'")
        }
        guard let value = object[field] as? String else {
            let keys = object.keys.sorted().joined(separator: ", ")
            throw CLIError("\(location): no string field '\(field)' (fields: \(keys))")
        }
        return value
    }

    private static func firstInvalidUTF8Offset<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput, .error: return offset
            }
        }
    }
}
