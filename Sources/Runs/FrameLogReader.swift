import Foundation

/// Reads a `*.jsonl.zst` log frame by frame, keeping everything valid and saying what was lost.
public enum FrameLogReader {
    /// What was wrong at the end of a log.
    public struct Damage: Equatable, Sendable {
        /// Bytes at the start of the file that hold complete, valid frames.
        public let validBytes: Int
        /// Bytes after them that could not be read as a frame.
        public let lostBytes: Int
        /// Whole lines a streaming decoder recovered from those bytes.
        public let salvagedLines: [String]
    }

    /// The lines of a log, and the damage found at its end.
    public struct Contents: Sendable {
        public let lines: [String]
        public let damage: Damage?
    }

    /// Every line of every complete frame of `url`, plus the whole lines that can be salvaged from a torn tail.
    public static func readContents(_ url: URL) throws(RunError) -> Contents {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .readFailed(path: url.path, reason: error.localizedDescription)
        }
        return data.withUnsafeBytes { raw in
            var lines: [String] = []
            var offset = 0
            while offset < raw.count {
                let rest = UnsafeRawBufferPointer(rebasing: raw[offset...])
                guard let size = Zstd.frameSize(rest),
                      let content = Zstd.decompressFrame(UnsafeRawBufferPointer(rebasing: rest[0..<size])) else {
                    let salvaged = String(decoding: Zstd.salvage(rest), as: UTF8.self)
                    var whole = salvaged.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    whole.removeLast() // the part after the last newline is not a whole line
                    return Contents(lines: lines + whole.filter { !$0.isEmpty },
                                    damage: Damage(validBytes: offset, lostBytes: raw.count - offset, salvagedLines: whole.filter { !$0.isEmpty }))
                }
                lines += String(decoding: content, as: UTF8.self).split(separator: "\n").map(String.init)
                offset += size
            }
            return Contents(lines: lines, damage: nil)
        }
    }
}
