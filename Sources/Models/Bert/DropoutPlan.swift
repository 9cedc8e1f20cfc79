import Tensors

/// The dropout of one forward pass: probabilities and a seed, so the same step drops the same units.
struct DropoutPlan {
    /// Dropout on hidden states (`hidden_dropout_prob`), 0 when not training.
    let hiddenP: Float
    /// Dropout on attention probabilities (`attention_probs_dropout_prob`), 0 when not training.
    let attentionP: Float
    /// Seed of this pass (per step) and of this layer.
    let baseSeed: UInt64

    static let off = DropoutPlan(hiddenP: 0, attentionP: 0, baseSeed: 0)

    /// The plan of layer `index` (site seeds differ between layers).
    func layer(_ index: Int) -> DropoutPlan {
        DropoutPlan(hiddenP: hiddenP, attentionP: attentionP, baseSeed: baseSeed &+ UInt64(index + 1) &* 0x1000)
    }

    func seed(site: Int) -> UInt64 { baseSeed &+ UInt64(site) }

    func apply(_ x: Tensor, site: Int) -> Tensor { x.dropout(p: hiddenP, seed: seed(site: site)) }
}
