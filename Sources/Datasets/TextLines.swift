import Foundation

/// The lines of a UTF-8 text file, each checked on its own so an error can name the line.
///
/// `lines[i]` is line `i + 1`, without its `\n` (or `\r\n`); a leading byte-order mark is dropped, and a final
/// line break does not start an empty last line.
public struct TextLines {
    public let url: URL
    public let lines: [String]

    /// - Throws: `DatasetError.unreadableFile` naming the path, `.invalidUTF8` naming the line.
    public init(url: URL) throws {
        self.url = url
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DatasetError.unreadableFile(url, reason: exists ? "\(error.localizedDescription)" : "no such file")
        }
        var lines: [String] = []
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
            var lineNumber = 1
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var stop = end
                if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
                guard let line = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self) else {
                    throw DatasetError.invalidUTF8(url, line: lineNumber)
                }
                lines.append(line)
                lineNumber += 1
                start = end + 1
            }
        }
        self.lines = lines
    }
}
