/// The checkpoint names of one encoder layer's parts, which differ by architecture while the compute does not.
///
/// BERT, RoBERTa and XLM-R name a layer's query `attention.self.query`; MPNet names the same projection
/// `attention.attn.q`. Both run the same post-norm block, so ``BertLayer`` reads its weights through this
/// table instead of a parallel MPNet copy. Names are relative to `encoder.layer.{i}`.
///
/// ```swift
/// BertLayerNames.mpnet.query              // "attention.attn.q"
/// BertLayerNames.bert.attentionLayerNorm  // "attention.output.LayerNorm"
/// ```
public struct BertLayerNames: Equatable, Sendable {
    /// The query projection [H, H].
    public var query: String
    /// The key projection [H, H].
    public var key: String
    /// The value projection [H, H].
    public var value: String
    /// The projection of the attention's context [H, H].
    public var attentionOutput: String
    /// The LayerNorm after the attention's residual [H].
    public var attentionLayerNorm: String
    /// The feed-forward's first projection [I, H].
    public var intermediate: String
    /// The feed-forward's second projection [H, I].
    public var output: String
    /// The LayerNorm after the feed-forward's residual [H].
    public var outputLayerNorm: String

    /// HF `BertLayer` (also RoBERTa and XLM-R).
    public static let bert = BertLayerNames(
        query: "attention.self.query", key: "attention.self.key", value: "attention.self.value",
        attentionOutput: "attention.output.dense", attentionLayerNorm: "attention.output.LayerNorm",
        intermediate: "intermediate.dense", output: "output.dense", outputLayerNorm: "output.LayerNorm")

    /// HF `MPNetLayer`.
    public static let mpnet = BertLayerNames(
        query: "attention.attn.q", key: "attention.attn.k", value: "attention.attn.v",
        attentionOutput: "attention.attn.o", attentionLayerNorm: "attention.LayerNorm",
        intermediate: "intermediate.dense", output: "output.dense", outputLayerNorm: "output.LayerNorm")
}
