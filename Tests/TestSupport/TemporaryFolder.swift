import Foundation

/// A fresh folder under the temporary directory, removed when the value is released.
///
/// ```swift
/// let folder = try TemporaryFolder(files: ["tokenizer.json": json])
/// let tokenizer = try BertTokenizer(folder: folder.url)
/// ```
public final class TemporaryFolder {
    /// The folder.
    public let url: URL

    /// Creates the folder (named `prefix-<UUID>`) and writes `files` (relative path → UTF-8 text) into it.
    public init(prefix: String = "wb-test", files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, text: text) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The URL of `name` inside the folder.
    public func appendingPathComponent(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `bytes` to `name` (creating subfolders) and returns its URL.
    @discardableResult
    public func write(_ name: String, _ bytes: Data) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file)
        return file
    }

    /// Writes `text` as UTF-8 to `name` (creating subfolders) and returns its URL.
    @discardableResult
    public func write(_ name: String, text: String) throws -> URL {
        try write(name, Data(text.utf8))
    }

    /// Copies `source` into the folder as `name` (its own file name by default) and returns the copy's URL.
    @discardableResult
    public func copy(_ source: URL, as name: String? = nil) throws -> URL {
        let file = url.appendingPathComponent(name ?? source.lastPathComponent)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: file)
        return file
    }
}
