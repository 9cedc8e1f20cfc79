/// Moving rows between a packed batch [ΣT, C] and its padded layout [B, T, C].
extension Tensor {
    /// This packed [ΣT, C] matrix in the padded layout → [B, T, C], zeros at padding.
    public func unpacked(_ packing: SequencePacking) -> Tensor {
        precondition(rank == 2 && shape[0] == packing.rows, "unpacked: \(shape) for \(packing.rows) packed rows")
        let c = shape[1]
        let out = Tensor(shape: [packing.batchSize, packing.maxLength, c])                     // [B, T, C]
        Kernels.scatterAddRows(into: out, ids: packing.paddedRows, values: self)
        return Tensor.result(out, inputs: [self]) { g in
            [.dense(Kernels.gatherRows(g, ids: packing.paddedRows))]                             // [ΣT, C]
        }
    }
}
