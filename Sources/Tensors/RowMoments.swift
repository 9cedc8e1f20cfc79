/// AdamW moments kept only for the rows of a table that have had a gradient ("lazy" rows).
///
/// A 250 002 × 384 word-embedding table has 96 M elements; dense moments would add 768 MB and make every
/// step touch every row. Here row r's moments live in slot `slotOfRow[r]` of two growing [slots, cols]
/// buffers, made (as zeros) the first time r has a gradient; rows never seen cost 4 bytes.
public final class RowMoments {
    /// Elements per row.
    public let cols: Int
    /// Slot of each table row, −1 until the row first has a gradient.
    public private(set) var slotOfRow: [Int32]
    /// First and second moments, slot-major: slot s holds elements [s·cols, (s+1)·cols).
    public private(set) var expAvg: [Float] = []
    public private(set) var expAvgSq: [Float] = []

    /// Empty moments for a table of `rows` × `cols`.
    public init(rows: Int, cols: Int) {
        self.cols = cols
        slotOfRow = [Int32](repeating: -1, count: rows)
    }

    /// Number of rows with moments.
    public var rowCount: Int { expAvg.count / max(cols, 1) }

    /// The rows with moments, in slot order.
    public var rows: [Int32] {
        var out = [Int32](repeating: 0, count: rowCount)
        for (r, s) in slotOfRow.enumerated() where s >= 0 { out[Int(s)] = Int32(r) }
        return out
    }

    /// The slot of each of `rows`, making zero moments for rows seen for the first time.
    func slots(for rows: [Int32]) -> [Int32] {
        rows.map { r in
            if slotOfRow[Int(r)] < 0 {
                slotOfRow[Int(r)] = Int32(rowCount)
                expAvg.append(contentsOf: repeatElement(0, count: cols))
                expAvgSq.append(contentsOf: repeatElement(0, count: cols))
            }
            return slotOfRow[Int(r)]
        }
    }

    /// Moments restored from a checkpoint: `rows[s]` has slot s. The caller has checked that the rows are distinct
    /// rows of the table and that each moment array holds `rows.count · cols` elements.
    public func restore(rows: [Int32], expAvg m: [Float], expAvgSq v: [Float]) {
        precondition(m.count == rows.count * cols && v.count == m.count, "row moments of \(rows.count) rows × \(cols)")
        var slots = [Int32](repeating: -1, count: slotOfRow.count)
        for (s, r) in rows.enumerated() {
            precondition(slots[Int(r)] < 0, "row \(r) restored twice")
            slots[Int(r)] = Int32(s)
        }
        slotOfRow = slots
        expAvg = m
        expAvgSq = v
    }

    /// Runs `body` with pointers to the two moment buffers.
    func withMoments<R>(_ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> R) -> R {
        expAvg.withUnsafeMutableBufferPointer { m in
            expAvgSq.withUnsafeMutableBufferPointer { v in body(m.baseAddress!, v.baseAddress!) }
        }
    }
}
