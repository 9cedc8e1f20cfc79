import Tensors

/// Checks of a loss's columns and labels, with messages that name the loss and what was wrong.
///
/// `Loss.callAsFunction` does not throw, so a batch that cannot be a loss's input (a wrong column count,
/// columns of different sizes, a missing or misshapen label column) stops at a precondition that says
/// which loss and which column: it is a mismatch between dataset and loss, found on the first step.
enum LossInput {
    /// The columns, checked to be `count` (or at least `minimum`) [B, D] matrices of one shape; returns B.
    @discardableResult
    static func columns(
        _ columns: [Tensor], of loss: String, count: Int? = nil, minimum: Int = 1, sameWidth: Bool = true
    ) -> Int {
        if let count {
            precondition(columns.count == count, "\(loss) takes \(count) columns, got \(columns.count)")
        }
        precondition(columns.count >= minimum, "\(loss) takes at least \(minimum) columns, got \(columns.count)")
        let first = columns[0].shape
        precondition(columns[0].rank == 2 && first[0] > 0, "\(loss): column 0 must be a [B, D] matrix, got \(first)")
        for (i, c) in columns.enumerated().dropFirst() {
            precondition(c.rank == 2 && c.shape[0] == first[0] && (!sameWidth || c.shape[1] == first[1]),
                         "\(loss): column \(i) is \(c.shape), column 0 is \(first)")
        }
        return first[0]
    }

    /// One score per row: `labels` [B] (or any shape of B elements) as a detached [B] vector.
    static func scores(_ labels: Tensor?, batch: Int, of loss: String) -> Tensor {
        guard let labels else { preconditionFailure("\(loss) needs a label column (one score per row), got none") }
        precondition(labels.count == batch,
                     "\(loss) expects \(batch) labels (one per row), got \(labels.count) with shape \(labels.shape)")
        return labels.detached().reshaped([batch])                                // [B]
    }

    /// The teacher embeddings for each of `columns` student columns, detached.
    ///
    /// `labels` [B, Dt] is the target of every column; [B, C, Dt] holds one target per column, as
    /// sentence-transformers' `EmbedDistillLoss`.
    static func teacher(_ labels: Tensor?, batch: Int, columns: Int, of loss: String) -> [Tensor] {
        guard let labels else {
            preconditionFailure("\(loss) needs the teacher embeddings as labels ([B, Dt] or [B, \(columns), Dt]), got none")
        }
        let t = labels.detached()
        switch t.rank {
        case 2:
            precondition(t.shape[0] == batch, "\(loss): teacher embeddings \(t.shape) for a batch of \(batch)")
            return Array(repeating: t, count: columns)                            // C × [B, Dt]
        case 3:
            precondition(t.shape[0] == batch && t.shape[1] == columns,
                         "\(loss): teacher embeddings \(t.shape) for \(columns) columns of a batch of \(batch); expected [\(batch), \(columns), Dt]")
            return (0..<columns).map { c in
                t.slice(axis: 1, c..<(c + 1)).reshaped([batch, t.shape[2]])      // [B, Dt]
            }
        default:
            preconditionFailure("\(loss): teacher embeddings must be [B, Dt] or [B, C, Dt], got \(t.shape)")
        }
    }
}
