import Tensors

/// A training objective: sentence embeddings of a batch's columns (and labels) in, a scalar out.
///
/// Names follow sentence-transformers' losses so values can be checked against them.
/// `columns[i]` is the [B, D] embedding matrix of column i (anchor, positive, negative… or
/// sentence1, sentence2); `labels` is [B] when the dataset has a score or label column.
public protocol Loss {
    /// The name logged for this loss (`loss/<name>` when it is part of a mix).
    var name: String { get }
    func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor
}
