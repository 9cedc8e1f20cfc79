import Foundation

/// Reading the files of a tokenizer folder, with errors that name the file.
enum TokenizerFiles {
    /// `sentence_bert_config.json`: the model's sequence length and input lowercasing.
    struct SentenceBertConfig: Decodable {
        var maxSeqLength: Int?
        var doLowerCase: Bool?

        private enum CodingKeys: String, CodingKey {
            case maxSeqLength = "max_seq_length"
            case doLowerCase = "do_lower_case"
        }
    }

    /// The `model` of a `tokenizer.json` read for its type only, as the full readers guess it.
    struct ModelOnly: Decodable {
        var model: TokenizerModelType
    }

    static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }

    /// Ensures `folder` is an existing folder.
    static func checkFolder(_ folder: URL) throws(TokenizerError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .missingFolder(folder)
        }
    }

    /// The merged `tokenizer_config.json` and `special_tokens_map.json` of a folder (either may be absent).
    static func config(in folder: URL) throws(TokenizerError) -> TokenizerConfig {
        let configFile = folder.appendingPathComponent("tokenizer_config.json")
        let mapFile = folder.appendingPathComponent("special_tokens_map.json")
        var config = TokenizerConfig()
        if exists(configFile) { config = try decode(TokenizerConfig.self, from: configFile) }
        if exists(mapFile) { config = config.filling(from: try decode(TokenizerConfig.self, from: mapFile)) }
        return config
    }

    /// The folder's `sentence_bert_config.json`, if it has one.
    static func sentenceBertConfig(in folder: URL) throws(TokenizerError) -> SentenceBertConfig? {
        let file = folder.appendingPathComponent("sentence_bert_config.json")
        return exists(file) ? try decode(SentenceBertConfig.self, from: file) : nil
    }

    static func read(_ url: URL) throws(TokenizerError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            let reason = exists(url) ? "\(error.localizedDescription)" : "no such file"
            throw .unreadableFile(url, reason: reason)
        }
    }

    /// Decodes a JSON file, turning decoding errors into `malformedJSON` with the failing key path.
    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws(TokenizerError) -> T {
        try decode(type, from: read(url), url: url)
    }

    /// Decodes JSON `data` read from `url`, turning decoding errors into `malformedJSON` with the failing key path.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, url: URL) throws(TokenizerError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw .malformedJSON(url, detail: describe(error))
        } catch {
            throw .malformedJSON(url, detail: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "" : " at \(path)"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \"\(key.stringValue)\"\(at(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type)\(at(context)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "null where \(type) was expected\(at(context))"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return "\(context.debugDescription)\(at(context))\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }
}
