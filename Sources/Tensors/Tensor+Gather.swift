/// Embedding lookup with a row-sparse gradient.
extension Tensor {
    /// Rows `ids` of a [V, C] table → [ids.count, C]; the table's gradient is kept as rows (no [V, C] buffer).
    public static func gather(_ table: Tensor, ids: [Int32], what: String = "embedding") throws(TensorError) -> Tensor {
        precondition(table.rank == 2, "gather needs a [V, C] table, got \(table.shape)")
        let v = table.shape[0]
        if let bad = ids.first(where: { $0 < 0 || Int($0) >= v }) {
            throw .indexOutOfRange(index: Int(bad), size: v, what: what)
        }
        let shape = table.shape
        return result(Kernels.gatherRows(table, ids: ids), inputs: [table]) { g in
            [.rows(indices: ids, values: g, shape: shape)]
        }
    }
}
