/// Where the sequences of a batch lie when their tokens are packed back to back into one [ΣT, C] matrix, so that
/// padding costs nothing: sequence b is rows `starts[b] ..< starts[b] + lengths[b]`, and row j of it is row
/// b·T + j of the padded [B·T, C] layout (T = `maxLength`).
///
/// ```swift
/// let p = SequencePacking(lengths: [3, 1], maxLength: 3)   // rows 0-2, 3; padded rows [0, 1, 2, 3]
/// ```
public struct SequencePacking: Sendable, Equatable {
    /// Tokens of each sequence. // [B]
    public let lengths: [Int]
    /// First packed row of each sequence. // [B]
    public let starts: [Int]
    /// The padded length T (the longest sequence, or more).
    public let maxLength: Int
    /// Each packed row's index b·T + j in the padded layout. // [ΣT]
    public let paddedRows: [Int32]

    public var batchSize: Int { lengths.count }
    /// Packed rows (ΣT).
    public var rows: Int { paddedRows.count }
    /// Whether packing changes nothing (every sequence is T long).
    public var isPadded: Bool { rows == batchSize * maxLength }

    /// Sequences of `lengths` tokens (each ≤ `maxLength`).
    public init(lengths: [Int], maxLength: Int) {
        precondition(lengths.allSatisfy { $0 >= 0 && $0 <= maxLength }, "packing: lengths \(lengths) beyond \(maxLength)")
        self.lengths = lengths
        self.maxLength = maxLength
        var starts: [Int] = [], rows: [Int32] = [], next = 0
        for (b, n) in lengths.enumerated() {
            starts.append(next)
            next += n
            rows += (0..<n).map { Int32(b * maxLength + $0) }
        }
        self.starts = starts
        paddedRows = rows
    }

    /// The padded layout itself: B sequences of T rows.
    public static func padded(batch: Int, length: Int) -> SequencePacking {
        SequencePacking(lengths: Array(repeating: length, count: batch), maxLength: length)
    }

    /// The packing of a [B, T] 0/1 mask whose ones all come first in each row (right padding); nil when some row
    /// has a token after padding.
    public static func rightPadded(mask: [Int32], batch: Int, length: Int) -> SequencePacking? {
        var lengths: [Int] = []
        for b in 0..<batch {
            let row = mask[b * length..<(b + 1) * length]
            let n = row.prefix { $0 != 0 }.count
            guard row.dropFirst(n).allSatisfy({ $0 == 0 }) else { return nil }
            lengths.append(n)
        }
        return SequencePacking(lengths: lengths, maxLength: length)
    }
}
