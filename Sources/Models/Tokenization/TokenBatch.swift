/// Token ids for a batch of texts, padded to the longest, flat and row-major.
public struct TokenBatch: Sendable, Equatable {
    /// Number of texts (rows).
    public let batchSize: Int
    /// Length of every row: the longest encoded text in the batch.
    public let sequenceLength: Int
    /// Token ids, padded with the pad id. // [B, T]
    public var inputIds: [Int32]
    /// 1 for a real token, 0 for padding. // [B, T]
    public var attentionMask: [Int32]
    /// Segment ids (all 0 for single sentences). // [B, T]
    public var tokenTypeIds: [Int32]
    /// Unpadded length of each row. // [B]
    public var lengths: [Int]

    /// A batch from its parts; the flat arrays must hold `batchSize * sequenceLength` values.
    public init(batchSize: Int, sequenceLength: Int, inputIds: [Int32], attentionMask: [Int32], tokenTypeIds: [Int32],
                lengths: [Int]) {
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.inputIds = inputIds
        self.attentionMask = attentionMask
        self.tokenTypeIds = tokenTypeIds
        self.lengths = lengths
    }

    /// Pads rows of ids to the longest with `padId`. // rows: [B][T_b] → [B, T]
    public init(rows: [[Int32]], typeIds: [[Int32]]? = nil, padId: Int32, padTypeId: Int32 = 0) {
        let t = rows.map(\.count).max() ?? 0
        var ids = [Int32](repeating: padId, count: rows.count * t)
        var mask = [Int32](repeating: 0, count: rows.count * t)
        var types = [Int32](repeating: padTypeId, count: rows.count * t)
        for (b, row) in rows.enumerated() {
            for (j, id) in row.enumerated() {
                ids[b * t + j] = id
                mask[b * t + j] = 1
                types[b * t + j] = typeIds?[b][j] ?? 0
            }
        }
        self.init(batchSize: rows.count, sequenceLength: t, inputIds: ids, attentionMask: mask, tokenTypeIds: types,
                  lengths: rows.map(\.count))
    }

    /// The ids of row `b`, padding included. // [T]
    public func inputIds(row b: Int) -> ArraySlice<Int32> {
        inputIds[b * sequenceLength..<(b + 1) * sequenceLength]
    }
}
