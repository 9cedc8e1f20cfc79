import Foundation
import Tensors

/// A training objective: sentence embeddings of a batch's columns (and labels) in, a scalar out.
///
/// Names follow sentence-transformers' losses so values can be checked against them.
/// `columns[i]` is the [B, D] embedding matrix of text column i (anchor, positive, negative… or
/// sentence1, sentence2); `labels` is what `signature.label` asks for: [B] scores, or a [B, D] vector column
/// (teacher embeddings), or nil.
public protocol Loss {
    /// The name logged for this loss (`loss/<name>` when it is part of a mix).
    var name: String { get }
    /// The columns the loss takes, checked against a term's dataset before training starts.
    var signature: LossSignature { get }
    /// Parameters the loss owns (a distillation `Projection`), by name: the trainer optimizes them with the
    /// model, checkpoints and restores them, and saves them beside the exported model.
    var namedParameters: [(String, Tensor)] { get }
    /// Writes the loss's parameters to `folder` in a form sentence-transformers loads (called when the trainer
    /// saves the model it keeps; only for losses with parameters).
    func saveParameters(to folder: URL) throws
    func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor
    /// The loss of this rank's shard of a global batch in a data-parallel run: the same as without `devices`
    /// unless the loss gathers in-batch negatives across the ranks (`MultipleNegativesRankingLoss`'s
    /// `gatherAcrossDevices`).
    func callAsFunction(_ columns: [Tensor], labels: Tensor?, devices: CrossDeviceBatch?) -> Tensor
}

extension Loss {
    /// Most losses own no parameters.
    public var namedParameters: [(String, Tensor)] { [] }

    /// Nothing to save.
    public func saveParameters(to folder: URL) throws {}

    /// Nothing gathered: the shard's own loss.
    public func callAsFunction(_ columns: [Tensor], labels: Tensor?, devices: CrossDeviceBatch?) -> Tensor {
        self(columns, labels: labels)
    }
}
